"""`metric`: the team supplies measurements; the criterion computes one figure and scores it by bands.

`group_ratio`: measurements.groups maps group -> {field: rate}; the figure is the largest
worst-to-best ratio across `fields` (a NISTIR 8280-style demographic differential).
`value`: the figure is measurements.values[field] itself.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from pydantic import Field, model_validator

from checklist.kinds.base import Kind, Loc, Note, Outcome
from checklist.models.base import Fraction, StrictModel

NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Band(StrictModel):
    """Figures up to `limit` (lower is better) or at least `limit` (higher is better) score `score`."""

    limit: float
    score: Fraction


class MetricSpec(StrictModel):
    kind: Literal["metric"]
    compute: Literal["group_ratio", "value"]
    fields: list[str] = Field(min_length=1, description="Measured fields the figure is computed from.")
    unit: str = Field(default="", description="Shown beside the figure, e.g. '×' or 'days'.")
    better: Literal["lower", "higher"] = "lower"
    min_groups: int = Field(default=2, ge=2, description="group_ratio only: fewer groups is an invalid answer.")
    bands: list[Band] = Field(min_length=1, description="Checked best first; a figure matching none scores 0.")

    @model_validator(mode="after")
    def _value_has_one_field(self) -> MetricSpec:
        if self.compute == "value" and len(self.fields) != 1:
            raise ValueError("compute: value takes exactly one field")
        return self


class Measurements(StrictModel):
    """Either per-group rates (`groups`) or named values; every number is finite and non-negative."""

    groups: dict[str, dict[str, NonNegative]] | None = None
    values: dict[str, NonNegative] | None = None


def _shape(spec: MetricSpec) -> str:
    return "groups" if spec.compute == "group_ratio" else "values"


def check(spec: MetricSpec, given: Measurements, criterion_id: str) -> list[tuple[Loc, str]]:
    wrong = "values" if _shape(spec) == "groups" else "groups"
    if getattr(given, wrong) is not None:
        return [((), f"{criterion_id} takes measurements.{_shape(spec)}")]
    return []


def score(spec: MetricSpec, given: Measurements) -> Outcome:
    return replace(_score(spec, given), measurements=given.model_dump(exclude_none=True))


def _score(spec: MetricSpec, given: Measurements) -> Outcome:
    if spec.compute == "group_ratio":
        return _group_ratio(spec, given.groups or {})
    field_name = spec.fields[0]
    value = (given.values or {}).get(field_name)
    if value is None:
        return Outcome(0.0, problem=f"measurements.values.{field_name} is missing")
    return Outcome(band_score(spec, value), figure=value, figure_text=f"{_fmt(value)}{_unit(spec)}")


def _group_ratio(spec: MetricSpec, groups: dict[str, dict[str, float]]) -> Outcome:
    if len(groups) < spec.min_groups:
        return Outcome(0.0, problem=f"{len(groups)} group(s) measured; at least {spec.min_groups} needed")
    worst_ratio = 0.0
    detail = ""
    for field_name in spec.fields:
        rates: dict[str, float] = {}
        for group, values in groups.items():
            if field_name not in values:
                return Outcome(0.0, problem=f"group {group!r} has no {field_name}")
            rates[group] = values[field_name]
        best_group = min(rates, key=lambda g: (rates[g], g))
        worst_group = max(rates, key=lambda g: (rates[g], g))
        low, high = rates[best_group], rates[worst_group]
        if low == 0:
            if high != 0:
                return Outcome(
                    0.0,
                    problem=f"{field_name} is 0 for group {best_group!r}, so the ratio is undefined; "
                    "report rates from a sample large enough to observe errors",
                )
            ratio = 1.0
        else:
            ratio = high / low
        if ratio > worst_ratio or not detail:
            worst_ratio = ratio
            detail = f"{field_name}: {worst_group} vs {best_group}"
    figure = round(worst_ratio, 4)
    return Outcome(band_score(spec, figure), figure=figure, figure_text=f"{_fmt(figure)}{_unit(spec)} ({detail})")


def band_score(spec: MetricSpec, figure: float) -> float:
    """The best band the figure reaches; none reached scores 0."""
    if spec.better == "lower":
        reached = [b.score for b in spec.bands if figure <= b.limit]
    else:
        reached = [b.score for b in spec.bands if figure >= b.limit]
    return max(reached, default=0.0)


def best(spec: MetricSpec) -> float:
    return max(b.score for b in spec.bands)


def lint(spec: MetricSpec) -> list[Note]:
    notes = []
    bands = spec.bands
    for i, band in enumerate(bands):
        wider = [
            b for j, b in enumerate(bands)
            if j != i and b.score >= band.score
            and ((b.limit >= band.limit) if spec.better == "lower" else (b.limit <= band.limit))
            and (b.score > band.score or b.limit != band.limit or j < i)
        ]
        if wider:
            message = f"band {band.limit:g} -> {band.score:g} never decides a score: a wider band scores as much"
            notes.append(Note("warning", "unreachable-band", message, "scoring.bands"))
    return notes


def scaffold(spec: MetricSpec) -> list[str]:
    if spec.compute == "group_ratio":
        fields = ", ".join(f"{f}: N" for f in spec.fields)
        return [f"    # measurements: {{groups: {{GROUP: {{{fields}}}, ...}}}}  (at least {spec.min_groups} groups)"]
    return [f"    # measurements: {{values: {{{spec.fields[0]}: N}}}}"]


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _unit(spec: MetricSpec) -> str:
    if not spec.unit:
        return ""
    return spec.unit if spec.unit in ("×", "%") else f" {spec.unit}"


KIND = Kind(
    name="metric", spec=MetricSpec, answer_field="measurements", answer_type=Measurements,
    answer_help="Measurements, for metric criteria.",
    check=check, score=score, best=best, lint=lint, scaffold=scaffold,
)
