"""The executive summary's bar chart: one horizontal bar per principle against the tier's bar and
floor, as inline SVG. Chosen over the radar when scores are low or there are many principles."""

from __future__ import annotations

import textwrap
from html import escape

WIDTH = 640  # drawn across the page: 12 units are about 9 pt
LABEL_W = 170  # principle titles, right-aligned against the axis
PLOT_W = 420
ROW = 25
TOP = 34
BOTTOM = 30
FONT = 12


def _x(value: float) -> float:
    return round(LABEL_W + PLOT_W * max(0.0, min(100.0, value)) / 100, 2)


def bars_svg(rows: list[tuple[str, float | None, float | None]], bar: float, floor: float) -> str:
    """`rows`: (principle title, score or None, its own bar or None). Scores are text in the SVG,
    and the chart has a `<title>` and `<desc>` that screen readers read."""
    height = TOP + ROW * len(rows) + BOTTOM
    summary = "; ".join(f"{t} {'n/a' if s is None else f'{s:.1f}'}" for t, s, _ in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="Principle scores">'
        f"<title>Principle scores (0-100) against the bar ({bar:g}) and floor ({floor:g})</title><desc>{escape(summary)}</desc>"
    ]
    plot_bottom = TOP + ROW * len(rows)
    for tick in (0, 25, 50, 75, 100):
        x = _x(tick)
        parts.append(f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{plot_bottom}" stroke="#d5d5d5" stroke-width="0.8"/>')
        parts.append(f'<text x="{x}" y="{plot_bottom + 16}" text-anchor="middle" font-size="{FONT - 1}" fill="#4a4a4a">{tick}</text>')
    for index, (title, score, own) in enumerate(rows):
        y = TOP + ROW * index
        value = score or 0.0
        colour = "#a01414" if score is not None and score < floor else "#7a4100" if score is not None and score < bar else "#1f4e8c"
        lines = textwrap.wrap(title, 24, break_long_words=False) or [title]
        first = y + ROW / 2 + 4 - (FONT / 2) * (len(lines[:2]) - 1)
        for n, line in enumerate(lines[:2]):
            parts.append(
                f'<text x="{LABEL_W - 8}" y="{round(first + FONT * n, 2)}" text-anchor="end" font-size="{FONT}" fill="#1a1a1a">'
                f"{escape(line)}</text>"
            )
        if score is not None:
            width = round(_x(value) - LABEL_W, 2)
            parts.append(f'<rect x="{LABEL_W}" y="{y + 6}" width="{width}" height="{ROW - 12}" fill="{colour}" fill-opacity="0.85"/>')
        text = "n/a" if score is None else f"{score:.1f}"
        parts.append(
            f'<text x="{_x(value) + 5}" y="{y + ROW / 2 + 4}" font-size="{FONT}" font-weight="bold" fill="#1a1a1a">{text}</text>'
        )
        if own is not None:
            parts.append(
                f'<line x1="{_x(own)}" y1="{y + 3}" x2="{_x(own)}" y2="{y + ROW - 3}" stroke="#13315c" stroke-width="2.5"/>'
            )
    for value, colour, dash, label, anchor in (
        (bar, "#1a5e20", "", f"bar {bar:g}", "start"),
        (floor, "#a01414", ' stroke-dasharray="5 3"', f"floor {floor:g}", "end"),
    ):
        x = _x(value)
        parts.append(f'<line x1="{x}" y1="{TOP - 10}" x2="{x}" y2="{plot_bottom}" stroke="{colour}" stroke-width="2"{dash}/>')
        offset = 3 if anchor == "start" else -3
        parts.append(
            f'<text x="{x + offset}" y="{TOP - 14}" text-anchor="{anchor}" font-size="{FONT}" font-weight="bold" fill="{colour}">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
