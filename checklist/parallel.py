"""One process pool for the whole tool: map a function over items on every core, in input order.

Workers are forked where the platform allows, so they inherit what the parent has already loaded
(rubrics, WeasyPrint, compiled templates) instead of loading it again; elsewhere they are spawned.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from checklist.collector import started

T = TypeVar("T")
R = TypeVar("R")


def workers_for(count: int, jobs: int | None = None) -> int:
    return max(1, min(count, jobs or os.cpu_count() or 1))


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int, chunksize: int = 1) -> Iterator[R]:
    """`fn` over `items`, results in input order; serial when one worker is enough.

    What is loaded by then (modules, rubrics, WeasyPrint) is frozen out of the garbage collector
    for the duration: its full passes over those objects cost 10 % of a large batch, and in
    forked workers they would also copy the pages they touch."""
    started()  # the work begins: collect as usual from here (checklist.collector)
    gc.freeze()
    try:
        if workers < 2:
            yield from map(fn, items)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            yield from pool.map(fn, items, chunksize=chunksize)
    finally:
        gc.unfreeze()
