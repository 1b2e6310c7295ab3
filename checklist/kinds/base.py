"""What an answer kind is: one module per kind supplies these pieces, and nothing else dispatches on kind.

A kind owns its rubric spec (the `scoring:` block), the deployment answer field it reads, how it
checks that answer on loading, how it scores it, its best possible score, its lint checks and how
`init` describes it. Kinds import only `models.base`, so models can build their unions from them.
"""

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel

Loc = tuple[Any, ...]


class Outcome(NamedTuple):
    """A scored answer. `problem` makes the status `invalid`; `short_of_pass` keeps it from passing."""

    score: float
    problem: str | None = None
    answer: str | None = None
    answer_label: str | None = None
    figure: float | None = None
    figure_text: str | None = None
    items: list[str] | None = None
    short_of_pass: str | None = None
    measurements: dict[str, Any] | None = None  # what was measured, shown as a table in the report


class Note(NamedTuple):
    """A lint finding about a spec: level `error` or `warning`, a code, a message, the field it concerns."""

    level: str
    code: str
    message: str
    field: str = ""


class Kind(NamedTuple):
    name: str
    spec: type[BaseModel]
    answer_field: str  # the key in a deployment's answer that carries this kind's answer
    answer_type: Any  # its type, for the deployment model and schema
    answer_help: str  # one line for the deployment schema
    check: Callable[[Any, Any, str], list[tuple[Loc, str]]]  # (spec, given, criterion id) -> located problems
    score: Callable[[Any, Any, Mapping[str, float]], Outcome]  # (spec, given, policy numbers) -> outcome
    best: Callable[[Any], float]  # best possible score
    lint: Callable[[Any], list[Note]]
    scaffold: Callable[[Any], list[str]]  # lines for `init`, indented to sit under `  CRIT-01:`


def comment(text: str, indent: str, width: int = 96) -> list[str]:
    """Wrap text as YAML comment lines."""
    import textwrap

    lines = textwrap.wrap(" ".join(text.split()), width - len(indent) - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{indent}# {line}" for line in lines]
