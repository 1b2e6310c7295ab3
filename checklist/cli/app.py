"""The `rai-checklist` command. Each command is one module; this table is the one list of them."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer

from checklist import __version__

# (command name, module, function): a new command is one module and one line here.
COMMANDS = (
    ("assess", "checklist.cli.assess_cmd", "assess"),
    ("report", "checklist.cli.report_cmd", "report"),
    ("render", "checklist.cli.render_cmd", "render"),
    ("init", "checklist.cli.init_cmd", "init"),
    ("schema", "checklist.cli.schema_cmd", "schema"),
)
GROUPS = (("rubrics", "checklist.cli.rubrics_cmd", "rubrics_app"),)

SETTINGS: dict[str, Any] = {
    "name": "rai-checklist",
    "help": "Score an AI deployment against responsible-AI principle rubrics, gate CI, and render an audit report.",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rai-checklist {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    pass


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with only the one a run names: typer inspects the parameters
    of every command it holds before running one, and the others cost a one-deployment assess 10 ms."""
    built = typer.Typer(**SETTINGS)
    built.callback()(_root)
    for name, module, attr in COMMANDS:
        if only in (None, name):
            built.command(name)(getattr(importlib.import_module(module), attr))
    for name, module, attr in GROUPS:
        if only in (None, name):
            built.add_typer(getattr(importlib.import_module(module), attr), name=name)
    return built


def command_named(args: list[str]) -> str | None:
    """The command a command line runs (the root's options take no value), if it is one of ours."""
    first = next((a for a in args if not a.startswith("-")), None)
    names = {name for name, _, _ in COMMANDS + GROUPS}
    return first if first in names else None


def __getattr__(name: str) -> Any:
    """`app`, with every command, is built when first asked for (by tests, or by tools that embed it)."""
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    build(command_named(sys.argv[1:]))()
