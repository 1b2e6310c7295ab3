"""`rai-checklist rubrics`: list, show and validate rubric folders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, load_rubrics
from checklist.cli.guard import EXIT_INPUT, guarded

rubrics_app = typer.Typer(help="List, show and validate rubrics.", no_args_is_help=True)


@rubrics_app.command("list")
@guarded
def list_rubrics(rubrics: RubricsOption = None, builtin: BuiltinOption = None, config: ConfigOption = None, no_config: NoConfigOption = False) -> None:
    """The principles in force, with their versions and criteria counts."""
    from rich.console import Console
    from rich.table import Table

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Id", "Title", "Version", "Weight", "Criteria", "Blockers", "File"):
        table.add_column(column)
    for r in rubric_set.rubrics:
        table.add_row(
            r.id, r.title, r.version, f"{r.weight:g}", str(len(r.criteria)),
            str(sum(c.blocker for c in r.criteria)), rubric_set.origins.get(r.criteria[0].id, ""),
        )
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

    from checklist.loading.errors import InputError

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
    paths: Annotated[list[Path], typer.Argument(help="Rubric folders or files to check.")],
    builtin: BuiltinOption = None,
) -> None:
    """Check rubric files: schema, duplicate ids, option scores, unknown facts. Exit 2 on any error."""
    from checklist.lint import lint

    findings = lint(paths, with_builtin=builtin is not False)
    for finding in findings:
        typer.echo(str(finding))
    errors = [f for f in findings if f.level == "error"]
    warnings = len(findings) - len(errors)
    typer.echo(f"{len(errors)} error(s), {warnings} warning(s)", err=True)
    if errors:
        raise typer.Exit(EXIT_INPUT)
