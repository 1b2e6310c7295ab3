"""Turn pydantic's validation errors into one located InputError (the one place that does so)."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checklist.errors import InputError
from checklist.loading.yamlfile import Loc, YamlDoc, dotted

M = TypeVar("M", bound=BaseModel)


def data_path(data: Any, loc: Loc, missing: bool = True) -> tuple[Loc, Loc]:
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
        elif last and missing and isinstance(part, str) and not part[:1].isupper() and "[" not in part:
            named.append(part)
    return tuple(found), tuple(named)


def message(error: Any) -> str:
    """One pydantic error in plain words."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    text = str(error["msg"]).removeprefix("Value error, ")
    if "input" in error and not isinstance(error["input"], (dict, list)):
        text += f" (got {error['input']!r})"
    return text


def first_message(exc: ValidationError) -> str:
    return str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")


GENERIC = frozenset({"float_parsing", "float_type", "int_parsing", "int_type", "model_type", "dict_type", "string_type"})


def deepest(exc: ValidationError, data: Any) -> tuple[Any, Loc, Loc]:
    """The error to report: a wrong type deep inside beats a complaint about the whole union, and
    a rule's own message beats a union member's plain type mismatch."""
    errors = exc.errors(include_url=False)
    first = max(errors, key=lambda e: (len(data_path(data, e["loc"])[0]), e["type"] not in GENERIC))
    found, named = data_path(data, first["loc"], first["type"] == "missing")
    return first, found, named


def validate(doc: YamlDoc, model: type[M]) -> M:
    """Validate a parsed file against a model; the deepest error becomes an InputError."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        error, found, named = deepest(exc, doc.data)
        err = doc.error(found, message(error))
        err.field = dotted(named) or None
        raise err from None


def require_visible(doc: YamlDoc, loc: Loc, text: str, minimum: int, what: str, setting: str = "min_justification_chars") -> None:
    """Text that must say something: at least `minimum` visible characters (the policy's `setting`)."""
    from checklist.models.base import visible_chars

    seen = visible_chars(text)
    if seen < minimum:
        raise doc.error(loc, f"{what} needs at least {minimum} visible characters, not {seen} (the policy's {setting})")


def validate_every(doc: YamlDoc, model: type[M], depth: int = 2) -> M:
    """Like `validate`, but every independent error at once: the deepest error under each path of
    `depth` parts (one per answer, per context fact, per deployment field), in file order."""
    from checklist.errors import raise_all

    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        chosen: dict[Loc, tuple[tuple[int, bool], Any, Loc, Loc]] = {}
        for error in exc.errors(include_url=False):
            found, named = data_path(doc.data, error["loc"], error["type"] == "missing")
            key = named[:depth]
            rank = (len(found), error["type"] not in GENERIC)  # as in `deepest`
            if key not in chosen or rank > chosen[key][0]:
                chosen[key] = (rank, error, found, named)
        errors = []
        for _, error, found, named in chosen.values():
            err = doc.error(found, message(error))
            err.field = dotted(named) or None
            errors.append(err)
        raise_all(errors)
        raise AssertionError("unreachable") from None


def validate_data(data: Any, model: type[M], name: str, prefix: Loc = (), lead: str = "") -> M:
    """The same for data with no positions (a JSON result): the error names the file and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error, _, named = deepest(exc, data)
        raise InputError(name, lead + message(error), field=dotted(prefix + named) or None) from None
