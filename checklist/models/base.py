"""Shared model configuration and the small types every format uses."""

import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

FORMAT = 2  # the rubric-file format this version reads
MAX_WEIGHT = 100  # weights are relative; a cap keeps every sum finite (1e308 would make scores NaN)
Fraction = Annotated[float, Field(ge=0, le=1)]
Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
# Ids and enumerated values are kebab-case; codes from a standard (US-WA, FAIR-01) keep their capitals.
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")]
Severity = Literal["low", "medium", "high", "critical"]


# Letters that render as nothing (Hangul fillers, the blank braille pattern, ...): not visible text.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e\u034f\u00ad")


def visible_chars(text: str) -> int:
    """How many characters of `text` a reader can see: letters, digits, punctuation and symbols.
    Spaces, control and format characters (zero-width, bidi), combining marks alone and the few
    letters that render as blank do not count."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LNPS" and ch not in _INVISIBLE_LETTERS)


def _http_url(value: str) -> str:
    """An absolute http(s) URL with a host: listed in reports, never fetched."""
    problem = "must be an absolute http(s) URL, such as https://example.org/report.pdf"
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value):
        raise ValueError(f"{problem} (it contains spaces or control characters)")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        raise ValueError(problem) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError(problem)
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class StrictModel(BaseModel):
    """Input model: unknown keys are errors, so a typo never silently drops a field.

    Validators are built on first use (`defer_build`): a run that reads its rubric set from the
    cache never validates a rubric file, so it never pays for building those validators."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False, defer_build=True)


class OutputModel(BaseModel):
    """Output model: also strict, so a saved result that was hand-edited is caught on `render`.

    The engine builds these from validated inputs without re-validating them, so their schemas
    are built only when first needed (to write JSON or read a saved result), not at every start."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True)


_M = TypeVar("_M", bound=BaseModel)
_MISSING = object()
# per model: (field name, its default or _MISSING, its default factory or None), in field order
_FIELDS: dict[type[BaseModel], tuple[tuple[str, Any, Callable[[], Any] | None], ...]] = {}


def construct(cls: type[_M], **values: Any) -> _M:
    """`cls.model_construct(**values)` for the engine's hot path, without its per-field work: the
    values were validated on loading or computed here, and a batch builds about 130 models per
    deployment. Fields keep their declared order (serialization follows it); fields not given take
    their default (a factory is called for each model)."""
    spec = _FIELDS.get(cls)
    if spec is None:
        spec = _FIELDS[cls] = tuple(
            (n, _MISSING if f.is_required() or f.default_factory is not None else f.default, f.default_factory)  # type: ignore[misc]
            for n, f in cls.model_fields.items()
        )
    data = {
        n: values[n] if n in values else (make() if make is not None else default)
        for n, default, make in spec
        if n in values or make is not None or default is not _MISSING
    }
    return _made(cls, data, set(values))


def construct_filled(cls: type[_M], data: dict[str, Any]) -> _M:
    """`construct` for a dict that already holds every field in declared order (a copy of the
    `__dict__` of a model `construct` built): the dict becomes the model's own, with no per-field work."""
    return _made(cls, data, set(data))


def _made(cls: type[_M], data: dict[str, Any], fields_set: set[str]) -> _M:
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", data)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model
