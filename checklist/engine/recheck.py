"""Score a saved result again from its own criteria, without the rubrics, and name what disagrees.

A result read back from JSON may have been edited by hand. Its principle scores, answered scores,
coverage, counts, flags and findings, the overall figures, the verdict with its reasons and the
ranked actions all follow from the criteria it lists, the tier it names (bar and floor), the
coverage the policy asks and the red lines it records; each is computed here with the engine's
own functions and compared. Where the result carries the policy's numbers, each criterion's
status is checked against its score too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from checklist.engine.score import overall, principle_result, rank_actions
from checklist.engine.verdict import verdict
from checklist.models.result import CriterionResult, PolicyNumbers, PrincipleResult, Result

TOLERANCE = 1e-9
ABOUT = ("id", "title", "statement", "version", "weight", "min_score", "origin")
FIGURES = ("score", "answered_score", "coverage", "flagged", "findings", "counts", "unknown")


class Mismatch(NamedTuple):
    field: str
    saved: Any
    recomputed: Any

    def __str__(self) -> str:
        return f"{self.field}: the result says {_short(self.saved)}; its criteria give {_short(self.recomputed)}"


def inconsistencies(result: Result) -> list[Mismatch]:
    """Every field that does not follow from the result's criteria, in reading order (empty: consistent)."""
    out: list[Mismatch] = []
    if result.policy is not None:
        for p in result.principles:
            for c in p.criteria:
                out += _criterion(p, c, result.policy)
    out += _tier(result)
    principles: list[PrincipleResult] = []
    for p in result.principles:
        again = principle_result({name: getattr(p, name) for name in ABOUT}, p.criteria, result.tier)
        principles.append(again)
        for name in FIGURES:
            _compare(out, f"principles[{p.id}].{name}", getattr(p, name), getattr(again, name))
    score, answered, coverage = overall(principles)
    _compare(out, "overall_score", result.overall_score, score)
    _compare(out, "overall_answered_score", result.overall_answered_score, answered)
    _compare(out, "overall_coverage", result.overall_coverage, coverage)
    decided = verdict(principles, score, answered, coverage, result.tier, result.min_coverage, result.prohibitions)
    for name in ("value", "reasons", "findings", "gaps"):
        _compare(out, f"verdict.{name}", getattr(result.verdict, name), getattr(decided, name))
    actions = rank_actions(principles, result.prohibitions)
    owners = {c.id: (c.owner, c.due) for p in principles for c in p.criteria}
    saved_actions = [a.model_dump(exclude={"owner", "due"}) for a in result.actions]
    again_actions = [a.model_dump(exclude={"owner", "due"}) for a in actions]
    if saved_actions != again_actions:
        out.append(Mismatch("actions", _first_difference(saved_actions, again_actions), "a different ranking"))
    for a in result.actions:
        if a.kind == "criterion" and (a.owner, a.due) != owners.get(a.criterion, ("", None)):
            out.append(Mismatch(f"actions[{a.criterion}].owner", (a.owner, a.due), owners.get(a.criterion)))
    return out


def _criterion(p: PrincipleResult, c: CriterionResult, policy: PolicyNumbers) -> list[Mismatch]:
    """A status that its score cannot have (the pass mark and `fail_below` decide between them)."""
    where = f"principles[{p.id}].criteria[{c.id}]"
    problems: list[Mismatch] = []
    if c.status == "pass" and c.score + TOLERANCE < c.pass_mark:
        problems.append(Mismatch(f"{where}.status", "pass", f"not pass: score {c.score:g} is under the pass mark {c.pass_mark:g}"))
    elif c.status == "fail" and c.score >= policy.fail_below:
        problems.append(Mismatch(f"{where}.status", "fail", f"not fail: score {c.score:g} is at or above {policy.fail_below:g}"))
    elif c.status == "partial" and c.score + TOLERANCE < policy.fail_below:
        problems.append(Mismatch(f"{where}.status", "partial", f"fail: score {c.score:g} is under {policy.fail_below:g}"))
    elif c.status in ("unanswered", "invalid", "not-applicable", "waived") and c.score != 0:
        problems.append(Mismatch(f"{where}.score", c.score, 0.0))
    if (c.status == "waived") != (c.waiver is not None):
        problems.append(Mismatch(f"{where}.waiver", c.waiver, "a waiver exactly when the status is waived"))
    if c.unevidenced and c.score > policy.evidence_cap + TOLERANCE:
        problems.append(Mismatch(f"{where}.score", c.score, f"at most the evidence cap {policy.evidence_cap:g}"))
    return problems


def _tier(result: Result) -> list[Mismatch]:
    """The tier in force is one of the scale's, with its numbers; the coverage asked is its own or the policy's."""
    out: list[Mismatch] = []
    if result.tiers:
        same = next((t for t in result.tiers if t.id == result.tier.id), None)
        if same is None:
            out.append(Mismatch("tier.id", result.tier.id, f"one of {', '.join(t.id for t in result.tiers)}"))
        else:
            for name in ("bar", "floor", "min_coverage"):
                _compare(out, f"tier.{name}", getattr(result.tier, name), getattr(same, name))
    if result.policy is not None:
        needed = result.tier.min_coverage if result.tier.min_coverage is not None else result.policy.min_coverage
        _compare(out, "min_coverage", result.min_coverage, needed)
    return out


def _compare(out: list[Mismatch], field: str, saved: Any, again: Any) -> None:
    if isinstance(saved, (int, float)) and isinstance(again, (int, float)) and not isinstance(saved, bool):
        if abs(saved - again) <= TOLERANCE:
            return
    elif saved == again:
        return
    out.append(Mismatch(field, saved, again))


def _first_difference(saved: list[dict[str, Any]], again: list[dict[str, Any]]) -> str:
    for a, b in zip(saved, again, strict=False):
        if a != b:
            return f"rank {a.get('rank')}: {a.get('criterion')}"
    return f"{len(saved)} action(s) where there should be {len(again)}"


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 160 else text[:157] + "..."


def refuse_inconsistent(results: list[Result], name: str) -> None:
    """Raise an InputError naming the first field of the first result that does not follow from its criteria."""
    from checklist.errors import InputError

    for index, result in enumerate(results):
        problems = inconsistencies(result)
        if problems:
            first = problems[0]
            more = f" ({len(problems) - 1} more field(s) disagree)" if len(problems) > 1 else ""
            message = (
                f"the result says {_short(first.saved)} but its criteria give {_short(first.recomputed)}: "
                f"it was edited or is corrupt; assess the deployment again{more}"
            )
            raise InputError(name, message, field=(f"[{index}]." if len(results) > 1 else "") + first.field)
