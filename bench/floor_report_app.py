"""The report floor with the CLI's own start: a minimal typer app (set up as floor_app.py) whose
one command renders a report's HTML with WeasyPrint alone (as weasyprint_alone.py does). What
`report` costs beyond this is rai-checklist's own work: rubrics, assessment, HTML.

    python bench/floor_report_app.py REPORT.html report.css DEPLOYMENT.yaml OUT.pdf
"""

from pathlib import Path
from typing import Annotated

import typer
from weasyprint_alone import render

app = typer.Typer(
    name="floor-report",
    help="A minimal typer app rendering HTML with WeasyPrint.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def main(
    html: Annotated[Path, typer.Argument(help="The report's HTML.", show_default=False)],
    css: Annotated[Path, typer.Argument(help="Its stylesheet.", show_default=False)],
    source: Annotated[Path, typer.Argument(help="The deployment file to attach.", show_default=False)],
    output: Annotated[Path, typer.Argument(help="The PDF to write.", show_default=False)],
) -> None:
    """Render the HTML to PDF/A-3u."""
    render(str(html), str(css), str(source), str(output))


if __name__ == "__main__":
    app()
