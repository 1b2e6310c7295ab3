"""`rai-checklist assess`: score deployments, print or write the result, and gate CI."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Optional

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, emit, load_rubrics
from checklist.cli.guard import EXIT_GATE, EXIT_OK, guarded

GATE_LINES = 20  # a failed gate names at most this many deployments on stderr


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    junit = "junit"
    sarif = "sarif"


class FailOn(str, Enum):
    not_ready = "not-ready"
    conditional = "conditional"
    never = "never"


def render_one(fmt: Format) -> Callable[[Any], str] | None:
    """The per-result renderer for a format; the table needs the whole batch and has none."""
    if fmt is Format.json:
        from checklist.render.json_out import result_json

        return result_json
    if fmt is Format.markdown:
        from checklist.render.markdown import render_markdown

        return lambda result: render_markdown([result])
    return None


def render_whole(fmt: Format, results: list[Any]) -> str | None:
    """Formats that wrap every result in one document."""
    if fmt is Format.junit:
        from checklist.render.junit import render_junit

        return render_junit(results)
    if fmt is Format.sarif:
        from checklist.render.sarif import render_sarif

        return render_sarif(results)
    return None


def format_results(results: Iterable[Any], fmt: Format, output: Path | None) -> list[Any]:
    """Render results that are already computed (saved results, and the whole-document formats)."""
    from checklist.models.result import Summary

    render = render_one(fmt)
    results = list(results)
    whole = render_whole(fmt, results)
    if whole is not None:
        emit(whole, output)
        return [Summary.of(r) for r in results]
    pairs = [(Summary.of(r), render(r) if render else "") for r in results]
    return write_formatted(pairs, fmt, output, results[0] if len(results) == 1 else None)


def write_formatted(pairs: Iterable[tuple[Any, str]], fmt: Format, output: Path | None, single: Any = None) -> list[Any]:
    """Collect (summary, text) pairs, then write: nothing is written until every result is in, so a
    bad file late in a batch leaves no output behind."""
    import gc

    rows: list[Any] = []
    chunks: list[str] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # results hold no reference cycles; collecting while a batch grows is pure cost
    try:
        for row, text in pairs:
            rows.append(row)
            chunks.append(text)
    finally:
        if gc_was_enabled:
            gc.enable()
    if fmt is Format.json:
        from checklist.render.json_out import join_json

        emit(join_json(chunks), output)
    elif fmt is Format.markdown:
        emit("\n".join(chunks), output)
    else:
        import io

        from rich.console import Console

        from checklist.render.table import print_detail, print_summary

        console = Console() if output is None else Console(record=True, width=120, file=io.StringIO(), color_system=None)
        if single is not None:
            print_detail(console, single)
        else:
            print_summary(console, rows)
        if output is not None:
            emit(console.export_text(), output)
    return rows


def gate(rows: list[Any], fail_on: FailOn, fail_under: float | None) -> int:
    """Exit 1 when any deployment misses the gate. Takes results or their summaries."""
    from checklist.models.result import Summary

    rows = [row if isinstance(row, Summary) else Summary.of(row) for row in rows]
    failed = []
    for row in rows:
        if fail_on is FailOn.not_ready and row.verdict == "not-ready":
            failed.append(f"{row.name}: verdict {row.verdict}")
        elif fail_on is FailOn.conditional and row.verdict != "ready":
            failed.append(f"{row.name}: verdict {row.verdict}")
        if fail_under is not None and row.overall < fail_under:
            failed.append(f"{row.name}: overall {row.overall:.1f} < {fail_under:g}")
    for line in failed[:GATE_LINES]:
        sys.stderr.write(f"rai-checklist: gate failed: {line}\n")
    if len(failed) > GATE_LINES:
        sys.stderr.write(f"rai-checklist: gate failed: ... and {len(failed) - GATE_LINES} more\n")
    return EXIT_GATE if failed else EXIT_OK


@guarded
def assess(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of stdout.")] = None,
    fail_under: Annotated[Optional[float], typer.Option(help="Also fail the gate when an overall score is under N.", min=0, max=100)] = None,
    fail_on: Annotated[FailOn, typer.Option(help="Verdict that fails the gate.")] = FailOn.not_ready,
) -> None:
    """Score deployments against the rubrics. Exit 0: gate passed; 1: gate failed; 2: bad input."""
    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    render = render_one(fmt)
    if fmt in (Format.junit, Format.sarif):  # whole-document formats: results are kept for the one write
        from checklist.engine.assess import assess_file

        rows = format_results([assess_file(path, rubric_set) for path in deployments], fmt, output)
    elif render is None and len(deployments) == 1:  # one deployment: the detailed table
        from checklist.engine.assess import assess_file

        result = assess_file(deployments[0], rubric_set)
        rows = format_results([result], fmt, output)
    else:
        from checklist.engine.batch import assess_rendered

        rows = write_formatted(assess_rendered(list(deployments), rubric_set, render or (lambda r: "")), fmt, output)
    raise typer.Exit(gate(rows, fail_on, fail_under))
