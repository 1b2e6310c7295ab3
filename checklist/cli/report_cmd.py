"""`rai-checklist report` (deployments to PDF audit reports) and `render` (any format from saved JSON)."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, load_rubrics
from checklist.cli.guard import guarded


def slug(name: str) -> str:
    """A file name from a deployment's name: `Harbourview Tower face entry` -> `harbourview-tower-face-entry`."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:80] or "report"


def output_paths(results: list[Any], output: Path | None, suffix: str) -> list[Path]:
    """One result: `output` is the file (or an existing folder to put it in). Several: `output` is a
    folder, made if missing."""
    from checklist.loading.errors import InputError

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


def write_reports(results: list[Any], pdf_paths: list[Path], html_paths: list[Path] | None, jobs: int | None = None) -> None:
    """Render every report (on every core, with a progress bar), then write each atomically."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from checklist.outputs import write_atomic
    from checklist.render.report.batch import render_all

    for path in pdf_paths + (html_paths or []):
        if not path.parent.is_dir():
            from checklist.loading.errors import InputError

            raise InputError(str(path), "output folder does not exist")
    rendered: list[tuple[bytes, str]] = []
    with Progress(
        TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task("reports", total=len(results))
        for out in render_all(results, lambda: progress.advance(task), jobs):
            rendered.append(out)
    for index, (pdf, html) in enumerate(rendered):
        write_atomic(pdf_paths[index], pdf)
        if html_paths:
            write_atomic(html_paths[index], html.encode("utf-8"))


@guarded
def report(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="PDF file (one deployment) or folder (several). Default: the deployment's name, in this folder.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Also write the report's HTML: a file (one deployment) or folder.")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the canonical JSON result(s) here.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Reports rendered at once (default: one per core).")] = None,
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Assess deployments and render a PDF/A-3 audit report for each, with the deployment file and a
    hash manifest attached. Exit 0: gate passed; 1: a verdict is not-ready; 2: bad input."""
    from checklist.cli.assess_cmd import FailOn, gate
    from checklist.engine.assess import assess_file

    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    results = [assess_file(path, rubric_set) for path in deployments]  # all input checked before any output
    pdf_paths = output_paths(results, output, ".pdf")
    html_paths = output_paths(results, html, ".html") if html is not None else None
    write_reports(results, pdf_paths, html_paths, jobs)
    if json_out is not None:
        from checklist.cli.common import emit
        from checklist.render.json_out import render_json

        emit(render_json(results), json_out)
    for path in pdf_paths:
        typer.echo(f"wrote {path}", err=True)
    raise typer.Exit(gate(results, FailOn.not_ready, None))


class RenderFormat(str, Enum):
    pdf = "pdf"
    html = "html"
    json = "json"
    markdown = "markdown"
    table = "table"
    junit = "junit"
    sarif = "sarif"


SUFFIX_FORMAT = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".json": "json", ".md": "markdown", ".txt": "table",
    ".xml": "junit", ".sarif": "sarif",
}


@guarded
def render(
    result_file: Annotated[Path, typer.Argument(help="A saved JSON result (from assess --format json).", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file (or folder for several PDFs).")] = None,
    fmt: Annotated[Optional[RenderFormat], typer.Option("--format", "-f", help="Default: from the output's suffix, else table.")] = None,
) -> None:
    """Rebuild any format from a saved result, without the rubrics or the deployment file."""
    from checklist.loading.errors import InputError
    from checklist.render.json_out import parse_results

    try:
        raw = result_file.read_bytes()
    except FileNotFoundError:
        raise InputError(str(result_file), "file not found") from None
    results = parse_results(raw, str(result_file))
    chosen = fmt.value if fmt else SUFFIX_FORMAT.get(output.suffix.lower() if output else "", "table")
    if chosen in ("pdf", "html"):
        paths = output_paths(results, output, f".{chosen}")
        if chosen == "pdf":
            write_reports(results, paths, None)
        else:
            from checklist.outputs import write_atomic
            from checklist.render.report.pdf import render_html

            for result, path in zip(results, paths):
                write_atomic(path, render_html(result).encode("utf-8"))
        for path in paths:
            typer.echo(f"wrote {path}", err=True)
        return
    from checklist.cli.assess_cmd import Format, format_results

    format_results(results, Format(chosen), output)


def register(app: typer.Typer) -> None:
    app.command()(report)
    app.command()(render)
