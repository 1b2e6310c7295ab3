"""Writing audit reports (PDF and HTML), shared by `report` and `render`."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checklist.models.result import Result


def slug(name: str) -> str:
    """A file name from a deployment's name, letters kept: `Café Zürich` -> `cafe-zurich`."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return text[:80] or "report"


def output_paths(results: Sequence[Result], output: Path | None, suffix: str) -> list[Path]:
    """One result: `output` is the file (or an existing folder to put it in). Several: `output` is a
    folder, made if missing."""
    from checklist.errors import InputError

    if len(results) == 1:
        name = f"{slug(results[0].deployment.name)}{suffix}"
        if output is None:
            return [Path(name)]
        return [output / name if output.is_dir() else output]
    folder = output if output is not None else Path(".")
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "several reports need a folder for -o")
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for result in results:
        candidate = folder / f"{slug(result.deployment.name)}{suffix}"
        n = 2
        while candidate in paths:
            candidate = folder / f"{slug(result.deployment.name)}-{n}{suffix}"
            n += 1
        paths.append(candidate)
    return paths


def _render(result: Result) -> tuple[bytes, str]:
    from checklist.render.report.html import render_html
    from checklist.render.report.pdf import render_pdf

    html = render_html(result)
    return render_pdf(result, html), html


def write_reports(results: Sequence[Result], pdf_paths: list[Path], html_paths: list[Path] | None, jobs: int | None = None) -> None:
    """Render every report (on `jobs` processes, with a progress bar on a terminal), then write each atomically."""
    from checklist.errors import InputError
    from checklist.outputs import write_atomic
    from checklist.parallel import ordered_map, workers_for
    from checklist.render.report.pdf import prepare

    for path in pdf_paths + (html_paths or []):
        if not path.parent.is_dir():
            raise InputError(str(path), "output folder does not exist")
    workers = workers_for(len(results), jobs)
    prepare()  # WeasyPrint imported and the template compiled once, here, before any worker forks
    rendered: list[tuple[bytes, str]] = []
    with _progress(len(results)) as advance:
        for out in ordered_map(_render, results, workers):
            rendered.append(out)
            advance()
    for index, (pdf, html) in enumerate(rendered):
        write_atomic(pdf_paths[index], pdf)
        if html_paths:
            write_atomic(html_paths[index], html.encode("utf-8"))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for several reports on a terminal; otherwise nothing, and rich
    (35 ms to import) is not loaded."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task("reports", total=total)
        yield lambda: progress.advance(task)
