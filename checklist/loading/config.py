"""The project config `rai-checklist.yaml`, found from the current folder upward."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checklist.loading.rubrics import display_name
from checklist.loading.validate import validate
from checklist.loading.yamlfile import YamlDoc, read_yaml

if TYPE_CHECKING:
    from checklist.models.overlay import Config

CONFIG_NAME = "rai-checklist.yaml"


@dataclass
class LoadedConfig:
    model: Config
    doc: YamlDoc
    folder: Path

    def paths(self, names: list[str], field: str) -> list[Path]:
        """Config paths are relative to the config file; a missing one is an error naming the config."""
        out = []
        for index, name in enumerate(names):
            path = (self.folder / name).resolve()
            if not path.exists():
                raise self.doc.error((field, index), f"{name!r} not found (relative to {self.doc.path})")
            out.append(path)
        return out


def find_config(start: Path) -> Path | None:
    for folder in [start.resolve(), *start.resolve().parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path) -> LoadedConfig:
    from checklist.models.overlay import Config

    doc = read_yaml(path, display_name(path))
    return LoadedConfig(validate(doc, Config), doc, path.resolve().parent)
