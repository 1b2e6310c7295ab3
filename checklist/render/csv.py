"""CSV, one row per criterion, for the spreadsheet-based risk registers most offices keep.

UTF-8 with a byte-order mark, so that Excel reads accented names right when the file is opened by
double-click (LibreOffice, pandas with `utf-8-sig`, and Python's csv module read it as well);
CRLF line ends (RFC 4180). Text from the inputs that a spreadsheet would take for a formula
(`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed with `'`, so opening the file never
runs anything. Lists are joined with `; ` in one cell: evidence as `title (path or URL)`, and its
SHA-256 hashes in the same order (`-` for a link, which is never fetched)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from checklist.models.result import CriterionResult, Result

BOM = "\ufeff"
COLUMNS = (
    "deployment", "file", "verdict", "principle", "criterion", "title", "status", "score", "blocker", "answer",
    "notes", "evidence", "evidence_sha256", "references", "remediation",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def _answer(c: CriterionResult) -> str:
    if c.unknown:
        return "unknown"
    if c.answer is not None:
        return c.answer_label and f"{c.answer} ({c.answer_label})" or c.answer
    if c.figure_text is not None or c.figure is not None:
        return c.figure_text or f"{c.figure:g}"
    if c.items is not None:
        return "; ".join(c.items)
    return ""


def _reference(ref: object) -> str:
    title = getattr(ref, "title", "")
    section = getattr(ref, "section", None)
    return f"{title}, {section}" if section else str(title)


def one(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for p in result.principles:
        for c in p.criteria:
            writer.writerow([_safe(str(v)) for v in (
                result.deployment.name, result.source_path or result.source_name, result.verdict.value, p.id, c.id, c.title,
                c.status, f"{c.score:.2f}", "yes" if c.blocker else "no", _answer(c), c.notes,
                "; ".join(f"{e.title} ({e.path or e.url})" for e in c.evidence), "; ".join(e.sha256 or "-" for e in c.evidence),
                "; ".join(_reference(ref) for ref in c.references), c.remediation,
            )])
    return buffer.getvalue()


def header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(COLUMNS)
    return buffer.getvalue()


def join(chunks: Iterable[str]) -> Iterator[str]:
    """The byte-order mark and the header once, then each deployment's rows."""
    yield BOM + header()
    yield from chunks
