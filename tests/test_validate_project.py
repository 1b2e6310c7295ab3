"""`rubrics validate` on a project folder: deployments, the config and rubric tests are recognised;
a folder with its own profile and policy is a complete set; the answer is the same from any folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO, run

ORG = REPO / "examples" / "extensions" / "org-overlay"


def validate(path: Path | str, *extra: str) -> tuple[int, dict]:
    result = run("rubrics", "validate", path, "-f", "json", *extra)
    return result.exit_code, json.loads(result.stdout)


def same(report: dict) -> list[tuple]:
    """A report without file names (they are relative to wherever the command ran)."""
    return sorted((f["level"], f["code"], Path(f["file"]).name, f["message"], f["line"], f["field"]) for f in report["findings"])


def test_a_project_folder_is_read_as_a_project(monkeypatch, tmp_path):
    code, report = validate(ORG)
    assert code == 0 and report["errors"] == 0 and report["warnings"] == 0, report
    by_file = {Path(f["file"]).name: f for f in report["findings"]}
    assert by_file["rai-checklist.yaml"]["code"] == "config"
    assert by_file["rubric-tests.yaml"]["code"] == "rubric-tests"
    assert by_file["deployment.yaml"]["message"] == "a deployment: checked against this rubric set"
    monkeypatch.chdir(tmp_path)  # the same answer from elsewhere
    assert same(validate(ORG)[1]) == same(report)
    monkeypatch.chdir(ORG)
    assert same(validate(".")[1]) == same(report)


def test_errors_in_a_project_are_reported_as_what_the_files_are(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ORG, project)
    text = (project / "deployment.yaml").read_text()
    (project / "deployment.yaml").write_text(text.replace("answers:\n", "answers:\n  NOPE-01: {answer: x}\n", 1))
    (project / "rubric-tests.yaml").write_text("cases:\n  - {name: x, deployment: deployment.yaml, expect: {verdikt: ready}}\n")
    code, report = validate(project)
    assert code == 2
    errors = {(f["code"], Path(f["file"]).name) for f in report["findings"] if f["level"] == "error"}
    assert errors == {("rubric-tests", "rubric-tests.yaml")}  # the set is checked once every file alone is clean
    (project / "rubric-tests.yaml").write_text((ORG / "rubric-tests.yaml").read_text())
    code, report = validate(project)
    assert code == 2
    [error] = [f for f in report["findings"] if f["level"] == "error"]
    assert error["code"] == "deployment" and "unknown criterion id 'NOPE-01'" in error["message"] and error["line"]
    (project / "rai-checklist.yaml").write_text("builtin: true\noverlays: [nowhere]\n")
    code, report = validate(project)
    assert code == 2 and any(f["code"] == "config" and "'nowhere' not found" in f["message"] for f in report["findings"])


def test_a_copy_of_the_built_in_rubrics_is_a_complete_set_from_any_folder(tmp_path, monkeypatch):
    copy = tmp_path / "principles"  # the same folder name as the built-ins, on purpose
    shutil.copytree(REPO / "principles", copy)
    code, builtin = validate(REPO / "principles")
    assert code == 0
    for cwd in (tmp_path, REPO, copy):
        monkeypatch.chdir(cwd)
        code, report = validate(copy)
        assert code == 0, report
        assert not any("second" in f["message"] for f in report["findings"])
        assert (report["errors"], report["warnings"]) == (builtin["errors"], builtin["warnings"])
    # a warning in the copy is reported, though the copy's files are named like the built-ins
    fairness = copy / "fairness.yaml"
    fairness.write_text(fairness.read_text().replace("    remediation: ", "    remediation: ''\n    x_old_remediation: ", 1))
    monkeypatch.chdir(tmp_path)
    code, report = validate(copy)
    assert report["errors"] or report["warnings"], report


def test_a_folder_of_overlays_still_sits_on_the_built_ins(tmp_path):
    (tmp_path / "notice.yaml").write_text((ORG / "overlays" / "notice.yaml").read_text())
    code, report = validate(tmp_path)
    assert code == 0 and report["errors"] == 0, report
