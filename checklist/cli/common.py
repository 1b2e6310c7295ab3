"""Options and steps shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from checklist.loading.config import LoadedConfig
    from checklist.loading.rubrics import RubricSet

RubricsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rubrics", "-r",
        help="Rubric folder or file (new principles, overlays); repeatable. Replaces the config file's rubrics and overlays.",
    ),
]
BuiltinOption = Annotated[
    bool | None,
    typer.Option(
        "--builtin/--no-builtin", help="Load the built-in principles (default: yes, or the config file's `builtin`).", show_default=False
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Project config file (default: rai-checklist.yaml in this folder or above, up to the repository root;"
        " never the home folder's from below it).",
    ),
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore any rai-checklist.yaml.")]
BaseOption = Annotated[
    Path | None,
    typer.Option(
        "--base", help="Record deployment paths relative to this folder (default: the current one), e.g. the repository root for SARIF.",
        file_okay=False,
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors and the gate's verdict.")]


def rubric_sources(
    extra: list[Path] | None, builtin: bool | None, config_path: Path | None = None, no_config: bool = False
) -> tuple[list[Path], LoadedConfig | None]:
    """The folders to load, in order, and the config in force. Flags win over the config file."""
    from checklist.cli.guard import note
    from checklist.inputs import regular_file
    from checklist.loading.config import find_config, load_config, shown_path
    from checklist.resources import builtin_rubric_folders

    config = None
    if not no_config:
        found = config_path if config_path is not None else find_config(Path("."))
        if found is not None:
            regular_file(found, str(found), "config file not found")
            config = load_config(found)
            note(f"using config {found if config_path is not None else shown_path(found)}")
    use_builtin = builtin if builtin is not None else (config.model.builtin if config else True)
    if extra:
        folders = list(extra)
    elif config is not None:
        folders = config.paths(config.model.rubrics, "rubrics") + config.paths(config.model.overlays, "overlays")
    else:
        folders = []
    return (builtin_rubric_folders() if use_builtin else []) + folders, config


def load_rubrics(
    extra: list[Path] | None, builtin: bool | None = None, config_path: Path | None = None, no_config: bool = False
) -> RubricSet:
    from checklist.collector import started
    from checklist.loading.cache import load_cached

    deployment = sys.modules.get("checklist.loading.deployment")
    if deployment is not None:  # not this process's first run: where evidence paths lead is looked up again
        deployment.new_run()
    folders, config = rubric_sources(extra, builtin, config_path, no_config)
    rubric_set = load_cached(folders, config)
    started()
    return rubric_set


def choice_enum(name: str, values: Iterable[str]) -> type[Enum]:
    """A str enum for a typer choice, built from a registry so the list is written once."""
    return Enum(name, {v: v for v in values}, type=str)  # type: ignore[return-value]
