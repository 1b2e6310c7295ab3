"""Renderers: each reads the canonical Result and never rescores. This registry is the one list of
output formats; the commands build their `--format` choices and suffix lookups from it.

A format's module is imported only when the format is used. By `shape`, a module provides:
- `stream`: `one(result) -> str` per result (rendered where the result is made, in a worker for a
  large batch; optionally `encoded(result) -> bytes`, the same text as UTF-8 made without a str)
  and `join(chunks) -> Iterable[str | bytes]`, which writes the chunks (text, or text encoded as
  UTF-8) in order with what goes around them;
- `document`: `document(results) -> str`, one document for the whole batch (held in memory: every
  format here streams instead);
- `summary`: `detail(result, color) -> str` for one result, `summary(rows) -> str` for a batch;
- `file`: `report(result, framework) -> bytes`, one file per result (the HTML and PDF report; `framework`
  picks one framework for the crosswalk, or None for all).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Literal, NamedTuple

Shape = Literal["stream", "document", "summary", "file"]


class OutputFormat(NamedTuple):
    name: str
    suffixes: tuple[str, ...]
    module_name: str
    shape: Shape
    help: str

    def module(self) -> ModuleType:
        return importlib.import_module(self.module_name)


FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("table", (".txt",), "checklist.render.table", "summary", "a table for the terminal"),
        OutputFormat("json", (".json",), "checklist.render.json", "stream", "the canonical result"),
        OutputFormat("csv", (".csv",), "checklist.render.csv", "stream", "one row per criterion, for spreadsheets"),
        OutputFormat("markdown", (".md",), "checklist.render.markdown", "stream", "for pull-request comments"),
        OutputFormat("junit", (".xml",), "checklist.render.junit", "stream", "JUnit XML for CI dashboards"),
        OutputFormat("sarif", (".sarif",), "checklist.render.sarif", "stream", "SARIF 2.1.0 for code scanning"),
        OutputFormat("html", (".html", ".htm"), "checklist.render.report.html", "file", "the audit report as HTML"),
        OutputFormat("pdf", (".pdf",), "checklist.render.report.pdf", "file", "the PDF/A-3 audit report"),
    )
}
TEXT_FORMATS = tuple(name for name, f in FORMATS.items() if f.shape != "file")


def by_suffix(suffix: str, default: str = "table") -> OutputFormat:
    """The format a file name's suffix asks for."""
    for fmt in FORMATS.values():
        if suffix.lower() in fmt.suffixes:
            return fmt
    return FORMATS[default]
