"""`rai-checklist diff OLD NEW`: what changed between two assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from checklist.cli.common import choice_enum
from checklist.cli.guard import EXIT_GATE, guarded

DiffFormat: Any = choice_enum("DiffFormat", ("table", "markdown", "json"))
RESULT_HELP = "A saved JSON result (assess -f json, report --json); a file of several pairs its deployments by path, then name."


@guarded
def diff(
    old: Annotated[Path, typer.Argument(help=RESULT_HELP, show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later result, in the same form.", show_default=False)],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="table, markdown (for a PR comment) or json.")] = DiffFormat["table"],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 when a status, the verdict or a red line got worse (as --baseline).")
    ] = False,
) -> None:
    """Per-principle score changes, the verdict change, criteria that improved, regressed, appeared or
    disappeared, changed answers and evidence, and a warning when the rubric set or policy differs.
    Exit 0 (1 with --fail-on-regression and a regression); 2: bad input."""
    from checklist.cli.output import emit
    from checklist.engine.compare import diff_results
    from checklist.render.diff import VIEWS

    report = diff_results(_read(old), _read(new))
    emit(VIEWS[fmt.value](report), output)
    if fail_on_regression and any(d.regressions for d in report.diffs):
        raise typer.Exit(EXIT_GATE)


def _read(path: Path) -> list[Any]:
    from checklist.errors import InputError
    from checklist.loading.result import parse_results

    if path.suffix.lower() == ".pdf":
        raise InputError(str(path), "a PDF report: give the JSON result it was made from (`report --json FILE`, or `assess -f json`)")
    from checklist.inputs import read_input

    return parse_results(read_input(path), str(path))
