"""`applies_when` and tier conditions: a small boolean language over context facts."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Discriminator, Field, Tag, model_validator

from checklist.models.base import StrictModel

Scalar = Union[bool, int, float, str]


class FactTest(StrictModel):
    """One test on one fact. For a list-valued fact, `equals` means 'contains' and `in` means 'overlaps'."""

    fact: str = Field(description="Name of a fact from the context profile.")
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    exists: bool | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> "FactTest":
        used = [name for name in ("equals", "in_", "exists", "gt", "gte", "lt", "lte") if getattr(self, name) is not None]
        if len(used) != 1:
            raise ValueError(
                f"a fact test needs exactly one of equals, in, exists, gt, gte, lt, lte (got {len(used)})"
            )
        return self


class AllOf(StrictModel):
    all: list["Condition"] = Field(min_length=1)


class AnyOf(StrictModel):
    any: list["Condition"] = Field(min_length=1)


class NotOf(StrictModel):
    not_: "Condition" = Field(alias="not")


def _condition_kind(value: Any) -> str:
    """Pick the member by its key, so an error names one shape instead of four."""
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "fact"
    return {AllOf: "all", AnyOf: "any", NotOf: "not"}.get(type(value), "fact")


Condition = Annotated[
    Union[
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
        Annotated[FactTest, Tag("fact")],
    ],
    Discriminator(_condition_kind),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def facts_named(condition: Condition) -> list[str]:
    """Every fact a condition reads, so linters can check them against the profile."""
    if isinstance(condition, FactTest):
        return [condition.fact]
    if isinstance(condition, AllOf):
        return [f for c in condition.all for f in facts_named(c)]
    if isinstance(condition, AnyOf):
        return [f for c in condition.any for f in facts_named(c)]
    return facts_named(condition.not_)
