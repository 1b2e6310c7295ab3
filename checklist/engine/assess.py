"""One deployment in, one canonical Result out."""

from __future__ import annotations

import os
from pathlib import Path

from checklist import __version__
from checklist.engine.evaluate import evaluate_all
from checklist.engine.score import overall, policy_numbers, rank_actions, score_principle, select_tier, tier_result
from checklist.engine.verdict import red_lines, verdict
from checklist.loading.deployment import LoadedDeployment, load_deployment
from checklist.loading.rubrics import RubricSet
from checklist.models.base import construct
from checklist.models.deployment import Assessment, SignOff
from checklist.models.result import (
    AssessmentResult,
    DeploymentSummary,
    InputFile,
    PersonResult,
    Result,
    SignOffResult,
    ToolInfo,
)


def assess_file(path: Path, rubric_set: RubricSet, base: Path | None = None) -> Result:
    result = assess(load_deployment(path, rubric_set), rubric_set)
    result.source_path = repo_path(path, base)
    return result


def repo_path(path: Path, base: Path | None = None) -> str:
    """The path as given, made relative to `base` (default: the current folder) when it lies inside
    it, with `/` separators, so code scanning can place it in the repository. Symlinks are kept as
    written (no resolving), since the repository holds the link, not its target."""
    if str(path) == "-":
        return "-"
    root = os.path.abspath(base if base is not None else Path.cwd())
    full = os.path.abspath(path)
    if os.path.commonpath([root, full]) == root:
        return Path(os.path.relpath(full, root)).as_posix()
    return path.as_posix()


def assess(loaded: LoadedDeployment, rubric_set: RubricSet) -> Result:
    policy = rubric_set.policy
    facts = loaded.facts
    tier = select_tier(policy, facts)
    by_principle = evaluate_all(rubric_set, loaded)
    principles = [score_principle(r, by_principle[r.id], tier, rubric_set.origins.get(r.id, "")) for r in rubric_set.rubrics]
    overall_score, overall_answered, overall_coverage = overall(principles)
    info = loaded.model.deployment
    prohibitions = red_lines(policy.prohibitions, facts, info.date, rubric_set.origins, rubric_set.lifted)
    evidence_inputs = [
        construct(InputFile, role="evidence", name=name, sha256=digest) for name, digest in sorted(loaded.evidence_hashes.items())
    ]
    return construct(
        Result,
        tool=construct(ToolInfo, name="rai-checklist", version=__version__),
        deployment=construct(
            DeploymentSummary,
            name=info.name, owner=info.owner, version=info.version, date=info.date, description=info.description
        ),
        assessment=_assessment(loaded.model.assessment),
        source_name=Path(loaded.doc.path).name,
        source_path=Path(loaded.doc.path).as_posix(),
        source_text=loaded.doc.text,
        context_line=loaded.context_line,
        context=loaded.context,
        tier=tier_result(tier),
        tiers=[tier_result(t) for t in policy.tiers],
        policy=policy_numbers(policy),
        overall_score=overall_score,
        overall_answered_score=overall_answered,
        overall_coverage=overall_coverage,
        min_coverage=policy.coverage_needed(tier),
        verdict=verdict(principles, overall_score, overall_answered, overall_coverage, tier, policy.coverage_needed(tier), prohibitions),
        prohibitions=prohibitions,
        principles=principles,
        actions=rank_actions(principles, prohibitions),
        inputs=[construct(InputFile, role="deployment", name=Path(loaded.doc.path).name, sha256=loaded.doc.sha256)]
        + list(rubric_set.inputs)
        + evidence_inputs,
        provenance=list(rubric_set.provenance),
    )


def _assessment(given: Assessment | None) -> AssessmentResult | None:
    """Copied as validated (built without re-validation, like the rest of the result)."""
    if given is None:
        return None

    def sign(s: SignOff | None) -> SignOffResult | None:
        return None if s is None else construct(SignOffResult, name=s.name, role=s.role, date=s.date)

    return construct(
        AssessmentResult,
        assessors=[construct(PersonResult, name=p.name, role=p.role, organisation=p.organisation) for p in given.assessors],
        independence=given.independence, scope=given.scope, exclusions=list(given.exclusions),
        reviewed_by=sign(given.reviewed_by), approved_by=sign(given.approved_by),
    )
