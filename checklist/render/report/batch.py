"""Render several reports on every core. Results are computed first, so bad input fails before any
PDF work starts; workers send back bytes, and the caller writes them."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator

from checklist.models.result import Result


def _render(result: Result) -> tuple[bytes, str]:
    from checklist.render.report.pdf import render_html, render_pdf

    html = render_html(result)
    return render_pdf(result, html), html


def render_all(
    results: list[Result], on_done: Callable[[], None] = lambda: None, jobs: int | None = None
) -> Iterator[tuple[bytes, str]]:
    """(pdf, html) per result, in order, on `jobs` processes (default: every core)."""
    workers = min(len(results), jobs or os.cpu_count() or 1)
    if workers < 2:
        for result in results:
            out = _render(result)
            on_done()
            yield out
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
        futures = [pool.submit(_render, result) for result in results]
        for future in futures:
            out = future.result()
            on_done()
            yield out
