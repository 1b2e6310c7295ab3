"""Measurement that stands up: false positives and false negatives scored apart, counts behind each
rate, 1:N rates with their gallery, and accuracy at the operating threshold (FAIR-02, -09, -10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO, criterion, one_result, run

from checklist.loading.yamlfile import read_yaml

EXAMPLE = REPO / "examples" / "building-access"


@pytest.fixture
def assess(tmp_path: Path):
    shutil.copytree(EXAMPLE / "evidence", tmp_path / "evidence")
    base = read_yaml(EXAMPLE / "deployment.yaml").data

    def run_with(answers: dict, expect: tuple[int, ...] = (0, 1)):
        data = json.loads(json.dumps(base, default=str))
        evidence = [{"title": "Pilot evaluation", "path": "evidence/pilot-evaluation.md", "date": "2026-03-28"}]
        data["answers"].update({k: {**v, "evidence": evidence} if "measurements" in v else v for k, v in answers.items()})
        path = tmp_path / "d.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        result = run("assess", path, "-f", "json")
        assert result.exit_code in expect, result.stderr
        return one_result(result.stdout) if result.exit_code in (0, 1) else result

    return run_with


GROUPS = ["f1", "f2", "m1", "m2"]


def _groups(field: str, errors: list[int], trials: int = 100000) -> dict:
    return {g: {field: {"errors": e, "trials": trials}} for g, e in zip(GROUPS, errors, strict=True)}


def test_false_positives_and_false_negatives_are_scored_apart(assess):
    data = assess({
        "FAIR-02": {"measurements": {"groups": _groups("false_match_rate", [10, 11, 12, 10])}},
        "FAIR-09": {"measurements": {"groups": _groups("false_non_match_rate", [40, 10, 30, 20], 2000)}},
    })
    assert criterion(data, "FAIR-02")["status"] == "pass" and criterion(data, "FAIR-02")["figure"] == 1.2
    assert criterion(data, "FAIR-09")["figure"] == 4.0 and criterion(data, "FAIR-09")["status"] == "partial"


def test_a_ratio_on_too_few_errors_is_not_credited(assess):
    data = assess({"FAIR-02": {"measurements": {"groups": _groups("false_match_rate", [3, 3, 4, 3])}}})
    found = criterion(data, "FAIR-02")
    assert found["score"] == 0.8 and found["status"] == "partial"  # a 1.33x ratio, but on three errors
    assert any("rests on 3 error(s); a ratio is credited from 5" in f for f in found["flags"])


def test_rates_without_counts_are_not_credited(assess):
    data = assess({"FAIR-02": {"measurements": {"groups": {g: {"false_match_rate": 0.0001} for g in GROUPS}}}})
    found = criterion(data, "FAIR-02")
    assert found["status"] == "partial" and any("give the errors and trials" in f for f in found["flags"])


def test_1_to_n_rates_need_their_gallery(assess):
    data = assess({"FAIR-02": {"measurements": {"groups": _groups("false_positive_identification_rate", [10, 11, 12, 10])}}})
    found = criterion(data, "FAIR-02")
    assert found["status"] == "invalid"
    assert any("needs measurements.values.gallery_size, candidate_list_length" in f for f in found["flags"])
    data = assess({"FAIR-02": {"measurements": {
        "groups": _groups("false_positive_identification_rate", [10, 11, 12, 10]),
        "values": {"gallery_size": 5000, "candidate_list_length": 5},
    }}})
    assert criterion(data, "FAIR-02")["status"] == "pass"


def test_a_1_to_1_deployment_reporting_only_false_non_matches_is_not_invalid(assess):
    data = assess({"FAIR-02": {"answer": "unknown", "notes": "Impostor trials not run yet."},
                   "FAIR-09": {"measurements": {"groups": _groups("false_non_match_rate", [20, 21, 22, 20], 2000)}}})
    assert criterion(data, "FAIR-02")["status"] == "unanswered"
    assert criterion(data, "FAIR-09")["status"] == "pass"


@pytest.mark.parametrize(
    ("measurements", "message"),
    [
        ({"groups": {g: {"false_non_match_rate": 0.01} for g in GROUPS}}, "'false_non_match_rate' is not measured by FAIR-02"),
        ({"groups": {g: {"false_match_rate": {"errors": 9, "trials": 5}} for g in GROUPS}}, "9 errors in 5 trials"),
        ({"groups": {g: {"false_match_rate": 1.5} for g in GROUPS}}, "less than or equal to 1"),
        ({"values": {"false_match_rate": 0.001}}, "FAIR-02 takes measurements.groups"),
    ],
)
def test_wrong_measurements_exit_2(assess, measurements, message):
    result = assess({"FAIR-02": {"measurements": measurements}}, expect=(2,))
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize(("fnmr", "score"), [(0.008, 1.0), (0.02, 0.8), (0.04, 0.6), (0.09, 0.4), (0.15, 0.2), (0.3, 0.0)])
def test_accuracy_at_the_operating_threshold(assess, fnmr, score):
    data = assess({"FAIR-10": {"measurements": {"values": {"false_non_match_rate": fnmr, "false_match_rate": 0.0001}}}})
    assert criterion(data, "FAIR-10")["score"] == score


def test_accuracy_needs_the_false_positive_rate_it_was_read_at(assess):
    data = assess({"FAIR-10": {"measurements": {"values": {"false_non_match_rate": 0.02}}}})
    assert criterion(data, "FAIR-10")["status"] == "invalid"
