"""Evaluate each criterion of a rubric set against one deployment: status, score, evidence, flags.

Status precedence: disabled by an overlay or out of scope (`not-applicable`), then `waived`,
then `unanswered` (no answer, or `unknown`), then what the answer's kind makes of it
(`invalid` when it cannot be scored), capped when required evidence is missing, and finally
`pass`/`partial`/`fail` by the pass mark and the policy's `fail_below`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from weakref import WeakKeyDictionary

from checklist.kinds import KINDS, Kind
from checklist.loading.deployment import LoadedDeployment
from checklist.loading.rubrics import RubricSet
from checklist.models.base import construct, construct_filled
from checklist.models.conditions import UNSPECIFIED, truth
from checklist.models.deployment import Answer, Evidence, Waiver
from checklist.models.policy import Policy
from checklist.models.result import CountResult, CriterionResult, EvidenceResult, MeasurementsResult, ReferenceResult
from checklist.models.rubric import Criterion, Rubric


def evaluate_all(rubric_set: RubricSet, loaded: LoadedDeployment) -> dict[str, list[CriterionResult]]:
    """Criterion results grouped by principle id, in rubric order."""
    return {
        rubric.id: [evaluate_criterion(rubric_set, rubric, c, loaded) for c in rubric.criteria]
        for rubric in rubric_set.rubrics
    }


# Per rubric set, what each criterion result copies from the rubric. Weakly keyed: an entry goes
# with its set, so a process that loads many sets (tests, a program embedding the tool) keeps none
# it no longer uses (a plain cache kept every set, and its parsed files, for the process's life).
_STATIC: WeakKeyDictionary[RubricSet, dict[str, dict[str, Any]]] = WeakKeyDictionary()


def static_fields(rubric_set: RubricSet, criterion_id: str) -> dict[str, Any]:
    """A criterion result's fields in declared order: what it copies from the rubric (the same for
    every deployment, so built once per rubric set; the set is immutable, and hashed by identity),
    and the rest at their defaults. Each evaluation fills a copy."""
    known = _STATIC.setdefault(rubric_set, {})
    if criterion_id not in known:
        known[criterion_id] = _static_fields(rubric_set, criterion_id)
    return known[criterion_id]


def _static_fields(rubric_set: RubricSet, criterion_id: str) -> dict[str, Any]:
    rubric, criterion = rubric_set.criteria[criterion_id]
    sources = {s.id: s for s in rubric.sources}
    given = {
        "id": criterion.id,
        "principle": rubric.id,
        "title": criterion.title,
        "question": criterion.question,
        "why": criterion.why,
        "guidance": criterion.guidance,
        "kind": criterion.kind,
        "weight": rubric_set.weight(criterion),
        "blocker": criterion.blocker,
        "pass_mark": rubric_set.pass_mark(criterion),
        "status": "unanswered",
        "score": 0.0,
        "evidence_requirement": criterion.evidence.requirement,
        "remediation": criterion.remediation,
        "references": [
            construct(ReferenceResult,
                source=ref.source,
                title=sources[ref.source].title,
                framework=sources[ref.source].framework or sources[ref.source].title,
                section=ref.section,
                url=sources[ref.source].url,
            )
            for ref in criterion.references
        ],
        "origin": rubric_set.origins.get(criterion.id, ""),
    }
    return construct(CriterionResult, **given).__dict__  # every field, in declared order, the rest at its default


def evaluate_criterion(
    rubric_set: RubricSet, rubric: Rubric, criterion: Criterion, loaded: LoadedDeployment
) -> CriterionResult:
    """Built without re-validation, into a copy of the criterion's template: every input was
    validated on loading, and this runs per criterion per deployment."""
    policy = rubric_set.policy
    deployment = loaded.model
    as_of = deployment.deployment.date
    answer = deployment.answers.get(criterion.id)
    facts = loaded.facts
    fields = static_fields(rubric_set, criterion.id).copy()
    flags: list[str] = []
    fields["flags"] = flags
    fields["answer_line"] = loaded.line_of(criterion.id)
    fields["evidence"] = []
    if answer is not None:
        _copy_answer(fields, answer, criterion.evidence.max_age_days, as_of, loaded.evidence_hashes)

    def build(status: str) -> CriterionResult:
        fields["status"] = status
        return construct_filled(CriterionResult, fields)

    disabled = rubric_set.disabled.get(criterion.id)
    if disabled is not None:
        flags.append(f"disabled by {disabled.file}: {disabled.justification}")
        return build("not-applicable")

    applies = truth(criterion.when, facts)
    if applies is False:
        return build("not-applicable")
    if applies is None and criterion.when is not None:
        open_facts = sorted({f for f in criterion.when.facts() if _unspecified(facts.get(f))})
        flags.append(f"applies because {', '.join(open_facts)} {'is' if len(open_facts) == 1 else 'are'} unspecified")

    waiver = _active_waiver(deployment.waivers, criterion, as_of, policy.allow_blocker_waivers, flags)
    if waiver is not None:
        fields["waiver"] = waiver
        return build("waived")

    kind = KINDS[criterion.kind]
    given = answer.given(kind.answer_field) if answer is not None else None
    if answer is None or given is None or answer.unknown:
        flags.append("answered unknown: counts as 0" if answer is not None and answer.unknown else "unanswered: counts as 0")
        return build("unanswered")

    return build(_score_answer(criterion, kind, given, fields, policy, as_of))


def _score_answer(criterion: Criterion, kind: Kind, given: Any, fields: dict[str, Any], policy: Policy, as_of: dt.date) -> str:
    """Score an answer through its kind into `fields`; the status it earns."""
    flags: list[str] = fields["flags"]
    outcome = kind.score(criterion.scoring, given, {"min_errors": policy.min_errors})
    if outcome.measurements is not None:
        fields["measurements"] = _measurements(outcome.measurements)
    if outcome.problem:
        flags.append(f"invalid answer: {outcome.problem}")
        return "invalid"
    fields.update(
        answer=outcome.answer, answer_label=outcome.answer_label, figure=outcome.figure,
        figure_text=outcome.figure_text, items=outcome.items,
    )
    score = _apply_evidence_rule(criterion, fields, outcome.score, as_of, policy.evidence_cap)
    fields["score"] = score
    if score >= fields["pass_mark"] and outcome.short_of_pass is None:
        return "pass"
    if score < policy.fail_below:
        return "fail"
    if outcome.short_of_pass is not None:
        flags.append(outcome.short_of_pass)
    return "partial"


def _copy_answer(fields: dict[str, Any], answer: Answer, max_age: int | None, as_of: dt.date, hashes: dict[str, str]) -> None:
    """What a criterion result copies from the deployment's answer, whatever its status."""
    fields["evidence"] = [_evidence(e, max_age, as_of, hashes) for e in answer.evidence]
    fields["notes"] = answer.notes
    fields["unknown"] = bool(answer.unknown)
    fields["owner"] = answer.owner
    fields["due"] = answer.due


def _measurements(given: dict[str, Any]) -> MeasurementsResult:
    """The measurements as the result records them, a count as a CountResult. They were validated
    with the deployment, so they are copied over without building a validator for them."""
    parts = dict(given)
    if "groups" in parts:
        parts["groups"] = {
            group: {name: construct(CountResult, **v) if isinstance(v, dict) else v for name, v in rates.items()}
            for group, rates in parts["groups"].items()
        }
    return construct(MeasurementsResult, **parts)


def _apply_evidence_rule(criterion: Criterion, fields: dict[str, Any], score: float, as_of: dt.date, cap: float) -> float:
    """Flag evidence dated after the assessment, and cap an answer whose required evidence is missing.
    Evidence dated after the assessment counts as missing: it cannot have existed yet, and would
    otherwise stay fresh forever."""
    flags: list[str] = fields["flags"]
    evidence: list[EvidenceResult] = fields["evidence"]
    fresh = []
    for item in evidence:
        if item.date is not None and item.date > as_of:  # an auditor would ask how this existed yet
            flags.append(f"evidence {item.title!r} is dated {item.date.isoformat()}, after the assessment date {as_of.isoformat()}")
        elif not item.stale:
            fresh.append(item)
    if criterion.evidence.requirement == "required" and not fresh:
        fields["unevidenced"] = True
        state = "stale" if any(e.stale for e in evidence) else "missing"
        if score > cap:
            flags.append(f"required evidence {state}: score capped at {cap:g}")
            return cap
        flags.append(f"required evidence {state}")
    elif criterion.evidence.requirement == "recommended" and not fresh:
        flags.append("recommended evidence stale" if any(e.stale for e in evidence) else "recommended evidence missing")
    return score


def _evidence(item: Evidence, max_age: int | None, as_of: dt.date, hashes: dict[str, str]) -> EvidenceResult:
    stale = max_age is not None and (item.date is None or (as_of - item.date).days > max_age)
    return construct(EvidenceResult,
        title=item.title,
        url=item.url,
        path=item.path,
        sha256=hashes.get(item.path) if item.path else None,
        date=item.date,
        stale=stale,
    )


def _active_waiver(
    waivers: list[Waiver], criterion: Criterion, as_of: dt.date, allow_blockers: bool, flags: list[str]
) -> dict[str, object] | None:
    for waiver in waivers:
        if waiver.criterion != criterion.id:
            continue
        if waiver.expires < as_of:
            flags.append(f"waiver expired on {waiver.expires.isoformat()}")
            continue
        if criterion.blocker and not allow_blockers:
            flags.append("waiver ignored: the policy does not allow waiving a blocker")
            continue
        return {
            "justification": waiver.justification,
            "approver": waiver.approver,
            "expires": waiver.expires.isoformat(),
        }
    return None


def _unspecified(value: Any) -> bool:
    return value == UNSPECIFIED or (isinstance(value, list) and UNSPECIFIED in value)
