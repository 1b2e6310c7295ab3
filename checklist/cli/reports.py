"""Writing audit reports (PDF and HTML), shared by `report` and `render`."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checklist.loading.rubrics import RubricSet
    from checklist.models.result import Result
    from checklist.render.report.view import Carried

EVIDENCE_LIMIT_MB = 25.0  # embedded evidence per report, unless the config sets another

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


def pick_framework(results: Sequence[Result], name: str | None) -> str | None:
    """The framework `--framework` names, as the criteria spell it (case does not matter)."""
    if name is None:
        return None
    from checklist.errors import InputError
    from checklist.render.report.view import frameworks

    known = sorted({f for r in results for f in frameworks(r)})
    for candidate in known:
        if candidate.casefold() == name.strip().casefold():
            return candidate
    raise InputError("--framework", f"no criterion cites {name!r}; the frameworks cited are: {', '.join(known)}")


@dataclass(frozen=True)
class Job:
    """One report to render: the result, the files to attach, and what to write."""

    result: Result
    carried: tuple[Carried, ...] = ()
    framework: str | None = None
    html: bool = False


def rubric_files(result: Result, rubric_set: RubricSet | None) -> list[Carried]:
    """The rubric-set files in force, byte for byte: from the set just loaded, or for a saved result
    the built-in files this installation ships, where their hash is the one recorded. A saved
    result's overlays and config are not looked for on disk (a name in a result is only text)."""
    from checklist.render.report.view import RUBRIC_ROLES, Carried, original_bytes

    out: list[Carried] = []
    for item in result.inputs:
        if item.role not in RUBRIC_ROLES:
            continue
        data = None
        doc = rubric_set.docs.get(item.name) if rubric_set is not None else None
        if doc is not None:
            data = original_bytes(doc.text, doc.sha256)
        elif item.name.startswith("principles/"):
            data = _builtin(item.name)
        if data is not None and hashlib.sha256(data).hexdigest() == item.sha256:
            out.append(Carried(item.role, item.name, data))
    return out


def _builtin(name: str) -> bytes | None:
    """A built-in rubric file by its `principles/...` name, only from inside the shipped folder."""
    from checklist.resources import data_dir

    root = data_dir("principles").resolve()
    path = (root / name.removeprefix("principles/")).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path.read_bytes()


def evidence_files(result: Result, deployment: Path, limit_mb: float) -> list[Carried]:
    """The evidence files the deployment cites, read again beside it and checked against the hashes
    recorded when it was assessed; more than `limit_mb` in all is bad input naming the file."""
    from checklist.errors import InputError
    from checklist.render.report.view import Carried

    base = deployment.resolve().parent
    limit = int(limit_mb * 1024 * 1024)
    total = 0
    out: list[Carried] = []
    for item in result.inputs:
        if item.role != "evidence":
            continue
        path = base / item.name
        data = path.read_bytes()
        total += len(data)
        if total > limit:
            raise InputError(
                str(path), f"embedding this evidence file ({len(data):,} bytes) brings the report's evidence to {total:,} bytes, "
                f"over the limit of {limit_mb:g} MiB (set evidence_limit_mb in rai-checklist.yaml, or leave out --embed-evidence)",
            )
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise InputError(str(path), "the evidence file changed while the report was being made; run it again")
        out.append(Carried("evidence", item.name, data))
    return out


def _render(job: Job) -> tuple[bytes, str | None]:
    from checklist.render.report.html import render_html
    from checklist.render.report.pdf import render_pdf

    pdf = render_pdf(job.result, job.carried, job.framework)
    return pdf, render_html(job.result, job.framework) if job.html else None


def write_reports(
    jobs: Sequence[Job], pdf_paths: list[Path], html_paths: list[Path] | None, workers_wanted: int | None = None,
    sign: Callable[[bytes], bytes] | None = None,
    *,
    also: Sequence[tuple[Path, bytes]] = (),
    inputs: Sequence[Path] = (),
    create: Sequence[Path] = (),
) -> None:
    """Check every output path, render every report (on `workers_wanted` processes, with a progress
    bar), sign each if asked (here, in this process, where the key was loaded), then write them all,
    with `also` (the JSON result, say), or none of them."""
    from checklist.outputs import check_outputs, write_all
    from checklist.parallel import ordered_map, workers_for
    from checklist.render.report.pdf import prepare

    paths = pdf_paths + (html_paths or []) + [p for p, _ in also]
    check_outputs(paths, inputs, create)  # before the (slow) rendering, and again before writing
    workers = workers_for(len(jobs), workers_wanted)
    prepare()  # WeasyPrint imported and the template compiled once, here, before any worker forks
    rendered: list[tuple[bytes, str | None]] = []
    with _progress(len(jobs)) as advance:
        for pdf, html in ordered_map(_render, jobs, workers):
            rendered.append((sign(pdf) if sign is not None else pdf, html))
            advance()
    items: list[tuple[Path, bytes]] = [(pdf_paths[i], pdf) for i, (pdf, _) in enumerate(rendered)]
    if html_paths:
        items += [(html_paths[i], html.encode("utf-8")) for i, (_, html) in enumerate(rendered) if html is not None]
    write_all(items + list(also), inputs, create)


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
