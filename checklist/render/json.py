"""The canonical JSON form: always an array of results, one per deployment, in input order.

One shape whatever the number of deployments, so a script that reads `[0]` keeps working when a
second file is added. `render` (checklist.loading.result) still reads a single object, as written
by versions before this one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checklist.models.result import Result


def one(result: Result) -> str:
    return result.model_dump_json(indent=2)


def encoded(result: Result) -> bytes:
    """`one` as UTF-8, made directly: pydantic writes bytes, which `one` decodes into a text that
    the writer would encode again (a fifth of the time JSON adds to a large batch)."""
    if not Result.__pydantic_complete__:  # built on first use (`defer_build`)
        Result.model_rebuild()
    return Result.__pydantic_serializer__.to_json(result, indent=2)


def join(chunks: Iterable[str]) -> Iterator[str]:
    """An array of the results, yielded as chunks to write in turn (a batch is never joined in memory)."""
    opened = False
    for chunk in chunks:
        yield ",\n" if opened else "[\n"
        opened = True
        yield chunk
    yield "\n]\n" if opened else "[]\n"


def render_json(results: list[Result]) -> str:
    return "".join(join(one(r) for r in results))
