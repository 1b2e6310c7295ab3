"""The `rai-checklist` command. Each command is one module; this table is the one list of them."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from checklist import __version__

# (command name, module, function): a new command is one module and one line here.
COMMANDS = (
    ("assess", "checklist.cli.assess_cmd", "assess"),
    ("report", "checklist.cli.report_cmd", "report"),
    ("render", "checklist.cli.render_cmd", "render"),
    ("diff", "checklist.cli.diff_cmd", "diff"),
    ("verify", "checklist.cli.verify_cmd", "verify"),
    ("init", "checklist.cli.init_cmd", "init"),
    ("schema", "checklist.cli.schema_cmd", "schema"),
)
GROUPS = (("rubrics", "checklist.cli.rubrics_cmd", "rubrics_app"),)

app = typer.Typer(
    name="rai-checklist",
    help="Score an AI deployment against responsible-AI principle rubrics, gate CI, and render an audit report.",
    no_args_is_help=True,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
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


for _name, _module, _attr in COMMANDS:
    app.command(_name)(getattr(importlib.import_module(_module), _attr))
for _name, _module, _attr in GROUPS:
    app.add_typer(getattr(importlib.import_module(_module), _attr), name=_name)


def main() -> None:
    """The console script: SIGTERM unwinds like Ctrl-C, so no temporary file is left behind."""
    import signal
    import sys

    from checklist.cli.guard import EXIT_TERMINATED, Terminated, on_sigterm

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        app()
    except Terminated:  # between commands' own handling (while parsing arguments, say)
        from checklist.outputs import cleanup

        cleanup()
        sys.stderr.write("rai-checklist: error: terminated\n")
        sys.exit(EXIT_TERMINATED)
