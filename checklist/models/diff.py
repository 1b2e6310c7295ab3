"""What changed between two assessments (`rai-checklist diff`, `assess --baseline`): the JSON form of
a diff, which the table and Markdown views render."""

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from checklist.models.base import OutputModel

DIFF_SCHEMA_VERSION = "1.0"

# How a criterion's status ranks for "better" and "worse": a pass (or out of scope) beats a partial,
# which beats a finding or a gap. A failed answer and no answer rank alike, so deleting a failing
# answer never counts as an improvement.
STATUS_RANK = {"pass": 0, "not-applicable": 0, "waived": 0, "partial": 1, "fail": 2, "invalid": 2, "unanswered": 2}

CriterionChangeKind = Literal["improved", "regressed", "appeared", "disappeared", "changed"]


class Change(OutputModel):
    """A number before and after; `delta` is new minus old (null when either is missing)."""

    old: float | None
    new: float | None
    delta: float | None


class Side(OutputModel):
    """Which assessment: enough to name it."""

    name: str
    source_path: str
    version: str
    date: dt.date
    verdict: str
    tool_version: str


class PrincipleChange(OutputModel):
    id: str
    title: str
    score: Change
    answered_score: Change
    coverage: Change
    flagged: tuple[bool | None, bool | None] = Field(description="Flagged before, after (null where the principle is absent).")
    presence: Literal["both", "appeared", "disappeared"] = "both"


class EvidenceChange(OutputModel):
    title: str
    change: Literal["added", "removed", "changed"] = Field(description="`changed`: the same file or link, another SHA-256 or date.")
    where: str | None = Field(default=None, description="The path or URL.")
    old_sha256: str | None = None
    new_sha256: str | None = None


class CriterionChange(OutputModel):
    id: str
    principle: str
    title: str
    change: CriterionChangeKind
    old_status: str | None = None
    new_status: str | None = None
    old_score: float | None = None
    new_score: float | None = None
    old_answer: str | None = Field(default=None, description="The option, figure or controls given; `unknown` when answered unknown.")
    new_answer: str | None = None
    notes_changed: bool = False
    evidence: list[EvidenceChange] = Field(default_factory=list)


class RedLineChange(OutputModel):
    id: str
    title: str
    old: Literal["holds", "possible", "lifted"] | None
    new: Literal["holds", "possible", "lifted"] | None


class InputChange(OutputModel):
    """A rubric-set file (rubric, profile, policy, overlay, config) that differs."""

    role: str
    name: str
    change: Literal["added", "removed", "changed"]
    old_sha256: str | None = None
    new_sha256: str | None = None


class FactChange(OutputModel):
    fact: str
    old: Any = None
    new: Any = None


class ResultDiff(OutputModel):
    old: Side
    new: Side
    verdict: Literal["better", "worse", "same"]
    overall: Change
    answered: Change
    coverage: Change
    tier: tuple[str, str]
    principles: list[PrincipleChange]
    criteria: list[CriterionChange] = Field(description="Only the criteria that changed, most serious first.")
    red_lines: list[RedLineChange]
    context: list[FactChange]
    rubric_changes: list[InputChange] = Field(description="The rubric set or policy differs: scores may move for that reason.")
    principle_versions: list[FactChange] = Field(default_factory=list, description="Principles whose rubric version differs.")
    warnings: list[str] = Field(description="Why the two may not compare like for like.")
    regressions: list[str] = Field(description="What a baseline gate fails on: worse statuses, a worse verdict, new red lines.")


class DiffReport(OutputModel):
    schema_version: str = DIFF_SCHEMA_VERSION
    diffs: list[ResultDiff]
    only_old: list[str] = Field(default_factory=list, description="Deployments in OLD with no match in NEW.")
    only_new: list[str] = Field(default_factory=list, description="Deployments in NEW with no match in OLD.")
