"""The policy (principles/policy.yaml): every number the scoring uses, so none lives in code."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from checklist.models.base import Severity, StrictModel, Weight
from checklist.models.conditions import Condition


class Tier(StrictModel):
    id: str = Field(description="I, II, III or IV.")
    title: str
    rationale: str = ""
    when: Condition | None = Field(default=None, description="First tier whose condition holds applies; the last has none.")
    bar: float = Field(ge=0, le=100, description="Overall and every principle must reach this for `ready`.")
    floor: float = Field(ge=0, le=100, description="Overall or any principle below this is `not-ready`.")

    @model_validator(mode="after")
    def _floor_below_bar(self) -> Tier:
        if self.floor > self.bar:
            raise ValueError(f"tier {self.id}: floor {self.floor} is above bar {self.bar}")
        return self


class SeverityWeights(StrictModel):
    low: Weight
    medium: Weight
    high: Weight
    critical: Weight


class Policy(StrictModel):
    kind: Literal["policy"]
    format: Literal[2]
    version: str
    default_pass_mark: float = Field(ge=0, le=1, description="Score a criterion needs to pass unless it sets its own.")
    fail_below: float = Field(ge=0, le=1, description="A score under this is `fail`; between it and the pass mark, `partial`.")
    evidence_cap: float = Field(ge=0, le=1, description="Most an answer can score when required evidence is missing or stale.")
    default_severity: Severity = "medium"
    severity_weights: SeverityWeights
    allow_blocker_waivers: bool = False
    min_justification_chars: int = Field(
        default=10, ge=1, le=1000,
        description="Visible characters a justification (waiver, disabled criterion, overlay, config) needs at least.",
    )
    min_approver_chars: int = Field(default=2, ge=1, le=100, description="Visible characters a waiver's approver needs at least.")
    tiers: list[Tier] = Field(min_length=1)

    @model_validator(mode="after")
    def _last_tier_is_default(self) -> Policy:
        if self.tiers[-1].when is not None:
            raise ValueError("the last tier must have no `when`: it is the default")
        if any(t.when is None for t in self.tiers[:-1]):
            raise ValueError("only the last tier may omit `when`")
        if self.fail_below > self.default_pass_mark:
            raise ValueError("fail_below is above default_pass_mark")
        return self
