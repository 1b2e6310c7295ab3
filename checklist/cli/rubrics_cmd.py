"""`rai-checklist rubrics`: list, show and validate rubric folders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, choice_enum, load_rubrics
from checklist.cli.guard import EXIT_GATE, EXIT_INPUT, guarded

LintFormat: Any = choice_enum("LintFormat", ("text", "json"))

rubrics_app = typer.Typer(help="List, show and validate rubrics.", no_args_is_help=True)


@rubrics_app.command("list")
@guarded
def list_rubrics(
    rubrics: RubricsOption = None, builtin: BuiltinOption = None, config: ConfigOption = None, no_config: NoConfigOption = False
) -> None:
    """The principles in force, with their versions and criteria counts."""
    from rich.console import Console
    from rich.table import Table

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Id", no_wrap=True, min_width=max(len(r.id) for r in rubric_set.rubrics))
    table.add_column("Title")
    for column in ("Version", "Weight", "Criteria", "Blockers"):
        table.add_column(column, justify="right", no_wrap=True)
    for r in rubric_set.rubrics:
        table.add_row(r.id, r.title, r.version, f"{r.weight:g}", str(len(r.criteria)), str(sum(c.blocker for c in r.criteria)))
    Console().print(table)


@rubrics_app.command("show")
@guarded
def show(
    item: Annotated[str, typer.Argument(help="A principle id (fairness), a criterion id (FAIR-01), `context` or `policy`.")],
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Print one principle, criterion, the context profile or the policy as YAML."""
    import yaml

    from checklist.errors import InputError

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    if item == "context":
        data = rubric_set.profile.model_dump(mode="json", by_alias=True, exclude_none=True)
    elif item == "policy":
        data = rubric_set.policy.model_dump(mode="json", by_alias=True, exclude_none=True)
    else:
        rubric = next((r for r in rubric_set.rubrics if r.id == item), None)
        found = rubric_set.criterion(item)
        if rubric is not None:
            data = rubric.model_dump(mode="json", by_alias=True, exclude_none=True)
        elif found is not None:
            data = found[1].model_dump(mode="json", by_alias=True, exclude_none=True)
        else:
            known = ", ".join(r.id for r in rubric_set.rubrics)
            raise InputError(item, f"no principle or criterion with this id (principles: {known})")
    typer.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), nl=False)


@rubrics_app.command("validate")
@guarded
def validate_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Rubric folders or files, or a project folder (its config, rubric tests and deployments are checked too)."),
    ],
    builtin: BuiltinOption = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat["text"],
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
) -> None:
    """Lint rubric files: schema, duplicate ids, unreachable options and conditions, impossible bars,
    unknown facts, missing remediation or references. Exit 2 on an error (or a warning with --strict)."""
    import json

    from checklist.authoring.lint import lint

    findings = lint(paths, with_builtin=builtin is not False)
    errors = sum(1 for f in findings if f.level == "error")
    warnings = sum(1 for f in findings if f.level == "warning")
    notes = len(findings) - errors - warnings
    if fmt.value == "json":
        report = {"errors": errors, "warnings": warnings, "notes": notes, "findings": [f.as_dict() for f in findings]}
        typer.echo(json.dumps(report, indent=2))
    else:
        for finding in findings:
            typer.echo(str(finding))
        typer.echo(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""), err=True)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_INPUT)


@rubrics_app.command("test")
@guarded
def test_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Rubric test files or folders (YAML with `cases:`).")],
) -> None:
    """Run rubric test cases: fixture deployments with the expected verdict, tier and statuses.
    Exit 1 if any case fails, 2 on bad input."""
    from checklist.authoring.rubric_tests import run_tests

    outcomes = run_tests(paths)
    for outcome in outcomes:
        typer.echo(f"{'PASS' if outcome.passed else 'FAIL'}  {outcome.name}  ({outcome.where})")
        for line in outcome.differences:
            typer.echo(f"      - {line}")
    failed = sum(1 for o in outcomes if not o.passed)
    typer.echo(f"{len(outcomes) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_GATE)
