"""Overlays: small YAML files that extend a built-in principle, the policy or the context profile."""

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from checklist.models.base import Fraction, Severity, StrictModel, Weight
from checklist.models.policy import Prohibition
from checklist.models.profile import FactSpec
from checklist.models.rubric import Criterion, Source


class CriterionChange(StrictModel):
    """Fields an overlay may change on an existing criterion."""

    weight: Weight | None = None
    severity: Severity | None = None
    pass_mark: Fraction | None = None
    blocker: bool | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("a change needs at least one of weight, severity, pass_mark, blocker")
        return self


class TierChange(StrictModel):
    bar: float | None = Field(default=None, ge=0, le=100)
    floor: float | None = Field(default=None, ge=0, le=100)


class SeverityWeightsChange(StrictModel):
    low: Weight | None = None
    medium: Weight | None = None
    high: Weight | None = None
    critical: Weight | None = None


class PolicyChange(StrictModel):
    default_pass_mark: Fraction | None = None
    fail_below: Fraction | None = None
    evidence_cap: Fraction | None = None
    allow_blocker_waivers: bool | None = None
    min_coverage: Fraction | None = None
    severity_weights: SeverityWeightsChange | None = None
    tiers: dict[str, TierChange] = Field(default_factory=dict)


class Overlay(StrictModel):
    """`extends` names a principle id, another overlay's id, `policy` or `context`."""

    kind: Literal["overlay"]
    format: Literal[2]
    extends: str
    id: str | None = Field(default=None, description="Name other overlays can extend; defaults to the file name.")
    version: str = ""
    justification: str = Field(default="", description="Why the organisation changes the rubric; required with change, disable or policy.")
    weight: Weight | None = Field(default=None, description="New weight of the principle, (0-100].")
    min_score: float | None = Field(default=None, ge=0, le=100, description="Raise the bar for this principle above the tier's.")
    sources: list[Source] = Field(default_factory=list)
    add: list[Criterion] = Field(default_factory=list)
    change: dict[str, CriterionChange] = Field(default_factory=dict)
    disable: dict[str, Annotated[str, Field(min_length=1)]] = Field(default_factory=dict, description="Criterion id -> justification.")
    policy: PolicyChange | None = None
    prohibitions: list[Prohibition] = Field(default_factory=list, description="With `extends: policy`: new red lines.")
    lift: dict[str, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict, description="With `extends: policy`: red line id -> why it does not apply. Named first in every report."
    )
    facts: dict[str, FactSpec] = Field(default_factory=dict, description="With `extends: context`: new facts.")

    @model_validator(mode="after")
    def _justified(self) -> Self:
        changes = bool(self.change or self.policy or self.weight is not None or self.min_score is not None)
        if changes and not self.justification.strip():
            raise ValueError("an overlay that changes weights, marks, blockers or the policy needs a `justification`")
        return self


class Config(StrictModel):
    """`rai-checklist.yaml`: found from the current folder upward; command-line flags win."""

    builtin: bool = Field(default=True, description="Load the built-in principles.")
    rubrics: list[str] = Field(default_factory=list, description="Rubric folders, relative to this file.")
    overlays: list[str] = Field(default_factory=list, description="Overlay files or folders, relative to this file.")
    policy: PolicyChange | None = Field(default=None, description="Policy changes, applied last.")
    justification: str = Field(default="", description="Required with `policy`.")
    embed_evidence: bool = Field(default=False, description="`report` attaches the evidence files to the PDF (as --embed-evidence).")
    evidence_limit_mb: float = Field(default=25, gt=0, le=1024, description="Most evidence, in MiB, one report may embed (at most 1024).")

    @model_validator(mode="after")
    def _justified(self) -> Self:
        if self.policy is not None and not self.justification.strip():
            raise ValueError("a config that changes the policy needs a `justification`")
        return self
