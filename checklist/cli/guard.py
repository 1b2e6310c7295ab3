"""Turn every failure into a clean exit: one line on stderr, never a traceback."""

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


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    sys.stderr.write(f"rai-checklist: error: {message}\n")
    return typer.Exit(code)


def guarded(command: F) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            raise fail(str(exc)) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except Exception as exc:  # a bug, not bad input: still one line unless asked for the trace
            if os.environ.get("RAI_CHECKLIST_DEBUG"):
                raise
            raise fail(f"internal error: {type(exc).__name__}: {exc} (set RAI_CHECKLIST_DEBUG=1 for the trace)", EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]
