"""Terminal tables: one detailed view per deployment, or one summary row each for a batch.

Plain text (checklist.render.textkit, which speaks the part of rich's API used here), styled
only on a terminal: rich cost more to import and lay out than the assessment it shows."""

from __future__ import annotations

from checklist.models.result import FAILED, VERDICTS, Result, Summary
from checklist.render.common import TOP_ACTIONS, labelled_reasons
from checklist.render.textkit import Console, Table, Text

VERDICT_STYLE = {
    "prohibited": "bold white on red", "not-ready": "bold red", "incomplete": "bold magenta",
    "conditional": "bold yellow", "ready": "bold green",
}
LABEL_STYLE = {"red line": "bold red", "lifted": "bold red", "finding": "red", "gap": "magenta", "bar": "yellow", "note": ""}


def detail(result: Result, width: int, color: bool) -> str:
    """The detailed view of one result, as text (with terminal colours when `color`)."""
    console = Console(width, color)
    print_detail(console, result)
    return console.getvalue()


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def print_detail(console: Console, result: Result) -> None:
    d = result.deployment
    console.print(Text.assemble((d.name, "bold"), f"  ({d.owner}, {d.date.isoformat()})"))
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("Principle", no_wrap=True)
    table.add_column("Score", justify="right")
    table.add_column("Answered", justify="right")
    table.add_column("Coverage", justify="right")
    for label in ("pass", "part.", "fail", "unans.", "n/a", "waived"):
        table.add_column(label, justify="right")
    for p in result.principles:
        c = p.counts
        title = Text.assemble(p.title, (" (flagged)", "red")) if p.flagged else Text(p.title)
        table.add_row(
            title, _score(p.score), _score(p.answered_score), _pct(p.coverage),
            str(c["pass"]), str(c["partial"]), str(sum(c[s] for s in FAILED)), str(c["unanswered"]),
            str(c["not-applicable"]), str(c["waived"]),
        )
    table.add_section()
    table.add_row(
        Text("Overall", style="bold"), Text(_score(result.overall_score), style="bold"), _score(result.overall_answered_score),
        _pct(result.overall_coverage),
    )
    console.print(table)
    t = result.tier
    console.print(f"Risk tier {t.id}: {t.title} (bar {t.bar:g}, floor {t.floor:g})")
    console.print(Text.assemble("Verdict: ", (result.verdict.value.upper(), VERDICT_STYLE[result.verdict.value])))
    for label, reason in labelled_reasons(result):
        console.print(Text.assemble("  - ", (f"{label}: ", LABEL_STYLE[label]), reason))
    if result.actions:
        console.print(Text(f"Top {min(TOP_ACTIONS, len(result.actions))} of {len(result.actions)} actions", style="bold"))
        actions = Table(show_edge=False, pad_edge=False)
        actions.add_column("#", justify="right")
        actions.add_column("Criterion", no_wrap=True)
        actions.add_column("Title")
        actions.add_column("Status", no_wrap=True)
        actions.add_column("Gain", justify="right", no_wrap=True)
        for a in result.actions[:TOP_ACTIONS]:
            criterion = Text(a.criterion, style="bold red") if a.blocker else Text(a.criterion)
            status = "red line" if a.kind == "prohibition" else f"{a.status}, blocker" if a.blocker else a.status
            gain = "stop" if a.kind == "prohibition" else f"+{a.gain:.1f}"
            actions.add_row(str(a.rank), criterion, a.title, status, gain)
        console.print(actions)
        console.print("Full remediation text: --format markdown, or `rai-checklist report` for the PDF.", style="dim")


SUMMARY_COLUMNS = ("Deployment", "Owner", "Tier", "Overall", "Coverage", "Verdict", "Top action")


def summary(rows: list[Summary]) -> str:
    """One aligned line per deployment. Plain text rather than a rich table: rich lays out a
    thousand-row table in most of a second, and a batch listing needs no wrapping."""
    cells = [
        (row.name, row.owner, row.tier, _score(row.overall), _pct(row.coverage), row.verdict, row.top_action or "—")
        for row in rows
    ]
    widths = [max([len(column), *(len(c[i]) for c in cells)]) for i, column in enumerate(SUMMARY_COLUMNS)]
    right = {3, 4}

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))).rstrip()

    counts = {v: sum(1 for r in rows if r.verdict == v) for v in VERDICTS}
    tally = ", ".join(f"{n} {v}" for v, n in counts.items() if n)  # most severe first
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(SUMMARY_COLUMNS), rule, *map(line, cells), f"{len(rows)} deployments: {tally}"]) + "\n"
