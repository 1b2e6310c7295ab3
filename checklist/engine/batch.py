"""Assess many deployments on every core, in input order.

Workers are forked after the rubrics are loaded, so they inherit them for free, and each sends back
only its rendered text and a one-line summary rather than the whole result object.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Callable, Iterator

from checklist.engine.assess import assess_file
from checklist.loading.rubrics import RubricSet
from checklist.models.result import Result, Summary

Render = Callable[[Result], str]
PARALLEL_FROM = 64  # below this, starting workers costs more than it saves

_job: dict[str, object] = {}


def _work(path: Path) -> tuple[Summary, str]:
    result = assess_file(path, _job["rubric_set"])  # type: ignore[arg-type]
    return Summary.of(result), _job["render"](result)  # type: ignore[operator]


def assess_rendered(paths: list[Path], rubric_set: RubricSet, render: Render) -> Iterator[tuple[Summary, str]]:
    """(summary, rendered text) per deployment, in order. Bad input raises the first file's error."""
    workers = min(os.cpu_count() or 1, len(paths) // PARALLEL_FROM + 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for path in paths:
            result = assess_file(path, rubric_set)
            yield Summary.of(result), render(result)
        return
    _job.update(rubric_set=rubric_set, render=render)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_work, paths, chunksize=16)
    finally:
        _job.clear()
