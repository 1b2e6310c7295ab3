"""Turn pydantic's validation errors into one located InputError."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checklist.loading.yamlfile import Loc, YamlDoc

M = TypeVar("M", bound=BaseModel)


def data_path(data: Any, loc: Loc) -> tuple[Loc, Loc]:
    """Split a pydantic location into the part that exists in the data and the field named.

    Pydantic puts union tags and class names into locations; they are not in the data and are
    dropped. A last part that is missing from the data is a missing field, and is kept for the name.
    """
    found: list[Any] = []
    named: list[Any] = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and part in current:
            current = current[part]
            found.append(part)
            named.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            found.append(part)
            named.append(part)
        elif last and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            named.append(part)
    return tuple(found), tuple(named)


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    text = error["msg"]
    if text.startswith("Value error, "):
        text = text[len("Value error, "):]
    if kind not in ("missing",) and "input" in error and not isinstance(error["input"], (dict, list)):
        text += f" (got {error['input']!r})"
    return text


def validate(doc: YamlDoc, model: type[M]) -> M:
    """Validate a parsed file against a model; the first error becomes an InputError."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A wrong type deep inside beats a complaint about the whole union: prefer the longest path.
        first = max(errors, key=lambda e: len(data_path(doc.data, e["loc"])[0]))
        found, named = data_path(doc.data, first["loc"])
        from checklist.loading.yamlfile import dotted

        err = doc.error(found, _message(first))
        err.field = dotted(named) or None
        raise err from None
