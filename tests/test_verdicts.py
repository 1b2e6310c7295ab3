"""Verdicts that tell a finding from a gap, and red lines that no score can offset."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import MINI, base_deployment, criterion, one_result, principle, run, validate_sarif

RED_LINE = """\
kind: overlay
format: 2
extends: policy
prohibitions:
  - id: TEST-RL-01
    title: No live matching at work
    when:
      all:
        - {fact: setting, contains: workplace}
        - {fact: timing, equals: real-time}
    effective_from: 2026-01-01
    effective_until: 2026-12-31
    source: {title: Test Act, section: Art. 1, url: "https://example.org/act", framework: Test law}
    reason: The test act forbids live matching of workers.
"""


@pytest.fixture
def folder(tmp_path: Path, deploy_dir: Path):
    """Assess variants of the good deployment against the mini rubrics plus optional overlay files."""
    overlays = tmp_path / "org"
    overlays.mkdir()

    def assess(change=None, files: dict[str, str] | None = None, fmt: str = "json", extra: tuple[str, ...] = ()):
        for name, text in (files or {}).items():
            (overlays / name).write_text(text)
        data = base_deployment()
        if change:
            change(data)
        path = deploy_dir / "d.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        args = ["assess", path, "--rubrics", MINI, "--no-builtin", "-f", fmt, *extra]
        if files:
            args[4:4] = ["--rubrics", overlays]
        return run(*args)

    return assess


def _json(result):
    assert result.exit_code in (0, 1), result.stderr
    return one_result(result.stdout)


def test_a_red_line_forces_prohibited_over_a_perfect_score(folder):
    result = folder(files={"red.yaml": RED_LINE})
    assert result.exit_code == 1
    data = _json(result)
    assert data["overall_score"] == 100.0
    assert data["verdict"]["value"] == "prohibited"
    assert data["verdict"]["reasons"][0].startswith("prohibited: No live matching at work (Test Act, Art. 1")
    assert [p["id"] for p in data["prohibitions"]] == ["TEST-RL-01"]
    first = data["actions"][0]
    assert (first["criterion"], first["kind"], first["status"]) == ("TEST-RL-01", "prohibition", "prohibited")
    assert first["remediation"].startswith("Stop")


@pytest.mark.parametrize(
    ("day", "verdict"),
    [("2025-12-31", "ready"), ("2026-01-01", "prohibited"), ("2026-12-31", "prohibited"), ("2027-01-01", "ready")],
)
def test_the_date_window_is_respected_at_both_ends(folder, day, verdict):
    def change(d):
        d["deployment"]["date"] = day
        for answer in d["answers"].values():
            for e in answer.get("evidence", []):
                e["date"] = "2025-12-01"

    assert _json(folder(change, files={"red.yaml": RED_LINE}))["verdict"]["value"] == verdict


def test_a_red_line_that_does_not_hold_changes_nothing(folder):
    def change(d):
        d["context"]["timing"] = "retrospective"

    data = _json(folder(change, files={"red.yaml": RED_LINE}))
    assert data["verdict"]["value"] == "ready" and data["prohibitions"] == []


def test_a_waiver_cannot_accept_a_red_line(folder):
    def change(d):
        d["waivers"] = [{"criterion": "TEST-RL-01", "justification": "We accept it", "approver": "CEO", "expires": "2027-01-01"}]

    result = folder(change, files={"red.yaml": RED_LINE})
    assert result.exit_code == 2 and "TEST-RL-01 is a red line: a waiver cannot accept it" in result.stderr


def test_a_deployer_overlay_that_lifts_a_red_line_is_the_first_thing_said(folder):
    lift = "kind: overlay\nformat: 2\nextends: policy\nlift:\n  TEST-RL-01: Our lawyers read the act as not covering badge kiosks.\n"
    data = _json(folder(files={"red.yaml": RED_LINE, "lift.yaml": lift}))
    assert data["verdict"]["value"] == "ready"
    assert data["verdict"]["reasons"][0].startswith("red line TEST-RL-01 (No live matching at work) lifted by ")
    assert "not covering badge kiosks" in data["verdict"]["reasons"][0]
    assert data["prohibitions"][0]["lifted"].endswith("Our lawyers read the act as not covering badge kiosks.")
    assert any(p["action"] == "lift" for p in data["provenance"])
    table = folder(files={"red.yaml": RED_LINE, "lift.yaml": lift}, fmt="table")
    assert "lifted" in table.stdout.split("Verdict:")[1].splitlines()[1]


def test_lifting_needs_a_reason_and_a_known_id(folder):
    empty = folder(files={"red.yaml": RED_LINE, "lift.yaml": "kind: overlay\nformat: 2\nextends: policy\nlift:\n  TEST-RL-01: ''\n"})
    assert empty.exit_code == 2
    unknown = folder(files={"lift.yaml": "kind: overlay\nformat: 2\nextends: policy\nlift:\n  NOPE-01: Because.\n"})
    assert unknown.exit_code == 2 and "unknown red line 'NOPE-01'" in unknown.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "junit", "sarif"])
def test_the_red_line_leads_every_output(folder, fmt):
    out = folder(files={"red.yaml": RED_LINE}, fmt=fmt).stdout
    if fmt == "table":
        verdict = out.split("Verdict:")[1].splitlines()
        assert "PROHIBITED" in verdict[0] and "red line" in verdict[1] and "Test Act" in verdict[1]
    elif fmt == "markdown":
        lines = [line for line in out.splitlines() if line.startswith("- ")]
        assert out.startswith("## ") and "**prohibited**" in out.splitlines()[0]
        assert lines[0].startswith("- **red line**: prohibited: No live matching at work (Test Act")
    elif fmt == "junit":
        first = ET.fromstring(out).find("testsuite")
        names = [c.get("name") for c in first.findall("testcase")]
        assert names[:2] == ["verdict: prohibited", "TEST-RL-01 No live matching at work"]
        assert first.findall("testcase")[1].find("failure").get("message") == "prohibited: Test Act, Art. 1"
    else:
        validate_sarif(json.loads(out))
        results = json.loads(out)["runs"][0]["results"]
        assert results[0]["ruleId"] == "TEST-RL-01" and results[0]["level"] == "error"
        assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6  # `context:`


def _half_unanswered(d):
    del d["answers"]["ALP-02"]
    del d["answers"]["BET-02"]


def test_half_unanswered_with_blockers_passing_is_incomplete(folder):
    result = folder(_half_unanswered)
    data = _json(result)
    assert result.exit_code == 1  # the default gate fails on incomplete: leaving questions out never passes
    assert data["verdict"]["value"] == "incomplete"
    assert data["verdict"]["findings"] == []
    assert any("coverage 50% is under the policy's minimum of 80%" in g and "ALP-02" in g for g in data["verdict"]["gaps"])
    assert not any(p["flagged"] for p in data["principles"])
    assert principle(data, "alpha")["answered_score"] == 100.0 and principle(data, "alpha")["score"] < 100


def test_the_same_with_one_failed_blocker_is_not_ready(folder):
    def change(d):
        _half_unanswered(d)
        d["answers"]["ALP-01"] = {"answer": "none"}

    data = _json(folder(change))
    assert data["verdict"]["value"] == "not-ready"
    assert data["verdict"]["reasons"][0].startswith("blocker ALP-01")
    assert any("coverage 50%" in r for r in data["verdict"]["reasons"][1:])  # the gaps follow the finding
    assert principle(data, "alpha")["flagged"] is True


def test_answering_the_gaps_well_makes_it_ready(folder):
    data = _json(folder())
    assert data["verdict"]["value"] == "ready" and data["overall_coverage"] == 1.0


def test_unanswered_never_raises_a_score_or_passes_a_gate(folder):
    full = _json(folder())
    for gap in ("ALP-02", "BET-02", "BET-01"):
        def change(d, gap=gap):
            del d["answers"][gap]

        result = folder(change)
        data = _json(result)
        assert data["overall_score"] <= full["overall_score"]
        for p, q in zip(data["principles"], full["principles"], strict=True):
            assert p["score"] <= q["score"]
    half = folder(_half_unanswered, extra=("--fail-on", "incomplete"))
    assert half.exit_code == 1
    assert folder(_half_unanswered, extra=("--fail-on", "not-ready")).exit_code == 0


def test_flags_come_from_findings_only(folder):
    data = _json(folder(_half_unanswered))
    beta = principle(data, "beta")
    assert beta["coverage"] == 0.5 and beta["score"] < 100 and beta["answered_score"] == 100.0
    assert beta["flagged"] is False and beta["findings"] == []


def test_a_low_answered_score_is_a_finding(folder):
    def change(d):
        d["answers"]["BET-01"]["measurements"]["groups"]["c"]["false_match_rate"] = 0.03  # a 30× differential

    data = _json(folder(change))
    beta = principle(data, "beta")
    assert beta["flagged"] is True and "under tier II's floor" in beta["findings"][0]
    assert data["verdict"]["value"] == "not-ready"


def test_unknown_is_a_gap_that_keeps_its_note(folder):
    def change(d):
        d["answers"]["BET-02"] = {"answer": "unknown", "notes": "Asked the vendor on 2026-05-02; no reply."}

    data = _json(folder(change))
    found = criterion(data, "BET-02")
    assert found["status"] == "unanswered" and found["unknown"] is True
    assert found["notes"] == "Asked the vendor on 2026-05-02; no reply."
    assert principle(data, "beta")["unknown"] == 1
    assert any("BET-02" in g for g in data["verdict"]["gaps"])


def test_conditions_see_the_assessment_date(tmp_path, deploy_dir):
    mini = tmp_path / "mini"
    mini.mkdir()
    for path in MINI.iterdir():
        text = path.read_text()
        if path.name == "beta.yaml":
            text = text.replace("    severity: low\n", "    severity: low\n    when: {fact: assessment_date, gte: 2026-07-01}\n")
        (mini / path.name).write_text(text)
    good = deploy_dir / "d.yaml"
    good.write_text(yaml.safe_dump(base_deployment(), sort_keys=False))
    before = one_result(run("assess", good, "--rubrics", mini, "--no-builtin", "-f", "json").stdout)
    assert criterion(before, "BET-02")["status"] == "not-applicable"
    data = base_deployment()
    data["deployment"]["date"] = "2026-07-01"
    good.write_text(yaml.safe_dump(data, sort_keys=False))
    after = one_result(run("assess", good, "--rubrics", mini, "--no-builtin", "-f", "json").stdout)
    assert criterion(after, "BET-02")["status"] == "pass"


@pytest.mark.parametrize(
    ("edit", "code", "level"),
    [
        (lambda t: t.replace("{fact: timing, equals: real-time}", "{fact: timing, equals: live}"), "unreachable-condition", "error"),
        (lambda t: t + t.split("prohibitions:\n")[1].replace("TEST-RL-01", "TEST-RL-02").replace("Test Act", "Other Act"),
         "overlapping-red-line", "warning"),
    ],
)
def test_validate_checks_red_lines(tmp_path, edit, code, level):
    (tmp_path / "red.yaml").write_text(edit(RED_LINE))
    result = run("rubrics", "validate", tmp_path, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert any(f["code"] == code and f["level"] == level for f in findings), findings


def test_a_red_line_on_an_unknown_fact_is_refused(tmp_path):
    (tmp_path / "red.yaml").write_text(RED_LINE.replace("{fact: timing,", "{fact: timeing,"))
    result = run("rubrics", "list", "--rubrics", tmp_path)
    assert result.exit_code == 2 and "unknown fact 'timeing'" in result.stderr and "red.yaml:" in result.stderr


def test_rubric_tests_can_expect_prohibited(tmp_path, deploy_dir):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "red.yaml").write_text(RED_LINE)
    shutil_copy = (deploy_dir / "d.yaml")
    shutil_copy.write_text(yaml.safe_dump(base_deployment(), sort_keys=False))
    tests = tmp_path / "rubric-tests.yaml"
    tests.write_text(yaml.safe_dump({"cases": [{
        "name": "live matching at work is a red line", "deployment": str(shutil_copy), "builtin": False,
        "rubrics": [str(MINI), "rules"], "expect": {"verdict": "prohibited", "prohibitions": ["TEST-RL-01"], "flagged": [],
                                                    "top_action": "TEST-RL-01"},
    }]}))
    result = run("rubrics", "test", tests)
    assert result.exit_code == 0, result.stdout
    assert "1 passed, 0 failed" in result.stdout


@pytest.mark.pdf
def test_the_pdf_cover_names_the_red_line_and_its_source(tmp_path, deploy_dir):
    from pypdf import PdfReader

    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "red.yaml").write_text(RED_LINE)
    path = deploy_dir / "d.yaml"
    path.write_text(yaml.safe_dump(base_deployment(), sort_keys=False))
    out = tmp_path / "r.pdf"
    result = run("report", path, "--rubrics", MINI, "--rubrics", tmp_path / "org", "--no-builtin", "-o", out)
    assert result.exit_code == 1, result.stderr
    cover = PdfReader(out).pages[0].extract_text()
    assert "Prohibited" in cover and "Red lines" in cover
    assert cover.index("Red lines") < cover.index("Why this verdict") < cover.index("Risk tier")
    assert "No live matching at work" in cover and "Test Act, Art. 1" in cover
