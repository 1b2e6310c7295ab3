"""The project config `rai-checklist.yaml`, found from the current folder upward within the project.

Discovery stops at the repository root (the first folder holding `.git`) and never reaches the
user's home folder from below it, so a config left in a shared parent folder (`/tmp`, a home
folder) cannot change an assessment. Outside a repository and the home folder, only the current
folder is searched."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from checklist.loading.rubrics import display_name
from checklist.loading.validate import validate
from checklist.loading.yamlfile import YamlDoc, read_yaml

if TYPE_CHECKING:
    from checklist.models.overlay import Config

CONFIG_NAME = "rai-checklist.yaml"


class LoadedConfig(NamedTuple):
    model: Config
    doc: YamlDoc
    folder: Path

    def paths(self, names: list[str], field: str) -> list[Path]:
        """Config paths are relative to the config file; a missing one is an error naming the config."""
        from checklist.inputs import os_problem

        out = []
        for index, name in enumerate(names):
            try:
                path = (self.folder / name).resolve()
                os.stat(path)
            except FileNotFoundError:
                raise self.doc.error((field, index), f"{name!r} not found (relative to {self.doc.path})") from None
            except ValueError:
                raise self.doc.error((field, index), "the path contains a NUL byte") from None
            except OSError as exc:
                raise self.doc.error((field, index), f"{name!r}: {os_problem(exc)}") from None
            except RuntimeError:  # pathlib's symlink loop
                raise self.doc.error((field, index), f"{name!r}: too many levels of symbolic links (a symlink loop?)") from None
            out.append(path)
        return out


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (OSError, RuntimeError, KeyError):
        return None


def search_folders(start: Path) -> list[Path]:
    """Where a config is looked for, nearest first."""
    here = start.resolve()
    home = _home()
    folders: list[Path] = []
    for folder in [here, *here.parents]:
        if folder == home and folder != here:
            return folders  # never the home folder (or above) from below it
        folders.append(folder)
        if os.path.lexists(folder / ".git"):
            return folders  # the repository root
    return [here]  # in no repository and not under the home folder: this folder only


def find_config(start: Path) -> Path | None:
    try:
        folders = search_folders(start)
    except (OSError, RuntimeError):  # the current folder was removed, say
        return None
    for folder in folders:
        candidate = folder / CONFIG_NAME
        if os.path.lexists(candidate):
            return candidate
    return None


def load_config(path: Path) -> LoadedConfig:
    from checklist.models.overlay import Config

    doc = read_yaml(path, display_name(path))
    doc.stored = path.name  # recorded relative to its own folder, as the files it names are
    return LoadedConfig(validate(doc, Config), doc, path.resolve().parent)


def shown_path(path: Path) -> str:
    """How stderr names the config in force: relative to the current folder where that is shorter."""
    try:
        relative = os.path.relpath(path)
    except (OSError, ValueError):
        return str(path)
    return relative if len(relative) <= len(str(path)) else str(path)
