"""Shared helpers: run the real CLI and build deployment files from a known-good base."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from checklist.cli.app import app

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
MINI = FIXTURES / "mini"
GOOD = FIXTURES / "deploy" / "good.yaml"
REPO = HERE.parent


@pytest.fixture(autouse=True, scope="session")
def _rubric_cache(tmp_path_factory):
    """The rubric-set cache lives in the session's temporary folder, never the user's own."""
    os.environ["RAI_CHECKLIST_CACHE_DIR"] = str(tmp_path_factory.mktemp("rubric-cache"))


def run(*args: str) -> Any:
    """Invoke the real CLI in-process."""
    return CliRunner().invoke(app, [str(a) for a in args])


def base_deployment() -> dict[str, Any]:
    from checklist.loading.yamlfile import read_yaml

    return read_yaml(GOOD).data


@pytest.fixture
def deploy_dir(tmp_path: Path) -> Path:
    """A folder holding the fixture evidence, ready for deployment files."""
    shutil.copytree(FIXTURES / "deploy" / "evidence", tmp_path / "evidence")
    return tmp_path


@pytest.fixture
def mini(deploy_dir: Path):
    """Assess a variant of the good deployment against the mini rubrics; returns the JSON result."""

    def assess(change=None, expect_exit: int | None = None) -> dict[str, Any]:
        data = copy.deepcopy(base_deployment())
        if change:
            change(data)
        path = deploy_dir / "d.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        result = run("assess", path, "--rubrics", MINI, "--no-builtin", "--format", "json")
        if expect_exit is not None:
            assert result.exit_code == expect_exit, result.stdout + result.stderr
        else:
            assert result.exit_code in (0, 1), result.stdout + result.stderr
        return json.loads(result.stdout)

    return assess


def criterion(result: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(c for p in result["principles"] for c in p["criteria"] if c["id"] == criterion_id)


def principle(result: dict[str, Any], principle_id: str) -> dict[str, Any]:
    return next(p for p in result["principles"] if p["id"] == principle_id)
