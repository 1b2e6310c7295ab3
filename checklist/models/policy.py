"""The policy (principles/policy.yaml): every number the scoring uses, so none lives in code,
and the red lines (prohibitions) that no score can offset."""

import datetime as dt
from typing import Literal, Self

from pydantic import Field, model_validator

from checklist.models.base import Fraction, Severity, StrictModel, Weight
from checklist.models.conditions import Condition

ProhibitionId = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", examples=["EU-AIA-5-1-E"])


class Citation(StrictModel):
    """Where a red line comes from, cited like a criterion's reference: the text and its section."""

    title: str
    section: str | None = None
    url: str | None = None
    framework: str | None = Field(default=None, description="Crosswalk column, e.g. 'EU AI Act'.")


class Prohibition(StrictModel):
    """A red line: when its condition holds on the assessment date, the verdict is `prohibited`."""

    id: str = ProhibitionId
    title: str
    when: Condition = Field(description="Over context facts (and `assessment_date`).")
    effective_from: dt.date | None = Field(default=None, description="First day the red line is in force.")
    effective_until: dt.date | None = Field(default=None, description="Last day the red line is in force.")
    source: Citation
    reason: str = Field(min_length=1, description="Why the use is forbidden, in a sentence.")

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            raise ValueError(f"{self.id}: effective_until {self.effective_until} is before effective_from {self.effective_from}")
        return self

    def in_force(self, day: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )


class Tier(StrictModel):
    id: str = Field(description="I, II, III or IV.")
    title: str
    rationale: str = ""
    when: Condition | None = Field(default=None, description="First tier whose condition holds applies; the last has none.")
    bar: float = Field(ge=0, le=100, description="Overall and every principle must reach this for `ready`.")
    floor: float = Field(ge=0, le=100, description="An answered score (overall or a principle's) below this is `not-ready`.")
    min_coverage: Fraction | None = Field(default=None, description="This tier's minimum coverage, if not the policy's.")

    @model_validator(mode="after")
    def _floor_below_bar(self) -> Self:
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
    min_coverage: Fraction = Field(description="Share of in-scope criteria that must be answered before the tool concludes.")
    min_errors: int = Field(default=0, ge=0, le=1000, description="Errors the best group's rate must rest on before a ratio is credited.")
    min_justification_chars: int = Field(
        default=10, ge=1, le=1000,
        description="Visible characters a justification (waiver, disabled criterion, overlay, config) needs at least.",
    )
    min_approver_chars: int = Field(default=2, ge=1, le=100, description="Visible characters a waiver's approver needs at least.")
    tiers: list[Tier] = Field(min_length=1)
    prohibitions: list[Prohibition] = Field(default_factory=list, description="Red lines: uses no score can make acceptable.")

    @model_validator(mode="after")
    def _last_tier_is_default(self) -> Self:
        if self.tiers[-1].when is not None:
            raise ValueError("the last tier must have no `when`: it is the default")
        if any(t.when is None for t in self.tiers[:-1]):
            raise ValueError("only the last tier may omit `when`")
        if self.fail_below > self.default_pass_mark:
            raise ValueError("fail_below is above default_pass_mark")
        ids = [p.id for p in self.prohibitions]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"prohibition {dup} is defined twice")
        return self

    def coverage_needed(self, tier: Tier) -> float:
        return tier.min_coverage if tier.min_coverage is not None else self.min_coverage
