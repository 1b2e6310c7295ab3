"""`rai-checklist assess`: score deployments, print or write the result, and gate CI."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, choice_enum, load_rubrics
from checklist.cli.gate import DEFAULT_FAIL_ON, FailOn, gate
from checklist.cli.guard import guarded
from checklist.render import FORMATS, TEXT_FORMATS

if TYPE_CHECKING:
    from checklist.loading.rubrics import RubricSet
    from checklist.models.result import Result, Summary

Format: Any = choice_enum("Format", TEXT_FORMATS)


class Assessed:
    """Deployments assessed now: a batch is rendered on every core as it is assessed."""

    def __init__(self, paths: list[Path], rubric_set: RubricSet) -> None:
        self.paths = paths
        self.rubric_set = rubric_set
        self.count = len(paths)

    def all(self) -> Sequence[Result]:
        from checklist.engine.assess import assess_file

        return [assess_file(path, self.rubric_set) for path in self.paths]

    def rendered(self, one: Callable[[Result], str]) -> Iterator[tuple[Summary, str]]:
        from checklist.engine.batch import assess_rendered

        return assess_rendered(self.paths, self.rubric_set, one)


@guarded
def assess(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format["table"],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    fail_under: Annotated[float | None, typer.Option(help="Also fail the gate when an overall score is under N.", min=0, max=100)] = None,
    fail_on: Annotated[FailOn, typer.Option(help="The gate fails on this verdict or a worse one.")] = DEFAULT_FAIL_ON,
) -> None:
    """Score deployments against the rubrics. Exit 0: gate passed; 1: gate failed; 2: bad input."""
    from checklist.cli.output import write_results

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    rows = write_results(FORMATS[fmt.value], Assessed(list(deployments), rubric_set), output)
    raise typer.Exit(gate(rows, fail_on, fail_under))
