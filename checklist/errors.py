"""One error type for bad input: the CLI prints it as one line and exits 2."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class InputError(Exception):
    """Bad input that the user can fix. Renders as `file:line:col: field: message`."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    other_file: str | None = None
    also: tuple[InputError, ...] = ()  # further independent errors in the same input, reported with this one

    def __reduce__(self) -> tuple[Any, ...]:
        """Survive the trip back from a worker process."""
        return (InputError, (self.file, self.message, self.line, self.column, self.field, self.other_file, self.also))

    def every(self) -> list[InputError]:
        """This error and the independent ones found with it, in file order."""
        return [self, *self.also]

    def as_dict(self) -> dict[str, Any]:
        """For `--format json` errors: one object per error."""
        return {"file": self.file, "line": self.line, "column": self.column, "field": self.field, "message": self.message,
                "other_file": self.other_file}

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.other_file:
            text += f" (see also {self.other_file})"
        return " ".join(text.split())


def raise_all(errors: Sequence[InputError]) -> None:
    """Raise every independent error found in one input at once (the first carries the rest)."""
    if not errors:
        return
    ordered = sorted(errors, key=lambda e: (e.line is None, e.line or 0, e.column or 0))
    first = ordered[0]
    first.also = tuple(ordered[1:])
    raise first
