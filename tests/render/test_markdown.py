"""The Markdown renderer: verdict, reasons, a row per principle and the ranked actions."""

from __future__ import annotations

import re

from checklist.models.result import FAILED
from checklist.render import markdown


def test_markdown_shows_verdict_principles_and_actions(mixed):
    text = markdown.one(mixed)
    assert f"**{mixed.verdict.value}**" in text
    for reason in mixed.verdict.reasons:
        assert reason.split(" ")[0] in text
    for p in mixed.principles:
        failed = sum(p.counts[s] for s in FAILED)
        assert f"| {p.title} |" in text and f"| {failed} |" in text
    first = mixed.actions[0]
    assert f"| 1 | {first.criterion}" in text


def test_pipes_in_names_cannot_break_the_table(mixed):
    assert "pipes" in mixed.deployment.name
    header = markdown.one(mixed).splitlines()[0]
    assert "\\|" in header


def test_text_from_inputs_cannot_become_markup(mixed):
    hostile = mixed.model_copy(update={"deployment": mixed.deployment.model_copy(
        update={"name": "<img src=x onerror=alert(1)> [click](https://evil.example) ![i](x.png) **bold** # head"}
    )})
    header = markdown.one(hostile).splitlines()[0]
    assert "<img" not in header and "&lt;img" in header
    assert "[click](" not in header and "\\[click\\]" in header and "**bold**" not in header


def test_results_are_separated_by_a_blank_line(results):
    text = "".join(markdown.join(markdown.one(r) for r in results))
    assert len(re.findall(r"^## ", text, re.M)) == len(results)
    assert "\n\n## " in text
