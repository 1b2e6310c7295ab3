"""`metric`: the team supplies measurements; the criterion computes one figure and scores it by bands.

`group_ratio`: measurements.groups maps group -> {field: rate}; for each of the criterion's
`fields` the team measured, the figure is the worst-to-best ratio across groups, and the worst
field decides (a NISTIR 8280-style demographic differential). A rate may be given as
`{errors, trials}`, so the tool can tell a ratio that rests on a handful of errors: below the
policy's `min_errors` in the best group, the ratio is not credited (it cannot pass).
`value`: the figure is the one of `fields` the team measured.
`requires` names values that must come with a field (a 1:N rate means nothing without the
gallery size and candidate-list length behind it).
"""

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

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
    fields: list[str] = Field(min_length=1, description="The measured fields the figure may be computed from; teams give those that apply.")
    requires: dict[str, list[str]] = Field(
        default_factory=dict, description="Field -> measurements.values that must come with it (e.g. gallery_size for 1:N rates)."
    )
    unit: str = Field(default="", description="Shown beside the figure, e.g. '×' or 'days'.")
    better: Literal["lower", "higher"] = "lower"
    min_groups: int = Field(default=2, ge=2, description="group_ratio only: fewer groups is an invalid answer.")
    bands: list[Band] = Field(min_length=1, description="Checked best first; a figure matching none scores 0.")

    @model_validator(mode="after")
    def _requires_known_fields(self) -> Self:
        for name in self.requires:
            if name not in self.fields:
                raise ValueError(f"`requires` names {name!r}, which is not one of the fields")
        return self


class Count(StrictModel):
    """The errors and trials behind a rate, so its reliability can be judged."""

    errors: int = Field(ge=0)
    trials: int = Field(ge=1)

    @model_validator(mode="after")
    def _possible(self) -> Self:
        if self.errors > self.trials:
            raise ValueError(f"{self.errors} errors in {self.trials} trials")
        return self

    @property
    def rate(self) -> float:
        return self.errors / self.trials


Rate = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, description="A rate: a share of attempts, 0 to 1.")]
MAX_RATIO = 1e9  # a worst-to-best ratio beyond this is shown as this (tiny rates would overflow to infinity)


class Measurements(StrictModel):
    """Per-group rates (`groups`, each a rate or its errors and trials) and named values; all finite."""

    groups: dict[str, dict[str, Rate | Count]] | None = None
    values: dict[str, NonNegative] | None = None


def _present(spec: MetricSpec, given: Measurements) -> list[str]:
    """The criterion's fields this answer measured."""
    if spec.compute == "group_ratio":
        return [f for f in spec.fields if any(f in rates for rates in (given.groups or {}).values())]
    return [f for f in spec.fields if f in (given.values or {})]


def group_key(name: str) -> str:
    """Group names that differ only in case or spacing name the same group."""
    return " ".join(name.split()).casefold()


def check(spec: MetricSpec, given: Measurements, criterion_id: str) -> list[tuple[Loc, str]]:
    """The right shape, only the criterion's fields (and the values they require), every group a
    different group, and at least one field measured."""
    shape = "groups" if spec.compute == "group_ratio" else "values"
    if spec.compute == "value" and given.groups is not None:
        return [((), f"{criterion_id} takes measurements.values")]
    if spec.compute == "group_ratio" and given.groups is None:
        return [((), f"{criterion_id} takes measurements.groups")]
    fields = ", ".join(spec.fields)
    known_values = set(spec.fields if shape == "values" else ()) | {v for f in spec.fields for v in spec.requires.get(f, [])}
    problems: list[tuple[Loc, str]] = [
        (("values", name), f"{criterion_id} measures {', '.join(sorted(known_values)) or 'no values'}, not {name!r}")
        for name in given.values or {}
        if name not in known_values
    ]
    seen: dict[str, str] = {}
    for group, rates in (given.groups or {}).items():
        key = group_key(group)
        if not key:
            problems.append((("groups", group), "a group needs a visible name"))
        elif key in seen:
            same = f"group {group!r} is the same group as {seen[key]!r} (the names differ only in case or spacing)"
            problems.append((("groups", group), same))
        seen.setdefault(key, group)
        problems += [
            (("groups", group, name), f"{name!r} is not measured by {criterion_id} (fields: {fields})")
            for name in rates
            if name not in spec.fields
        ]
    if not problems and not _present(spec, given):
        return [((shape,), f"{criterion_id} needs one of: {fields}")]
    return problems


def score(spec: MetricSpec, given: Measurements, settings: Mapping[str, float]) -> Outcome:
    """The outcome, carrying the measurements as given so a report can show them as a table."""
    return _score(spec, given, settings)._replace(measurements=_as_given(given))


def _as_given(given: Measurements) -> dict[str, Any]:
    """The measurements as plain data, a count as `{errors, trials}`: what `model_dump` gives,
    without building a serializer for one dump per criterion."""
    out: dict[str, Any] = {}
    if given.groups is not None:
        out["groups"] = {
            group: {name: {"errors": v.errors, "trials": v.trials} if isinstance(v, Count) else v for name, v in rates.items()}
            for group, rates in given.groups.items()
        }
    if given.values is not None:
        out["values"] = dict(given.values)
    return out


def _score(spec: MetricSpec, given: Measurements, settings: Mapping[str, float]) -> Outcome:
    present = _present(spec, given)
    for name in present:
        missing = [v for v in spec.requires.get(name, []) if v not in (given.values or {})]
        if missing:
            return Outcome(0.0, problem=f"{name} needs measurements.values.{', '.join(missing)}")
    if spec.compute == "group_ratio":
        return _group_ratio(spec, given.groups or {}, present, int(settings.get("min_errors", 0)))
    if len(present) != 1:
        return Outcome(0.0, problem=f"give one of {', '.join(spec.fields)}, not several")
    value = (given.values or {})[present[0]]
    return Outcome(band_score(spec, value), figure=value, figure_text=f"{present[0]} {_fmt(value)}{_unit(spec)}")


def _rate(value: float | Count) -> float:
    return value.rate if isinstance(value, Count) else value


def _group_ratio(spec: MetricSpec, groups: dict[str, dict[str, float | Count]], present: list[str], min_errors: int) -> Outcome:
    if len(groups) < spec.min_groups:
        return Outcome(0.0, problem=f"{len(groups)} group(s) measured; at least {spec.min_groups} needed")
    worst_ratio, detail, thin = 0.0, "", ""
    for field_name in present:
        values: dict[str, float | Count] = {}
        for group, rates in groups.items():
            if field_name not in rates:
                return Outcome(0.0, problem=f"group {group!r} has no {field_name}")
            values[group] = rates[field_name]
        rates_of = {g: _rate(v) for g, v in values.items()}
        best_group = min(rates_of, key=lambda g: (rates_of[g], g))
        worst_group = max(rates_of, key=lambda g: (rates_of[g], g))
        low, high = rates_of[best_group], rates_of[worst_group]
        if high == 0:
            return Outcome(
                0.0,
                problem=f"{field_name} is 0 for every group, so no differential can be measured; "
                "report rates from a sample large enough to observe errors",
            )
        if low == 0:
            return Outcome(
                0.0,
                problem=f"{field_name} is 0 for group {best_group!r}, so the ratio is undefined; "
                "report rates from a sample large enough to observe errors",
            )
        ratio = min(high / low, MAX_RATIO)
        best = values[best_group]
        if min_errors and not thin:
            if not isinstance(best, Count):
                thin = f"{field_name}: give the errors and trials behind each rate; a ratio is credited only on counts"
            elif best.errors < min_errors:
                thin = f"{field_name}: the best group ({best_group}) rests on {best.errors} error(s); a ratio is credited from {min_errors}"
        if ratio > worst_ratio or not detail:
            worst_ratio = ratio
            detail = f"{field_name}: {worst_group} vs {best_group}"
    figure = round(worst_ratio, 4)
    return Outcome(
        band_score(spec, figure), figure=figure, figure_text=f"{_fmt(figure)}{_unit(spec)} ({detail})", short_of_pass=thin or None
    )


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
    needs = sorted({v for f in spec.fields for v in spec.requires.get(f, [])})
    extra = f"; with values: {', '.join(needs)}" if needs else ""
    if spec.compute == "group_ratio":
        fields = " | ".join(spec.fields)
        return [
            f"    # measurements: {{groups: {{GROUP: {{FIELD: {{errors: N, trials: N}}}}, ...}}}}  FIELD: {fields}"
            f"  (at least {spec.min_groups} groups{extra})"
        ]
    return [f"    # measurements: {{values: {{FIELD: N}}}}  FIELD: {' | '.join(spec.fields)}{extra}"]


def _fmt(value: float) -> str:
    if value >= 1e6:
        return f"{value:.3g}"
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _unit(spec: MetricSpec) -> str:
    if not spec.unit:
        return ""
    return spec.unit if spec.unit in ("×", "%") else f" {spec.unit}"


KIND = Kind(
    name="metric", spec=MetricSpec, answer_field="measurements", answer_type=Measurements,
    answer_help="Measurements, for metric criteria.",
    check=check, score=score, best=best, lint=lint, scaffold=scaffold,
)
