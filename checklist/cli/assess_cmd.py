"""`rai-checklist assess`: score deployments, print or write the result, and gate CI."""

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checklist.cli.common import (
    BaseOption,
    BuiltinOption,
    ConfigOption,
    NoConfigOption,
    QuietOption,
    RubricsOption,
    choice_enum,
    load_rubrics,
)
from checklist.cli.gate import DEFAULT_FAIL_ON, FailOn, gate
from checklist.cli.guard import EXIT_INPUT, flush_notes, guarded, message, report_error
from checklist.render import FORMATS, TEXT_FORMATS

if TYPE_CHECKING:
    from checklist.errors import InputError
    from checklist.loading.rubrics import RubricSet
    from checklist.models.result import Result, Summary

Format: Any = choice_enum("Format", TEXT_FORMATS)

DEPLOYMENTS_HELP = "Deployment YAML files, folders (every deployment in them), globs (quoted, `**` for subfolders), or - for stdin."


class Assessed:
    """Deployments assessed now: a batch is rendered on every core as it is assessed. With
    `errors` (--keep-going), a bad file's error is collected and the file left out."""

    def __init__(self, paths: list[Path], rubric_set: "RubricSet", base: Path | None, errors: list["InputError"] | None) -> None:
        self.paths = paths
        self.rubric_set = rubric_set
        self.base = base
        self.errors = errors
        self.count = len(paths)
        self._all: list[Result] | None = None

    def all(self) -> Sequence["Result"]:
        from checklist.engine.assess import assess_file
        from checklist.errors import InputError

        if self._all is None:
            self._all = []
            for path in self.paths:
                try:
                    self._all.append(assess_file(path, self.rubric_set, self.base))
                except InputError as exc:
                    if self.errors is None:
                        raise
                    self.errors.append(exc)
        return self._all

    def rendered(self, one: Callable[["Result"], bytes]) -> Iterator[tuple["Summary", bytes]]:
        from checklist.engine.batch import assess_rendered

        return assess_rendered(self.paths, self.rubric_set, one, self.base, self.errors)


@guarded
def assess(
    deployments: Annotated[list[Path], typer.Argument(help=DEPLOYMENTS_HELP, show_default=False)],
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format["table"],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    fail_under: Annotated[float | None, typer.Option(help="Also fail the gate when an overall score is under N.", min=0, max=100)] = None,
    fail_on: Annotated[FailOn, typer.Option(help="The gate fails on this verdict or a worse one.")] = DEFAULT_FAIL_ON,
    baseline: Annotated[
        Path | None,
        typer.Option(help="A saved JSON result: the gate fails only on regressions against it (a criterion's status worse, "
                     "the verdict worse, a new red line). Deployments it lacks are gated by --fail-on."),
    ] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Report each bad file, output the good ones, then exit 2.")] = False,
    base: BaseOption = None,
    quiet: QuietOption = False,
) -> None:
    """Score deployments against the rubrics. Exit 0: gate passed; 1: gate failed; 2: bad input."""
    from checklist.cli.output import Saved
    from checklist.loading.inputs import STDIN, deployment_paths, stdin_bytes

    paths, notes = deployment_paths(list(deployments))
    if output is not None:
        from checklist.outputs import check_outputs

        check_outputs([output], paths)  # refused before any work; checked again when written
    for note in notes:
        message("note", note)
    if any(str(p) == STDIN for p in paths):
        stdin_bytes()  # read before any worker starts
    old = _read_baseline(baseline) if baseline is not None else None
    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    errors: list[InputError] | None = [] if keep_going else None
    assessed = Assessed(paths, rubric_set, base, errors)
    if old is not None:
        results = list(assessed.all())
        _write(FORMATS[fmt.value], Saved(results), output, quiet and output is None, paths)
        flush_notes()
        from checklist.cli.baseline import baseline_gate

        code = baseline_gate(results, old, fail_on, fail_under)
    else:
        rows = _write(FORMATS[fmt.value], assessed, output, quiet and output is None, paths)
        flush_notes()
        code = gate(rows, fail_on, fail_under)
    for error in errors or []:
        report_error(error)
    if errors:
        message("error", f"{len(errors)} of {len(paths)} deployment file(s) could not be assessed; the others were written")
        code = EXIT_INPUT
    raise typer.Exit(code)


def _write(fmt: Any, source: Any, output: Path | None, silent: bool, inputs: list[Path]) -> list["Summary"]:
    from checklist.cli.output import write_results

    if silent:  # --quiet with no -o: nothing on stdout, only the gate's word
        return [row for row, _ in source.rendered(_nothing)]
    return write_results(fmt, source, output, inputs)


def _nothing(result: "Result") -> str:
    return ""


def _read_baseline(path: Path) -> list["Result"]:
    from checklist.inputs import read_input
    from checklist.loading.result import parse_results

    return parse_results(read_input(path, "baseline file"), str(path))
