"""The canonical JSON form of one result, or an array of several."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from checklist.models.result import Result


def one(result: Result) -> str:
    return result.model_dump_json(indent=2)


def join(chunks: Iterable[str]) -> Iterator[str]:
    """One result is an object; several are an array of them. Yielded as chunks to write in turn."""
    it = iter(chunks)
    first = next(it, None)
    if first is None:
        yield "[]\n"
        return
    second = next(it, None)
    if second is None:
        yield from (first, "\n")
        return
    yield from ("[\n", first)
    for chunk in chain((second,), it):
        yield from (",\n", chunk)
    yield "\n]\n"


def render_json(results: list[Result]) -> str:
    return "".join(join(one(r) for r in results))
