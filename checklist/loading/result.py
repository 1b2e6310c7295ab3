"""Read a saved result (an object) or a batch (an array) back into Result models."""

from __future__ import annotations

import json

from checklist.errors import InputError
from checklist.loading.validate import validate_data
from checklist.models.result import SCHEMA_VERSION, Result


def parse_results(text: bytes, name: str) -> list[Result]:
    """Errors name the file and the field; a result from another schema major version is refused."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(name, f"not valid JSON: {getattr(exc, 'msg', exc)}", line) from None
    items = data if isinstance(data, list) else [data]
    out = []
    for index, item in enumerate(items):
        prefix = (index,) if isinstance(data, list) else ()
        version = item.get("schema_version") if isinstance(item, dict) else None
        if version is not None and str(version).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            where = f"[{index}].schema_version" if prefix else "schema_version"
            raise InputError(name, f"result schema {version}; this version of rai-checklist reads {SCHEMA_VERSION}", field=where)
        result = validate_data(item, Result, name, prefix, "not a rai-checklist result: ")
        out.append(result)
    if not out:
        raise InputError(name, "no result in the file")
    return out
