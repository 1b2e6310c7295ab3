"""`rai-checklist render`: any format from a saved result, without the rubrics or the deployment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from checklist.cli.common import choice_enum
from checklist.cli.guard import guarded, note
from checklist.render import FORMATS, by_suffix

RenderFormat: Any = choice_enum("RenderFormat", FORMATS)


@guarded
def render(
    result_file: Annotated[Path, typer.Argument(help="A saved JSON result (from assess --format json).", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file (or folder for several reports).")] = None,
    fmt: Annotated[RenderFormat | None, typer.Option("--format", "-f", help="Default: from the output's suffix, else table.")] = None,
) -> None:
    """Rebuild any format from a saved result, without the rubrics or the deployment file."""
    from checklist.inputs import MAX_RESULT_BYTES, read_limited
    from checklist.loading.result import parse_results
    from checklist.outputs import check_outputs

    raw = read_limited(result_file, MAX_RESULT_BYTES, str(result_file))
    results = parse_results(raw, str(result_file))
    chosen = FORMATS[fmt.value] if fmt is not None else by_suffix(output.suffix if output else "")
    if chosen.shape == "file":
        from checklist.cli.reports import output_paths, write_reports
        from checklist.outputs import write_all

        paths, create = output_paths(results, output, chosen.suffixes[0])
        if chosen.name == "pdf":
            write_reports(results, paths, None, inputs=[result_file], create=create)
        else:
            check_outputs(paths, [result_file], create)
            module = chosen.module()
            write_all([(path, module.report(result)) for result, path in zip(results, paths, strict=True)], [result_file], create)
        for path in paths:
            note(f"wrote {path}")
        return
    from checklist.cli.output import Saved, write_results

    if output is not None:
        check_outputs([output], [result_file])
    write_results(chosen, Saved(results), output)
