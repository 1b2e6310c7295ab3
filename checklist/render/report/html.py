"""Render a Result to the report's HTML: one standalone page with its stylesheet inlined, so it
reads the same offline in any browser and in WeasyPrint. Jinja2 autoescapes every value; nothing
is rescored."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from checklist.models.result import Result
from checklist.render.report.view import Attached, view
from checklist.resources import data_dir


@cache
def _environment() -> Any:
    import jinja2

    from checklist.render.report.bytecode import bytecode_cache

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "report")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache(),
        finalize=breakable,
    )


def template() -> Any:
    """The compiled report template (Jinja keeps it, compiled once per process)."""
    return _environment().get_template("report.html.j2")


LONG_RUN = 100  # characters without a space after which text gets break opportunities
_LONG = re.compile(r"\S{" + str(LONG_RUN) + ",}")


def breakable(value: Any) -> Any:
    """Give very long unbroken text (a 50,000-character name) a zero-width space every 50 characters,
    so the layout engine breaks it in time proportional to its length; shorter text is untouched."""
    if type(value) is not str or len(value) < LONG_RUN or not _LONG.search(value):
        return value
    return _LONG.sub(lambda m: "\u200b".join(m[0][i : i + LONG_RUN // 2] for i in range(0, len(m[0]), LONG_RUN // 2)), value)


@cache
def stylesheet() -> str:
    """The report's own CSS (trusted: no value from an input ever reaches it)."""
    return (data_dir("templates") / "report" / "report.css").read_text(encoding="utf-8")


def render_html(
    result: Result, framework: str | None = None, attached: Sequence[Attached] = (), manifest_sha256: str = ""
) -> str:
    context = view(result, framework, attached, manifest_sha256, stylesheet())
    return template().render(**context)


def report(result: Result, framework: str | None = None) -> bytes:
    return render_html(result, framework).encode("utf-8")
