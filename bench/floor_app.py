"""The startup floor: a minimal typer app with one path argument, set up the way rai-checklist's
app is (same Typer settings, same `Annotated` parameter style). No typer command can start
faster than this, so `bench.py` reports `assess` and `--help` as ratios to it.

    python bench/floor_app.py FILE      # prints the file's name
    python bench/floor_app.py --help
"""

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="floor",
    help="A minimal typer app with one path argument.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def main(path: Annotated[Path, typer.Argument(help="A file.", show_default=False)]) -> None:
    """Print the file's name."""
    typer.echo(path.name)


if __name__ == "__main__":
    app()
