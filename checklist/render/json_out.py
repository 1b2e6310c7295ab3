"""The canonical JSON form of one result, or an array of several."""

from __future__ import annotations

from pydantic import TypeAdapter

from checklist.models.result import Result

_many = TypeAdapter(list[Result])


def render_json(results: list[Result]) -> str:
    if len(results) == 1:
        return results[0].model_dump_json(indent=2) + "\n"
    return _many.dump_json(results, indent=2).decode() + "\n"


def parse_results(text: bytes, name: str) -> list[Result]:
    """Read a saved result (object) or batch (array); errors name the file and the field."""
    import json

    from pydantic import ValidationError

    from checklist.loading.errors import InputError
    from checklist.loading.yamlfile import dotted

    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(name, f"not valid JSON: {getattr(exc, 'msg', exc)}", line) from None
    items = data if isinstance(data, list) else [data]
    out = []
    for index, item in enumerate(items):
        try:
            out.append(Result.model_validate(item))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = ((index,) if isinstance(data, list) else ()) + tuple(first["loc"])
            raise InputError(name, f"not a rai-checklist result: {first['msg']}", field=dotted(loc)) from None
    if not out:
        raise InputError(name, "no result in the file")
    return out
