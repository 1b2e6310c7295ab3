"""Check a condition against the context profile: known facts, tested the way their type allows."""

from __future__ import annotations

from checklist.loading.yamlfile import Loc, YamlDoc
from checklist.models.conditions import DATE_FACT, SCALAR_OPERATORS, SET_OPERATORS, Condition, FactTest
from checklist.models.profile import ContextProfile

COMPARISONS = ("gt", "gte", "lt", "lte")


def operator_problem(test: FactTest, profile: ContextProfile) -> str | None:
    """Why this test cannot be made on its fact, or None."""
    op = test.operator
    if test.fact == DATE_FACT:
        return None if op in COMPARISONS or op == "exists" else f"{DATE_FACT} takes gt, gte, lt or lte with a date"
    spec = profile.facts.get(test.fact)
    if spec is None:
        return f"unknown fact {test.fact!r} (not in the context profile)"
    if spec.type == "set" and op in SCALAR_OPERATORS:
        better = "contains" if op == "equals" else "overlaps"
        return f"{test.fact} is a list of values: use `{better}` instead of `{op}`"
    if spec.type != "set" and op in SET_OPERATORS:
        better = "equals" if op == "contains" else "in"
        return f"{test.fact} holds one value: use `{better}` instead of `{op}`"
    if op in COMPARISONS and spec.type != "number":
        return f"{test.fact} is not a number: `{op}` can never hold"
    return None


def check_condition(condition: Condition, profile: ContextProfile, doc: YamlDoc, loc: Loc) -> None:
    """Raise a located error for the first test that names an unknown fact or the wrong operator."""
    for test in condition.fact_tests():
        problem = operator_problem(test, profile)
        if problem is not None:
            raise doc.error(loc, problem)
