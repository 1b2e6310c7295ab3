"""Presentation choices shared by several renderers (never a score)."""

from __future__ import annotations

from checklist.models.result import Result

TOP_ACTIONS = 5  # the actions a summary shows before pointing at the full plan
VERDICT_WORDS = {
    "prohibited": "Prohibited",
    "not-ready": "Not ready",
    "incomplete": "Incomplete",
    "conditional": "Conditional",
    "ready": "Ready",
}


def labelled_reasons(result: Result) -> list[tuple[str, str]]:
    """The verdict's reasons in order, each labelled: red line, finding, gap or bar."""
    findings, gaps = set(result.verdict.findings), set(result.verdict.gaps)
    out = []
    for reason in result.verdict.reasons:
        if reason.startswith("prohibited:"):
            label = "red line"
        elif reason.startswith("red line "):
            label = "lifted"
        elif reason in findings:
            label = "finding"
        elif reason in gaps:
            label = "gap"
        else:
            label = "bar" if result.verdict.value == "conditional" else "note"
        out.append((label, reason))
    return out
