"""Read a saved result (an object) or a batch (an array) back into Result models.

A saved result is refused unless it could have come from `assess`: valid against the schema, no
NaN or infinity, nested no deeper than a result can be, and consistent with itself (each criterion
under its own principle and once only, the deployment first among the inputs, every action naming
a criterion or red line that is there). Whether its figures follow from its criteria (scores,
counts, verdict, the ranking of actions) is `engine.recheck`'s part, which `render` and `verify`
run before anything is shown. Renderers can then trust what they read."""

from __future__ import annotations

import json
from typing import Any

from checklist.errors import InputError
from checklist.loading.validate import validate_data
from checklist.models.result import SCHEMA_VERSION, Result

MAX_DEPTH = 100  # a real result nests under 10 levels


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_results(text: bytes, name: str) -> list[Result]:
    """Errors name the file and the field; a result from another schema major version is refused."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise InputError(name, f"not a rai-checklist result: nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(name, f"not valid JSON: {getattr(exc, 'msg', exc)}", line) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError(name, f"not a rai-checklist result: nested more than {MAX_DEPTH} levels deep")
    items = data if isinstance(data, list) else [data]
    out = []
    for index, item in enumerate(items):
        prefix = (index,) if isinstance(data, list) else ()
        version = item.get("schema_version") if isinstance(item, dict) else None
        if version is not None and str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            where = f"[{index}].schema_version" if prefix else "schema_version"
            shown = str(version)[:40]
            raise InputError(name, f"result schema {shown}; this version of rai-checklist reads {SCHEMA_VERSION}", field=where)
        result = validate_data(item, Result, name, prefix, "not a rai-checklist result: ")
        _check_consistent(result, name, f"[{index}]." if prefix else "")
        out.append(result)
    if not out:
        raise InputError(name, "no result in the file")
    return out


def _depth(data: Any) -> int:
    """How deeply lists and objects nest, found without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            values: Any = value.values()
        elif isinstance(value, list):
            values = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((v, depth + 1) for v in values)
    return deepest


def _check_consistent(result: Result, name: str, at: str) -> None:
    """What the schema cannot say: the parts of a result agree with each other."""

    def refuse(field: str, message: str) -> InputError:
        return InputError(name, f"not a rai-checklist result: {message}", field=at + field)

    if not result.inputs or result.inputs[0].role != "deployment":
        raise refuse("inputs", "the first input must be the deployment file")
    principles: dict[str, str] = {}
    criteria: dict[str, str] = {}
    for p_index, principle in enumerate(result.principles):
        if principle.id in principles:
            raise refuse(f"principles[{p_index}].id", f"principle {principle.id!r} appears twice")
        principles[principle.id] = principle.title
        for c_index, criterion in enumerate(principle.criteria):
            where = f"principles[{p_index}].criteria[{c_index}]"
            if criterion.id in criteria:
                raise refuse(f"{where}.id", f"criterion {criterion.id!r} appears twice")
            if criterion.principle != principle.id:
                says = f"criterion {criterion.id!r} says it belongs to {criterion.principle!r}, not {principle.id!r}"
                raise refuse(f"{where}.principle", says)
            criteria[criterion.id] = principle.id
    known = set(criteria) | {p.id for p in result.prohibitions}
    for a_index, action in enumerate(result.actions):
        if action.criterion not in known:
            says = f"action {a_index + 1} names {action.criterion!r}, which is neither a criterion nor a red line in the result"
            raise refuse(f"actions[{a_index}].criterion", says)
