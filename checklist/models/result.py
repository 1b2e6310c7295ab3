"""The canonical result: what `assess` computes and every renderer reads. Nothing downstream rescores.

The status taxonomy lives here, once: which statuses count as answered, which are in scope, which
fall short of a pass and which sink a blocker. Scoring, renderers and tests read these sets.
"""

import datetime as dt
from typing import Any, Literal, NamedTuple, get_args

from pydantic import Field

from checklist.models.base import OutputModel

SCHEMA_VERSION = "1.2"

Status = Literal["pass", "partial", "fail", "not-applicable", "unanswered", "waived", "invalid"]
# Most severe first: a red line, a finding, not enough answered to conclude, short of the bar, clear.
Verdict = Literal["prohibited", "not-ready", "incomplete", "conditional", "ready"]
STATUSES: tuple[str, ...] = get_args(Status)
VERDICTS: tuple[str, ...] = get_args(Verdict)
ANSWERED = frozenset({"pass", "partial", "fail", "invalid"})  # the team gave an answer the tool could read
OUT_OF_SCOPE = frozenset({"not-applicable", "waived"})  # excluded from scores and coverage
SHORT_OF_PASS = frozenset({"partial", "fail", "invalid", "unanswered"})  # a finding or a gap: in the action plan
SINKS_BLOCKER = frozenset({"fail", "invalid", "unanswered"})  # a blocker in one of these is not met at all
FAILS_BLOCKER = frozenset({"fail", "invalid"})  # a blocker answered and not met: a finding (unanswered is a gap)
FAILED = frozenset({"fail", "invalid"})  # counted together as failures in tables


def severity(verdict: str) -> int:
    """0 for `ready` up to 4 for `prohibited`, so gates compare verdicts."""
    return len(VERDICTS) - 1 - VERDICTS.index(verdict)


def in_scope(status: str) -> bool:
    """Counts toward scores and coverage: applicable and not waived."""
    return status not in OUT_OF_SCOPE


class InputFile(OutputModel):
    role: Literal["deployment", "rubric", "profile", "policy", "evidence", "overlay", "config"]
    name: str = Field(description="Path relative to the folder it was found in.")
    sha256: str


class EvidenceResult(OutputModel):
    title: str
    url: str | None = None
    path: str | None = None
    sha256: str | None = None
    date: dt.date | None = None
    stale: bool = False


class ReferenceResult(OutputModel):
    source: str
    title: str
    framework: str
    section: str | None = None
    url: str | None = None


class CountResult(OutputModel):
    """The errors and trials behind a rate."""

    errors: int
    trials: int


class MeasurementsResult(OutputModel):
    """A metric criterion's measurements as given: per-group rates, or named values."""

    groups: dict[str, dict[str, float | CountResult]] | None = None
    values: dict[str, float] | None = None


class CriterionResult(OutputModel):
    id: str
    principle: str
    title: str
    question: str
    why: str
    guidance: str
    kind: str = Field(description="The answer kind: choice, metric or checklist.")
    weight: float
    blocker: bool
    pass_mark: float
    status: Status
    score: float = Field(ge=0, le=1)
    answer: str | None = Field(default=None, description="The chosen option's id.")
    answer_label: str | None = None
    figure: float | None = Field(default=None, description="Metric criteria: the computed figure.")
    items: list[str] | None = Field(default=None, description="Checklist criteria: the controls in place.")
    answer_line: int | None = Field(default=None, description="Line of this criterion's answer in the deployment file.")
    unknown: bool = Field(default=False, description="Answered `unknown`: asked, but nobody could say (a gap, like unanswered).")
    figure_text: str | None = None
    measurements: MeasurementsResult | None = Field(default=None, description="Metric criteria: the measurements given.")
    evidence_requirement: Literal["none", "recommended", "required"]
    evidence: list[EvidenceResult] = Field(default_factory=list)
    unevidenced: bool = Field(default=False, description="Required evidence missing or stale: the score was capped.")
    flags: list[str] = Field(default_factory=list)
    notes: str = ""
    remediation: str
    references: list[ReferenceResult] = Field(default_factory=list)
    waiver: dict[str, Any] | None = None
    origin: str = Field(default="", description="The file the criterion came from.")
    owner: str = Field(default="", description="Who will close the gap (from the deployment's answer).")
    due: dt.date | None = Field(default=None, description="When the gap is to be closed (from the deployment's answer).")


class PrincipleResult(OutputModel):
    id: str
    title: str
    statement: str
    version: str
    weight: float
    min_score: float | None = Field(default=None, description="A bar for this principle above the tier's (set by an overlay).")
    origin: str = Field(default="", description="The rubric file the principle came from.")
    score: float | None = Field(description="0-100, unanswered counting 0; null when no criterion applies.")
    answered_score: float | None = Field(default=None, description="0-100 over the answered criteria only; null when none is answered.")
    coverage: float | None = Field(description="Answered / applicable, 0-1.")
    flagged: bool = Field(default=False, description="A finding: a failed blocker, or the answered score under the tier's floor.")
    findings: list[str] = Field(default_factory=list, description="Why the principle is flagged.")
    counts: dict[str, int]
    unknown: int = Field(default=0, description="Criteria answered `unknown` (counted among the unanswered).")
    criteria: list[CriterionResult]


class TierResult(OutputModel):
    id: str
    title: str
    rationale: str
    bar: float
    floor: float
    min_coverage: float | None = Field(default=None, description="This tier's minimum coverage, if not the policy's.")


class PolicyNumbers(OutputModel):
    """The numbers in force (after overlays and config), so a reader can check the scoring by hand."""

    version: str
    default_pass_mark: float
    fail_below: float
    evidence_cap: float
    default_severity: str
    severity_weights: dict[str, float]
    allow_blocker_waivers: bool
    min_coverage: float


class VerdictResult(OutputModel):
    value: Verdict
    reasons: list[str] = Field(description="Red lines, then the findings that decided it, then the gaps before a better verdict.")
    findings: list[str] = Field(default_factory=list, description="What is wrong: failed blockers, flagged principles, low scores.")
    gaps: list[str] = Field(default_factory=list, description="What is not known: unanswered questions before a better verdict.")


class ProhibitionResult(OutputModel):
    """A red line that holds for this deployment on its date (or one an overlay lifted)."""

    id: str
    title: str
    reason: str
    source: str
    section: str | None = None
    url: str | None = None
    framework: str | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    origin: str = Field(default="", description="The file the red line came from.")
    lifted: str | None = Field(default=None, description="Set when an overlay lifted it: the file and the justification.")
    possible: bool = Field(default=False, description="It holds unless an unspecified fact rules it out: a gap, not yet a verdict.")
    open_facts: list[str] = Field(default_factory=list, description="The unspecified facts that leave a possible red line open.")

    @property
    def binding(self) -> bool:
        """It holds, and nobody lifted it: the verdict is `prohibited`."""
        return self.lifted is None and not self.possible


class Action(OutputModel):
    rank: int
    criterion: str
    principle: str
    title: str
    status: Status | Literal["prohibited"]
    score: float
    blocker: bool
    kind: Literal["prohibition", "criterion"] = "criterion"
    gain: float = Field(description="Points the overall score would rise with full marks here.")
    remediation: str
    why_now: str
    owner: str = Field(default="", description="Who will close the gap (from the deployment's answer).")
    due: dt.date | None = Field(default=None, description="When the gap is to be closed.")


class DeploymentSummary(OutputModel):
    name: str
    owner: str
    version: str
    date: dt.date
    description: str


class PersonResult(OutputModel):
    name: str
    role: str = ""
    organisation: str = ""


class SignOffResult(OutputModel):
    name: str
    role: str = ""
    date: dt.date | None = None


class AssessmentResult(OutputModel):
    """Who assessed, their independence from the team, and the scope (from the deployment's `assessment`)."""

    assessors: list[PersonResult]
    independence: Literal["self", "internal-audit", "third-party"]
    scope: str = ""
    exclusions: list[str] = Field(default_factory=list)
    reviewed_by: SignOffResult | None = None
    approved_by: SignOffResult | None = None


class ToolInfo(OutputModel):
    name: str
    version: str


class Provenance(OutputModel):
    """One change an overlay or config made to the rubrics or policy, and why."""

    file: str
    sha256: str
    overlay: str
    action: Literal["add", "change", "disable", "principle", "policy", "fact", "prohibition", "lift"]
    target: str
    field: str | None = None
    before: Any = None
    after: Any = None
    justification: str = ""


class Result(OutputModel):
    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    deployment: DeploymentSummary
    assessment: AssessmentResult | None = Field(default=None, description="Who assessed; null when the deployment file does not say.")
    source_name: str
    source_path: str = Field(
        default="",
        description="The deployment file as given, relative to the current folder (or `--base`), with `/` separators: "
        "SARIF locates findings with it. `-` when read from standard input; empty in results saved before it existed.",
    )
    source_text: str = Field(description="The deployment YAML as read, so a report can embed it.")
    context_line: int | None = Field(default=None, description="Line of `context:` in the deployment file (red lines are located there).")
    context: dict[str, Any]
    tier: TierResult
    tiers: list[TierResult] = Field(default_factory=list, description="The whole tier scale in force, highest first.")
    policy: PolicyNumbers | None = Field(default=None, description="The policy's numbers in force.")
    overall_score: float = Field(ge=0, le=100)
    overall_answered_score: float | None = Field(default=None, ge=0, le=100, description="Over the answered criteria only.")
    overall_coverage: float = Field(ge=0, le=1)
    min_coverage: float = Field(default=0, ge=0, le=1, description="The coverage the policy needs before the tool concludes.")
    verdict: VerdictResult
    prohibitions: list[ProhibitionResult] = Field(
        default_factory=list, description="Red lines that hold (or were lifted), first in every output."
    )
    principles: list[PrincipleResult]
    actions: list[Action]
    inputs: list[InputFile]
    provenance: list[Provenance] = Field(default_factory=list, description="Every change overlays made, with their files and reasons.")


class Summary(NamedTuple):
    """What a batch keeps of each result once it is rendered: enough for the gate and a summary table."""

    name: str
    owner: str
    tier: str
    overall: float
    coverage: float
    verdict: str
    top_action: str | None

    @classmethod
    def of(cls, r: Result) -> "Summary":
        top = r.actions[0].criterion if r.actions else None
        return cls(r.deployment.name, r.deployment.owner, r.tier.id, r.overall_score, r.overall_coverage, r.verdict.value, top)
