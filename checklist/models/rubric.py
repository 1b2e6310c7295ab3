"""Rubric files (principles/*.yaml): one principle, its criteria and how each is scored."""

from typing import Annotated, Any, Literal, Self, Union

from pydantic import Field, model_validator

from checklist.kinds import KINDS
from checklist.models.base import Fraction, HttpUrl, Severity, Slug, StrictModel, Weight
from checklist.models.conditions import Condition

CriterionId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{2,3}$", examples=["FAIR-01"])]
PrincipleId = Slug

# The scoring spec is a union of every registered kind's spec, told apart by `kind`.
ScoringSpec: Any = Annotated[Union[tuple(k.spec for k in KINDS.values())], Field(discriminator="kind")]  # noqa: UP007


class Source(StrictModel):
    id: str = Field(description="Short id cited by criteria, e.g. MS-2018.")
    title: str
    url: HttpUrl | None = None
    framework: str | None = Field(default=None, description="Crosswalk column, e.g. 'NIST AI RMF'.")


class Reference(StrictModel):
    source: str = Field(description="A source id from the rubric's `sources`.")
    section: str | None = Field(default=None, description="Section, clause or subcategory, e.g. 'GOVERN 1.1'.")


class EvidenceRule(StrictModel):
    requirement: Literal["none", "recommended", "required"] = "none"
    max_age_days: int | None = Field(default=None, gt=0, description="Evidence older than this (at the deployment's date) is stale.")


class Criterion(StrictModel):
    id: CriterionId
    title: str
    question: str = Field(description="What the team must answer.")
    why: str = Field(description="Why the criterion exists.")
    guidance: str = Field(default="", description="What a strong and a weak answer look like.")
    scoring: ScoringSpec = Field(description="How the answer is scored: one of the answer kinds (choice, metric, checklist).")
    weight: Weight | None = Field(default=None, description="Explicit weight (0-100]; otherwise `severity` maps to one via the policy.")
    severity: Severity | None = None
    blocker: bool = False
    pass_mark: Fraction | None = Field(default=None, description="Score needed to pass; default from the policy.")
    when: Condition | None = Field(default=None, description="The criterion applies only when this holds.")
    evidence: EvidenceRule = EvidenceRule.model_construct()  # its validator is built only if a rubric is validated
    remediation: str = ""
    references: list[Reference] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weight_or_severity(self) -> Self:
        if self.weight is not None and self.severity is not None:
            raise ValueError("give either weight or severity, not both")
        return self

    @property
    def kind(self) -> str:
        return str(self.scoring.kind)


class Rubric(StrictModel):
    kind: Literal["rubric"]
    format: Literal[2]
    id: PrincipleId
    title: str
    statement: str
    version: str
    weight: Weight = Field(default=1.0, description="Relative weight of the principle in the overall score, (0-100].")
    order: int = Field(default=100, description="Position in tables and reports; ties sort by id.")
    min_score: float | None = Field(default=None, ge=0, le=100, description="A bar for this principle above the tier's, for `ready`.")
    sources: list[Source] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
