"""The validated rubric set, cached on disk between runs.

Loading the built-in rubrics means parsing a dozen YAML files and validating them; for one
deployment that costs more than assessing it. A loaded set is pickled into the user's cache
folder under a key made of:
- the content hash (SHA-256) of every file read: rubrics, overlays, policy, profile, config;
- the folders in their order (and the current folder when file names are shown relative to it);
- the tool's version, the Python and pydantic versions, and a fingerprint (size, modification
  time) of the modules that define and load the set,
so a change to any of them misses the cache and loads afresh. An entry that cannot be trusted or
read (corrupt, truncated, from other code, not the user's own, writable by others) is ignored and
replaced; a cache folder that cannot be written (read-only, full) just means no caching.

The cached set keeps no parsed documents (`docs`): they serve only to locate errors while the
set is being loaded, and a set that loaded once has none. Lint loads rubrics itself, uncached.

The folder, and what makes an entry trusted, are in checklist.cachedir.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from checklist import __version__
from checklist.cachedir import cache_dir, trusted, write_entry

if TYPE_CHECKING:
    from checklist.loading.config import LoadedConfig
    from checklist.loading.rubrics import RubricSet

FORMAT = b"rai-checklist rubric set 1\n"  # the first bytes of every entry
CODE = ("models", "kinds", "loading")  # packages whose code shapes the pickled set


def load_cached(folders: list[Path], config: LoadedConfig | None) -> RubricSet:
    """The rubric set the folders and config give, from the cache when it holds it."""
    from checklist.loading.rubrics import load_rubric_set

    folder = cache_dir()
    key = _key(folders, config) if folder is not None else None
    if folder is None or key is None:
        return load_rubric_set(folders, config)
    entry = folder / f"{key}.pickle"
    found = _read(entry)
    if found is not None:
        return found
    rubric_set = load_rubric_set(folders, config)
    _write(entry, rubric_set)
    return rubric_set


def _key(folders: list[Path], config: LoadedConfig | None) -> str | None:
    """A hash of everything the loaded set depends on; None when a file cannot be read (the load will say why)."""
    import pydantic.version

    from checklist.loading.rubrics import yaml_files
    from checklist.resources import data_dir

    digest = hashlib.sha256(FORMAT)
    for part in (__version__, sys.version, pydantic.version.VERSION):
        digest.update(part.encode() + b"\0")
    package = Path(__file__).resolve().parent.parent
    for name in CODE:
        for module in sorted((package / name).glob("*.py")):
            info = module.stat()
            digest.update(f"{name}/{module.name} {info.st_size} {info.st_mtime_ns}\0".encode())
    builtin = data_dir("principles").resolve()
    relative_names = config is not None
    try:
        for folder in folders:
            resolved = folder.resolve()
            relative_names |= resolved != builtin
            digest.update(f"folder {folder}\0{resolved}\0".encode())
            for path in yaml_files(folder):
                digest.update(f"{path.name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    except Exception:  # unreadable or missing (an InputError): loading the set reports it
        return None
    if config is not None:
        digest.update(f"config {config.doc.path}\0{config.doc.sha256}\0".encode())
    if relative_names:  # names of files outside the built-ins are shown relative to the current folder
        digest.update(f"cwd {Path.cwd()}\0".encode())
    return digest.hexdigest()


def _read(entry: Path) -> RubricSet | None:
    from checklist.loading.rubrics import RubricSet

    if not trusted(entry):
        return None
    try:
        from _pickle import loads  # the C unpickler alone: pickle.py is only needed to write
    except ImportError:  # pragma: no cover (an interpreter without the C accelerator)
        from pickle import loads
    try:
        raw = entry.read_bytes()
        if not raw.startswith(FORMAT):
            return None
        found = loads(raw[len(FORMAT):])
    except Exception:  # corrupt, truncated, or pickled by code that has since changed
        return None
    return found if isinstance(found, RubricSet) else None


def _write(entry: Path, rubric_set: RubricSet) -> None:
    import pickle
    from dataclasses import replace

    def write(out: BinaryIO) -> None:
        out.write(FORMAT)
        pickle.dump(replace(rubric_set, docs={}), out, protocol=pickle.HIGHEST_PROTOCOL)

    write_entry(entry, write)
