"""`rai-checklist report`: assess deployments and render a PDF/A-3 audit report for each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, load_rubrics
from checklist.cli.gate import FailOn, gate
from checklist.cli.guard import flush_notes, guarded, note
from checklist.cli.reports import output_paths, write_reports

OUTPUT_HELP = "PDF file (one deployment) or folder (several). Default: the deployment's name, in this folder."


@guarded
def report(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Also write the report's HTML: a file (one deployment) or folder.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the canonical JSON result(s) here.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Reports rendered at once (default: one per core).")] = None,
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Assess deployments and render a PDF/A-3 audit report for each, with the deployment file and a
    hash manifest attached. Every output is written, or none. Exit 0: gate passed; 1: a verdict is
    not-ready; 2: bad input."""
    from checklist.engine.assess import assess_file
    from checklist.models.result import Summary

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    results = [assess_file(path, rubric_set) for path in deployments]  # all input checked before any output
    pdf_paths, create = output_paths(results, output, ".pdf")
    html_paths = None
    if html is not None:
        html_paths, html_create = output_paths(results, html, ".html")
        create += [f for f in html_create if f not in create]
    also: list[tuple[Path, bytes]] = []
    if json_out is not None:
        from checklist.render.json import render_json

        also.append((json_out, render_json(results).encode("utf-8")))
    write_reports(results, pdf_paths, html_paths, jobs, also=also, inputs=deployments, create=create)
    for path in pdf_paths:
        note(f"wrote {path}")
    flush_notes()
    raise typer.Exit(gate([Summary.of(r) for r in results], FailOn.not_ready, None))
