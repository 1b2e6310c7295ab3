"""The table renderer: a detailed view for one result, one line per deployment for a batch."""

from __future__ import annotations

from checklist.models.result import Summary
from checklist.render import table


def test_detail_shows_scores_tier_verdict_and_top_actions(mixed):
    text = table.detail(mixed, width=120, color=False)
    assert mixed.verdict.value.upper() in text
    assert f"Risk tier {mixed.tier.id}" in text
    for p in mixed.principles:
        assert p.title in text
    assert mixed.actions[0].criterion in text
    assert "\x1b[" not in text  # no colour codes when asked for none


def test_detail_in_colour_for_a_terminal(mixed):
    assert "\x1b[" in table.detail(mixed, width=120, color=True)


def test_summary_is_one_line_per_deployment_and_a_tally(results):
    text = table.summary([Summary.of(r) for r in results])
    lines = text.strip().splitlines()
    assert len(lines) == 2 + len(results) + 1
    assert lines[-1].startswith(f"{len(results)} deployments:")
