"""Plain-text tables for the terminal: the few pieces of rich's API the table view uses (`Console`,
`Table`, `Text`), rendered as aligned columns, with ANSI styles only when writing to a terminal.

Importing rich and laying out its tables took longer than assessing the deployment they show;
these tables need neither its markup nor its layout engine. Text is never parsed for markup,
so a `[` in a deployment's name prints as written.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any, NamedTuple

GAP = "  "  # between columns
MIN_WRAP = 12  # a wrapped column is never squeezed narrower than this (or its header)
_SGR = {
    "bold": "1", "dim": "2", "italic": "3", "underline": "4",
    "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36", "white": "37",
}


def cell_len(text: str) -> int:
    """Columns a string takes on a terminal: wide East Asian characters take two."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def styled(text: str, style: str | None, color: bool) -> str:
    if not color or not style or not text:
        return text
    codes = [_SGR[word] for word in style.split() if word in _SGR]
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text


class Span(NamedTuple):
    text: str
    style: str | None = None


class Text:
    """A line of text made of styled spans."""

    def __init__(self, text: str = "", style: str | None = None) -> None:
        self.spans = [Span(text, style)] if text else []

    @classmethod
    def assemble(cls, *parts: str | tuple[str, str]) -> Text:
        out = cls()
        for part in parts:
            out.spans.append(Span(part[0], part[1]) if isinstance(part, tuple) else Span(part))
        return out

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    def render(self, color: bool) -> str:
        return "".join(styled(s.text, s.style, color) for s in self.spans)

    def slice(self, start: int, end: int) -> Text:
        """Characters `start` to `end` of the plain text, each keeping its style."""
        out, offset = Text(), 0
        for span in self.spans:
            lo, hi = max(start, offset), min(end, offset + len(span.text))
            if lo < hi:
                out.spans.append(Span(span.text[lo - offset:hi - offset], span.style))
            offset += len(span.text)
        return out


def _as_text(value: Text | str) -> Text:
    return value if isinstance(value, Text) else Text(str(value))


def wrap(text: Text, width: int) -> list[Text]:
    """Word-wrapped lines, styles kept; a `- ` bullet's continuation lines hang under its text."""
    plain = text.plain
    if cell_len(plain) <= width:
        return [text]
    stripped = plain.lstrip()
    hanging = plain[: len(plain) - len(stripped)] + ("  " if stripped.startswith("- ") else "")
    out = []
    for n, (start, end) in enumerate(_breaks(plain, width, cell_len(hanging))):
        piece = text.slice(start, end)
        if n and hanging:
            piece.spans.insert(0, Span(hanging))
        out.append(piece)
    return out


def _breaks(plain: str, width: int, indent: int) -> list[tuple[int, int]]:
    """(start, end) of each line: greedy, at spaces; the first line keeps its leading spaces and
    later lines (printed after `indent` columns) start at a word; a word longer than a line is cut."""
    lines: list[tuple[int, int]] = []
    start, end = 0, 0  # the line so far is plain[start:end]; end 0: no word on it yet
    for match in re.finditer(r"\S+", plain):
        s, e = match.span()
        room = width - (indent if lines else 0)
        if end and cell_len(plain[start:e]) > room:  # the word does not fit: the line ends before it
            lines.append((start, end))
            start, end, room = s, 0, width - indent
        elif not end and lines:
            start = s
        while cell_len(plain[start:e]) > room:  # wider than a whole line: cut it
            cut = start + 1
            while cut < e and cell_len(plain[start:cut + 1]) <= room:
                cut += 1
            lines.append((start, cut))
            start, room = cut, width - indent
        end = e
    if end:
        lines.append((start, end))
    return lines or [(0, len(plain))]


class Column(NamedTuple):
    header: str
    justify: str = "left"
    no_wrap: bool = False
    min_width: int = 0


class Table:
    """Columns of cells under a header; `add_section` draws a rule before the next row."""

    def __init__(self, **_options: Any) -> None:  # rich's box options (show_edge, pad_edge...): the plain look has no box
        self.columns: list[Column] = []
        self.rows: list[list[Text]] = []
        self.rules: set[int] = set()  # a rule goes before these row indexes

    def add_column(self, header: str = "", *, justify: str = "left", no_wrap: bool = False, min_width: int | None = None,
                   **_options: Any) -> None:
        self.columns.append(Column(header, justify, no_wrap, min_width or 0))

    def add_row(self, *cells: Text | str) -> None:
        row = [_as_text(c) for c in cells]
        self.rows.append(row + [Text() for _ in range(len(self.columns) - len(row))])

    def add_section(self) -> None:
        self.rules.add(len(self.rows))

    def widths(self, width: int) -> list[int]:
        """Each column as wide as its widest cell; wrappable columns give way, widest first, to fit `width`."""
        out = [
            max(cell_len(col.header), col.min_width, *(cell_len(row[i].plain) for row in self.rows))
            for i, col in enumerate(self.columns)
        ]
        excess = sum(out) + len(GAP) * (len(out) - 1) - width
        while excess > 0:
            floors = {
                i: max(MIN_WRAP, cell_len(col.header), col.min_width)
                for i, col in enumerate(self.columns) if not col.no_wrap
            }
            candidates = [i for i, floor in floors.items() if out[i] > floor]
            if not candidates:
                break  # nothing left to wrap: the table is wider than the screen
            widest = max(candidates, key=lambda i: out[i])
            step = min(excess, out[widest] - floors[widest])
            out[widest] -= step
            excess -= step
        return out

    def lines(self, width: int, color: bool) -> list[str]:
        widths = self.widths(width)
        rule = GAP.join("-" * w for w in widths)
        out = [self._line([Text(c.header, "bold") for c in self.columns], widths, color), rule]
        for index, row in enumerate(self.rows):
            if index in self.rules:
                out.append(rule)
            cells = [[cell] if col.no_wrap else wrap(cell, w) for cell, col, w in zip(row, self.columns, widths, strict=True)]
            for n in range(max(len(c) for c in cells)):
                out.append(self._line([c[n] if n < len(c) else Text() for c in cells], widths, color))
        return out

    def _line(self, cells: list[Text], widths: list[int], color: bool) -> str:
        parts = []
        for text, col, w in zip(cells, self.columns, widths, strict=True):
            pad = " " * max(0, w - cell_len(text.plain))
            rendered = text.render(color)
            parts.append(pad + rendered if col.justify == "right" else rendered + pad)
        return GAP.join(parts).rstrip()


class Console:
    """Collects what is printed as text, wrapped to `width`, styled only when `color`."""

    def __init__(self, width: int = 80, color: bool = False) -> None:
        self.width = width
        self.color = color
        self.file = io.StringIO()

    def print(self, item: Table | Text | str = "", style: str | None = None, **_options: Any) -> None:
        if isinstance(item, Table):
            lines = item.lines(self.width, self.color)
        else:
            text = _as_text(item)
            if style is not None:
                text = Text.assemble(*((s.text, s.style or style) for s in text.spans))
            lines = [line.render(self.color) for line in wrap(text, self.width)]
        for line in lines:
            self.file.write(line + "\n")

    def getvalue(self) -> str:
        return self.file.getvalue()
