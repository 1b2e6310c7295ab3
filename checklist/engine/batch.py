"""Assess many deployments on every core, in input order.

Workers are forked after the rubrics are loaded, so they inherit them for free, and each sends back
only its rendered text and a one-line summary rather than the whole result object.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

from checklist.engine.assess import assess_file
from checklist.errors import InputError
from checklist.loading.rubrics import RubricSet
from checklist.models.result import Result, Summary
from checklist.parallel import ordered_map, workers_for

Render = Callable[[Result], str]
PARALLEL_FROM = 64  # below this, starting workers costs more than it saves

_job: dict[str, object] = {}


def _work(path: Path) -> tuple[Summary, str] | InputError:
    rubric_set: RubricSet = _job["rubric_set"]  # type: ignore[assignment]
    render: Render = _job["render"]  # type: ignore[assignment]
    base: Path | None = _job["base"]  # type: ignore[assignment]
    try:
        result = assess_file(path, rubric_set, base)
    except InputError as exc:
        if not _job["keep_going"]:
            raise
        return exc
    return Summary.of(result), render(result)


def assess_rendered(
    paths: list[Path], rubric_set: RubricSet, render: Render, base: Path | None = None, errors: list[InputError] | None = None
) -> Iterator[tuple[Summary, str]]:
    """(summary, rendered text) per deployment, in order. Bad input raises the first file's error,
    unless `errors` is given: then each bad file's error is added to it and the file is skipped."""
    workers = workers_for(len(paths) // PARALLEL_FROM + 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1  # spawned workers would not inherit the loaded rubrics
    _job.update(rubric_set=rubric_set, render=render, base=base, keep_going=errors is not None)
    try:
        for out in ordered_map(_work, paths, workers, chunksize=16):
            if isinstance(out, InputError):
                assert errors is not None
                errors.append(out)
                continue
            yield out
    finally:
        _job.clear()
