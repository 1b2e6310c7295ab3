"""`choice`: the team picks one option; the option carries the score."""

from collections.abc import Mapping
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from checklist.kinds.base import Kind, Loc, Note, Outcome, comment
from checklist.models.base import Fraction, Slug, StrictModel


class Option(StrictModel):
    id: Slug
    label: str
    score: Fraction


class ChoiceSpec(StrictModel):
    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _unknown_is_reserved(self) -> Self:
        if any(o.id == "unknown" for o in self.options):
            raise ValueError("`unknown` is reserved: any criterion can be answered unknown")
        return self


def check(spec: ChoiceSpec, given: str, criterion_id: str) -> list[tuple[Loc, str]]:
    ids = [o.id for o in spec.options]
    if given not in ids:
        return [((), f"{given!r} is not an option of {criterion_id} (options: {', '.join(ids)}, or unknown)")]
    return []


def score(spec: ChoiceSpec, given: str, settings: Mapping[str, float]) -> Outcome:
    option = next(o for o in spec.options if o.id == given)
    return Outcome(option.score, answer=option.id, answer_label=option.label)


def best(spec: ChoiceSpec) -> float:
    return max(o.score for o in spec.options)


FIELD = "scoring.options"


def lint(spec: ChoiceSpec) -> list[Note]:
    notes = []
    ids = [o.id for o in spec.options]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        notes.append(Note("error", "unreachable-option", f"option {dup!r} appears twice; the second can never be chosen", FIELD))
    scores = [o.score for o in spec.options]
    for same in sorted({s for s in scores if scores.count(s) > 1}):
        notes.append(Note("warning", "same-score", f"several options score {same:g}; are they really equivalent?", FIELD))
    if max(scores) < 1:
        message = f"no option scores 1.0, so the criterion is always an action (best {max(scores):g})"
        notes.append(Note("warning", "no-full-marks", message, FIELD))
    return notes


def scaffold(spec: ChoiceSpec) -> list[str]:
    lines: list[str] = []
    for option in spec.options:
        lines += comment(f"{option.id} ({option.score:g}): {option.label}", "    ")
    return lines + [f"    answer:   # one of: {' | '.join(o.id for o in spec.options)} | unknown"]


KIND = Kind(
    name="choice", spec=ChoiceSpec, answer_field="answer", answer_type=Annotated[str, Field(min_length=1)],
    answer_help="The chosen option's id (choice criteria), or `unknown` for any criterion.",
    check=check, score=score, best=best, lint=lint, scaffold=scaffold,
)

__all__ = ["KIND", "ChoiceSpec", "Option"]
