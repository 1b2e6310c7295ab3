"""The executive summary's radar chart: inline SVG computed here, so no plotting library is needed."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Axis:
    label: str
    score: float | None  # 0-100, None when no criterion applies


WIDTH = 520  # wide enough for labels left and right of the chart
SIZE = 400
CENTRE_X = WIDTH / 2
CENTRE = SIZE / 2 + 6
RADIUS = 122
FONT = 14  # drawn at about 8.5 pt in the report
LINE = 15


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * value / 100
    return round(CENTRE_X + r * math.cos(angle), 2), round(CENTRE + r * math.sin(angle), 2)


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def radar_svg(axes: list[Axis], bar: float, floor: float) -> str:
    """Scores as a filled polygon over labelled rings at 25/50/75/100, with the tier's bar (solid
    green) and floor (dashed red) and a legend naming both.

    Labels and scores are text in the SVG, so the PDF keeps them as text and the chart has a
    `<title>` and `<desc>` that screen readers read."""
    count = max(len(axes), 3)
    parts: list[str] = []
    summary = "; ".join(f"{a.label} {'n/a' if a.score is None else f'{a.score:.1f}'}" for a in axes)
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {SIZE}" width="{WIDTH}" height="{SIZE}" '
        f'role="img" aria-label="Principle scores">'
        f"<title>Principle scores (0-100)</title><desc>{escape(summary)}</desc>"
    )
    for ring in (25, 50, 75, 100):
        ring_points = [_point(i, count, ring) for i in range(count)]
        parts.append(f'<polygon points="{_polygon(ring_points)}" fill="none" stroke="#c7c7c7" stroke-width="0.8"/>')
    for value, colour, dash in ((bar, "#1a5e20", ""), (floor, "#a01414", ' stroke-dasharray="5 3"')):
        line_points = [_point(i, count, value) for i in range(count)]
        parts.append(f'<polygon points="{_polygon(line_points)}" fill="none" stroke="{colour}" stroke-width="1.8"{dash}/>')
    for i in range(count):
        x, y = _point(i, count, 100)
        parts.append(f'<line x1="{CENTRE_X}" y1="{CENTRE}" x2="{x}" y2="{y}" stroke="#c7c7c7" stroke-width="0.8"/>')
    score_points = [_point(i, count, a.score or 0) for i, a in enumerate(axes)]
    parts.append(
        f'<polygon points="{_polygon(score_points)}" fill="#1f4e8c" fill-opacity="0.22" stroke="#1f4e8c" stroke-width="2"/>'
    )
    for x, y in score_points:
        parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="#1f4e8c"/>')
    angle = math.pi / count  # the ring labels sit between the first two axes, clear of the score labels
    for ring in (25, 50, 75, 100):
        r = RADIUS * ring / 100
        x, y = round(CENTRE_X + r * math.sin(angle) * 0.98, 2), round(CENTRE - r * math.cos(angle) * 0.98, 2)
        parts.append(f'<text x="{x}" y="{y}" text-anchor="middle" font-size="{FONT - 3}" fill="#6a6a6a">{ring}</text>')
    for i, axis in enumerate(axes):
        x, y = _point(i, count, 114)
        anchor = "middle" if abs(x - CENTRE_X) < 8 else ("start" if x > CENTRE_X else "end")
        dy = -4 if y < CENTRE - 8 else (LINE if y > CENTRE + 8 else 4)
        score = "n/a" if axis.score is None else f"{axis.score:.1f}"
        lines = _wrap(axis.label)
        if y < CENTRE - 8:  # labels above the chart grow upward
            dy -= LINE * len(lines)
        for n, text in enumerate(lines + [score]):
            weight = ' font-weight="bold"' if n == len(lines) else ""
            parts.append(
                f'<text x="{x}" y="{round(y + dy + LINE * n, 2)}" text-anchor="{anchor}" font-size="{FONT}"{weight} fill="#1a1a1a">'
                f"{escape(text)}</text>"
            )
    legend_y = SIZE - 8
    parts.append(f'<line x1="8" y1="{legend_y - 4}" x2="30" y2="{legend_y - 4}" stroke="#1a5e20" stroke-width="1.8"/>')
    parts.append(f'<text x="34" y="{legend_y}" font-size="{FONT - 2}" fill="#1a1a1a">bar {bar:g}</text>')
    parts.append(
        f'<line x1="8" y1="{legend_y - 20}" x2="30" y2="{legend_y - 20}" stroke="#a01414" stroke-width="1.8" stroke-dasharray="5 3"/>'
    )
    parts.append(f'<text x="34" y="{legend_y - 16}" font-size="{FONT - 2}" fill="#1a1a1a">floor {floor:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _wrap(label: str, width: int = 14) -> list[str]:
    """Long principle titles on two lines, so they stay inside the chart's box."""
    return textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [label]
