"""Markdown summary, for pull-request comments and wikis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checklist.models.result import FAILED, Result


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def one(r: Result) -> str:
    d = r.deployment
    lines = [
        f"## {_cell(d.name)}: **{r.verdict.value}**",
        "",
        f"Owner: {_cell(d.owner)} · Date: {d.date.isoformat()} · Risk tier {r.tier.id} ({_cell(r.tier.title)}) · "
        f"Overall **{r.overall_score:.1f}** / 100 · Coverage {r.overall_coverage * 100:.0f}%",
        "",
        *[f"- {_cell(reason)}" for reason in r.verdict.reasons],
        "",
        "| Principle | Score | Coverage | Pass | Partial | Fail | Unanswered |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in r.principles:
        c = p.counts
        score = "n/a" if p.score is None else f"{p.score:.1f}"
        coverage = "—" if p.coverage is None else f"{p.coverage * 100:.0f}%"
        lines.append(
            f"| {_cell(p.title)} | {score} | {coverage} | {c['pass']} | {c['partial']} | {sum(c[s] for s in FAILED)} | {c['unanswered']} |"
        )
    if r.actions:
        lines += ["", "### Actions, most urgent first", "", "| # | Criterion | Status | Gain | What to do |", "|---:|---|---|---:|---|"]
        for a in r.actions:
            blocker = " (blocker)" if a.blocker else ""
            lines.append(
                f"| {a.rank} | {a.criterion}{blocker}: {_cell(a.title)} | {a.status} | +{a.gain:.1f} | {_cell(a.remediation)} |"
            )
    return "\n".join(lines) + "\n"


def join(chunks: Iterable[str]) -> Iterator[str]:
    """Results one after another, a blank line between them."""
    for index, chunk in enumerate(chunks):
        if index:
            yield "\n"
        yield chunk
