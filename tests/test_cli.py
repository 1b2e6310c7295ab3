"""The CLI as a user drives it: exit codes, formats, schemas, atomic output, several files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import GOOD, MINI, REPO, one_result, run, validator

MINI_ARGS = ("--rubrics", MINI, "--no-builtin")


def test_help_and_version():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("assess", "rubrics", "schema"):
        assert command in result.stdout
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("rai-checklist ")


def test_no_arguments_is_usage_error():
    assert run().exit_code == 2


def test_table_output(mini):
    result = run("assess", GOOD, *MINI_ARGS)
    assert result.exit_code == 0
    for text in ("Alpha", "Beta", "Overall", "Risk tier II", "READY"):
        assert text in result.stdout


def test_json_is_valid_against_the_result_schema():
    schema = json.loads(run("schema", "result").stdout)
    data = one_result(run("assess", GOOD, *MINI_ARGS, "-f", "json").stdout)
    validator(schema).validate(data)
    assert data["schema_version"] == "1.2"


@pytest.mark.parametrize("kind", ["rubric", "deployment", "result"])
def test_schemas_are_valid_json_schema(kind):
    result = run("schema", kind)
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_deployment_schema_accepts_the_examples_and_knows_the_facts():
    from checklist.loading.yamlfile import read_yaml

    schema = json.loads(run("schema", "deployment").stdout)
    assert "identification-1toN" in schema["properties"]["context"]["properties"]["function"]["items"]["enum"]
    for path in sorted((REPO / "examples").glob("*/deployment.yaml")):
        validator(schema).validate(json.loads(json.dumps(read_yaml(path).data, default=str)))


def test_built_in_rubric_files_match_the_rubric_schema():
    from checklist.loading.yamlfile import read_yaml

    schema = json.loads(run("schema", "rubric").stdout)
    for path in sorted((REPO / "principles").glob("*.yaml")):
        data = read_yaml(path).data
        if "criteria" in data:
            validator(schema).validate(json.loads(json.dumps(data, default=str)))


def test_gate_exit_1_on_not_ready(mini, deploy_dir: Path):
    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("ALP-01: {answer: full}", "ALP-01: {answer: none}"))
    result = run("assess", path, *MINI_ARGS)
    assert result.exit_code == 1
    assert "gate failed" in result.stderr and "not-ready" in result.stderr
    assert run("assess", path, *MINI_ARGS, "--fail-on", "never").exit_code == 0


def test_fail_under_sets_a_score_floor(deploy_dir: Path):
    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: half}"))
    # overall = (100 + 87.5) / 2 = 93.8
    assert run("assess", path, *MINI_ARGS, "--fail-under", "93.8").exit_code == 0
    result = run("assess", path, *MINI_ARGS, "--fail-under", "94")
    assert result.exit_code == 1 and "93.8 < 94" in result.stderr


def test_fail_on_conditional(deploy_dir: Path):
    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("ALP-01: {answer: full}", "ALP-01: {answer: some}"))
    assert run("assess", path, *MINI_ARGS).exit_code == 0
    assert run("assess", path, *MINI_ARGS, "--fail-on", "conditional").exit_code == 1


def test_output_file_is_written_atomically(tmp_path: Path):
    out = tmp_path / "result.json"
    result = run("assess", GOOD, *MINI_ARGS, "-f", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert one_result(out.read_text())["verdict"]["value"] == "ready"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]


def test_output_into_missing_folder_is_an_input_error(tmp_path: Path):
    result = run("assess", GOOD, *MINI_ARGS, "-f", "json", "-o", tmp_path / "no" / "result.json")
    assert result.exit_code == 2 and "output folder does not exist" in result.stderr


def test_several_deployments(deploy_dir: Path):
    second = deploy_dir / "second.yaml"
    second.write_text(GOOD.read_text().replace("name: Test deployment", "name: Second").replace("{answer: full}", "{answer: none}"))
    result = run("assess", GOOD, second, *MINI_ARGS, "-f", "json")
    assert result.exit_code == 1  # the second is not-ready
    data = json.loads(result.stdout)
    assert [r["deployment"]["name"] for r in data] == ["Test deployment", "Second"]
    assert [r["verdict"]["value"] for r in data] == ["ready", "not-ready"]
    table = run("assess", GOOD, second, *MINI_ARGS)
    assert "Second" in table.stdout and "not-ready" in table.stdout


def test_markdown_output():
    result = run("assess", GOOD, *MINI_ARGS, "-f", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Test deployment: **ready**")
    assert "| Alpha | 100.0 |" in result.stdout


def test_same_inputs_give_the_same_json():
    first = run("assess", GOOD, *MINI_ARGS, "-f", "json").stdout
    second = run("assess", GOOD, *MINI_ARGS, "-f", "json").stdout
    assert first == second


def test_rubrics_list_and_show():
    listing = run("rubrics", "list", *MINI_ARGS)
    assert listing.exit_code == 0 and "alpha" in listing.stdout and "beta" in listing.stdout
    shown = run("rubrics", "show", "BET-01", *MINI_ARGS)
    assert shown.exit_code == 0 and "group_ratio" in shown.stdout
    assert run("rubrics", "show", "policy", *MINI_ARGS).stdout.startswith("kind: policy\nformat: 2\nversion:")
    missing = run("rubrics", "show", "NOPE-01", *MINI_ARGS)
    assert missing.exit_code == 2 and "NOPE-01" in missing.stderr


def test_rubrics_validate_reports_problems(tmp_path: Path):
    import shutil

    assert run("rubrics", "validate", MINI, "--no-builtin").exit_code == 0
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    text = (broken / "alpha.yaml").read_text()
    (broken / "alpha.yaml").write_text(text.replace("id: ALP-03", "id: ALP-02"))
    result = run("rubrics", "validate", broken, "--no-builtin")
    assert result.exit_code == 2
    assert "defined twice" in result.stdout
    (broken / "alpha.yaml").write_text(text.replace("{fact: function, contains: identification-1toN}", "{fact: colour, equals: red}"))
    result = run("rubrics", "validate", broken, "--no-builtin")
    assert result.exit_code == 2 and "unknown fact 'colour'" in result.stdout


def test_assess_never_imports_weasyprint():
    code = (
        "import sys; from typer.testing import CliRunner; from checklist.cli.app import app; "
        f"r = CliRunner().invoke(app, ['assess', {str(GOOD)!r}, '--rubrics', {str(MINI)!r}, '--no-builtin', '-f', 'json']); "
        "print(r.exit_code, 'weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "False"]


def test_installed_command_runs_from_another_folder(tmp_path: Path):
    exe = Path(sys.executable).parent / "rai-checklist"
    result = subprocess.run([str(exe), "rubrics", "list"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_large_batch_runs_in_parallel_in_order_and_fails_cleanly(deploy_dir: Path):
    from checklist.engine.batch import PARALLEL_FROM

    text = GOOD.read_text()
    paths = []
    for i in range(PARALLEL_FROM + 6):
        path = deploy_dir / f"d{i:03d}.yaml"
        path.write_text(text.replace("name: Test deployment", f"name: Batch {i:03d}"))
        paths.append(path)
    out = deploy_dir / "batch.json"
    result = run("assess", *paths, *MINI_ARGS, "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert [r["deployment"]["name"] for r in data] == [f"Batch {i:03d}" for i in range(len(paths))]
    one = one_result(run("assess", paths[5], *MINI_ARGS, "-f", "json").stdout)
    assert data[5] == one  # workers compute exactly what a single run does
    before = out.read_bytes()
    paths[-2].write_text(text.replace("BET-02: {answer: yes}", "BET-02: {answer: nope}"))
    failed = run("assess", *paths, *MINI_ARGS, "-f", "json", "-o", out)
    assert failed.exit_code == 2
    assert f"{paths[-2].name}" in failed.stderr and "is not an option of BET-02" in failed.stderr
    assert out.read_bytes() == before
    summary = run("assess", *paths[:-2], *MINI_ARGS)
    assert summary.exit_code == 0 and f"{PARALLEL_FROM + 4} deployments: {PARALLEL_FROM + 4} ready" in summary.stdout


def test_output_files_follow_the_umask(tmp_path: Path):
    import os
    import stat

    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        assert run("assess", GOOD, *MINI_ARGS, "-f", "json", "-o", out).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_render_refuses_a_result_from_another_schema_version(tmp_path: Path):
    saved = tmp_path / "r.json"
    assert run("assess", GOOD, *MINI_ARGS, "-f", "json", "-o", saved).exit_code == 0
    data = one_result(saved.read_text())
    data["schema_version"] = "2.0"
    saved.write_text(json.dumps(data))
    result = run("render", saved, "-f", "markdown")
    assert result.exit_code == 2 and "result schema 2.0" in result.stderr and "r.json" in result.stderr


def test_junit_output_has_a_verdict_case_and_a_case_per_criterion(deploy_dir: Path):
    import xml.etree.ElementTree as ET

    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: half}"))
    out = deploy_dir / "junit.xml"
    assert run("assess", path, *MINI_ARGS, "-f", "junit", "-o", out).exit_code == 0
    root = ET.parse(out).getroot()
    cases = {c.get("name").split()[0]: c for c in root.iter("testcase")}
    assert sorted(cases) == ["ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02", "verdict:"]
    assert cases["verdict:"].find("failure") is None  # the gate passed, so the verdict case passes
    assert cases["BET-02"].find("failure") is None and "partial" in cases["BET-02"].find("system-out").text
    assert cases["ALP-03"].find("skipped") is not None  # not applicable
    assert cases["ALP-01"].find("failure") is None and cases["ALP-01"].find("skipped") is None
    beta = next(s for s in root.iter("testsuite") if s.get("name").endswith("/ Beta"))
    assert (beta.get("tests"), beta.get("failures")) == ("2", "0")
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("6", "0", "1")

    path.write_text(GOOD.read_text().replace("ALP-01: {answer: full}", "ALP-01: {answer: none}"))
    assert run("assess", path, *MINI_ARGS, "-f", "junit", "-o", out).exit_code == 1
    root = ET.parse(out).getroot()
    cases = {c.get("name").split()[0]: c for c in root.iter("testcase")}
    assert cases["verdict:"].find("failure").get("type") == "not-ready"
    assert cases["ALP-01"].find("failure").get("type") == "fail blocker"


def test_sarif_points_at_the_answer_in_the_deployment_file(deploy_dir: Path, monkeypatch):
    monkeypatch.chdir(deploy_dir)
    path = deploy_dir / "d.yaml"
    text = GOOD.read_text().replace("ALP-01: {answer: full}", "ALP-01: {answer: none}")
    path.write_text(text)
    result = run("assess", path, *MINI_ARGS, "-f", "sarif")
    assert result.exit_code == 1  # the failed blocker still fails the gate
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} == {"ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02"}
    [finding] = run_["results"]
    assert finding["ruleId"] == "ALP-01" and finding["level"] == "error"
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "d.yaml"
    line = text.splitlines().index("  ALP-01: {answer: none}") + 1
    assert location["region"]["startLine"] == line


def test_render_writes_junit_and_sarif_from_saved_json(tmp_path: Path):
    saved = tmp_path / "r.json"
    assert run("assess", GOOD, *MINI_ARGS, "-f", "json", "-o", saved).exit_code == 0
    assert run("render", saved, "-o", tmp_path / "r.xml").exit_code == 0
    assert (tmp_path / "r.xml").read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    assert run("render", saved, "-o", tmp_path / "r.sarif").exit_code == 0
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
