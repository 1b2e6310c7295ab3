"""Rubric test files: fixture deployments and what the rubrics should make of them."""

from pydantic import Field

from checklist.models.base import StrictModel
from checklist.models.result import Status, Verdict


class Range(StrictModel):
    min: float | None = Field(default=None, ge=0, le=100)
    max: float | None = Field(default=None, ge=0, le=100)


class Expect(StrictModel):
    verdict: Verdict | None = None
    tier: str | None = None
    statuses: dict[str, Status] = Field(default_factory=dict, description="Criterion id -> expected status.")
    top_action: str | None = Field(default=None, description="Criterion (or red line) id expected first in the action plan.")
    prohibitions: list[str] | None = Field(default=None, description="Ids of the red lines expected to hold (empty: none).")
    flagged: list[str] | None = Field(default=None, description="Ids of the principles expected to be flagged (empty: none).")
    overall: Range | None = None
    principles: dict[str, Range] = Field(default_factory=dict, description="Principle id -> expected score range.")


class Case(StrictModel):
    name: str
    deployment: str = Field(description="Deployment file, relative to this test file.")
    rubrics: list[str] = Field(default_factory=list, description="Extra rubric folders or overlay files, relative to this test file.")
    builtin: bool = True
    expect: Expect


class RubricTests(StrictModel):
    cases: list[Case] = Field(min_length=1)
