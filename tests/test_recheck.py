"""`render` refuses a saved result whose figures do not follow from its criteria."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, one_result, run

from checklist.engine.recheck import inconsistencies
from checklist.loading.result import parse_results

EXAMPLE = REPO / "examples" / "police-investigative-leads" / "deployment.yaml"


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("recheck") / "result.json"
    done = run("assess", EXAMPLE, "-f", "json", "-o", out)
    assert done.exit_code in (0, 1), done.stderr
    return one_result(out.read_text())


def _criterion(data: dict, criterion_id: str) -> dict:
    return next(c for p in data["principles"] for c in p["criteria"] if c["id"] == criterion_id)


def _first_passing(data: dict) -> dict:
    return next(c for p in data["principles"] for c in p["criteria"] if c["status"] == "pass")


def _verdict_to_ready(data: dict) -> None:
    data["verdict"]["value"] = "ready"
    data["verdict"]["reasons"] = ["all good"]


def _score_up(data: dict) -> None:
    data["principles"][0]["score"] = 99.0


def _status_flip(data: dict) -> None:
    c = _first_passing(data)
    c["status"] = "fail"


def _bar_down(data: dict) -> None:
    data["tier"]["bar"] = 40


def _unflag(data: dict) -> None:
    data["principles"][0]["counts"]["pass"] += 1


def _action_dropped(data: dict) -> None:
    data["actions"] = data["actions"][1:]


def _coverage_needed(data: dict) -> None:
    data["min_coverage"] = 0.1


@pytest.mark.parametrize(
    ("tamper", "field"),
    [
        (_verdict_to_ready, "verdict.value"),
        (_score_up, "principles[fairness].score"),
        (_status_flip, ".status"),
        (_bar_down, "tier.bar"),
        (_unflag, "principles[fairness].counts"),
        (_action_dropped, "actions"),
        (_coverage_needed, "min_coverage"),
    ],
)
def test_render_of_a_tampered_result_exits_2_naming_the_field(saved, tmp_path, tamper, field):
    data = json.loads(json.dumps(saved))
    tamper(data)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data))
    out = tmp_path / "out.md"
    result = run("render", path, "-o", out)
    assert result.exit_code == 2, result.stderr
    assert "tampered.json" in result.stderr and field in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_fresh_result_is_consistent(saved):
    assert inconsistencies(parse_results(json.dumps(saved).encode(), "r.json")[0]) == []


def test_every_example_result_is_consistent(tmp_path):
    out = tmp_path / "all.json"
    examples = sorted((REPO / "examples").glob("*/deployment.yaml"))
    assert run("assess", *examples, "-f", "json", "-o", out).exit_code in (0, 1)
    for result in parse_results(out.read_bytes(), "all.json"):
        assert inconsistencies(result) == [], result.deployment.name


def test_the_verdict_is_recomputed_without_the_rubrics(saved):
    data = json.loads(json.dumps(saved))
    _verdict_to_ready(data)
    problems = inconsistencies(parse_results(json.dumps(data).encode(), "r.json")[0])
    assert problems[0].field == "verdict.value"
    assert problems[0].saved == "ready" and problems[0].recomputed == saved["verdict"]["value"]
