"""Decide an `applies_when` or tier condition against a deployment's resolved context."""

from __future__ import annotations

from typing import Any

from checklist.models.conditions import AllOf, AnyOf, Condition, FactTest, NotOf


def holds(condition: Condition | None, context: dict[str, Any]) -> bool:
    """No condition always holds. A missing fact fails every test except `exists: false`."""
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(holds(c, context) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(holds(c, context) for c in condition.any)
    if isinstance(condition, NotOf):
        return not holds(condition.not_, context)
    return _test(condition, context.get(condition.fact))


def _test(test: FactTest, value: Any) -> bool:
    present = value is not None and value != []
    if test.exists is not None:
        return present == test.exists
    if not present:
        return False
    values = value if isinstance(value, list) else [value]
    if test.equals is not None:
        return any(_same(v, test.equals) for v in values)
    if test.in_ is not None:
        return any(_same(v, wanted) for v in values for wanted in test.in_)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if test.gt is not None:
        return value > test.gt
    if test.gte is not None:
        return value >= test.gte
    if test.lt is not None:
        return value < test.lt
    return test.lte is not None and value <= test.lte


def _same(actual: Any, wanted: Any) -> bool:
    """Booleans match only booleans, so `equals: 1` never matches `true`."""
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return isinstance(actual, bool) and isinstance(wanted, bool) and actual == wanted
    return actual == wanted
