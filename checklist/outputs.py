"""Write output files atomically, so a failure never leaves a half-written file or clobbers a good one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from checklist.errors import InputError


def write_atomic(path: Path, data: bytes | Iterable[str | bytes]) -> None:
    """Write to a temporary file beside `path`, then rename it into place. `data` is bytes, or
    chunks (text, or text already encoded as UTF-8) written one by one so that a large batch is
    never joined in memory."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(str(path), "output folder does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                for chunk in data:
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        os.chmod(temp_name, 0o666 & ~_umask())  # mkstemp makes files private; outputs follow the umask
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
