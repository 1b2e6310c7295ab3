"""Answer kinds are plug-ins: the registry, and the `checklist` kind end to end."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import MINI, base_deployment, criterion, one_result, principle, run

from checklist.kinds import KINDS
from checklist.kinds import checklist as checklist_kind

GAMMA = """\
kind: rubric
format: 2
id: gamma
title: Gamma
statement: Controls in place.
version: "t1"
order: 3
sources: [{id: SRC, title: A source, framework: Test framework}]
criteria:
  - id: GAM-01
    title: Log fields
    question: Which of these does every search log record?
    why: Because.
    severity: medium
    scoring:
      kind: checklist
      min_items: 3
      items:
        - {id: period, label: The period of use, weight: 2}
        - {id: database, label: The reference database}
        - {id: input, label: The input that matched}
        - {id: verifier, label: Who verified the result}
    remediation: Log all four.
    references: [{source: SRC, section: "1"}]
"""


def test_the_registry_holds_every_kind():
    assert list(KINDS) == ["choice", "metric", "checklist"]
    assert KINDS["checklist"] is checklist_kind.KIND


@pytest.fixture
def gamma(tmp_path, deploy_dir):
    folder = tmp_path / "gamma"
    folder.mkdir()
    (folder / "gamma.yaml").write_text(GAMMA)
    good = base_deployment()

    def assess(answer):
        data = dict(good)
        data["answers"] = {**good["answers"], "GAM-01": answer}
        path = deploy_dir / "d.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return run("assess", path, "--rubrics", MINI, "--rubrics", folder, "--no-builtin", "-f", "json")

    return assess


@pytest.mark.parametrize(
    ("items", "score", "status"),
    [
        (["period", "database", "input", "verifier"], 1.0, "pass"),
        (["period", "database", "input"], 0.8, "pass"),  # (2 + 1 + 1) / 5
        (["database", "input", "verifier"], 0.6, "partial"),
        (["period", "database"], 0.6, "partial"),  # a share of 0.6, but under min_items
        (["input"], 0.2, "fail"),
        ([], 0.0, "fail"),
    ],
)
def test_checklist_scores_the_weighted_share(gamma, items, score, status):
    result = gamma({"items": items})
    assert result.exit_code in (0, 1), result.stderr
    found = criterion(one_result(result.stdout), "GAM-01")
    assert (found["score"], found["status"]) == (score, status)
    assert found["items"] == [i for i in ["period", "database", "input", "verifier"] if i in items]


def test_min_items_keeps_a_high_share_from_passing(tmp_path, gamma):
    heavy = GAMMA.replace("weight: 2}", "weight: 20}")
    (tmp_path / "gamma" / "gamma.yaml").write_text(heavy)
    found = criterion(one_result(gamma({"items": ["period", "database"]}).stdout), "GAM-01")
    assert found["score"] >= 0.9 and found["status"] == "partial"
    assert any("a pass needs at least 3" in f for f in found["flags"])


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"items": ["period", "nope"]}, "'nope' is not an item of GAM-01"),
        ({"items": ["period", "period"]}, "'period' is listed twice"),
        ({"answer": "yes"}, "GAM-01 is a checklist criterion; give `items:`"),
        ({"measurements": {"values": {"x": 1}}}, "GAM-01 is a checklist criterion; give `items:`"),
    ],
)
def test_wrong_checklist_answers_exit_2(gamma, answer, message):
    result = gamma(answer)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_unknown_is_an_answer_for_any_kind(gamma):
    data = one_result(gamma({"answer": "unknown", "notes": "Asked the vendor."}).stdout)
    found = criterion(data, "GAM-01")
    assert found["status"] == "unanswered" and found["notes"] == "Asked the vendor."
    assert principle(data, "gamma")["score"] == 0.0


def test_init_describes_the_checklist(tmp_path, gamma):
    out = tmp_path / "d.yaml"
    done = run("init", "-o", out, "--no-schema", "--rubrics", MINI, "--rubrics", tmp_path / "gamma", "--no-builtin")
    assert done.exit_code == 0, done.stderr
    text = out.read_text()
    assert "# period (weight 2): The period of use" in text
    assert "items: []   # the controls in place; a pass needs 3" in text


def test_lint_knows_the_kind(tmp_path):
    (tmp_path / "gamma.yaml").write_text(GAMMA.replace("- {id: verifier,", "- {id: period,"))
    result = run("rubrics", "validate", tmp_path, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert any(f["code"] == "unreachable-option" and "GAM-01" in f["field"] for f in findings), findings
