"""Compute a metric criterion's figure from measurements and score it against the rubric's bands."""

from __future__ import annotations

from dataclasses import dataclass

from checklist.models.deployment import Measurements
from checklist.models.rubric import MetricAnswer


@dataclass(frozen=True)
class MetricOutcome:
    figure: float | None
    text: str
    score: float
    problem: str | None = None  # set when the measurements cannot be scored (status `invalid`)


def score_metric(spec: MetricAnswer, measurements: Measurements) -> MetricOutcome:
    if spec.compute == "group_ratio":
        return _group_ratio(spec, measurements.groups or {})
    field_name = spec.fields[0]
    value = (measurements.values or {}).get(field_name)
    if value is None:
        return MetricOutcome(None, "", 0.0, f"measurements.values.{field_name} is missing")
    return MetricOutcome(value, f"{_fmt(value)}{_unit(spec)}", band_score(spec, value))


def _group_ratio(spec: MetricAnswer, groups: dict[str, dict[str, float]]) -> MetricOutcome:
    if len(groups) < spec.min_groups:
        return MetricOutcome(None, "", 0.0, f"{len(groups)} group(s) measured; at least {spec.min_groups} needed")
    worst_ratio = 0.0
    detail = ""
    for field_name in spec.fields:
        rates: dict[str, float] = {}
        for group, values in groups.items():
            if field_name not in values:
                return MetricOutcome(None, "", 0.0, f"group {group!r} has no {field_name}")
            rates[group] = values[field_name]
        best_group = min(rates, key=lambda g: (rates[g], g))
        worst_group = max(rates, key=lambda g: (rates[g], g))
        best, worst = rates[best_group], rates[worst_group]
        if best == 0:
            if worst == 0:
                ratio = 1.0
            else:
                return MetricOutcome(
                    None, "", 0.0,
                    f"{field_name} is 0 for group {best_group!r}, so the ratio is undefined; "
                    "report rates from a sample large enough to observe errors",
                )
        else:
            ratio = worst / best
        if ratio > worst_ratio or not detail:
            worst_ratio = ratio
            detail = f"{field_name}: {worst_group} vs {best_group}"
    figure = round(worst_ratio, 4)
    return MetricOutcome(figure, f"{_fmt(figure)}{_unit(spec)} ({detail})", band_score(spec, figure))


def band_score(spec: MetricAnswer, figure: float) -> float:
    """The best band the figure reaches; none reached scores 0."""
    if spec.better == "lower":
        reached = [b.score for b in spec.bands if figure <= b.limit]
    else:
        reached = [b.score for b in spec.bands if figure >= b.limit]
    return max(reached, default=0.0)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _unit(spec: MetricAnswer) -> str:
    if not spec.unit:
        return ""
    return spec.unit if spec.unit in ("×", "%") else f" {spec.unit}"
