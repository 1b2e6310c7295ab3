"""One deployment in, one canonical Result out."""

from __future__ import annotations

from pathlib import Path

from checklist import __version__
from checklist.engine.evaluate import evaluate_all
from checklist.engine.score import overall, rank_actions, score_principle, select_tier, tier_result, verdict
from checklist.loading.deployment import LoadedDeployment, load_deployment
from checklist.loading.rubrics import RubricSet
from checklist.models.result import DeploymentSummary, InputFile, Result, ToolInfo


def assess_file(path: Path, rubric_set: RubricSet) -> Result:
    return assess(load_deployment(path, rubric_set), rubric_set)


def assess(loaded: LoadedDeployment, rubric_set: RubricSet) -> Result:
    by_principle = evaluate_all(rubric_set, loaded)
    principles = [score_principle(r, by_principle[r.id], rubric_set.origins.get(r.id, "")) for r in rubric_set.rubrics]
    overall_score, overall_coverage = overall(principles)
    tier = select_tier(rubric_set.policy, loaded.context)
    info = loaded.model.deployment
    evidence_inputs = [
        InputFile.model_construct(role="evidence", name=name, sha256=digest) for name, digest in sorted(loaded.evidence_hashes.items())
    ]
    return Result.model_construct(
        tool=ToolInfo.model_construct(name="rai-checklist", version=__version__),
        deployment=DeploymentSummary.model_construct(
            name=info.name, owner=info.owner, version=info.version, date=info.date, description=info.description
        ),
        source_name=Path(loaded.doc.path).name,
        source_text=loaded.doc.text,
        context=loaded.context,
        tier=tier_result(tier),
        overall_score=overall_score,
        overall_coverage=overall_coverage,
        verdict=verdict(principles, overall_score, tier),
        principles=principles,
        actions=rank_actions(principles),
        inputs=[InputFile.model_construct(role="deployment", name=Path(loaded.doc.path).name, sha256=loaded.doc.sha256)]
        + list(rubric_set.inputs)
        + evidence_inputs,
        provenance=list(rubric_set.provenance),
    )
