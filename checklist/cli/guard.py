"""Turn every failure into a clean exit: one line on stderr per error, never a traceback.

Messages on stderr follow the command's output format: with `--format json` each is one JSON
object on its own line (`{"level": "error", "file": ..., "line": ..., "message": ...}`), so a
script reads them as it reads the output; otherwise `rai-checklist: LEVEL: text`. `--quiet`
silences notes (errors and gate failures still show)."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from checklist.errors import InputError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Style:
    json = False
    quiet = False


STYLE = _Style()


def message(level: str, text: str, **fields: Any) -> None:
    """One line on stderr: `note`, `warning`, `gate failed` or `error`."""
    if level in ("note", "warning") and STYLE.quiet:
        return
    if STYLE.json:
        sys.stderr.write(json.dumps({"level": level, "message": text, **fields}, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"rai-checklist: {level}: {text}\n")


def report_error(exc: InputError) -> None:
    """Every error an input carries, one line each."""
    for one in exc.every():
        if STYLE.json:
            sys.stderr.write(json.dumps({"level": "error", **one.as_dict()}, ensure_ascii=False) + "\n")
        else:
            sys.stderr.write(f"rai-checklist: error: {one}\n")


def fail(message_text: str, code: int = EXIT_INPUT) -> typer.Exit:
    message("error", message_text, exit=code)
    return typer.Exit(code)


def guarded(command: F) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        fmt = kwargs.get("fmt")
        STYLE.json = getattr(fmt, "value", fmt) == "json"
        STYLE.quiet = bool(kwargs.get("quiet"))
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            report_error(exc)
            raise typer.Exit(EXIT_INPUT) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except Exception as exc:  # a bug, not bad input: still one line unless asked for the trace
            if os.environ.get("RAI_CHECKLIST_DEBUG"):
                raise
            raise fail(f"internal error: {type(exc).__name__}: {exc} (set RAI_CHECKLIST_DEBUG=1 for the trace)", EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]
