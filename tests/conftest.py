"""Shared helpers: run the real CLI and build deployment files from a known-good base."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer.testing
import yaml
from typer.testing import CliRunner

from checklist.cli.app import app
from checklist.loading.result import parse_results
from checklist.models.result import Result

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
MINI = FIXTURES / "mini"
GOOD = FIXTURES / "deploy" / "good.yaml"
REPO = HERE.parent


# Markers the quick loop leaves out: they build a virtualenv, drive a terminal or run hundreds of
# generated cases. `--all` (what scripts/test and CI pass) or CI=true runs them.
WHOLE_RUN_ONLY = ("slow", "fuzz")


def pytest_addoption(parser):
    parser.addoption("--all", action="store_true", help="also run the slow and fuzz tests (scripts/test and CI do)")


def _whole_run(config) -> bool:
    return bool(config.getoption("--all")) or os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_ignore_collect(collection_path, config):
    """The quick loop does not even import the fuzzing suite (hypothesis and its strategies take a
    second per worker), unless it is named on the command line."""
    if collection_path.name == "fuzz" and collection_path.parent == HERE and not _whole_run(config):
        named = [Path(a.split("::")[0]).resolve() for a in config.args]
        return not any(p == collection_path or collection_path in p.parents for p in named)
    return None


def pytest_collection_modifyitems(config, items):
    if _whole_run(config):
        return
    skip = pytest.mark.skip(reason="slow or fuzz: run with --all (scripts/test and CI do)")
    for item in items:
        if any(item.get_closest_marker(name) for name in WHOLE_RUN_ONLY):
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _rubric_cache(tmp_path_factory):
    """The rubric-set cache lives in the session's temporary folder, never the user's own."""
    os.environ["RAI_CHECKLIST_CACHE_DIR"] = str(tmp_path_factory.mktemp("rubric-cache"))


def one_result(text: str) -> dict[str, Any]:
    """The JSON output of one deployment: always an array, here of exactly one result."""
    data = json.loads(text)
    assert isinstance(data, list) and len(data) == 1, "expected an array of one result"
    return data[0]


def validate_sarif(doc: dict[str, Any]) -> None:
    """Check a SARIF log against the OASIS SARIF 2.1.0 schema shipped in tests/data."""
    schema = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text())
    errors = sorted(validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


_VALIDATORS: dict[str, Any] = {}


def validator(schema: dict[str, Any]) -> Any:
    """A validator for the schema (itself checked against its metaschema), made once per schema:
    `jsonschema.validate` checks the schema again on every call, which dominated loops over files."""
    import jsonschema

    key = json.dumps(schema, sort_keys=True)
    if key not in _VALIDATORS:
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
        cls.check_schema(schema)
        _VALIDATORS[key] = cls(schema)
    return _VALIDATORS[key]


def run(*args: str) -> Any:
    """Invoke the real CLI in-process."""
    return CliRunner().invoke(app, [str(a) for a in args])


def _built_once(build: Any) -> Any:
    """typer's test runner converts the whole app to a click command on every call, 40 ms that
    dwarfed most tests; the command it builds is the same each time, so it is built once."""
    built: dict[int, Any] = {}

    def command(instance: Any) -> Any:
        if id(instance) not in built:
            built[id(instance)] = (instance, build(instance))  # the instance is kept, so its id stays its own
        return built[id(instance)][1]

    return command


typer.testing._get_command = _built_once(typer.testing._get_command)


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
        return one_result(result.stdout)

    return assess


def criterion(result: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(c for p in result["principles"] for c in p["criteria"] if c["id"] == criterion_id)


def principle(result: dict[str, Any], principle_id: str) -> dict[str, Any]:
    return next(p for p in result["principles"] if p["id"] == principle_id)


# A saved result for the renderer tests (tests/render): assessed once, written as JSON and read
# back as models, so each renderer is tested on its own, without the engine.

@pytest.fixture(scope="session")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("saved")
    shutil.copytree(FIXTURES / "deploy" / "evidence", folder / "evidence")
    shutil.copy(FIXTURES / "deploy" / "mixed.yaml", folder / "mixed.yaml")
    shutil.copy(FIXTURES / "deploy" / "good.yaml", folder / "good.yaml")
    out = folder / "results.json"
    done = run("assess", folder / "mixed.yaml", folder / "good.yaml", "--rubrics", MINI, "--no-builtin", "-f", "json", "-o", out)
    assert done.exit_code in (0, 1), done.stderr
    return out


@pytest.fixture(scope="session")
def results(saved: Path) -> list[Result]:
    return parse_results(saved.read_bytes(), saved.name)


@pytest.fixture(scope="session")
def mixed(results: list[Result]) -> Result:
    return results[0]
