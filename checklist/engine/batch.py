"""Assess many deployments on every core, in input order.

Workers are forked after the rubrics are loaded, so they inherit them for free, and each sends back
only its rendered text and a one-line summary rather than the whole result object.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path

from checklist.engine.assess import assess_file
from checklist.errors import InputError
from checklist.loading.rubrics import RubricSet
from checklist.models.result import Result, Summary
from checklist.parallel import ordered_map, workers_for

Render = Callable[[Result], bytes]  # the rendered text, encoded in the worker
PARALLEL_FROM = 32  # below this, starting workers costs more than it saves (break-even near 16 on two cores)

_job: dict[str, object] = {}


def _work(path: Path) -> tuple[Summary, bytes] | InputError:
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
) -> Iterator[tuple[Summary, bytes]]:
    """(summary, rendered text) per deployment, in order. Bad input raises the first file's error,
    unless `errors` is given: then each bad file's error is added to it and the file is skipped."""
    workers = workers_for(len(paths) // PARALLEL_FROM + 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1  # spawned workers would not inherit the loaded rubrics
    _job.update(rubric_set=rubric_set, render=render, base=base, keep_going=errors is not None)
    try:
        # With workers, the first deployment is assessed here, before they fork: they inherit what
        # it built once (the deployment validator, the result serializer, the criteria's fixed
        # fields, the hashes of evidence that the batch shares) instead of each building it again.
        first = [_work(paths[0])] if workers > 1 else []
        for out in chain(first, ordered_map(_work, paths[len(first):], workers, chunksize=16)):
            if isinstance(out, InputError):
                assert errors is not None
                errors.append(out)
                continue
            yield out
    finally:
        _job.clear()
