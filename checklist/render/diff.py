"""Views of a diff between two assessments: a plain-text table for the terminal, Markdown for a
pull-request comment (everything from the inputs escaped), and JSON (the DiffReport model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checklist.models.diff import Change, CriterionChange, DiffReport, ResultDiff

_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})
VERDICT_MARK = {"better": "better", "worse": "WORSE", "same": "unchanged"}


def _md(text: object) -> str:
    """Text from an input, made inert for Markdown: one line, no markup, no HTML."""
    return " ".join(str(text).split()).translate(_ESCAPE)


def _plain(text: object) -> str:
    return " ".join(str(text).split())


def _num(value: float | None, pct: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.0f}%" if pct else f"{value:.1f}"


def _delta(change: Change, pct: bool = False) -> str:
    if change.delta is None:
        return ""
    value = change.delta * 100 if pct else change.delta
    if abs(value) < 0.05:
        return "±0"
    return f"{value:+.0f} pts" if pct else f"{value:+.1f}"


def _status(status: str | None, score: float | None) -> str:
    return "-" if status is None else f"{status} ({score:.2f})" if score is not None else status


def _answer(c: CriterionChange, esc: Callable[[object], str], arrow: str) -> str:
    parts = []
    if c.old_answer != c.new_answer and c.change not in ("appeared", "disappeared"):
        parts.append(f"answer {esc(c.old_answer or '-')} {arrow} {esc(c.new_answer or '-')}")
    for e in c.evidence:
        digest = f" sha256 {(e.new_sha256 or e.old_sha256 or '')[:12]}" if (e.new_sha256 or e.old_sha256) else ""
        parts.append(f"evidence {e.change}: {esc(e.title)}{digest}")
    if c.notes_changed:
        parts.append("notes changed")
    return "; ".join(parts)


def _heading(d: ResultDiff) -> str:
    same_name = d.old.name == d.new.name
    return d.new.name if same_name else f"{d.old.name} → {d.new.name}"


# ---- table -------------------------------------------------------------------------------------


def _columns(rows: Sequence[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))).rstrip()
            for r in rows]


def table_one(d: ResultDiff) -> list[str]:
    lines = [f"{_plain(_heading(d))}: {d.old.source_path} ({d.old.date}) -> {d.new.source_path} ({d.new.date})"]
    lines += [f"  WARNING: {_plain(w)}" for w in d.warnings]
    lines.append(f"Verdict: {d.old.verdict} -> {d.new.verdict} ({VERDICT_MARK[d.verdict]})")
    lines.append(f"Overall: {_num(d.overall.old)} -> {_num(d.overall.new)} ({_delta(d.overall) or '±0'}); "
                 f"answered {_num(d.answered.old)} -> {_num(d.answered.new)}; "
                 f"coverage {_num(d.coverage.old, True)} -> {_num(d.coverage.new, True)}"
                 + (f"; tier {d.tier[0]} -> {d.tier[1]}" if d.tier[0] != d.tier[1] else ""))
    rows: list[tuple[str, ...]] = [("Principle", "Old", "New", "Change", "Coverage", "Flagged")]
    for p in d.principles:
        flagged = {(False, True): "newly", (True, False): "cleared", (True, True): "yes"}.get((bool(p.flagged[0]), bool(p.flagged[1])), "")
        coverage = f"{_num(p.coverage.old, True)} -> {_num(p.coverage.new, True)}"
        rows.append((_plain(p.title) + ("" if p.presence == "both" else f" ({p.presence})"), _num(p.score.old), _num(p.score.new),
                     _delta(p.score) or "±0", coverage, flagged))
    lines += [""] + _columns(rows, {1, 2, 3})
    for r in d.red_lines:
        lines.append(f"Red line {r.id} {_plain(r.title)}: {r.old or 'none'} -> {r.new or 'none'}")
    if d.criteria:
        rows = [("Change", "Criterion", "Old", "New", "What changed")]  # a new table
        for c in d.criteria:
            rows.append((c.change, f"{c.id} {_plain(c.title)}"[:60], _status(c.old_status, c.old_score),
                         _status(c.new_status, c.new_score), _answer(c, _plain, '->')))
        lines += [""] + _columns(rows, set())
    else:
        lines += ["", "No criterion changed."]
    if d.context:
        lines += [""] + [f"Context {f.fact}: {_plain(f.old)} -> {_plain(f.new)}" for f in d.context]
    if d.regressions:
        lines += ["", "Regressions: " + "; ".join(d.regressions)]
    return lines


def table(report: DiffReport) -> str:
    lines: list[str] = []
    for index, d in enumerate(report.diffs):
        if index:
            lines.append("")
        lines += table_one(d)
    lines += [f"Only in OLD: {name}" for name in report.only_old] + [f"Only in NEW: {name}" for name in report.only_new]
    return "\n".join(lines) + "\n"


# ---- Markdown ----------------------------------------------------------------------------------


def markdown_one(d: ResultDiff) -> list[str]:
    lines = [f"## {_md(_heading(d))}: {d.old.verdict} → **{d.new.verdict}** ({VERDICT_MARK[d.verdict]})", ""]
    lines += [f"> **Warning:** {_md(w)}" for w in d.warnings]
    if d.warnings:
        lines.append("")
    lines += [
        f"Overall **{_num(d.overall.old)} → {_num(d.overall.new)}** ({_delta(d.overall) or '±0'}) · "
        f"answered {_num(d.answered.old)} → {_num(d.answered.new)} · "
        f"coverage {_num(d.coverage.old, True)} → {_num(d.coverage.new, True)}"
        + (f" · tier {_md(d.tier[0])} → {_md(d.tier[1])}" if d.tier[0] != d.tier[1] else ""),
        "",
        "| Principle | Old | New | Change | Coverage | Flagged |",
        "|---|---:|---:|---:|---|---|",
    ]
    for p in d.principles:
        flagged = {(False, True): "**newly**", (True, False): "cleared", (True, True): "yes"}.get(
            (bool(p.flagged[0]), bool(p.flagged[1])), "")
        lines.append(f"| {_md(p.title)}{'' if p.presence == 'both' else f' ({p.presence})'} | {_num(p.score.old)} | {_num(p.score.new)} "
                     f"| {_delta(p.score) or '±0'} | {_num(p.coverage.old, True)} → {_num(p.coverage.new, True)} | {flagged} |")
    if d.red_lines:
        lines += [""] + [f"- **Red line {_md(r.id)}** {_md(r.title)}: {r.old or 'none'} → {r.new or 'none'}" for r in d.red_lines]
    for kind, title in (("regressed", "Regressed"), ("improved", "Improved"), ("appeared", "Appeared"),
                        ("disappeared", "Disappeared"), ("changed", "Changed answers and evidence")):
        group = [c for c in d.criteria if c.change == kind]
        if not group:
            continue
        lines += ["", f"### {title} ({len(group)})", "", "| Criterion | Old | New | What changed |", "|---|---|---|---|"]
        for c in group:
            lines.append(f"| {_md(c.id)} {_md(c.title)} | {_status(c.old_status, c.old_score)} | {_status(c.new_status, c.new_score)} "
                         f"| {_answer(c, _md, '→')} |")
    if d.context:
        lines += ["", "### Context", ""] + [f"- {_md(f.fact)}: {_md(f.old)} → {_md(f.new)}" for f in d.context]
    if d.rubric_changes:
        lines += ["", "<details><summary>Rubric files that differ</summary>", ""]
        lines += [f"- {i.change}: {_md(i.name)} ({_md(i.role)})" for i in d.rubric_changes]
        lines += ["", "</details>"]
    return lines


def markdown(report: DiffReport) -> str:
    lines: list[str] = []
    for index, d in enumerate(report.diffs):
        if index:
            lines.append("")
        lines += markdown_one(d)
    if report.only_old or report.only_new:
        lines += [""] + [f"- Only in the old assessment: {_md(n)}" for n in report.only_old]
        lines += [f"- Only in the new assessment: {_md(n)}" for n in report.only_new]
    return "\n".join(lines) + "\n"


def json_text(report: DiffReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


VIEWS: dict[str, Callable[[DiffReport], str]] = {"table": table, "markdown": markdown, "json": json_text}
