"""Principle and overall scores, the risk tier, and the ranked actions.

Two scores per principle: the score (unanswered counts 0, so skipping never helps) decides
whether the bar is cleared; the answered score (over what was answered) decides whether there
is a finding. A principle is flagged only for findings, never for what nobody answered.
Scores are rounded to one decimal before any comparison, so the figure a reader sees is the
figure the verdict was decided on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from checklist.models.base import construct
from checklist.models.policy import Policy, Tier
from checklist.models.result import (
    ANSWERED,
    FAILS_BLOCKER,
    SINKS_BLOCKER,
    STATUSES,
    Action,
    CriterionResult,
    PolicyNumbers,
    PrincipleResult,
    ProhibitionResult,
    TierResult,
    in_scope,
)
from checklist.models.rubric import Rubric


class TierNumbers(Protocol):
    """What scoring reads of a tier: a policy's Tier, or the TierResult a saved result carries."""

    @property
    def id(self) -> str: ...

    @property
    def bar(self) -> float: ...

    @property
    def floor(self) -> float: ...


def coverage(criteria: list[CriterionResult]) -> float | None:
    """Answered / in scope; None when nothing is in scope."""
    scoped = [c for c in criteria if in_scope(c.status)]
    return round(sum(1 for c in scoped if c.status in ANSWERED) / len(scoped), 4) if scoped else None


def weighted(criteria: list[CriterionResult]) -> float | None:
    """100 × the weighted mean score; None when there is nothing to weigh."""
    total = sum(c.weight for c in criteria)
    return round(100 * sum(c.weight * c.score for c in criteria) / total, 1) if total else None


def score_principle(rubric: Rubric, criteria: list[CriterionResult], tier: Tier, origin: str = "") -> PrincipleResult:
    return principle_result(
        {"id": rubric.id, "title": rubric.title, "statement": rubric.statement, "version": rubric.version,
         "weight": rubric.weight, "min_score": rubric.min_score, "origin": origin},
        criteria, tier,
    )


def principle_result(about: Mapping[str, Any], criteria: list[CriterionResult], tier: TierNumbers) -> PrincipleResult:
    """A principle's scores, coverage, counts and findings from its criteria alone. `about` holds what
    is copied, not computed (id, title, statement, version, weight, min_score, origin), so a saved
    result can be scored again without its rubric."""
    scoped = [c for c in criteria if in_scope(c.status)]
    answered_score = weighted([c for c in scoped if c.status in ANSWERED])
    findings = [f"blocker {c.id} ({c.title}) is {c.status}" for c in scoped if c.blocker and c.status in FAILS_BLOCKER]
    if answered_score is not None and answered_score < tier.floor:
        title = about["title"]
        findings.append(f"{title} scores {answered_score:.1f} on what was answered, under tier {tier.id}'s floor of {tier.floor:g}")
    return construct(PrincipleResult,
        **about,
        score=weighted(scoped),
        answered_score=answered_score,
        coverage=coverage(criteria),
        flagged=bool(findings),
        findings=findings,
        counts={status: sum(1 for c in criteria if c.status == status) for status in STATUSES},
        unknown=sum(1 for c in criteria if c.unknown),
        criteria=criteria,
    )


def overall(principles: list[PrincipleResult]) -> tuple[float, float | None, float]:
    """Weighted means of the principles' scores and answered scores, and the overall coverage."""
    scored = [p for p in principles if p.score is not None]
    weight = sum(p.weight for p in scored)
    score = round(sum(p.weight * (p.score or 0.0) for p in scored) / weight, 1) if weight else 0.0
    answered = [p for p in principles if p.answered_score is not None]
    answered_weight = sum(p.weight for p in answered)
    answered_score = (
        round(sum(p.weight * (p.answered_score or 0.0) for p in answered) / answered_weight, 1) if answered_weight else None
    )
    return score, answered_score, coverage([c for p in principles for c in p.criteria]) or 0.0


def select_tier(policy: Policy, context: Mapping[str, Any]) -> Tier:
    """The first tier that holds, or might hold where a fact is unspecified: not knowing raises the bar."""
    return next(t for t in policy.tiers if t.when is None or t.when.truth(context) is not False)


def tier_result(tier: Tier) -> TierResult:
    return construct(TierResult,
        id=tier.id, title=tier.title, rationale=" ".join(tier.rationale.split()), bar=tier.bar, floor=tier.floor,
        min_coverage=tier.min_coverage,
    )


def policy_numbers(policy: Policy) -> PolicyNumbers:
    return construct(PolicyNumbers,
        version=policy.version, default_pass_mark=policy.default_pass_mark, fail_below=policy.fail_below,
        evidence_cap=policy.evidence_cap, default_severity=policy.default_severity,
        severity_weights=dict(policy.severity_weights), allow_blocker_waivers=policy.allow_blocker_waivers,
        min_coverage=policy.min_coverage,
    )


def rank_actions(principles: list[PrincipleResult], prohibitions: list[ProhibitionResult]) -> list[Action]:
    """Red lines first (no remediation but to stop), then blockers short of pass, then every other
    in-scope criterion short of full marks by the overall gain of full marks."""
    held = [p for p in prohibitions if p.binding]
    actions = [
        construct(Action,
            rank=rank, criterion=p.id, principle="", title=p.title, status="prohibited", score=0.0, blocker=True,
            kind="prohibition", gain=0.0, remediation=f"Stop: do not deploy. {p.reason}",
            why_now=f"a red line: {p.source}{', ' + p.section if p.section else ''}; no score can offset it",
        )
        for rank, p in enumerate(held, start=1)
    ]
    scored = [p for p in principles if p.score is not None]
    principle_weight = sum(p.weight for p in scored)
    candidates: list[tuple[tuple[Any, ...], CriterionResult, float]] = []
    for p in scored:
        scoped = [c for c in p.criteria if in_scope(c.status)]
        criteria_weight = sum(c.weight for c in scoped)
        for c in scoped:
            if c.score >= 1.0:
                continue
            gain = round(100 * (p.weight / principle_weight) * c.weight * (1 - c.score) / criteria_weight, 2)
            candidates.append(((_urgency(c, p), -gain, c.id), c, gain))
    candidates.sort(key=lambda item: item[0])
    start = len(actions) + 1
    return actions + [
        construct(Action,
            rank=rank,
            criterion=c.id,
            principle=c.principle,
            title=c.title,
            status=c.status,
            score=c.score,
            blocker=c.blocker,
            kind="criterion",
            gain=gain,
            remediation=c.remediation,
            why_now=_why_now(c),
            owner=c.owner,
            due=c.due,
        )
        for rank, (_, c, gain) in enumerate(candidates, start=start)
    ]


def _urgency(c: CriterionResult, p: PrincipleResult) -> int:
    """Blockers answered and not met, then blockers unanswered, then what keeps a flagged principle
    under the floor (the verdict turns on all three), then partial blockers, then the rest."""
    if c.blocker and c.status in FAILS_BLOCKER:
        return 0
    if c.blocker and c.status in SINKS_BLOCKER:
        return 1
    if p.flagged:
        return 2 if c.blocker else 3
    return 4 if c.blocker else 5


def _why_now(c: CriterionResult) -> str:
    """Why this action matters beyond its points (the gain is its own field, shown once)."""
    parts: list[str] = []
    if c.blocker and c.status in FAILS_BLOCKER:
        parts.append("blocker not met: the verdict is not-ready until it passes")
    elif c.blocker and c.status == "unanswered":
        parts.append("blocker unanswered: the tool cannot conclude until it is answered")
    elif c.blocker and c.status == "partial":
        parts.append("blocker only partial: the verdict cannot be ready until it passes")
    if c.status == "unanswered":
        parts.append("answered unknown, so it counts as 0" if c.unknown else "unanswered, so it counts as 0")
    if c.status == "invalid":
        parts.append("the answer could not be scored")
    if c.unevidenced:
        parts.append("required evidence is missing or stale, so the score is capped")
    return "; ".join(parts)
