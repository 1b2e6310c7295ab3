"""Deployment files: what the team says about its system, and the evidence behind it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, model_validator

from checklist.models.base import StrictModel

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class DeploymentInfo(StrictModel):
    name: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    version: str = ""
    date: dt.date = Field(description="The date the assessment speaks for; evidence ages are measured to it.")
    description: str = ""


class Evidence(StrictModel):
    title: str = Field(min_length=1)
    url: str | None = Field(default=None, description="Listed in the report, never fetched.")
    path: str | None = Field(default=None, description="Relative to the deployment file; hashed with SHA-256.")
    date: dt.date | None = None

    @model_validator(mode="after")
    def _url_or_path(self) -> "Evidence":
        if (self.url is None) == (self.path is None):
            raise ValueError("evidence needs exactly one of url or path")
        return self


class Measurements(StrictModel):
    """Either per-group rates (`groups`) or named values; every number is finite and non-negative."""

    groups: dict[str, dict[str, NonNegative]] | None = None
    values: dict[str, NonNegative] | None = None


class Answer(StrictModel):
    answer: str | None = Field(default=None, description="Option id, for a choice criterion.")
    measurements: Measurements | None = Field(default=None, description="For a metric criterion.")
    evidence: list[Evidence] = Field(default_factory=list)
    notes: str = ""

    @model_validator(mode="after")
    def _one_kind(self) -> "Answer":
        if self.answer is not None and self.measurements is not None:
            raise ValueError("give either answer or measurements, not both")
        return self


class Waiver(StrictModel):
    criterion: str
    justification: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    expires: dt.date


class Deployment(StrictModel):
    deployment: DeploymentInfo
    context: dict[str, Any] = Field(description="Facts from the context profile (see `rai-checklist rubrics show context`).")
    answers: dict[str, Answer] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)
