"""What the user named on the command line: files, folders, globs and `-` (standard input), and what
kind of file each YAML file is (a deployment, the project config, rubric tests or a rubric-set file).

Files are told apart by their top-level keys, read from the text without parsing it, so that
sorting a folder costs almost nothing: a rubric-set file starts with `kind:`, rubric tests have
`cases:`, a deployment has `deployment:`, and the config is `rai-checklist.yaml` (or holds only the
config's keys)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from checklist.errors import InputError

STDIN = "-"
STDIN_NAME = "<stdin>"
YAML_SUFFIXES = (".yaml", ".yml")
CONFIG_NAME = "rai-checklist.yaml"
CONFIG_KEYS = frozenset({"builtin", "rubrics", "overlays", "policy", "justification"})
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)
READ_LIMIT = 5 * 1024 * 1024  # the YAML size limit; one byte more is read to tell a file over it

FILE_ROLES = {
    "deployment": "a deployment",
    "config": "the project config",
    "rubric-tests": "rubric tests",
    "rubric-set": "a rubric-set file (rubric, overlay, policy or profile)",
}


def file_role(path: Path) -> str:
    """`deployment`, `config`, `rubric-tests`, `rubric-set`, or `unknown` (e.g. unreadable)."""
    try:
        head = path.read_bytes()[:READ_LIMIT].decode("utf-8", errors="replace")
    except OSError:
        return "unknown"
    keys = set(_TOP_KEY.findall(head))
    if "kind" in keys:
        return "rubric-set"
    if "cases" in keys:
        return "rubric-tests"
    if "deployment" in keys or "answers" in keys:
        return "deployment"
    if path.name == CONFIG_NAME or (keys and keys <= CONFIG_KEYS):
        return "config"
    return "unknown"


def yaml_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def deployment_paths(args: list[Path]) -> tuple[list[Path], list[str]]:
    """The deployment files named: a folder gives every deployment directly in it (other YAML files
    are skipped with a note), a glob its matches (`**` reaches into subfolders), `-` standard input
    (once). Returns the paths in order, without duplicates, and the notes."""
    out: list[Path] = []
    notes: list[str] = []
    for arg in args:
        text = str(arg)
        if text == STDIN:
            if any(str(p) == STDIN for p in out):
                raise InputError(STDIN_NAME, "standard input can be named only once")
            out.append(arg)
        elif arg.is_dir():
            found = _from_folder(arg, notes)
            if not found:
                raise InputError(text, "no deployment file (*.yaml, *.yml) in this folder")
            out += found
        elif not arg.exists() and _is_pattern(text):
            import glob

            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]
            files = [m for m in matches if m.is_file()] + [f for m in matches if m.is_dir() for f in _from_folder(m, notes)]
            if not files:
                raise InputError(text, "no file matches this pattern")
            out += files
        else:
            out.append(arg)  # a missing file is reported when it is read, with the others
    seen: set[str] = set()
    unique = []
    for path in out:
        key = str(path.absolute()) if str(path) != STDIN else STDIN
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique, notes


def _from_folder(folder: Path, notes: list[str]) -> list[Path]:
    found = []
    for path in yaml_in(folder):
        role = file_role(path)
        if role in ("deployment", "unknown"):  # an unrecognised file is tried, so its errors show
            found.append(path)
        else:
            notes.append(f"skipped {path}: {FILE_ROLES[role]}, not a deployment")
    return found


_stdin: list[bytes] = []


def stdin_bytes() -> bytes:
    """Standard input, read once (before any worker starts, so they inherit it)."""
    if not _stdin:
        _stdin.append(sys.stdin.buffer.read(READ_LIMIT + 1))
    return _stdin[0]


def _is_pattern(text: str) -> bool:
    """A name with glob characters (glob loads only for a name that is not a file)."""
    import glob

    return glob.has_magic(text)
