"""Render a Result to the report's HTML: one standalone page with its stylesheet inlined, so it
reads the same offline in any browser and in WeasyPrint. Jinja2 autoescapes every value; nothing
is rescored."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from checklist.models.result import Result
from checklist.render.report.view import Attached, view
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
    )


@cache
def stylesheet() -> str:
    """The report's own CSS (trusted: no value from an input ever reaches it)."""
    return (data_dir("templates") / "report" / "report.css").read_text(encoding="utf-8")


def render_html(
    result: Result, framework: str | None = None, attached: Sequence[Attached] = (), manifest_sha256: str = ""
) -> str:
    context = view(result, framework, attached, manifest_sha256, stylesheet())
    return _environment().get_template("report.html.j2").render(**context)


def report(result: Result, framework: str | None = None) -> bytes:
    return render_html(result, framework).encode("utf-8")
