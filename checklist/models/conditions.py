"""`when:` conditions: a small boolean language over context facts (and the assessment date).

Each node answers the questions asked of a condition (is it true, false or unknown; which facts
does it read; which tests does it make; how does it read in words) itself, so no caller walks
the tree. A fact given as `unspecified` (a reviewer does not know) makes a test unknown, not
false: a criterion whose condition is unknown still applies, the highest tier that might apply is
chosen, and a red line that might hold is a gap, never silently dropped.
"""

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Annotated, Any, ClassVar, Self

from pydantic import Discriminator, Field, Tag, model_validator

from checklist.models.base import StrictModel

Scalar = bool | int | float | str
Bound = float | dt.date
OPERATORS = ("equals", "in", "contains", "overlaps", "exists", "gt", "gte", "lt", "lte")
SET_OPERATORS = ("contains", "overlaps")  # for list-valued facts
SCALAR_OPERATORS = ("equals", "in")  # for single-valued facts
DATE_FACT = "assessment_date"  # always present: the deployment's date, so dated rules need no hand-kept fact
UNSPECIFIED = "unspecified"  # any fact may take it: the reviewer does not know
Truth = bool | None  # None: unknown, because a fact it reads is unspecified


class FactTest(StrictModel):
    """One test on one fact. `equals`/`in` test a single-valued fact; `contains`/`overlaps` a list."""

    fact: str = Field(description="Name of a fact from the context profile, or `assessment_date`.")
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    contains: Scalar | None = Field(default=None, description="A list-valued fact holds this value.")
    overlaps: list[Scalar] | None = Field(default=None, description="A list-valued fact holds at least one of these.")
    exists: bool | None = None
    gt: Bound | None = None
    gte: Bound | None = None
    lt: Bound | None = None
    lte: Bound | None = None

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> Self:
        if len(self.used()) != 1:
            raise ValueError(f"a fact test needs exactly one of {', '.join(OPERATORS)} (got {len(self.used())})")
        return self

    @cached_property
    def split_wanted(self) -> tuple[frozenset[str], tuple[Scalar, ...]]:
        """The wanted values split once (a batch tests every condition for every deployment): text,
        matched by set membership, and the rest, which `_same` compares one by one."""
        return frozenset(w for w in self.wanted if type(w) is str), tuple(w for w in self.wanted if type(w) is not str)

    def used(self) -> list[str]:
        """The operators this test sets, by their YAML names."""
        return [name for name in OPERATORS if getattr(self, "in_" if name == "in" else name) is not None]

    @property
    def operator(self) -> str:
        return self.used()[0]

    @property
    def wanted(self) -> list[Scalar]:
        """The values an equality-style test compares with (empty for exists and comparisons)."""
        for single in (self.equals, self.contains):
            if single is not None:
                return [single]
        return list(self.in_ or self.overlaps or [])

    def holds(self, context: Mapping[str, Any]) -> bool:
        return self.truth(context) is True

    @cached_property
    def matches(self) -> bool:
        """An equality-style test (equals, in, contains, overlaps)."""
        return self.equals is not None or self.contains is not None or self.in_ is not None or self.overlaps is not None

    def truth(self, context: Mapping[str, Any]) -> Truth:
        """A missing fact fails every test except `exists: false`; an unspecified one is unknown."""
        value = context.get(self.fact)
        if type(value) is str and self.matches:  # the common case, answered at once
            return None if value == UNSPECIFIED else value in self.split_wanted[0]
        values = value if isinstance(value, list) else [value]
        unknown = UNSPECIFIED in values
        known = [v for v in values if v is not None and v != UNSPECIFIED]
        if self.exists is not None:
            if known:
                return self.exists
            return None if unknown else not self.exists
        if self.matches:
            texts, others = self.split_wanted
            for v in known:
                if v in texts if type(v) is str else any(_same(v, w) for w in others):  # text equals only text
                    return True
            return None if unknown else False
        if unknown:
            return None
        return bool(known) and _compare(self, value)

    def facts(self) -> Iterator[str]:
        yield self.fact

    def fact_tests(self) -> Iterator["FactTest"]:
        yield self

    def describe(self) -> str:
        op = self.operator
        if op in ("equals", "contains"):
            return f"{self.fact} {'=' if op == 'equals' else 'includes'} {_word(self.wanted[0])}"
        if op in ("in", "overlaps"):
            joined = ", ".join(map(_word, self.wanted))
            return f"{self.fact} {'in' if op == 'in' else 'includes any of'} [{joined}]"
        if op == "exists":
            return f"{self.fact} {'is set' if self.exists else 'is not set'}"
        sign = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[op]
        return f"{self.fact} {sign} {_word(getattr(self, op))}"


class _Group(StrictModel):
    """All or any of several conditions: the two differ only in which part value decides at once."""

    decisive: ClassVar[bool]

    def parts(self) -> list["Condition"]:
        raise NotImplementedError

    def holds(self, context: Mapping[str, Any]) -> bool:
        return self.truth(context) is True

    def truth(self, context: Mapping[str, Any]) -> Truth:
        """`decisive` as soon as a part is it; else unknown if a part is unknown; else the other."""
        unknown = False
        for c in self.parts():
            value = c.truth(context)
            if value is self.decisive:
                return value
            unknown = unknown or value is None
        return None if unknown else not self.decisive

    def facts(self) -> Iterator[str]:
        for c in self.parts():
            yield from c.facts()

    def fact_tests(self) -> Iterator[FactTest]:
        for c in self.parts():
            yield from c.fact_tests()


class AllOf(_Group):
    all: list["Condition"] = Field(min_length=1)
    decisive: ClassVar[bool] = False  # one false part makes it false

    def parts(self) -> list["Condition"]:
        return self.all

    def describe(self) -> str:
        return " and ".join(_bracket(c) for c in self.all)


class AnyOf(_Group):
    any: list["Condition"] = Field(min_length=1)
    decisive: ClassVar[bool] = True  # one true part makes it true

    def parts(self) -> list["Condition"]:
        return self.any

    def describe(self) -> str:
        return " or ".join(_bracket(c) for c in self.any)


class NotOf(StrictModel):
    not_: "Condition" = Field(alias="not")

    def holds(self, context: Mapping[str, Any]) -> bool:
        return self.truth(context) is True

    def truth(self, context: Mapping[str, Any]) -> Truth:
        inner = self.not_.truth(context)
        return None if inner is None else not inner

    def facts(self) -> Iterator[str]:
        return self.not_.facts()

    def fact_tests(self) -> Iterator[FactTest]:
        return self.not_.fact_tests()

    def describe(self) -> str:
        return f"not {_bracket(self.not_)}"


def _condition_kind(value: Any) -> str:
    """Pick the member by its key, so an error names one shape instead of four."""
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "fact"
    tags: dict[type, str] = {AllOf: "all", AnyOf: "any", NotOf: "not"}
    return tags.get(type(value), "fact")


Condition = Annotated[
    Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[NotOf, Tag("not")] | Annotated[FactTest, Tag("fact")],
    Discriminator(_condition_kind),
]

# No model_rebuild() here: models are built on first use (`defer_build`), when `Condition` exists,
# and a run that reads its rubric set from the cache never builds these at all.


def holds(condition: Condition | None, context: Mapping[str, Any]) -> bool:
    """No condition always holds."""
    return True if condition is None else condition.holds(context)


def truth(condition: Condition | None, context: Mapping[str, Any]) -> Truth:
    """True, False, or None when an unspecified fact leaves it open; no condition is True."""
    return True if condition is None else condition.truth(context)


def _same(actual: Any, wanted: Any) -> bool:
    """Booleans match only booleans, so `equals: 1` never matches `true`."""
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return isinstance(actual, bool) and isinstance(wanted, bool) and actual == wanted
    return bool(actual == wanted)


def _compare(test: FactTest, value: Any) -> bool:
    """Numbers compare with numbers and dates with dates; anything else does not hold."""
    op = test.operator
    bound = getattr(test, op)
    if isinstance(value, bool) or isinstance(bound, dt.date) != isinstance(value, dt.date):
        return False
    if not isinstance(value, (int, float, dt.date)):
        return False
    if op == "gt":
        return bool(value > bound)
    if op == "gte":
        return bool(value >= bound)
    if op == "lt":
        return bool(value < bound)
    return bool(value <= bound)


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _bracket(condition: Condition) -> str:
    text = condition.describe()
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text
