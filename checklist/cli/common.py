"""Options and steps shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

RubricsOption = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--rubrics", "-r",
        help="Rubric folder or file (new principles, overlays); repeatable. Replaces the config file's rubrics and overlays.",
    ),
]
BuiltinOption = Annotated[
    Optional[bool],
    typer.Option("--builtin/--no-builtin", help="Load the built-in principles (default: yes, or the config file's `builtin`).", show_default=False),
]
ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", help="Project config file (default: rai-checklist.yaml in this folder or above)."),
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore any rai-checklist.yaml.")]


def rubric_sources(
    extra: list[Path] | None, builtin: bool | None, config_path: Path | None = None, no_config: bool = False
) -> tuple[list[Path], object | None]:
    """The folders to load, in order, and the config in force. Flags win over the config file."""
    from checklist.loading.config import find_config, load_config
    from checklist.resources import data_dir

    config = None
    if not no_config:
        found = config_path if config_path is not None else find_config(Path.cwd())
        if found is not None:
            if not found.is_file():
                from checklist.loading.errors import InputError

                raise InputError(str(found), "config file not found")
            config = load_config(found)
    use_builtin = builtin if builtin is not None else (config.model.builtin if config else True)
    if extra:
        folders = list(extra)
    elif config is not None:
        folders = config.paths(config.model.rubrics, "rubrics") + config.paths(config.model.overlays, "overlays")
    else:
        folders = []
    return ([data_dir("principles")] if use_builtin else []) + folders, config


def load_rubrics(extra: list[Path] | None, builtin: bool | None = None, config_path: Path | None = None, no_config: bool = False):  # -> RubricSet
    from checklist.loading.rubrics import load_rubric_set

    folders, config = rubric_sources(extra, builtin, config_path, no_config)
    return load_rubric_set(folders, config)


def emit(text: str | list[str], output: Path | None) -> None:
    """Print to stdout, or write the file atomically; `text` may be a list of chunks."""
    chunks = [text] if isinstance(text, str) else text
    if output is None:
        import sys

        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    from checklist.outputs import write_atomic

    write_atomic(output, chunks)
