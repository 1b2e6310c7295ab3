"""The report template, compiled once and kept in the user's cache folder.

Compiling the template costs about 50 ms, which a one-report run paid every time. Jinja keys
each entry by the template's name and checks the source's hash, its own version and Python's
on loading, so an edited template is compiled afresh. Entries are read only when trusted (the
user's own, writable by nobody else: see checklist.cachedir)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from checklist.cachedir import trusted, write_entry

SUFFIX = ".jinja"


class TrustedBytecodeCache(BytecodeCache):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _entry(self, bucket: Bucket) -> Path:
        return self.folder / f"template-{bucket.key}{SUFFIX}"

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self._entry(bucket)
        if not trusted(entry):
            return
        try:
            with entry.open("rb") as handle:
                bucket.load_bytecode(handle)
        except Exception:  # truncated or corrupt: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_entry(self._entry(bucket), bucket.write_bytecode)


def bytecode_cache() -> Any:
    """The cache for Jinja, or None when caching is off."""
    from checklist.cachedir import cache_dir

    folder = cache_dir()
    return TrustedBytecodeCache(folder) if folder is not None else None
