"""Markdown summary, for pull-request comments and wikis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checklist.models.result import FAILED, Result
from checklist.render.common import labelled_reasons

# Markdown punctuation that could turn input text into links, images, emphasis or headings.
# Mid-line, only these can start markup (a `(` or `!` needs a `[` or `]` next to it to matter).
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _cell(text: str) -> str:
    """Text from an input, made inert: one line, no markup, no HTML."""
    return " ".join(text.split()).translate(_ESCAPE)


def one(r: Result) -> str:
    d = r.deployment
    lines = [
        f"## {_cell(d.name)}: **{r.verdict.value}**",
        "",
        f"Owner: {_cell(d.owner)} · Date: {d.date.isoformat()} · Risk tier {r.tier.id} ({_cell(r.tier.title)}) · "
        f"Overall **{r.overall_score:.1f}** / 100 (answered {_score(r.overall_answered_score)}) · "
        f"Coverage {r.overall_coverage * 100:.0f}% (minimum {r.min_coverage * 100:.0f}%)",
        "",
        *[f"- **{label}**: {_cell(reason)}" for label, reason in labelled_reasons(r)],
        "",
        "| Principle | Score | Answered | Coverage | Pass | Partial | Fail | Unanswered | Flagged |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for p in r.principles:
        c = p.counts
        coverage = "—" if p.coverage is None else f"{p.coverage * 100:.0f}%"
        lines.append(
            f"| {_cell(p.title)} | {_score(p.score)} | {_score(p.answered_score)} | {coverage} | {c['pass']} | {c['partial']} "
            f"| {sum(c[s] for s in FAILED)} | {c['unanswered']} | {'yes' if p.flagged else ''} |"
        )
    if r.actions:
        lines += ["", "### Actions, most urgent first", "", "| # | Criterion | Status | Gain | What to do |", "|---:|---|---|---:|---|"]
        for a in r.actions:
            kind = " (red line)" if a.kind == "prohibition" else " (blocker)" if a.blocker else ""
            gain = "stop" if a.kind == "prohibition" else f"+{a.gain:.1f}"
            lines.append(f"| {a.rank} | {a.criterion}{kind}: {_cell(a.title)} | {a.status} | {gain} | {_cell(a.remediation)} |")
    return "\n".join(lines) + "\n"


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def join(chunks: Iterable[str]) -> Iterator[str]:
    """Results one after another, a blank line between them."""
    for index, chunk in enumerate(chunks):
        if index:
            yield "\n"
        yield chunk
