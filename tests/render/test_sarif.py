"""The SARIF renderer: findings located at the answer's line recorded when the deployment loaded."""

from __future__ import annotations

import json

from conftest import REPO, run, validate_sarif

from checklist.models.result import SHORT_OF_PASS
from checklist.render import sarif


def test_findings_are_located_at_their_answers(mixed):
    doc = json.loads(sarif.document([mixed]))
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    found = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    short = [c for p in mixed.principles for c in p.criteria if c.status in SHORT_OF_PASS]
    assert set(found) == {c.id for c in short}
    lines = mixed.source_text.splitlines()
    for c in short:
        line = found[c.id]["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert lines[line - 1].strip().startswith(f"{c.id}:"), (c.id, lines[line - 1])
    assert found["ALP-02"]["level"] == "error"  # a failed answer
    assert found["ALP-01"]["level"] == "warning"  # a partial one


def test_rules_cover_every_criterion(mixed):
    rules = json.loads(sarif.document([mixed]))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for p in mixed.principles for c in p.criteria]


EXAMPLES = ("examples/police-investigative-leads/deployment.yaml", "examples/retail-watchlist/deployment.yaml")


def test_two_examples_validate_against_the_sarif_schema_with_repository_paths(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run("assess", *EXAMPLES, "-f", "sarif")
    assert result.exit_code == 1, result.stderr  # neither example passes the default gate
    doc = json.loads(result.stdout)
    validate_sarif(doc)
    runs = doc["runs"]
    assert len(runs) == 2
    assert [r["automationDetails"]["id"] for r in runs] == [f"rai-checklist/{p}/" for p in EXAMPLES]
    for run_, path in zip(runs, EXAMPLES, strict=True):
        lines = (REPO / path).read_text().splitlines()
        assert run_["results"], path
        for found in run_["results"]:
            location = found["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"] == path  # relative to the repository root
            assert 1 <= location["region"]["startLine"] <= len(lines)
            assert len(found["partialFingerprints"]["raiChecklist/v1"]) == 64
        fingerprints = [f["partialFingerprints"]["raiChecklist/v1"] for f in run_["results"]]
        assert len(set(fingerprints)) == len(fingerprints)
        rules = run_["tool"]["driver"]["rules"]
        assert all(r["help"]["text"] and r["help"]["markdown"] for r in rules)
        assert any(r.get("helpUri", "").startswith("https://") for r in rules)


def test_unanswered_questions_sit_at_answers_and_red_lines_at_context(monkeypatch):
    monkeypatch.chdir(REPO)
    path = "examples/retail-watchlist/deployment.yaml"
    doc = json.loads(run("assess", path, "-f", "sarif").stdout)
    validate_sarif(doc)
    lines = (REPO / path).read_text().splitlines()
    found = doc["runs"][0]["results"]
    for item in found:
        line = lines[item["locations"][0]["physicalLocation"]["region"]["startLine"] - 1]
        if item["properties"]["status"] in ("prohibited", "possible"):
            assert line.startswith("context:"), line
        elif item["properties"]["status"] == "unanswered" and not item["properties"]["unknown"]:
            assert line.startswith("answers:"), line
        else:
            assert line.strip().startswith(item["ruleId"] + ":"), line
    assert any(i["properties"]["status"] == "unanswered" and not i["properties"]["unknown"] for i in found)


def test_base_makes_locations_relative_to_another_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anywhere: --base names the repository
    absolute = [str(REPO / p) for p in EXAMPLES]
    doc = json.loads(run("assess", *absolute, "-f", "sarif", "--base", REPO).stdout)
    assert [r["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"]] == list(EXAMPLES)
    saved = tmp_path / "r.json"
    run("assess", *absolute, "-f", "json", "-o", saved, "--base", REPO / "examples")
    again = json.loads(run("render", saved, "-f", "sarif").stdout)
    assert again["runs"][0]["automationDetails"]["id"] == "rai-checklist/police-investigative-leads/deployment.yaml/"


def test_a_path_twice_still_gets_distinct_categories(mixed):
    doc = json.loads(sarif.document([mixed, mixed]))
    ids = [r["automationDetails"]["id"] for r in doc["runs"]]
    assert len(set(ids)) == 2
