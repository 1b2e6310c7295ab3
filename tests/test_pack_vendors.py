"""The built-in vendor policies (principles/vendor-policies/): their rubric tests, the gap an
unspecified fact leaves, the vendor examples, and that no vendor rule touches a deployment
without a vendor review."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPO, one_result, run

from checklist.loading.rubrics import load_rubric_set
from checklist.models.conditions import DATE_FACT, UNSPECIFIED
from checklist.resources import builtin_rubric_folders

PACK = REPO / "examples" / "packs" / "vendors"
VENDOR_FILES = "principles/vendor-policies/"


def assess(path) -> dict:
    result = run("assess", path, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return one_result(result.stdout)


def test_vendor_pack_rubric_tests_pass():
    result = run("rubrics", "test", PACK)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith(" passed, 0 failed"), result.stdout


def test_unspecified_agency_level_leaves_the_us_police_red_line_as_a_gap():
    data = assess(PACK / "microsoft-agency-unspecified.yaml")
    assert data["verdict"]["value"] == "incomplete"
    red = {p["id"]: p for p in data["prohibitions"]}
    assert red["MS-FACE-US-POLICE"]["possible"] is True
    assert red["MS-FACE-US-POLICE"]["open_facts"] == ["agency_level"]
    assert any(g.startswith("red line MS-FACE-US-POLICE") for g in data["verdict"]["gaps"]), data["verdict"]["gaps"]


def test_police_request_example_names_the_microsoft_policy_and_its_date_first():
    data = assess(REPO / "examples" / "vendor-review-police" / "deployment.yaml")
    assert data["verdict"]["value"] == "prohibited"
    first = data["verdict"]["reasons"][0]
    assert first.startswith("prohibited: Microsoft"), first
    assert "in force from 2020-06-11" in first, first
    assert data["actions"][0]["criterion"] == "MS-FACE-US-POLICE"


def test_compliant_request_example_meets_no_red_line():
    data = assess(REPO / "examples" / "vendor-review-compliant" / "deployment.yaml")
    assert data["prohibitions"] == []
    statuses = {c["id"]: c["status"] for p in data["principles"] for c in p["criteria"]}
    assert all(statuses[i] == "pass" for i in ("MSFT-01", "MSFT-02", "MSFT-03", "MSFT-04", "SURV-07"))


def _no_vendor_review() -> dict:
    """A context where every fact is unknown except that there is no vendor review."""
    rubric_set = load_rubric_set(builtin_rubric_folders())
    facts = {name: UNSPECIFIED for name in rubric_set.profile.facts}
    facts["vendor"] = "none"
    facts[DATE_FACT] = dt.date(2026, 10, 1)
    return {"set": rubric_set, "facts": facts}


def test_there_are_vendor_rules():
    rubric_set = _no_vendor_review()["set"]
    red_lines = [p.id for p in rubric_set.policy.prohibitions if rubric_set.origins.get(p.id, "").startswith(VENDOR_FILES)]
    assert {"MS-FACE-US-POLICE", "AWS-REK-POLICE-INVESTIGATION", "IBM-FR-WITHDRAWN"} <= set(red_lines)


@pytest.mark.parametrize("kind", ["red line", "criterion"])
def test_no_vendor_rule_touches_a_deployment_without_a_vendor_review(kind):
    loaded = _no_vendor_review()
    rubric_set, facts = loaded["set"], loaded["facts"]
    if kind == "red line":
        rules = [(p.id, p.when) for p in rubric_set.policy.prohibitions]
    else:
        rules = [(c.id, c.when) for r in rubric_set.rubrics for c in r.criteria]
    vendor_rules = [(rule_id, when) for rule_id, when in rules if rubric_set.origins.get(rule_id, "").startswith(VENDOR_FILES)]
    assert vendor_rules
    for rule_id, when in vendor_rules:
        assert when is not None and "vendor" in set(when.facts()), rule_id
        assert when.truth(facts) is False, f"{rule_id} could apply with vendor: none"
