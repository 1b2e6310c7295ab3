"""The worked extension examples, `rubrics test`, the linter, `init` and the committed schemas."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import MINI, REPO, criterion, one_result, principle, run

EXT = REPO / "examples" / "extensions"


def test_org_overlay_example_through_its_config(monkeypatch):
    monkeypatch.chdir(EXT / "org-overlay")
    result = run("assess", "deployment.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = one_result(result.stdout)
    assert data["verdict"]["value"] == "conditional"
    assert data["tier"]["bar"] == 80
    assert criterion(data, "NWB-MRM-02")["origin"] == "overlays/model-risk.yaml"
    assert "SG-12" in criterion(data, "NOTC-07")["flags"][0]
    files = {p["file"] for p in data["provenance"]}
    assert files == {"overlays/model-risk.yaml", "overlays/notice.yaml", "overlays/board-policy.yaml"}
    assert all(len(p["sha256"]) == 64 and p["justification"] for p in data["provenance"])
    overlay_inputs = [i for i in data["inputs"] if i["role"] == "overlay" and not i["name"].startswith("principles/")]
    assert len(overlay_inputs) == 3


def test_seventh_principle_example(monkeypatch):
    monkeypatch.chdir(EXT / "seventh-principle")
    data = one_result(run("assess", "deployment.yaml", "--rubrics", "rubrics", "-f", "json").stdout)
    assert [p["id"] for p in data["principles"]][-1] == "privacy"
    assert principle(data, "privacy")["score"] == 88.8
    assert data["verdict"]["value"] == "ready"


@pytest.mark.parametrize("example", ["org-overlay", "seventh-principle"])
def test_example_rubric_tests_pass(example, monkeypatch):
    monkeypatch.chdir(EXT / example)
    result = run("rubrics", "test", "rubric-tests.yaml")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith(" passed, 0 failed")


def test_broken_rubric_test_fails_with_a_readable_diff(tmp_path: Path):
    shutil.copytree(EXT / "seventh-principle", tmp_path / "ex")
    cases = tmp_path / "ex" / "rubric-tests.yaml"
    cases.write_text(cases.read_text().replace("PRIV-01: partial", "PRIV-01: pass").replace("verdict: ready", "verdict: not-ready"))
    result = run("rubrics", "test", cases)
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    assert "PRIV-01: expected pass, got partial (score 0.7)" in result.stdout
    assert "verdict: expected not-ready, got ready" in result.stdout
    assert result.stdout.strip().endswith("0 passed, 1 failed")


def test_rubric_test_file_with_a_typo_is_bad_input(tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text("cases:\n  - name: x\n    deployment: d.yaml\n    expect: {verdikt: ready}\n")
    result = run("rubrics", "test", path)
    assert result.exit_code == 2 and "t.yaml:4" in result.stderr and "verdikt" in result.stderr


def test_built_in_rubrics_lint_clean():
    result = run("rubrics", "validate", REPO / "principles", "-f", "json")
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and report["warnings"] == 0, report["findings"]


def lint_copy(tmp_path: Path, edit) -> dict:
    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    edit(folder)
    result = run("rubrics", "validate", folder, "--no-builtin", "-f", "json")
    return {"exit": result.exit_code, **json.loads(result.stdout)}


def replace_in(name: str, old: str, new: str):
    def edit(folder: Path) -> None:
        path = folder / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new))

    return edit


def low_ceiling(folder: Path) -> None:
    """BET-01 can score at most 0.3 (and passes there), so beta can reach (3*0.3 + 1) / 4 = 47.5 at best."""
    path = folder / "beta.yaml"
    text = path.read_text().replace("    severity: high\n", "    severity: high\n    pass_mark: 0.3\n", 1)
    text = text.replace("{limit: 1.5, score: 1.0}", "{limit: 1.5, score: 0.3}").replace("{limit: 3, score: 0.6}", "{limit: 3, score: 0.2}")
    text = text.replace("{limit: 10, score: 0.3}", "{limit: 10, score: 0.1}")
    path.write_text(text)


@pytest.mark.parametrize(
    ("edit", "code", "level"),
    [
        (replace_in("alpha.yaml", "{fact: consequential, equals: true}", "{fact: consequential, equals: yes}"), "unreachable-condition", "error"),
        (replace_in("alpha.yaml", "{fact: function, contains: identification-1toN}", "{fact: function, contains: one_to_many}"), "unreachable-condition", "error"),
        (replace_in("beta.yaml", "{id: half, label: Half", "{id: yes, label: Half"), "unreachable-option", "error"),
        (replace_in("beta.yaml", "{limit: 10, score: 0.3}", "{limit: 10, score: 0.6}"), "unreachable-band", "warning"),
        (replace_in("alpha.yaml", "{id: full, label: Fully, score: 1.0}", "{id: full, label: Fully, score: 0.7}"), "unreachable-pass", "error"),
        (replace_in("alpha.yaml", "    remediation: Meet the blocker.\n", ""), "no-remediation", "warning"),
        (replace_in("alpha.yaml", '    references: [{source: SRC, section: "1"}]\n', ""), "no-references", "warning"),
        (low_ceiling, "impossible-bar", "error"),
    ],
    ids=["bool-as-text", "unknown-value", "duplicate-option", "shadowed-band", "unreachable-pass", "no-remediation", "no-references", "impossible-bar"],
)
def test_linter_findings(tmp_path: Path, edit, code, level):
    report = lint_copy(tmp_path, edit)
    found = [f for f in report["findings"] if f["code"] == code]
    assert found and found[0]["level"] == level, report["findings"]
    assert found[0]["file"].endswith(".yaml") and found[0]["line"]
    assert report["exit"] == (2 if level == "error" else 0)


def test_linter_reports_every_broken_file_with_its_line(tmp_path: Path):
    def edit(folder: Path) -> None:
        (folder / "alpha.yaml").write_text((folder / "alpha.yaml").read_text().replace("weight: 4", "weight: -4"))
        (folder / "beta.yaml").write_text((folder / "beta.yaml").read_text().replace("score: 0.5", "score: 5"))

    report = lint_copy(tmp_path, edit)
    files = sorted((f["file"].rsplit("/", 1)[-1], f["line"]) for f in report["findings"])
    assert [name for name, _ in files] == ["alpha.yaml", "beta.yaml"] and all(line for _, line in files)


def test_init_scaffolds_every_applicable_question(tmp_path: Path):
    out = tmp_path / "deployment.yaml"
    result = run(
        "init", "-o", out, "--date", "2026-11-01",
        "--set", "operator=private", "--set", "on_behalf_of=none", "--set", "agency_level=none", "--set", "purpose=access-control",
        "--set", "minors_sought=false", "--set", "gallery_source=self-enrolled", "--set", "capture_device=fixed", "--set", "covert=false",
        "--set", "function=verification-1to1,liveness", "--set", "timing=real-time",
        "--set", "decision_role=final-decision", "--set", "consequential=false", "--set", "setting=workplace",
        "--set", "population=employees", "--set", "enrollment=opt-in", "--set", "alternative_available=true",
        "--set", "jurisdiction=US-WA",
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=deployment.schema.json\n")
    schema = json.loads((tmp_path / "deployment.schema.json").read_text())
    assert "context" in schema["properties"]
    assert "  FAIR-01:\n" in text and "onsite-per-group (1):" in text
    assert "SURV-01:" not in text  # warrants apply to public agencies only
    assessed = run("assess", out, "-f", "json")
    assert assessed.exit_code in (0, 1), assessed.stderr
    data = one_result(assessed.stdout)
    in_scope = [c for p in data["principles"] for c in p["criteria"] if c["status"] != "not-applicable"]
    assert in_scope and all(c["status"] == "unanswered" for c in in_scope)
    assert {c["id"] for c in in_scope} == {line.strip()[:-1] for line in text.splitlines() if line.startswith("  ") and line.strip().endswith(":") and "-" in line and not line.lstrip().startswith("#") and line.strip()[:-1].split("-")[-1].isdigit()}


def test_init_without_facts_keeps_conditional_questions_and_refuses_to_overwrite(tmp_path: Path):
    out = tmp_path / "d.yaml"
    assert run("init", "-o", out, "--no-schema").exit_code == 0
    text = out.read_text()
    assert "  operator: unspecified" in text and "Applies when:" in text and "SURV-01:" in text
    assessed = run("assess", out, "-f", "json")  # a bare init loads: every fact unspecified, nothing answered
    assert assessed.exit_code == 1 and one_result(assessed.stdout)["verdict"]["value"] == "incomplete", assessed.stderr
    again = run("init", "-o", out)
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = run("init", "-o", tmp_path / "e.yaml", "--set", "colour=blue")
    assert bad.exit_code == 2 and "unknown fact 'colour'" in bad.stderr


@pytest.mark.parametrize("kind", ["rubric", "overlay", "policy", "profile", "deployment", "result", "config", "rubric-tests"])
def test_committed_schemas_match_the_models(kind):
    committed = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
    assert committed == json.loads(run("schema", kind).stdout), f"run: rai-checklist schema {kind} > schemas/{kind}.schema.json"
