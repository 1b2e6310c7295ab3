"""`rai-checklist assess`: score deployments, print or write the result, and gate CI."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, emit, load_rubrics
from checklist.cli.guard import EXIT_GATE, EXIT_OK, guarded


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class FailOn(str, Enum):
    not_ready = "not-ready"
    conditional = "conditional"
    never = "never"


def format_results(results: list, fmt: Format, output: Path | None) -> None:
    """Every text format reads the same results; the table goes to the terminal or a plain file."""
    if fmt is Format.json:
        from checklist.render.json_out import render_json

        emit(render_json(results), output)
    elif fmt is Format.markdown:
        from checklist.render.markdown import render_markdown

        emit(render_markdown(results), output)
    else:
        import io

        from rich.console import Console

        from checklist.render.table import print_results

        if output is None:
            print_results(Console(), results)
        else:
            console = Console(record=True, width=120, file=io.StringIO(), color_system=None)
            print_results(console, results)
            emit(console.export_text(), output)


def gate(results: list, fail_on: FailOn, fail_under: float | None) -> int:
    """Exit 1 when any deployment misses the gate."""
    import sys

    failed = []
    for r in results:
        if fail_on is FailOn.not_ready and r.verdict.value == "not-ready":
            failed.append(f"{r.deployment.name}: verdict {r.verdict.value}")
        elif fail_on is FailOn.conditional and r.verdict.value != "ready":
            failed.append(f"{r.deployment.name}: verdict {r.verdict.value}")
        if fail_under is not None and r.overall_score < fail_under:
            failed.append(f"{r.deployment.name}: overall {r.overall_score:.1f} < {fail_under:g}")
    for line in failed:
        sys.stderr.write(f"rai-checklist: gate failed: {line}\n")
    return EXIT_GATE if failed else EXIT_OK


@guarded
def assess(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    fail_under: Annotated[Optional[float], typer.Option(help="Also fail the gate when an overall score is under N.", min=0, max=100)] = None,
    fail_on: Annotated[FailOn, typer.Option(help="Verdict that fails the gate.")] = FailOn.not_ready,
) -> None:
    """Score deployments against the rubrics. Exit 0: gate passed; 1: gate failed; 2: bad input."""
    from checklist.engine.assess import assess_file

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    results = [assess_file(path, rubric_set) for path in deployments]
    format_results(results, fmt, output)
    raise typer.Exit(gate(results, fail_on, fail_under))
