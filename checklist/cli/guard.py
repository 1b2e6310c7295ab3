"""Turn every failure into a clean exit: one line on stderr per error, never a traceback.

Messages on stderr follow the command's output format: with `--format json` each is one JSON
object on its own line (`{"level": "error", "file": ..., "line": ..., "message": ...}`), so a
script reads them as it reads the output; otherwise `rai-checklist: LEVEL: text`. `--quiet`
silences notes (errors and gate failures still show).

Notes (the config in force, the files written) are held back with `note` and printed once the
command has done its work, so a run that fails with bad input prints its error and nothing else."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from checklist.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class _Style:
    json = False
    quiet = False


STYLE = _Style()
_notes: list[str] = []


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so every temporary file is removed on the way out."""


def on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def message(level: str, text: str, **fields: Any) -> None:
    """One line on stderr: `note`, `warning`, `gate failed` or `error`."""
    if level in ("note", "warning") and STYLE.quiet:
        return
    if STYLE.json:
        sys.stderr.write(json_line({"level": level, "message": text, **fields}))
    else:
        sys.stderr.write(f"rai-checklist: {level}: {text}\n")


# Characters that end a line for Python's splitlines (and many readers) that json.dumps leaves raw
# when it keeps non-ASCII text readable: in a message from an input they would split its one line.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: dict[str, Any]) -> str:
    """One JSON object on one line, whatever the text in it."""
    import json  # only for --format json's messages: the json module is not on every run's path

    return json.dumps(value, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def note(text: str) -> None:
    """A note for stderr, printed when the command has done its work (never beside an error)."""
    _notes.append(text)


def flush_notes() -> None:
    for text in _notes:
        message("note", text)
    _notes.clear()


def report_error(exc: InputError) -> None:
    """Every error an input carries, one line each."""
    _notes.clear()
    for one in exc.every():
        if STYLE.json:
            sys.stderr.write(json_line({"level": "error", **one.as_dict()}))
        else:
            sys.stderr.write(f"rai-checklist: error: {one}\n")


def fail(message_text: str, code: int = EXIT_INPUT) -> typer.Exit:
    _notes.clear()
    message("error", message_text, exit=code)
    return typer.Exit(code)


def guarded(command: F) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fmt = kwargs.get("fmt")
        STYLE.json = getattr(fmt, "value", fmt) == "json"
        STYLE.quiet = bool(kwargs.get("quiet"))
        _notes.clear()
        try:
            value = command(*args, **kwargs)
        except typer.Exit as exc:
            if exc.exit_code in (EXIT_OK, EXIT_GATE):
                flush_notes()
            raise
        except typer.Abort:
            raise
        except InputError as exc:
            report_error(exc)
            raise typer.Exit(EXIT_INPUT) from None
        except (Exception, KeyboardInterrupt, Terminated) as exc:
            raise _exit_for(exc) from None
        finally:
            if "checklist.outputs" in sys.modules:  # only a run that wrote can have left a temporary file
                sys.modules["checklist.outputs"].cleanup()
        flush_notes()
        return value

    return wrapper  # type: ignore[return-value]


def _exit_for(exc: BaseException) -> typer.Exit:
    """The one line and the exit code for a failure: 2 for an OS error on a named file (disk full,
    permission, file too large), 130/143 when interrupted, 3 for a bug."""
    if isinstance(exc, KeyboardInterrupt):
        return fail("interrupted", EXIT_INTERRUPTED)
    if isinstance(exc, Terminated):
        return fail("terminated", EXIT_TERMINATED)
    if isinstance(exc, BrokenPipeError):  # `... | head`: whoever read the output stopped reading
        silence_stdout()
        return fail("<stdout>: the reader closed the pipe; the output was cut short")
    if isinstance(exc, OSError) and exc.filename is not None and not os.environ.get("RAI_CHECKLIST_DEBUG"):
        from checklist.inputs import os_problem

        return fail(f"{exc.filename}: {os_problem(exc)}")
    assert isinstance(exc, Exception)
    return _internal(exc)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what could not be written does
    not fail again (and print a second error) on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests capture it)
        pass


def _internal(exc: Exception) -> typer.Exit:
    if os.environ.get("RAI_CHECKLIST_DEBUG"):
        raise exc
    return fail(f"internal error: {type(exc).__name__}: {exc} (set RAI_CHECKLIST_DEBUG=1 for the trace)", EXIT_INTERNAL)
