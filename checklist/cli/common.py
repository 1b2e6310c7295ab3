"""Options and steps shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

RubricsOption = Annotated[
    Optional[list[Path]],
    typer.Option("--rubrics", "-r", help="Extra rubric folder (new principles, overlays); repeatable."),
]
NoBuiltinOption = Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in principles.")]


def rubric_folders(extra: list[Path] | None, no_builtin: bool) -> list[Path]:
    from checklist.resources import data_dir

    return ([] if no_builtin else [data_dir("principles")]) + list(extra or [])


def load_rubrics(extra: list[Path] | None, no_builtin: bool = False):  # -> RubricSet
    from checklist.loading.rubrics import load_rubric_set

    return load_rubric_set(rubric_folders(extra, no_builtin))


def emit(text: str, output: Path | None) -> None:
    """Print to stdout, or write the file atomically."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from checklist.outputs import write_atomic

    write_atomic(output, text.encode("utf-8"))
