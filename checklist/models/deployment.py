"""Deployment files: what the team says about its system, and the evidence behind it.

An empty list or mapping is a plain default (`default=[]`): pydantic copies it for each model.
With `default_factory=list`, pydantic reads the builtin's signature through the tokenizer when
the validator is built, about 2 ms at every `assess`.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import Field, create_model, model_validator

from checklist.kinds import KINDS
from checklist.models.base import HttpUrl, StrictModel

UNKNOWN = "unknown"  # an answer any criterion takes: asked, but nobody could say


class DeploymentInfo(StrictModel):
    name: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    version: str = ""
    date: dt.date = Field(description="The date the assessment speaks for; evidence ages are measured to it.")
    description: str = ""


class Evidence(StrictModel):
    title: str = Field(min_length=1)
    url: HttpUrl | None = Field(default=None, description="An absolute http(s) URL: listed in the report, never fetched.")
    path: str | None = Field(default=None, description="Relative to the deployment file; hashed with SHA-256.")
    date: dt.date | None = None

    @model_validator(mode="after")
    def _url_or_path(self) -> Self:
        if (self.url is None) == (self.path is None):
            raise ValueError("evidence needs exactly one of url or path")
        return self


class AnswerBase(StrictModel):
    """The fields every answer has; each answer kind adds the field it reads (see checklist.kinds)."""

    answer: str | None = Field(default=None, description="The chosen option's id (choice criteria), or `unknown` for any criterion.")
    evidence: list[Evidence] = Field(default=[])
    notes: str = ""
    owner: str = Field(default="", description="Who will close the gap, shown in the remediation plan.")
    due: dt.date | None = Field(default=None, description="When the gap is to be closed, shown in the remediation plan.")

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        given = [k.answer_field for k in KINDS.values() if getattr(self, k.answer_field, None) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of {', '.join(given)}, not several")
        return self

    def given(self, field: str) -> Any:
        """This answer's value for a kind's field (None when not given)."""
        return getattr(self, field, None)

    @property
    def unknown(self) -> bool:
        return self.answer == UNKNOWN

    @property
    def empty(self) -> bool:
        return all(getattr(self, k.answer_field, None) is None for k in KINDS.values())


_Answer: type[AnswerBase] = create_model(  # type: ignore[call-overload]
    "Answer",
    __base__=AnswerBase,
    **{
        k.answer_field: (k.answer_type | None, Field(default=None, description=k.answer_help))
        for k in KINDS.values()
        if k.answer_field not in AnswerBase.model_fields
    },
)
if TYPE_CHECKING:
    Answer = AnswerBase
else:
    Answer = _Answer


class Waiver(StrictModel):
    criterion: str
    justification: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    expires: dt.date


class Person(StrictModel):
    name: str = Field(min_length=1)
    role: str = ""
    organisation: str = ""


class SignOff(StrictModel):
    """Who reviewed or approved the assessment, and when (filled into the report's sign-off block)."""

    name: str = Field(min_length=1)
    role: str = ""
    date: dt.date | None = None


class Assessment(StrictModel):
    """Who assessed, how independent they are of the team, and what the assessment covers."""

    assessors: list[Person] = Field(min_length=1)
    independence: Literal["self", "internal-audit", "third-party"] = Field(
        description="self: the team assessed its own system; internal-audit: a function independent of the team, "
        "inside the organisation; third-party: an outside assessor."
    )
    scope: str = Field(default="", description="What the assessment covers.")
    exclusions: list[str] = Field(default=[], description="What it does not cover.")
    reviewed_by: SignOff | None = None
    approved_by: SignOff | None = None


class VendorReview(StrictModel):
    """A vendor reviewing a customer's request: who asks, for whom, for what, and on what attestation."""

    vendor: str = Field(min_length=1, description="The vendor whose terms apply (a value of the `vendor` fact, e.g. microsoft).")
    product: str = Field(default="", description="The product or service requested.")
    customer: str = Field(min_length=1, description="Who asks for the service.")
    on_behalf_of: str = Field(default="", description="Whom the customer runs it for, if anyone (by name).")
    registered_use: str = Field(default="", description="The use case the customer registered or applied for.")
    attestation: list[Evidence] = Field(default=[], description="The customer's signed statements (not by or for police, say).")
    decided_by: str = Field(default="", description="Who decides on the vendor's side.")
    reverify_by: dt.date | None = Field(default=None, description="When the customer's use must be checked again.")


class Deployment(StrictModel):
    deployment: DeploymentInfo
    assessment: Assessment | None = Field(default=None, description="Who assessed, with what independence and scope.")
    vendor_review: VendorReview | None = Field(default=None, description="For a vendor reviewing a customer's request.")
    context: dict[str, Any] = Field(description="Facts from the context profile (see `rai-checklist rubrics show context`).")
    answers: dict[str, Answer] = Field(default={})
    waivers: list[Waiver] = Field(default=[])
