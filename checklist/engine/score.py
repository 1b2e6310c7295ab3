"""Principle and overall scores, the risk tier, the verdict and the ranked actions.

Scores are rounded to one decimal before any comparison, so the figure a reader sees is the
figure the verdict was decided on.
"""

from __future__ import annotations

from typing import Any

from checklist.models.conditions import holds
from checklist.models.policy import Policy, Tier
from checklist.models.result import (
    ANSWERED,
    SINKS_BLOCKER,
    STATUSES,
    Action,
    CriterionResult,
    PrincipleResult,
    TierResult,
    VerdictResult,
    in_scope,
)
from checklist.models.rubric import Rubric


def coverage(criteria: list[CriterionResult]) -> float | None:
    """Answered / in scope; None when nothing is in scope."""
    scoped = [c for c in criteria if in_scope(c.status)]
    return round(sum(1 for c in scoped if c.status in ANSWERED) / len(scoped), 4) if scoped else None


def score_principle(rubric: Rubric, criteria: list[CriterionResult], origin: str = "") -> PrincipleResult:
    scoped = [c for c in criteria if in_scope(c.status)]
    total_weight = sum(c.weight for c in scoped)
    score = round(100 * sum(c.weight * c.score for c in scoped) / total_weight, 1) if total_weight else None
    counts = {status: sum(1 for c in criteria if c.status == status) for status in STATUSES}
    return PrincipleResult.model_construct(
        id=rubric.id,
        title=rubric.title,
        statement=rubric.statement,
        version=rubric.version,
        weight=rubric.weight,
        min_score=rubric.min_score,
        origin=origin,
        score=score,
        coverage=coverage(criteria),
        counts=counts,
        criteria=criteria,
    )


def overall(principles: list[PrincipleResult]) -> tuple[float, float]:
    """Weighted mean of the principles that have a score, and the share of in-scope criteria answered."""
    scored = [p for p in principles if p.score is not None]
    weight = sum(p.weight for p in scored)
    score = round(sum(p.weight * (p.score or 0.0) for p in scored) / weight, 1) if weight else 0.0
    return score, coverage([c for p in principles for c in p.criteria]) or 0.0


def select_tier(policy: Policy, context: dict[str, Any]) -> Tier:
    return next(t for t in policy.tiers if holds(t.when, context))


def tier_result(tier: Tier) -> TierResult:
    return TierResult.model_construct(
        id=tier.id, title=tier.title, rationale=" ".join(tier.rationale.split()), bar=tier.bar, floor=tier.floor
    )


def verdict(principles: list[PrincipleResult], overall_score: float, tier: Tier) -> VerdictResult:
    """not-ready: a blocker fails or a score is under the floor. ready: everything clears the bar."""
    blockers = [c for p in principles for c in p.criteria if c.blocker and in_scope(c.status)]
    failed = [c for c in blockers if c.status in SINKS_BLOCKER]
    short = [c for c in blockers if c.status == "partial"]
    scored = [p for p in principles if p.score is not None]
    reasons: list[str] = []
    for c in failed:
        reasons.append(f"blocker {c.id} ({c.title}) is {c.status}")
    if overall_score < tier.floor:
        reasons.append(f"overall score {overall_score:.1f} is under tier {tier.id}'s floor of {tier.floor:g}")
    for p in scored:
        if p.score < tier.floor:  # type: ignore[operator]
            reasons.append(f"{p.title} scores {p.score:.1f}, under tier {tier.id}'s floor of {tier.floor:g}")
    if reasons:
        return VerdictResult.model_construct(value="not-ready", reasons=reasons)
    for c in short:
        reasons.append(f"blocker {c.id} ({c.title}) is only partial")
    if overall_score < tier.bar:
        reasons.append(f"overall score {overall_score:.1f} is under tier {tier.id}'s bar of {tier.bar:g}")
    for p in scored:
        if p.score < tier.bar:  # type: ignore[operator]
            reasons.append(f"{p.title} scores {p.score:.1f}, under tier {tier.id}'s bar of {tier.bar:g}")
        elif p.min_score is not None and p.score < p.min_score:  # type: ignore[operator]
            reasons.append(f"{p.title} scores {p.score:.1f}, under its own bar of {p.min_score:g}")
    if reasons:
        return VerdictResult.model_construct(value="conditional", reasons=reasons)
    return VerdictResult.model_construct(
        value="ready",
        reasons=[f"overall {overall_score:.1f} and every principle clear tier {tier.id}'s bar of {tier.bar:g}, and every blocker passes"],
    )


def rank_actions(principles: list[PrincipleResult]) -> list[Action]:
    """Every in-scope criterion short of full marks: blockers first, then by the overall gain of full marks."""
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
            blocker_rank = (0 if c.status in SINKS_BLOCKER else 1 if c.status == "partial" else 2) if c.blocker else 3
            candidates.append(((blocker_rank, -gain, c.id), c, gain))
    candidates.sort(key=lambda item: item[0])
    return [
        Action.model_construct(
            rank=rank,
            criterion=c.id,
            principle=c.principle,
            title=c.title,
            status=c.status,
            score=c.score,
            blocker=c.blocker,
            gain=gain,
            remediation=c.remediation,
            why_now=_why_now(c, gain),
        )
        for rank, (_, c, gain) in enumerate(candidates, start=1)
    ]


def _why_now(c: CriterionResult, gain: float) -> str:
    parts: list[str] = []
    if c.blocker and c.status in SINKS_BLOCKER:
        parts.append("blocker short of pass: the verdict is not-ready until it passes")
    elif c.blocker and c.status == "partial":
        parts.append("blocker only partial: the verdict cannot be ready until it passes")
    if c.status == "unanswered":
        parts.append("unanswered, so it counts as 0")
    if c.status == "invalid":
        parts.append("the measurements could not be scored")
    if c.unevidenced:
        parts.append("required evidence is missing or stale, so the score is capped")
    parts.append(f"full marks add {gain:.2f} points overall")
    return "; ".join(parts)
