"""Evaluate each criterion of a rubric set against one deployment: status, score, evidence, flags."""

from __future__ import annotations

import datetime as dt

from checklist.engine.conditions import holds
from checklist.engine.metrics import score_metric
from checklist.loading.deployment import LoadedDeployment
from checklist.loading.rubrics import RubricSet
from checklist.models.deployment import Answer, Evidence, Waiver
from checklist.models.result import CriterionResult, EvidenceResult, ReferenceResult
from checklist.models.rubric import ChoiceAnswer, Criterion, Rubric

ANSWERED = ("pass", "partial", "fail", "invalid")


def evaluate_all(rubric_set: RubricSet, loaded: LoadedDeployment) -> dict[str, list[CriterionResult]]:
    """Criterion results grouped by principle id, in rubric order."""
    return {
        rubric.id: [evaluate_criterion(rubric_set, rubric, c, loaded) for c in rubric.criteria]
        for rubric in rubric_set.rubrics
    }


def evaluate_criterion(
    rubric_set: RubricSet, rubric: Rubric, criterion: Criterion, loaded: LoadedDeployment
) -> CriterionResult:
    policy = rubric_set.policy
    deployment = loaded.model
    as_of = deployment.deployment.date
    answer = deployment.answers.get(criterion.id)
    flags: list[str] = []
    base = _base(rubric_set, rubric, criterion, answer, loaded)

    disabled = rubric_set.disabled.get(criterion.id)
    if disabled is not None:
        note = f"disabled by {disabled['file']}: {disabled['justification']}"
        return base.model_copy(update={"status": "not-applicable", "flags": [note]})

    if not holds(criterion.applies_when, loaded.context):
        return base.model_copy(update={"status": "not-applicable"})

    waiver = _active_waiver(deployment.waivers, criterion, as_of, policy.allow_blocker_waivers, flags)
    if waiver is not None:
        return base.model_copy(update={"status": "waived", "waiver": waiver, "flags": flags})

    if answer is None or (answer.answer is None and answer.measurements is None):
        return base.model_copy(update={"status": "unanswered", "flags": flags + ["unanswered: counts as 0"]})

    update: dict[str, object] = {}
    if isinstance(criterion.answer, ChoiceAnswer):
        option = next(o for o in criterion.answer.options if o.id == answer.answer)
        score = option.score
        update.update(answer=option.id, answer_label=option.label)
    else:
        outcome = score_metric(criterion.answer, answer.measurements)  # type: ignore[arg-type]
        if outcome.problem:
            return base.model_copy(update={"status": "invalid", "flags": flags + [f"invalid measurements: {outcome.problem}"]})
        score = outcome.score
        update.update(figure=outcome.figure, figure_text=outcome.text)

    evidence = base.evidence
    fresh = [e for e in evidence if not e.stale]
    unevidenced = False
    if criterion.evidence.requirement == "required" and not fresh:
        unevidenced = True
        state = "stale" if evidence else "missing"
        if score > policy.evidence_cap:
            score = policy.evidence_cap
            flags.append(f"required evidence {state}: score capped at {policy.evidence_cap:g}")
        else:
            flags.append(f"required evidence {state}")
    elif criterion.evidence.requirement == "recommended" and not fresh:
        flags.append("recommended evidence stale" if evidence else "recommended evidence missing")

    pass_mark = rubric_set.pass_mark(criterion)
    if score >= pass_mark:
        status = "pass"
    elif score < policy.fail_below:
        status = "fail"
    else:
        status = "partial"
    update.update(status=status, score=score, unevidenced=unevidenced, flags=flags)
    return base.model_copy(update=update)


def _base(
    rubric_set: RubricSet, rubric: Rubric, criterion: Criterion, answer: Answer | None, loaded: LoadedDeployment
) -> CriterionResult:
    sources = {s.id: s for s in rubric.sources}
    max_age = criterion.evidence.max_age_days
    as_of = loaded.model.deployment.date
    return CriterionResult(
        id=criterion.id,
        principle=rubric.id,
        title=criterion.title,
        question=criterion.question,
        why=criterion.why,
        guidance=criterion.guidance,
        kind=criterion.answer.kind,
        weight=rubric_set.weight(criterion),
        blocker=criterion.blocker,
        pass_mark=rubric_set.pass_mark(criterion),
        status="unanswered",
        score=0.0,
        evidence_requirement=criterion.evidence.requirement,
        evidence=[_evidence(e, max_age, as_of, loaded.evidence_hashes) for e in (answer.evidence if answer else [])],
        notes=answer.notes if answer else "",
        remediation=criterion.remediation,
        references=[
            ReferenceResult(
                source=ref.source,
                title=sources[ref.source].title,
                framework=sources[ref.source].framework or sources[ref.source].title,
                section=ref.section,
                url=sources[ref.source].url,
            )
            for ref in criterion.references
        ],
        origin=rubric_set.origins.get(criterion.id, ""),
    )


def _evidence(item: Evidence, max_age: int | None, as_of: dt.date, hashes: dict[str, str]) -> EvidenceResult:
    stale = max_age is not None and (item.date is None or (as_of - item.date).days > max_age)
    return EvidenceResult(
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
