"""The case library: real, documented deployments (examples/cases/*/deployment.yaml), described
from public records. Each file's header declares the verdict the tool gives, the outcome the
authority reached and the sources read; the tool's verdict is pinned here, so a change to the
rubrics that moves a case shows up as a failing test to reconcile, not silently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, one_result, run, validator

CASES = sorted((REPO / "examples" / "cases").glob("*/deployment.yaml"))
VERDICTS = {"prohibited", "not-ready", "incomplete", "conditional", "ready"}
# Every source line says how it was read: the record itself, a secondary copy, or not found.
TAG = re.compile(r"\[(read|secondary|not found)\b[^\]]*\]\s*$")


def header(path: Path) -> list[str]:
    """The comment lines the file starts with."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def field(lines: list[str], name: str) -> str:
    prefix = f"# {name}:"
    found = [line[len(prefix):].strip() for line in lines if line.startswith(prefix)]
    assert len(found) == 1, f"the header needs exactly one '{prefix}' line"
    return found[0]


def sources(lines: list[str]) -> list[str]:
    field(lines, "sources")
    start = next(i for i, line in enumerate(lines) if line.startswith("# sources:")) + 1
    listed = []
    for line in lines[start:]:
        if not line.startswith("# - "):
            break
        listed.append(line[4:])
    return listed


def test_the_library_holds_the_cases() -> None:
    assert len(CASES) >= 8
    # One level deeper than examples/*/deployment.yaml, so the examples' own tests never see them.
    assert not (REPO / "examples" / "cases" / "deployment.yaml").exists()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.parent.name)
def test_case_header(path: Path) -> None:
    lines = header(path)
    assert lines and lines[0].startswith("# expected-verdict:"), "the first line must declare the expected verdict"
    assert field(lines, "expected-verdict") in VERDICTS
    assert field(lines, "authority-outcome"), "say what the authority decided"
    listed = sources(lines)
    assert listed, "list at least one source under '# sources:'"
    for line in listed:
        assert TAG.search(line), f"source line must end with [read ...], [secondary ...] or [not found ...]: {line}"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.parent.name)
def test_case_verdict(path: Path) -> None:
    done = run("assess", path, "--format", "json")
    assert done.exit_code in (0, 1), done.output
    result = one_result(done.stdout)
    assert result["verdict"]["value"] == field(header(path), "expected-verdict"), result["verdict"]["reasons"]


def test_cases_follow_the_deployment_schema_and_cite_urls_only() -> None:
    from checklist.loading.yamlfile import read_yaml

    schema = json.loads(run("schema", "deployment").stdout)
    for path in CASES:
        data = read_yaml(path).data
        validator(schema).validate(json.loads(json.dumps(data, default=str)))
        assert "assessment" not in data, path
        for criterion, answer in data.get("answers", {}).items():
            for item in answer.get("evidence", []):
                assert "url" in item and "path" not in item, f"{path}: {criterion} evidence must be a public record's URL"
            if answer.get("answer") == "unknown":
                assert answer.get("notes"), f"{path}: {criterion} is unknown; say what the record says"
