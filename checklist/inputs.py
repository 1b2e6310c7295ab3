"""Read input files safely: regular files only, never blocking, never more than a limit, and every
operating-system error turned into an InputError that names the file.

A FIFO or a device named as an input would block or stream forever, so only regular files are read;
the check is made on the open descriptor too, so a file swapped for a FIFO in between is refused."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from checklist.errors import InputError

MiB = 1024 * 1024
MAX_RESULT_BYTES = 50 * MiB  # a saved JSON result (or a batch of them) read back by `render`
MAX_EVIDENCE_BYTES = 1024 * MiB  # evidence is hashed in blocks, never held in memory; the limit bounds the time
MAX_REPORT_BYTES = MAX_EVIDENCE_BYTES + 100 * MiB  # a report PDF read by `verify`: its embedded evidence and the rest

_PROBLEMS = {
    errno.ENOENT: "not found",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the path or one of its names is too long",
    errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for this system or its limits",
    errno.EROFS: "read-only file system",
    errno.EIO: "input/output error",
    errno.ENXIO: "no such device or address",
}


def os_problem(exc: OSError) -> str:
    """An OS error in plain words, without the path (the caller names the file)."""
    text = _PROBLEMS.get(exc.errno or 0)
    if text is None:
        text = (exc.strerror or type(exc).__name__).lower()
    return text


def path_error(name: str, exc: BaseException, action: str = "cannot read") -> InputError:
    """An InputError for an OS error, a NUL byte in the path, or pathlib's RuntimeError for a symlink loop."""
    if isinstance(exc, ValueError):
        return InputError(name, "the path contains a NUL byte")
    if isinstance(exc, OSError):
        return InputError(name, f"{action}: {os_problem(exc)}")
    return InputError(name, f"{action}: too many levels of symbolic links (a symlink loop?)")


def stat_of(path: Path, name: str | None = None) -> os.stat_result | None:
    """`os.stat` (following links), or None when nothing is there; any other failure is an InputError."""
    shown = name or str(path)
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise path_error(shown, exc) from None


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(name: str, mode: int) -> InputError:
    what = kind_of(mode)
    return InputError(name, f"is {what}, not a regular file" if what != "not a regular file" else "not a regular file")


def regular_file(path: Path, name: str | None = None, missing: str = "file not found") -> os.stat_result:
    """The stat of a regular file, or an InputError saying what the path is instead."""
    shown = name or str(path)
    info = stat_of(path, shown)
    if info is None:
        raise InputError(shown, missing)
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(shown, info.st_mode)
    return info


def folder(path: Path, name: str | None = None, missing: str = "folder not found") -> None:
    """Refuse anything that is not an existing folder."""
    shown = name or str(path)
    info = stat_of(path, shown)
    if info is None:
        raise InputError(shown, missing)
    if not stat.S_ISDIR(info.st_mode):
        what = "a file" if stat.S_ISREG(info.st_mode) else kind_of(info.st_mode)
        raise InputError(shown, f"is {what}, not a folder")


def open_regular(path: Path, name: str | None = None, missing: str = "file not found") -> int:
    """A read-only descriptor on a regular file, opened without blocking (a FIFO never blocks us)."""
    shown = name or str(path)
    regular_file(path, shown, missing)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:
        raise path_error(shown, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped between the check and the open
            raise _not_regular(shown, info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_input(path: Path, what: str = "file") -> bytes:
    """A saved result (a baseline, a report's JSON, a file to diff or verify), within its size limit."""
    return read_limited(path, MAX_RESULT_BYTES, str(path), f"{what} not found")


def read_limited(path: Path, limit: int, name: str | None = None, missing: str = "file not found") -> bytes:
    """The whole file, if it is a regular file of at most `limit` bytes."""
    shown = name or str(path)
    fd = open_regular(path, shown, missing)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise InputError(shown, f"file is {size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        total = 0
        while True:
            block = os.read(fd, min(1 << 20, limit + 1 - total))
            if not block:
                break
            chunks.append(block)
            total += len(block)
            if total > limit:  # the file grew while it was read
                raise InputError(shown, f"file is more than {limit:,} bytes; the limit is {limit:,}")
        return b"".join(chunks)
    except OSError as exc:
        raise path_error(shown, exc) from None
    finally:
        os.close(fd)
