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
