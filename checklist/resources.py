"""Where the built-in rubrics and templates live, in a wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """`principles` or `templates`: shipped as checklist/_data/NAME in the wheel, at the top of a checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"built-in {name}/ folder not found next to {package}")


def builtin_rubric_folders() -> list[Path]:
    """The built-in rubric set: the principles, then each legal pack and vendor policy folder below them."""
    root = data_dir("principles")
    return [root, *sorted(p for p in root.rglob("*") if p.is_dir() and not p.name.startswith((".", "_")))]
