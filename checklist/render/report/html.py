"""Render a Result to the report's HTML. Jinja2 autoescapes every value; nothing is rescored."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from checklist.models.result import Result
from checklist.render.report.view import view
from checklist.resources import data_dir


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "report")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=breakable,
    )


LONG_RUN = 100  # characters without a space after which text gets break opportunities
_LONG = re.compile(r"\S{" + str(LONG_RUN) + ",}")


def breakable(value: Any) -> Any:
    """Give very long unbroken text (a 50,000-character name) a zero-width space every 50 characters,
    so the layout engine breaks it in time proportional to its length; shorter text is untouched."""
    if type(value) is not str or len(value) < LONG_RUN or not _LONG.search(value):
        return value
    return _LONG.sub(lambda m: "\u200b".join(m[0][i : i + LONG_RUN // 2] for i in range(0, len(m[0]), LONG_RUN // 2)), value)


def render_html(result: Result) -> str:
    return _environment().get_template("report.html.j2").render(**view(result))


def report(result: Result) -> bytes:
    return render_html(result).encode("utf-8")
