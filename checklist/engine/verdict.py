"""Red lines and the verdict: tell a finding (something wrong) from a gap (something not known).

Most severe first: `prohibited` (a red line holds), `not-ready` (a finding: a failed blocker, a
flagged principle, the overall answered score under the floor), `incomplete` (no finding, but too
little answered to conclude, or a blocker unanswered), `conditional` (short of the bar),
`ready`. The reasons name the red lines, then the findings that decided it, then the gaps that
stand between it and a better verdict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from checklist.engine.score import TierNumbers
from checklist.models.base import construct
from checklist.models.conditions import UNSPECIFIED
from checklist.models.policy import Prohibition
from checklist.models.result import PrincipleResult, ProhibitionResult, VerdictResult, in_scope

GAP_IDS = 8  # a gap line names at most this many criteria


def red_lines(
    prohibitions: list[Prohibition], context: Mapping[str, Any], day: dt.date,
    origins: Mapping[str, str], lifted: Mapping[str, str],
) -> list[ProhibitionResult]:
    """The red lines in force on `day` whose condition holds, in policy order."""
    out = []
    for p in prohibitions:
        holds = p.when.truth(context) if p.in_force(day) else False
        if holds is False:
            continue
        open_facts = sorted({f for f in p.when.facts() if _open(context.get(f))}) if holds is None else []
        out.append(construct(ProhibitionResult,
            id=p.id, title=p.title, reason=" ".join(p.reason.split()), source=p.source.title, section=p.source.section,
            url=p.source.url, framework=p.source.framework, effective_from=p.effective_from, effective_until=p.effective_until,
            origin=origins.get(p.id, ""), lifted=lifted.get(p.id), possible=holds is None, open_facts=open_facts,
        ))
    return out


def _open(value: Any) -> bool:
    return value == UNSPECIFIED or (isinstance(value, list) and UNSPECIFIED in value)


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:GAP_IDS])
    return shown + (f" and {len(ids) - GAP_IDS} more" if len(ids) > GAP_IDS else "")


def verdict(
    principles: list[PrincipleResult], overall_score: float, overall_answered: float | None, coverage: float,
    tier: TierNumbers, needed: float, prohibitions: list[ProhibitionResult],
) -> VerdictResult:
    """The verdict from scored principles alone: `needed` is the coverage the policy asks of this tier."""
    held = [p for p in prohibitions if p.binding]
    possible = [p for p in prohibitions if p.lifted is None and p.possible]
    red = [
        f"prohibited: {p.title} ({p.source}{', ' + p.section if p.section else ''}"
        f"{', in force from ' + p.effective_from.isoformat() if p.effective_from else ''}): {p.reason}"
        for p in held
    ]
    lifted = [f"red line {p.id} ({p.title}) lifted by {p.lifted}" for p in prohibitions if p.lifted is not None]

    findings = [f for p in principles for f in p.findings]
    if overall_answered is not None and overall_answered < tier.floor:
        findings.append(f"overall score {overall_answered:.1f} on what was answered is under tier {tier.id}'s floor of {tier.floor:g}")

    criteria = [c for p in principles for c in p.criteria if in_scope(c.status)]
    unanswered = [c for c in criteria if c.status == "unanswered"]
    blocker_gaps = [c for c in unanswered if c.blocker]
    gaps = [
        f"red line {p.id} ({p.title}) may hold: {', '.join(p.open_facts)} {'is' if len(p.open_facts) == 1 else 'are'} unspecified"
        f" ({p.source}{', ' + p.section if p.section else ''})"
        for p in possible
    ]
    gaps += [f"blocker {c.id} ({c.title}) is {'answered unknown' if c.unknown else 'unanswered'}" for c in blocker_gaps]
    if coverage < needed:
        others = [c.id for c in unanswered if not c.blocker]
        gaps.append(
            f"coverage {coverage * 100:.0f}% is under the policy's minimum of {needed * 100:.0f}%"
            + (f": answer {_ids(others)} to conclude" if others else "")
        )
    elif unanswered and len(unanswered) > len(blocker_gaps):
        others = [c.id for c in unanswered if not c.blocker]
        gaps.append(f"{len(others)} question(s) unanswered, each counting 0: {_ids(others)}")

    short = _short_of_bar(principles, overall_score, tier)
    if held:
        return _result("prohibited", lifted + red + findings + gaps, findings, gaps)
    if findings:
        return _result("not-ready", lifted + findings + gaps, findings, gaps)
    if possible or blocker_gaps or coverage < needed:
        return _result("incomplete", lifted + gaps, findings, gaps)
    if short:
        return _result("conditional", lifted + short + gaps, findings, gaps)
    clear = f"overall {overall_score:.1f} and every principle clear tier {tier.id}'s bar of {tier.bar:g}, and every blocker passes"
    return _result("ready", [*lifted, clear, *gaps], findings, gaps)


def _short_of_bar(principles: list[PrincipleResult], overall_score: float, tier: TierNumbers) -> list[str]:
    """What stands between an answered, unflagged deployment and `ready`."""
    reasons = []
    for p in principles:
        for c in p.criteria:
            if c.blocker and in_scope(c.status) and c.status == "partial":
                reasons.append(f"blocker {c.id} ({c.title}) is only partial")
    if overall_score < tier.bar:
        reasons.append(f"overall score {overall_score:.1f} is under tier {tier.id}'s bar of {tier.bar:g}")
    for p in principles:
        if p.score is None:
            continue
        if p.score < tier.bar:
            reasons.append(f"{p.title} scores {p.score:.1f}, under tier {tier.id}'s bar of {tier.bar:g}")
        elif p.min_score is not None and p.score < p.min_score:
            reasons.append(f"{p.title} scores {p.score:.1f}, under its own bar of {p.min_score:g}")
    return reasons


def _result(value: str, reasons: list[str], findings: list[str], gaps: list[str]) -> VerdictResult:
    return construct(VerdictResult, value=value, reasons=reasons, findings=findings, gaps=gaps)
