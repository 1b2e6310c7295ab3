"""Rubric files (principles/*.yaml): one principle, its criteria and how each is scored."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from checklist.models.base import StrictModel
from checklist.models.conditions import Condition

CriterionId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{2,3}$", examples=["FAIR-01"])]
PrincipleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", examples=["fairness"])]
Unit = Annotated[float, Field(ge=0, le=1)]
Severity = Literal["low", "medium", "high", "critical"]


class Source(StrictModel):
    id: str = Field(description="Short id cited by criteria, e.g. MS-2018.")
    title: str
    url: str | None = None
    framework: str | None = Field(default=None, description="Crosswalk column, e.g. 'NIST AI RMF'.")


class Reference(StrictModel):
    source: str = Field(description="A source id from the rubric's `sources`.")
    section: str | None = Field(default=None, description="Section, clause or subcategory, e.g. 'GOVERN 1.1'.")


class Option(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    label: str
    score: Unit


class ChoiceAnswer(StrictModel):
    """The team picks one option; the option carries the score."""

    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)


class Band(StrictModel):
    """Figures up to `limit` (lower is better) or at least `limit` (higher is better) score `score`."""

    limit: float
    score: Unit


class MetricAnswer(StrictModel):
    """The team supplies measurements; the criterion computes one figure and scores it against bands.

    `group_ratio`: measurements.groups maps group -> {field: rate}; the figure is the largest
    worst-to-best ratio across `fields` (NISTIR 8280 style demographic differential).
    `value`: the figure is measurements[field] itself.
    """

    kind: Literal["metric"]
    compute: Literal["group_ratio", "value"]
    fields: list[str] = Field(min_length=1, description="Measured fields the figure is computed from.")
    unit: str = Field(default="", description="Shown beside the figure, e.g. '×' or 'days'.")
    better: Literal["lower", "higher"] = "lower"
    min_groups: int = Field(default=2, ge=2, description="group_ratio only: fewer groups is an invalid answer.")
    bands: list[Band] = Field(min_length=1, description="Checked best first; a figure matching none scores 0.")

    @model_validator(mode="after")
    def _value_has_one_field(self) -> "MetricAnswer":
        if self.compute == "value" and len(self.fields) != 1:
            raise ValueError("compute: value takes exactly one field")
        return self


AnswerSpec = Annotated[Union[ChoiceAnswer, MetricAnswer], Field(discriminator="kind")]


class EvidenceRule(StrictModel):
    requirement: Literal["none", "recommended", "required"] = "none"
    max_age_days: int | None = Field(default=None, gt=0, description="Evidence older than this (at the deployment's date) is stale.")


class Criterion(StrictModel):
    id: CriterionId
    title: str
    question: str = Field(description="What the team must answer.")
    why: str = Field(description="Why the criterion exists.")
    guidance: str = Field(default="", description="What a strong and a weak answer look like.")
    answer: AnswerSpec
    weight: float | None = Field(default=None, gt=0, description="Explicit weight; otherwise `severity` maps to one via the policy.")
    severity: Severity | None = None
    blocker: bool = False
    pass_mark: Unit | None = Field(default=None, description="Score needed to pass; default from the policy.")
    applies_when: Condition | None = None
    evidence: EvidenceRule = EvidenceRule()
    remediation: str = ""
    references: list[Reference] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weight_or_severity(self) -> "Criterion":
        if self.weight is not None and self.severity is not None:
            raise ValueError("give either weight or severity, not both")
        return self


class Rubric(StrictModel):
    id: PrincipleId
    title: str
    statement: str
    version: str
    weight: float = Field(default=1.0, gt=0)
    order: int = Field(default=100, description="Position in tables and reports; ties sort by id.")
    min_score: float | None = Field(default=None, ge=0, le=100, description="A bar for this principle above the tier's, for `ready`.")
    sources: list[Source] = Field(default_factory=list)
    criteria: list[Criterion] = Field(min_length=1)
