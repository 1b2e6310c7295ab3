"""The user's cache folder, shared by the rubric-set cache and the compiled report template.

Entries are code or pickles, so one is read only when it and its folder belong to the user and
nobody else can write them; an entry is written atomically, or not at all (a read-only or full
folder just means no caching).

RAI_CHECKLIST_NO_CACHE=1 turns caching off; RAI_CHECKLIST_CACHE_DIR moves the folder (default:
$XDG_CACHE_HOME/rai-checklist, else ~/.cache/rai-checklist).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

KEEP = 16  # entries of one kind kept; the oldest go when a new one is written


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is off."""
    if os.environ.get("RAI_CHECKLIST_NO_CACHE"):
        return None
    chosen = os.environ.get("RAI_CHECKLIST_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache") / "rai-checklist"


def trusted(path: Path) -> bool:
    """The user's own file in the user's own folder, writable by nobody else."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        for item in (path.parent, path):
            info = item.stat()
            if (uid is not None and info.st_uid != uid) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return True


def write_entry(entry: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write an entry atomically (the folder is made private), then drop the oldest of its kind."""
    import tempfile

    folder = entry.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temp, entry)
    except Exception:
        Path(temp).unlink(missing_ok=True)
        return
    try:
        entries = sorted(folder.glob(f"*{entry.suffix}"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
