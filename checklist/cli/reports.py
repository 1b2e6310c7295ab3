"""Writing audit reports (PDF and HTML), shared by `report` and `render`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checklist.models.result import Result

SLUG_CHARS = 80  # a report's file name keeps at most this much of the deployment's name


def slug(name: str) -> str:
    """A file name from a deployment's name, letters kept: `Café Zürich` -> `cafe-zurich`."""
    plain = unicodedata.normalize("NFKD", name[: SLUG_CHARS * 4]).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return text[:SLUG_CHARS].strip("-") or "report"


def output_paths(results: Sequence[Result], output: Path | None, suffix: str) -> tuple[list[Path], list[Path]]:
    """One result: `output` is the file (or an existing folder to put it in). Several: `output` is a
    folder, made if missing. Returns the paths and the folders to make (nothing is made here)."""
    import stat

    from checklist.errors import InputError
    from checklist.inputs import kind_of, stat_of

    info = stat_of(output) if output is not None else None
    is_folder = info is not None and stat.S_ISDIR(info.st_mode)
    if len(results) == 1:
        name = f"{slug(results[0].deployment.name)}{suffix}"
        if output is None:
            return [Path(name)], []
        return [output / name if is_folder else output], []
    folder = output if output is not None else Path(".")
    if info is not None and not is_folder:
        what = "a file" if stat.S_ISREG(info.st_mode) else kind_of(info.st_mode)
        raise InputError(str(folder), f"several reports need a folder for -o (this is {what})")
    paths: list[Path] = []
    for result in results:
        candidate = folder / f"{slug(result.deployment.name)}{suffix}"
        n = 2
        while candidate in paths:
            candidate = folder / f"{slug(result.deployment.name)}-{n}{suffix}"
            n += 1
        paths.append(candidate)
    return paths, ([] if info is not None else [folder])


def _render(result: Result) -> tuple[bytes, str]:
    from checklist.render.report.html import render_html
    from checklist.render.report.pdf import render_pdf

    html = render_html(result)
    return render_pdf(result, html), html


def write_reports(
    results: Sequence[Result],
    pdf_paths: list[Path],
    html_paths: list[Path] | None,
    jobs: int | None = None,
    *,
    also: Sequence[tuple[Path, bytes]] = (),
    inputs: Sequence[Path] = (),
    create: Sequence[Path] = (),
) -> None:
    """Check every output path, render every report (on `jobs` processes, with a progress bar), then
    write them all, with `also` (the JSON result, say), or none of them."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from checklist.outputs import check_outputs, write_all
    from checklist.parallel import ordered_map, workers_for

    paths = pdf_paths + (html_paths or []) + [p for p, _ in also]
    check_outputs(paths, inputs, create)  # before the (slow) rendering, and again before writing
    workers = workers_for(len(results), jobs)
    if workers > 1:
        import checklist.render.report.pdf  # noqa: F401  (imported once here, inherited by forked workers)
    rendered: list[tuple[bytes, str]] = []
    with Progress(
        TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task("reports", total=len(results))
        for out in ordered_map(_render, results, workers):
            rendered.append(out)
            progress.advance(task)
    items: list[tuple[Path, bytes]] = [(pdf_paths[i], pdf) for i, (pdf, _) in enumerate(rendered)]
    if html_paths:
        items += [(html_paths[i], html.encode("utf-8")) for i, (_, html) in enumerate(rendered)]
    write_all(items + list(also), inputs, create)
