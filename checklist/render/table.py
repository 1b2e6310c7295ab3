"""Terminal tables (rich): one detailed view per deployment, or one summary row each for a batch."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checklist.models.result import Result, Summary

VERDICT_STYLE = {"ready": "bold green", "conditional": "bold yellow", "not-ready": "bold red"}
TOP_ACTIONS = 5


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
    table.add_column("Coverage", justify="right")
    for label in ("pass", "part.", "fail", "unans.", "n/a", "waived"):
        table.add_column(label, justify="right")
    for p in result.principles:
        c = p.counts
        table.add_row(
            p.title, _score(p.score), _pct(p.coverage),
            str(c["pass"]), str(c["partial"]), str(c["fail"] + c["invalid"]), str(c["unanswered"]),
            str(c["not-applicable"]), str(c["waived"]),
        )
    table.add_section()
    table.add_row(Text("Overall", style="bold"), Text(_score(result.overall_score), style="bold"), _pct(result.overall_coverage))
    console.print(table)
    t = result.tier
    console.print(f"Risk tier {t.id}: {t.title} (bar {t.bar:g}, floor {t.floor:g})")
    console.print(Text.assemble("Verdict: ", (result.verdict.value.upper(), VERDICT_STYLE[result.verdict.value])))
    for reason in result.verdict.reasons:
        console.print(f"  - {reason}", highlight=False)
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
            status = f"{a.status}, blocker" if a.blocker else a.status
            actions.add_row(str(a.rank), criterion, a.title, status, f"+{a.gain:.1f}")
        console.print(actions)
        console.print("Full remediation text: --format markdown, or `rai-checklist report` for the PDF.", style="dim")


def print_summary(console: Console, rows: list[Summary]) -> None:
    table = Table(show_edge=False, pad_edge=False)
    for column in ("Deployment", "Owner", "Tier", "Overall", "Coverage", "Verdict", "Top action"):
        table.add_column(column, justify="right" if column in ("Overall", "Coverage") else "left")
    for row in rows:
        table.add_row(
            row.name, row.owner, row.tier, _score(row.overall), _pct(row.coverage),
            Text(row.verdict, style=VERDICT_STYLE[row.verdict]), row.top_action or "—",
        )
    console.print(table)


def print_results(console: Console, results: list[Result]) -> None:
    if len(results) == 1:
        print_detail(console, results[0])
    else:
        print_summary(console, [Summary.of(r) for r in results])
