"""Extending rubrics with YAML: every override kind, provenance, conflicts, config and a new principle."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import GOOD, MINI, criterion, one_result, principle, run


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch) -> Path:
    """A project folder: the good deployment with its evidence, and an `org/` overlay folder."""
    shutil.copytree(GOOD.parent, tmp_path / "deploy")
    (tmp_path / "org").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def assess(*extra: str, expect: tuple[int, ...] = (0, 1)) -> dict:
    result = run("assess", "deploy/good.yaml", "--rubrics", MINI, *extra, "--no-builtin", "-f", "json")
    assert result.exit_code in expect, result.stderr
    return one_result(result.stdout)


def assess_error(*extra: str) -> str:
    result = run("assess", "deploy/good.yaml", "--rubrics", MINI, *extra, "--no-builtin")
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


ADD = """\
kind: overlay
format: 2
extends: beta
id: bank-beta
sources:
  - {id: MRM, title: Bank model-risk policy, framework: Bank MRM policy}
add:
  - id: BANK-01
    title: Model inventory entry
    question: Is the system in the model inventory?
    why: Model-risk policy requires it.
    weight: 4
    scoring:
      kind: choice
      options:
        - {id: yes, label: Registered, score: 1.0}
        - {id: no, label: Not registered, score: 0.0}
    remediation: Register the model.
    references: [{source: MRM, section: "4.2"}]
"""


def test_add_criterion(workspace: Path):
    write(workspace / "org" / "add.yaml", ADD)
    result = assess("--rubrics", "org")
    added = criterion(result, "BANK-01")
    assert added["status"] == "unanswered" and added["origin"] == "org/add.yaml"
    # Beta: BET-01 (3) + BET-02 (1) at 1.0, BANK-01 (4) at 0 -> 50.0
    assert principle(result, "beta")["score"] == 50.0
    entry = next(p for p in result["provenance"] if p["target"] == "BANK-01")
    assert entry["action"] == "add" and entry["file"] == "org/add.yaml" and len(entry["sha256"]) == 64

    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text() + "  BANK-01: {answer: yes}\n")
    assert principle(assess("--rubrics", "org"), "beta")["score"] == 100.0


def test_change_weight_pass_mark_and_blocker(workspace: Path):
    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: half}"))
    base = assess()
    assert principle(base, "beta")["score"] == 87.5  # (3*1 + 1*0.5) / 4
    assert criterion(base, "BET-02")["status"] == "partial"

    write(workspace / "org" / "raise.yaml", """\
kind: overlay
format: 2
extends: beta
justification: Our policy treats this control as critical and blocking.
change:
  BET-02: {weight: 3, pass_mark: 0.5, blocker: true}
""")
    changed = assess("--rubrics", "org")
    assert principle(changed, "beta")["score"] == 75.0  # (3*1 + 3*0.5) / 6
    c = criterion(changed, "BET-02")
    assert c["weight"] == 3 and c["pass_mark"] == 0.5 and c["blocker"] is True and c["status"] == "pass"
    fields = {(p["target"], p["field"]): (p["before"], p["after"]) for p in changed["provenance"]}
    assert fields[("BET-02", "weight")] == (None, 3)
    assert fields[("BET-02", "blocker")] == (False, True)
    assert all(p["justification"].startswith("Our policy") for p in changed["provenance"])


def test_severity_change_replaces_weight(workspace: Path):
    write(workspace / "org" / "sev.yaml", "extends: alpha\njustification: Policy MRM-7 s2\nchange:\n  ALP-03: {severity: low}\nkind: overlay\nformat: 2\n")
    assert criterion(assess("--rubrics", "org"), "ALP-03")["weight"] == 1


def test_disable_needs_a_justification_and_shows_it(workspace: Path):
    write(workspace / "org" / "off.yaml", "extends: beta\ndisable:\n  BET-02: Covered by the bank's quarterly model review (MRM 7.1)\nkind: overlay\nformat: 2\n")
    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: no}"))
    result = assess("--rubrics", "org")
    c = criterion(result, "BET-02")
    assert c["status"] == "not-applicable"
    assert "MRM 7.1" in c["flags"][0] and "org/off.yaml" in c["flags"][0]
    assert principle(result, "beta")["score"] == 100.0
    assert any(p["action"] == "disable" and "MRM 7.1" in p["justification"] for p in result["provenance"])

    write(workspace / "org" / "off.yaml", "extends: beta\ndisable:\n  BET-02: ''\nkind: overlay\nformat: 2\n")
    message = assess_error("--rubrics", "org")
    assert "org/off.yaml:3" in message and "disable.BET-02" in message


def test_change_without_justification_is_refused(workspace: Path):
    write(workspace / "org" / "bad.yaml", "extends: beta\nchange:\n  BET-02: {weight: 9}\nkind: overlay\nformat: 2\n")
    assert "needs a `justification`" in assess_error("--rubrics", "org")


def test_policy_overlay_changes_evidence_cap_and_tier_bar(workspace: Path):
    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text().replace("evidence: [{title: Policy, path: evidence/doc.md, date: 2026-01-01}]", "evidence: []"))
    assert criterion(assess(), "ALP-02")["score"] == 0.5
    write(workspace / "org" / "policy.yaml", """\
kind: overlay
format: 2
extends: policy
justification: The board wants unevidenced answers to count for less, and a higher bar for tier II.
policy:
  evidence_cap: 0.25
  tiers:
    II: {bar: 95}
""")
    result = assess("--rubrics", "org")
    assert criterion(result, "ALP-02")["score"] == 0.25
    assert result["tier"]["bar"] == 95
    assert result["verdict"]["value"] == "conditional"
    fields = {p["field"] for p in result["provenance"] if p["action"] == "policy"}
    assert fields == {"evidence_cap", "tiers.II.bar"}


def test_policy_overlay_that_breaks_the_policy_is_refused(workspace: Path):
    write(workspace / "org" / "policy.yaml", "extends: policy\njustification: Policy MRM-7 s2\npolicy:\n  tiers:\n    II: {floor: 99}\nkind: overlay\nformat: 2\n")
    message = assess_error("--rubrics", "org")
    assert "org/policy.yaml" in message and "floor" in message


def test_min_score_raises_the_bar_for_one_principle(workspace: Path):
    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: half}"))
    assert assess()["verdict"]["value"] == "ready"  # beta 87.5 clears tier II's 75
    write(workspace / "org" / "bar.yaml", "extends: beta\njustification: Fairness of matching matters most to us.\nmin_score: 90\nkind: overlay\nformat: 2\n")
    result = assess("--rubrics", "org")
    assert result["verdict"]["value"] == "conditional"
    assert any("its own bar of 90" in r for r in result["verdict"]["reasons"])


def test_principle_weight_change(workspace: Path):
    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: no}"))
    assert assess()["overall_score"] == 87.5  # (100 + 75) / 2
    write(workspace / "org" / "w.yaml", "extends: beta\njustification: Beta matters three times as much here.\nweight: 3\nkind: overlay\nformat: 2\n")
    assert assess("--rubrics", "org")["overall_score"] == 81.2  # (100 + 3*75) / 4 = 81.25 -> 81.2


def test_overlay_chain_later_wins(workspace: Path):
    write(workspace / "org" / "a.yaml", "extends: beta\nid: group\njustification: group rule GR-1\nchange:\n  BET-02: {weight: 2}\nkind: overlay\nformat: 2\n")
    write(workspace / "org" / "b.yaml", "extends: group\nid: local\njustification: local rule LR-1\nchange:\n  BET-02: {weight: 5}\nkind: overlay\nformat: 2\n")
    assert criterion(assess("--rubrics", "org"), "BET-02")["weight"] == 5


CONFLICTS = {
    "duplicate-id": ({"a.yaml": ADD.replace("BANK-01", "BET-01")}, ["defined twice", "org/a.yaml", "beta.yaml"]),
    "unknown-principle": ({"a.yaml": "extends: gamma\nadd: []\nkind: overlay\nformat: 2\n"}, ["unknown principle 'gamma'", "org/a.yaml"]),
    "unknown-criterion": ({"a.yaml": "extends: beta\njustification: Policy MRM-7 s2\nchange:\n  BET-09: {weight: 2}\nkind: overlay\nformat: 2\n"}, ["unknown criterion 'BET-09'", "org/a.yaml:4", "beta.yaml"]),
    "cycle": (
        {"a.yaml": "extends: two\nid: one\nkind: overlay\nformat: 2\n", "b.yaml": "extends: one\nid: two\nkind: overlay\nformat: 2\n"},
        ["cycle", "org/a.yaml", "org/b.yaml"],
    ),
    "same-field": (
        {
            "a.yaml": "extends: beta\njustification: Policy MRM-7 s2\nchange:\n  BET-02: {weight: 2}\nkind: overlay\nformat: 2\n",
            "b.yaml": "extends: beta\njustification: Policy MRM-7 s3\nchange:\n  BET-02: {weight: 4}\nkind: overlay\nformat: 2\n",
        },
        ["conflicts with overlay 'org/a.yaml'", "org/b.yaml", "org/a.yaml"],
    ),
    "same-policy-field": (
        {
            "a.yaml": "extends: policy\njustification: Policy MRM-7 s2\npolicy: {evidence_cap: 0.3}\nkind: overlay\nformat: 2\n",
            "b.yaml": "extends: policy\njustification: Policy MRM-7 s3\npolicy: {evidence_cap: 0.4}\nkind: overlay\nformat: 2\n",
        },
        ["conflicts", "org/a.yaml", "org/b.yaml"],
    ),
}


@pytest.mark.parametrize("case", CONFLICTS, ids=list(CONFLICTS))
def test_conflicts_exit_2_naming_both_files(workspace: Path, case: str):
    files, expected = CONFLICTS[case]
    for name, text in files.items():
        write(workspace / "org" / name, text)
    message = assess_error("--rubrics", "org")
    for text in expected:
        assert text in message, message


def test_same_value_from_two_overlays_is_not_a_conflict(workspace: Path):
    write(workspace / "org" / "a.yaml", "extends: beta\njustification: Policy MRM-7 s2\nchange:\n  BET-02: {weight: 2}\nkind: overlay\nformat: 2\n")
    write(workspace / "org" / "b.yaml", "extends: beta\njustification: Policy MRM-7 s3\nchange:\n  BET-02: {weight: 2}\nkind: overlay\nformat: 2\n")
    assert criterion(assess("--rubrics", "org"), "BET-02")["weight"] == 2


SEVENTH = """\
kind: rubric
format: 2
id: privacy
title: Privacy
statement: Face data is kept no longer than needed.
version: "0.1"
order: 7
sources: [{id: GDPR, title: GDPR, framework: EU GDPR}]
criteria:
  - id: PRIV-01
    title: Retention limit
    question: How many days are face templates kept after last use?
    why: Storage limitation.
    scoring:
      kind: metric
      compute: value
      fields: [retention_days]
      unit: days
      bands: [{limit: 30, score: 1.0}, {limit: 180, score: 0.5}]
    remediation: Delete templates within 30 days of last use.
    references: [{source: GDPR, section: "Art. 5(1)(e)"}]
"""


def test_a_seventh_principle_works_everywhere(workspace: Path):
    write(workspace / "org" / "privacy.yaml", SEVENTH)
    deploy = workspace / "deploy" / "good.yaml"
    deploy.write_text(deploy.read_text() + "  PRIV-01:\n    measurements: {values: {retention_days: 90}}\n")
    result = assess("--rubrics", "org")
    priv = principle(result, "privacy")
    assert priv["score"] == 50.0 and criterion(result, "PRIV-01")["figure"] == 90
    assert result["overall_score"] == 83.3  # (100 + 100 + 50) / 3
    assert result["verdict"]["value"] == "conditional"  # privacy under tier II's bar of 75
    table = run("assess", "deploy/good.yaml", "--rubrics", MINI, "--rubrics", "org", "--no-builtin")
    assert "Privacy" in table.stdout and "50.0" in table.stdout


def test_config_file_is_found_from_a_subfolder_and_flags_win(workspace: Path, monkeypatch):
    write(workspace / "org" / "privacy.yaml", SEVENTH)
    shutil.copytree(MINI, workspace / "mini")
    (workspace / ".git").mkdir()  # the repository root: discovery looks no further up
    write(workspace / "rai-checklist.yaml", """\
builtin: false
rubrics: [mini, org]
justification: The board raised tier II's bar.
policy:
  tiers:
    II: {bar: 80}
""")
    monkeypatch.chdir(workspace / "deploy")
    result = one_result(run("assess", "good.yaml", "-f", "json").stdout)
    assert [p["id"] for p in result["principles"]] == ["alpha", "beta", "privacy"]
    assert result["tier"]["bar"] == 80
    assert any(p["overlay"] == "config" and p["file"] == "../rai-checklist.yaml" or p["file"].endswith("rai-checklist.yaml") for p in result["provenance"])
    # --rubrics replaces the config's folders; --no-config ignores the file.
    flagged = one_result(run("assess", "good.yaml", "--rubrics", str(workspace / "mini"), "-f", "json").stdout)
    assert [p["id"] for p in flagged["principles"]] == ["alpha", "beta"]
    assert flagged["tier"]["bar"] == 80
    plain = run("assess", "good.yaml", "--no-config", "--rubrics", str(workspace / "mini"), "--no-builtin", "-f", "json")
    assert one_result(plain.stdout)["tier"]["bar"] == 75


def test_config_naming_a_missing_folder(workspace: Path):
    write(workspace / "rai-checklist.yaml", "rubrics: [nowhere]\n")
    result = run("assess", "deploy/good.yaml")
    assert result.exit_code == 2
    assert "rai-checklist.yaml:1" in result.stderr and "'nowhere' not found" in result.stderr
