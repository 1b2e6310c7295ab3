"""Read an input file's bytes, every failure an InputError naming the file (exit 2, one line)."""

from __future__ import annotations

from pathlib import Path

from checklist.errors import InputError


def read_input(path: Path, what: str = "file") -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), f"{what} not found") from None
    except IsADirectoryError:
        raise InputError(str(path), f"{what} is a folder") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the {what}: {exc.strerror}") from None
