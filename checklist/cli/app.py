"""The `rai-checklist` command. Each command is one module; this table is the one list of them."""

import gc
import importlib
import inspect
import sys
from typing import Annotated, Any

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

SETTINGS: dict[str, Any] = {
    "name": "rai-checklist",
    "help": "Score an AI deployment against responsible-AI principle rubrics, gate CI, and render an audit report.",
    "no_args_is_help": True,
    "add_completion": True,
    "context_settings": {"help_option_names": ["-h", "--help"]},
    "pretty_exceptions_enable": False,
    # Plain help and usage errors: rich's help panels import rich and a Markdown parser, which
    # doubled the time `--help` takes (0.27 -> 0.12 s CPU), and a usage error reads as one line.
    "rich_markup_mode": None,
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rai-checklist {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    pass


def build(only: str | None = None, listing: bool = False) -> typer.Typer:
    """The app with every command; with only the one a run names; or (`listing`) with every command
    reduced to its name and help, for the root's help and errors. typer inspects the parameters of
    every command it holds before it runs or lists any, which costs more than some commands take."""
    built = typer.Typer(**SETTINGS)
    built.callback()(_root)
    for name, module, attr in COMMANDS:
        if only in (None, name):
            function = getattr(importlib.import_module(module), attr)
            if listing:
                built.command(name, help=inspect.getdoc(function))(_listed)
            else:
                built.command(name)(function)
    for name, module, attr in GROUPS:
        if only in (None, name):
            group = getattr(importlib.import_module(module), attr)
            if listing:
                built.command(name, help=group.info.help)(_listed)
            else:
                built.add_typer(group, name=name)
    return built


def _listed() -> None:
    """Stands for a command in the root's help; a run that names a command builds it in full."""
    raise AssertionError("a listed command never runs")


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
    """The console script: SIGTERM unwinds like Ctrl-C, so no temporary file is left behind."""
    import signal

    from checklist.cli.guard import EXIT_TERMINATED, Terminated, on_sigterm

    signal.signal(signal.SIGTERM, on_sigterm)
    named = command_named(sys.argv[1:])
    try:
        build(named, listing=named is None)()
    except Terminated:  # between commands' own handling (while parsing arguments, say)
        from checklist.outputs import cleanup

        cleanup()
        sys.stderr.write("rai-checklist: error: terminated\n")
        sys.exit(EXIT_TERMINATED)
    finally:
        # The run is over: leave its objects to the operating system. At exit the interpreter's
        # collector otherwise walks everything loaded (pydantic, the models, the rubric set),
        # which took 55 ms of a 0.35 s assess. Files are closed and atexit handlers still run.
        gc.freeze()
