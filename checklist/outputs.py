"""Write a run's outputs all or none, so a failure never leaves a half-written file or clobbers a good one.

Every output path of a run is checked before anything is written (its folder exists, it is not a
folder, a symlink or a block device, no two outputs are the same file, none is an input). Regular
files are staged as temporary files beside their targets and renamed into place only once every
output has been staged. A FIFO or a character device (`-o /dev/null`) is written through, never
replaced; a FIFO with no reader is refused rather than waited on. A symlink is never followed or
replaced: it is refused. Temporary files are removed on any failure, SIGINT and SIGTERM included.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from checklist.errors import InputError

Data = bytes | Iterable[str | bytes]  # bytes, or chunks: text, or text already encoded as UTF-8

_TEMPS: set[str] = set()  # temporary files not yet renamed or removed, for cleanup on a signal


class _Target(NamedTuple):
    path: Path
    special: bool  # a FIFO or character device, written through


def _problem(path: Path, exc: BaseException, action: str = "cannot write") -> InputError:
    from checklist.inputs import path_error

    return path_error(str(path), exc, action)


def _inspect(path: Path, create: Sequence[Path] = ()) -> tuple[_Target, tuple[int, int] | None]:
    """What writing to `path` would do; refuses what must not be written. Returns its (dev, inode) if it exists."""
    from checklist.inputs import kind_of

    name = str(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except (OSError, ValueError) as exc:
        raise _problem(path, exc) from None
    if link is None:
        if folder not in create:
            try:
                folder_info = os.stat(folder)
            except FileNotFoundError:
                raise InputError(name, "output folder does not exist") from None
            except (OSError, ValueError) as exc:
                raise _problem(path, exc) from None
            if not stat.S_ISDIR(folder_info.st_mode):
                raise InputError(name, "output folder is not a folder")
        return _Target(path, special=False), None
    mode = link.st_mode
    if stat.S_ISLNK(mode):
        raise InputError(name, "is a symbolic link; refusing to replace or follow it (write to its target instead)")
    if stat.S_ISDIR(mode):
        raise InputError(name, "is a folder; give a file name")
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return _Target(path, special=True), (link.st_dev, link.st_ino)
    if not stat.S_ISREG(mode):
        raise InputError(name, f"is {kind_of(mode)}; refusing to write to it")
    return _Target(path, special=False), (link.st_dev, link.st_ino)


def _identity(path: Path) -> str:
    """The same file however it is named (the leaf is never a symlink: those are refused)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        return str(folder.resolve() / path.name)
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(path)


def check_outputs(paths: Sequence[Path], inputs: Sequence[Path] = (), create: Sequence[Path] = ()) -> list[_Target]:
    """Check every output of a run before anything is written. `create` lists folders the run will make."""
    targets: list[_Target] = []
    seen: dict[object, Path] = {}
    input_ids: dict[object, Path] = {}
    for source in inputs:
        try:
            info = os.stat(source)
            input_ids[(info.st_dev, info.st_ino)] = source
        except (OSError, ValueError):
            pass
        input_ids[_identity(source)] = source
    for path in paths:
        target, inode = _inspect(path, create)
        keys: list[object] = [_identity(path)] + ([inode] if inode else [])
        for key in keys:
            if key in seen and not target.special:
                raise InputError(str(path), f"is also given as another output ({seen[key]}); each output needs its own file")
            if key in input_ids and not target.special:
                raise InputError(str(path), f"is also an input ({input_ids[key]}); refusing to overwrite it")
        for key in keys:
            seen[key] = path
        targets.append(target)
    return targets


def write_atomic(path: Path, data: Data) -> None:
    """One output: written whole or not at all."""
    write_all([(path, data)])


def write_all(items: Sequence[tuple[Path, Data]], inputs: Sequence[Path] = (), create: Sequence[Path] = ()) -> None:
    """Write every output, or none: stage them all, then put them in place. `create`: folders to make first."""
    targets = check_outputs([p for p, _ in items], inputs, create)
    made: list[Path] = []
    staged: list[tuple[str, _Target]] = []
    try:
        for folder in create:
            made += _make_folder(folder)
        specials: list[tuple[_Target, bytes]] = []
        for target, (_, data) in zip(targets, items, strict=True):
            if target.special:
                specials.append((target, data if isinstance(data, bytes) else _collect(data)))
            else:
                staged.append((_stage(target.path, data), target))
        for target, payload in specials:
            _write_through(target.path, payload)
        while staged:
            temp, target = staged[0]
            _place(temp, target.path)
            staged.pop(0)
    except BaseException:
        for temp, _ in staged:
            _discard(temp)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise


def cleanup() -> None:
    """Remove every temporary file still pending (called when the run is interrupted)."""
    for temp in list(_TEMPS):
        _discard(temp)


def _make_folder(folder: Path) -> list[Path]:
    missing = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    try:
        for part in reversed(missing):
            os.mkdir(part)
    except (OSError, ValueError) as exc:
        raise _problem(folder, exc, "cannot make the folder") from None
    return list(reversed(missing))


def _collect(chunks: Iterable[str | bytes]) -> bytes:
    return b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c in chunks)


def _stage(path: Path, data: Data) -> str:
    """Write `data` to a new temporary file beside `path`; returns its name."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".tmp", dir=folder)
    except (OSError, ValueError) as exc:
        raise _problem(path, exc) from None
    _TEMPS.add(temp)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                for chunk in data:
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes files private; outputs follow the umask
    except OSError as exc:
        _discard(temp)
        raise _problem(path, exc) from None
    except BaseException:
        _discard(temp)
        raise
    return temp


def _place(temp: str, path: Path) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _problem(path, exc) from None
    if info is not None and not stat.S_ISREG(info.st_mode):  # changed since it was checked
        raise InputError(str(path), "is no longer a regular file; refusing to replace it")
    try:
        os.replace(temp, path)
    except OSError as exc:
        raise _problem(path, exc) from None
    _TEMPS.discard(temp)


def _write_through(path: Path, payload: bytes) -> None:
    """Write into an existing FIFO or character device without replacing it."""
    flags = os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # opening a FIFO without blocking fails when nobody reads it
            raise InputError(str(path), "is a FIFO with no reader; refusing to wait for one") from None
        raise _problem(path, exc) from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)):
            raise InputError(str(path), "is no longer a FIFO or device; refusing to write to it")
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise _problem(path, exc) from None
    finally:
        os.close(fd)


def _discard(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass
    _TEMPS.discard(temp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
