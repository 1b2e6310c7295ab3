"""The canonical JSON form of one result, or an array of several."""

from __future__ import annotations

from checklist.models.result import Result


def render_json(results: list[Result]) -> str:
    return "".join(join_json([result_json(r) for r in results]))


def result_json(result: Result) -> str:
    return result.model_dump_json(indent=2)


def join_json(chunks: list[str]) -> list[str]:
    """One result is an object; several are an array of them. Returned as chunks to write in turn."""
    if len(chunks) == 1:
        return [chunks[0], "\n"]
    out = ["[\n"]
    for index, chunk in enumerate(chunks):
        out += [chunk, ",\n" if index < len(chunks) - 1 else "\n"]
    return out + ["]\n"]


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
    from checklist.models.result import SCHEMA_VERSION

    for index, item in enumerate(items):
        version = item.get("schema_version") if isinstance(item, dict) else None
        if version is not None and str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            where = f"[{index}].schema_version" if isinstance(data, list) else "schema_version"
            raise InputError(name, f"result schema {version}; this version of rai-checklist reads {SCHEMA_VERSION}", field=where)
        try:
            out.append(Result.model_validate(item))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = ((index,) if isinstance(data, list) else ()) + tuple(first["loc"])
            raise InputError(name, f"not a rai-checklist result: {first['msg']}", field=dotted(loc)) from None
    if not out:
        raise InputError(name, "no result in the file")
    return out
