"""`checklist`: the team ticks which of the listed controls are in place.

The score is the weighted share of controls in place; `min_items` sets how many must be in
place for a pass, whatever the weights (a share can look high while one heavy control carries it).
"""

from collections.abc import Mapping
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from checklist.kinds.base import Kind, Loc, Note, Outcome, comment
from checklist.models.base import Slug, StrictModel, Weight


class Item(StrictModel):
    id: Slug
    label: str
    weight: Weight = 1.0


class ChecklistSpec(StrictModel):
    kind: Literal["checklist"]
    items: list[Item] = Field(min_length=2)
    min_items: int | None = Field(default=None, ge=1, description="Controls that must be in place for a pass.")

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        if self.min_items is not None and self.min_items > len(self.items):
            raise ValueError(f"min_items {self.min_items} is more than the {len(self.items)} items listed")
        return self


def check(spec: ChecklistSpec, given: list[str], criterion_id: str) -> list[tuple[Loc, str]]:
    ids = [i.id for i in spec.items]
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    for index, item in enumerate(given):
        if item not in ids:
            problems.append(((index,), f"{item!r} is not an item of {criterion_id} (items: {', '.join(ids)})"))
        elif item in seen:
            problems.append(((index,), f"{item!r} is listed twice for {criterion_id}"))
        seen.add(item)
    return problems


def score(spec: ChecklistSpec, given: list[str], settings: Mapping[str, float]) -> Outcome:
    ticked = set(given)
    total = sum(i.weight for i in spec.items)
    done = sum(i.weight for i in spec.items if i.id in ticked)
    in_place = [i.id for i in spec.items if i.id in ticked]
    short = None
    if spec.min_items is not None and len(in_place) < spec.min_items:
        short = f"{len(in_place)} of {len(spec.items)} controls in place; a pass needs at least {spec.min_items}"
    return Outcome(
        round(done / total, 4), items=in_place, figure=len(in_place),
        figure_text=f"{len(in_place)} of {len(spec.items)} in place", short_of_pass=short,
    )


def best(spec: ChecklistSpec) -> float:
    return 1.0


def lint(spec: ChecklistSpec) -> list[Note]:
    ids = [i.id for i in spec.items]
    return [
        Note("error", "unreachable-option", f"item {dup!r} appears twice", "scoring.items")
        for dup in sorted({i for i in ids if ids.count(i) > 1})
    ]


def scaffold(spec: ChecklistSpec) -> list[str]:
    lines: list[str] = []
    for item in spec.items:
        lines += comment(f"{item.id} (weight {item.weight:g}): {item.label}", "    ")
    need = f"; a pass needs {spec.min_items}" if spec.min_items else ""
    return lines + [f"    items: []   # the controls in place{need}"]


KIND = Kind(
    name="checklist", spec=ChecklistSpec, answer_field="items", answer_type=list[Annotated[str, Field(min_length=1)]],
    answer_help="The ids of the controls in place, for checklist criteria.",
    check=check, score=score, best=best, lint=lint, scaffold=scaffold,
)
