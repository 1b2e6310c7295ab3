"""Render a Result to the report's HTML. Jinja2 autoescapes every value; nothing is rescored."""

from __future__ import annotations

from functools import cache
from typing import Any

from checklist.models.result import Result
from checklist.render.report.view import view
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
    )


def template() -> Any:
    """The compiled report template (Jinja keeps it, compiled once per process)."""
    return _environment().get_template("report.html.j2")


def render_html(result: Result) -> str:
    return template().render(**view(result))


def report(result: Result) -> bytes:
    return render_html(result).encode("utf-8")
