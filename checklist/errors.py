"""One error type for bad input: the CLI prints it as one line and exits 2."""

from __future__ import annotations

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

    def __reduce__(self) -> tuple[Any, ...]:
        """Survive the trip back from a worker process."""
        return (InputError, (self.file, self.message, self.line, self.column, self.field, self.other_file))

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
