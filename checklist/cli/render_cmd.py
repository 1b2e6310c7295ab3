"""`rai-checklist render`: any format from a saved result, without the rubrics or the deployment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from checklist.cli.common import BaseOption, QuietOption, choice_enum
from checklist.cli.guard import guarded, note
from checklist.render import FORMATS, by_suffix

RenderFormat: Any = choice_enum("RenderFormat", FORMATS)


@guarded
def render(
    result_file: Annotated[Path, typer.Argument(help="A saved JSON result (from assess --format json).", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (or folder for several reports).")] = None,
    fmt: Annotated[RenderFormat | None, typer.Option("--format", "-f", help="Default: from the output's suffix, else table.")] = None,
    base: BaseOption = None,
    quiet: QuietOption = False,
    framework: Annotated[str | None, typer.Option("--framework", help="Report only: show only this framework in the crosswalk.")] = None,
) -> None:
    """Rebuild any format from a saved result, without the rubrics or the deployment file."""
    from checklist.inputs import read_input
    from checklist.loading.result import parse_results
    from checklist.outputs import check_outputs

    results = parse_results(read_input(result_file), str(result_file))
    from checklist.engine.recheck import refuse_inconsistent

    refuse_inconsistent(results, str(result_file))  # scores, flags and verdict must follow from the criteria
    if base is not None:  # paths were recorded relative to where `assess` ran: re-anchor them
        from checklist.engine.assess import repo_path

        for result in results:
            if result.source_path and result.source_path != "-":
                result.source_path = repo_path(Path(result.source_path), base)
    chosen = FORMATS[fmt.value] if fmt is not None else by_suffix(output.suffix if output else "")
    if chosen.shape == "file":
        from checklist.cli.reports import Job, output_paths, pick_framework, rubric_files, write_reports
        from checklist.outputs import write_all

        picked = pick_framework(results, framework)
        paths, create = output_paths(results, output, chosen.suffixes[0])
        if chosen.name == "pdf":  # the built-in rubric files are attached; a saved result holds no others
            write_reports([Job(r, tuple(rubric_files(r, None)), picked) for r in results], paths, None, inputs=[result_file], create=create)
        else:
            check_outputs(paths, [result_file], create)
            module = chosen.module()
            write_all([(path, module.report(result, picked)) for result, path in zip(results, paths, strict=True)], [result_file], create)
        for path in paths:
            note(f"wrote {path}")
        return
    from checklist.cli.output import Saved, write_results

    if output is not None:
        check_outputs([output], [result_file])
    write_results(chosen, Saved(results), output, [result_file])
