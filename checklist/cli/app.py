"""The `rai-checklist` command. Only typer is imported here; each command imports what it needs."""

from __future__ import annotations

from typing import Annotated

import typer

from checklist import __version__
from checklist.cli.assess_cmd import assess
from checklist.cli.init_cmd import init
from checklist.cli.rubrics_cmd import rubrics_app
from checklist.cli.schema_cmd import schema

app = typer.Typer(
    name="rai-checklist",
    help="Score an AI deployment against responsible-AI principle rubrics, gate CI, and render an audit report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rai-checklist {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    pass


app.command()(assess)
app.command()(init)
app.command()(schema)
app.add_typer(rubrics_app, name="rubrics")

from checklist.cli.report_cmd import register as _register_report

_register_report(app)


def main() -> None:
    app()
