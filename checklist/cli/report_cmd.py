"""`rai-checklist report`: assess deployments and render a PDF/A-3 audit report for each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, load_rubrics
from checklist.cli.gate import DEFAULT_FAIL_ON, FailOn, gate
from checklist.cli.guard import guarded
from checklist.cli.reports import output_paths, write_reports

OUTPUT_HELP = "PDF file (one deployment) or folder (several). Default: the deployment's name, in this folder."


@guarded
def report(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write the report's HTML: a file (one deployment) or folder.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the canonical JSON result(s) here.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Reports rendered at once (default: one per core).")] = None,
    fail_on: Annotated[FailOn, typer.Option(help="The gate fails on this verdict or a worse one.")] = DEFAULT_FAIL_ON,
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Assess deployments and render a PDF/A-3 audit report for each, with the deployment file and a
    hash manifest attached. Exit 0: gate passed; 1: gate failed (see --fail-on); 2: bad input."""
    from checklist.cli.output import emit
    from checklist.engine.assess import assess_file
    from checklist.models.result import Summary

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    results = [assess_file(path, rubric_set) for path in deployments]  # all input checked before any output
    pdf_paths = output_paths(results, output, ".pdf")
    html_paths = output_paths(results, html, ".html") if html is not None else None
    write_reports(results, pdf_paths, html_paths, jobs)
    if json_out is not None:
        from checklist.render.json import render_json

        emit(render_json(results), json_out)
    for path in pdf_paths:
        typer.echo(f"wrote {path}", err=True)
    raise typer.Exit(gate([Summary.of(r) for r in results], fail_on, None))
