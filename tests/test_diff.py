"""`diff OLD NEW` and `assess --baseline`: what changed between two assessments, and a gate that
fails only on regressions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import GOOD, MINI, REPO, run

MINI_ARGS = ("--rubrics", MINI, "--no-builtin")
POLICE = REPO / "examples" / "police-investigative-leads"
# Three of the police example's actions, done: a written correction procedure, a gallery skew
# analysis acted on (with its evidence), and a notice tested with residents.
FIXES = {
    "  NOTC-06: {answer: ad-hoc}": "  NOTC-06: {answer: documented}",
    "  NOTC-07: {answer: reviewed-internally}": "  NOTC-07: {answer: tested-audited}",
    "  NDIS-06: {answer: never, notes: The booking gallery's composition has not been compared with the county population.}":
        "  NDIS-06:\n    answer: analysed-acted\n    evidence: [{title: Gallery composition analysis, path: evidence/gallery.md, date: 2026-03-02}]",
}


def assessed(path: Path, out: Path, *extra: str) -> Path:
    result = run("assess", path, "-f", "json", "-o", out, *extra)
    assert result.exit_code in (0, 1), result.stderr
    return out


@pytest.fixture
def police(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(POLICE, tmp_path / "before")
    shutil.copytree(POLICE, tmp_path / "after")
    text = (tmp_path / "after" / "deployment.yaml").read_text()
    for old, new in FIXES.items():
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "after" / "deployment.yaml").write_text(text)
    (tmp_path / "after" / "evidence" / "gallery.md").write_text("Gallery compared with the county population.\n")
    return assessed(Path("before/deployment.yaml"), tmp_path / "old.json"), assessed(Path("after/deployment.yaml"), tmp_path / "new.json")


def test_police_example_before_and_after_three_of_its_actions(police):
    old, new = police
    result = run("diff", old, new, "-f", "json")
    assert result.exit_code == 0, result.stderr
    [d] = json.loads(result.stdout)["diffs"]
    assert d["old"]["verdict"] == "not-ready" and d["verdict"] in ("better", "same")
    assert d["overall"]["delta"] > 5
    improved = {c["id"]: c for c in d["criteria"] if c["change"] == "improved"}
    assert set(improved) == {"NOTC-06", "NOTC-07", "NDIS-06"}
    assert improved["NDIS-06"]["old_answer"] == "never" and improved["NDIS-06"]["new_answer"] == "analysed-acted"
    assert improved["NDIS-06"]["evidence"][0]["change"] == "added" and len(improved["NDIS-06"]["evidence"][0]["new_sha256"]) == 64
    by_id = {p["id"]: p for p in d["principles"]}
    assert by_id["notice-and-consent"]["score"]["delta"] > 0 and by_id["fairness"]["score"]["delta"] == 0
    assert d["warnings"] == [] and d["regressions"] == []
    table = run("diff", old, new).stdout
    assert "Verdict: not-ready -> " in table and "NOTC-06" in table and "improved" in table
    markdown = run("diff", old, new, "-f", "markdown").stdout
    assert markdown.startswith("## Investigative facial") and "### Improved (3)" in markdown
    # the other way round, every one of them is a regression
    back = json.loads(run("diff", new, old, "-f", "json").stdout)["diffs"][0]
    assert {c["id"] for c in back["criteria"] if c["change"] == "regressed"} == {"NOTC-06", "NOTC-07", "NDIS-06"}
    assert any(line.startswith("NDIS-06 pass -> fail") for line in back["regressions"])
    assert run("diff", new, old, "--fail-on-regression").exit_code == 1
    assert run("diff", old, new, "--fail-on-regression").exit_code == 0


def test_a_changed_rubric_set_or_policy_is_named(tmp_path, deploy_dir):
    deployment = deploy_dir / "d.yaml"
    deployment.write_text(GOOD.read_text())
    plain = assessed(deployment, tmp_path / "plain.json", *MINI_ARGS)
    org = tmp_path / "org"
    org.mkdir()
    (org / "bar.yaml").write_text(
        "kind: overlay\nformat: 2\nextends: policy\njustification: The board wants a higher bar.\n"
        "policy:\n  tiers:\n    II: {bar: 90}\n"
    )
    (org / "extra.yaml").write_text(
        "kind: overlay\nformat: 2\nextends: beta\nsources: [{id: ORG, title: Org policy, framework: Org}]\n"
        "add:\n  - id: ORG-01\n    title: Extra check\n    question: Done?\n    why: Because.\n    severity: low\n"
        "    scoring: {kind: choice, options: [{id: yes, label: Yes, score: 1.0}, {id: no, label: No, score: 0.0}]}\n"
        "    remediation: Do it.\n    references: [{source: ORG}]\n"
    )
    changed = assessed(deployment, tmp_path / "org.json", "--rubrics", MINI, "--rubrics", org, "--no-builtin")
    d = json.loads(run("diff", plain, changed, "-f", "json").stdout)["diffs"][0]
    assert {(i["change"], Path(i["name"]).name) for i in d["rubric_changes"]} == {("added", "bar.yaml"), ("added", "extra.yaml")}
    assert d["warnings"] and "bar.yaml" in d["warnings"][0] and "extra.yaml" in d["warnings"][0]
    assert any("bar 75 -> 90" in w for w in d["warnings"])
    assert [c["id"] for c in d["criteria"] if c["change"] == "appeared"] == ["ORG-01"]
    back = json.loads(run("diff", changed, plain, "-f", "json").stdout)["diffs"][0]
    assert [c["id"] for c in back["criteria"] if c["change"] == "disappeared"] == ["ORG-01"]
    assert "WARNING: The rubric set differs" in run("diff", plain, changed).stdout
    assert "> **Warning:** The rubric set differs" in run("diff", plain, changed, "-f", "markdown").stdout


def test_several_deployments_pair_by_path_and_the_rest_is_named(tmp_path, deploy_dir, monkeypatch):
    monkeypatch.chdir(deploy_dir)
    for name in ("a", "b", "c"):
        (deploy_dir / f"{name}.yaml").write_text(GOOD.read_text().replace("Test deployment", f"Deployment {name}"))
    old = assessed(Path("a.yaml"), tmp_path / "o.json", "b.yaml", *MINI_ARGS)
    (deploy_dir / "b.yaml").write_text((deploy_dir / "b.yaml").read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: no}"))
    new = assessed(Path("c.yaml"), tmp_path / "n.json", "b.yaml", *MINI_ARGS)
    report = json.loads(run("diff", old, new, "-f", "json").stdout)
    assert [(d["old"]["source_path"], d["new"]["source_path"]) for d in report["diffs"]] == [("b.yaml", "b.yaml")]
    assert report["only_old"] == ["a.yaml"] and report["only_new"] == ["c.yaml"]
    assert report["diffs"][0]["criteria"][0]["id"] == "BET-02" and report["diffs"][0]["criteria"][0]["change"] == "regressed"


def test_markdown_escapes_what_the_inputs_say(tmp_path, deploy_dir):
    hostile = "<img src=x onerror=alert(1)> [click](https://evil.example) **bold** | pipe"
    a = deploy_dir / "a.yaml"
    a.write_text(GOOD.read_text())
    b = deploy_dir / "b.yaml"
    b.write_text(GOOD.read_text().replace("name: Test deployment", f"name: {json.dumps(hostile)}").replace("{answer: full}", "{answer: some}"))
    md = run("diff", assessed(a, tmp_path / "a.json", *MINI_ARGS), assessed(b, tmp_path / "b.json", *MINI_ARGS), "-f", "markdown").stdout
    assert "<img" not in md and "[click](" not in md and "**bold**" not in md
    assert "&lt;img" in md and "\\[click\\]" in md


def test_reports_and_missing_files_are_refused_in_one_line(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = run("diff", pdf, pdf)
    assert result.exit_code == 2 and "report --json" in result.stderr and len(result.stderr.splitlines()) == 1
    missing = run("diff", tmp_path / "nope.json", pdf, "-f", "json")
    assert missing.exit_code == 2
    assert json.loads(missing.stderr)["message"] == "file not found"


# ---- --baseline ------------------------------------------------------------------------------


def test_baseline_fails_only_on_regressions(tmp_path, deploy_dir):
    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("BET-02: {answer: yes}", "BET-02: {answer: no}").replace("{answer: full}", "{answer: some}"))
    baseline = assessed(path, tmp_path / "baseline.json", *MINI_ARGS)
    assert run("assess", path, *MINI_ARGS, "--fail-on", "conditional").exit_code == 1  # not ready today
    same = run("assess", path, *MINI_ARGS, "--fail-on", "conditional", "--baseline", baseline)
    assert same.exit_code == 0, same.stderr  # ... but nothing got worse
    path.write_text(path.read_text().replace("ALP-01: {answer: some}", "ALP-01: {answer: full}"))
    assert run("assess", path, *MINI_ARGS, "--baseline", baseline).exit_code == 0  # an improvement
    path.write_text(path.read_text().replace("ALP-01: {answer: full}", "ALP-01: {answer: none}"))
    worse = run("assess", path, *MINI_ARGS, "--baseline", baseline)
    assert worse.exit_code == 1
    assert "regression against the baseline: verdict" in worse.stderr and "ALP-01 partial -> fail" in worse.stderr


def test_baseline_fails_on_a_new_red_line(tmp_path, deploy_dir):
    from test_verdicts import RED_LINE

    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("setting: [workplace]", "setting: [retail]"))
    org = tmp_path / "org"
    org.mkdir()
    (org / "red.yaml").write_text(RED_LINE)
    args = ("--rubrics", MINI, "--rubrics", org, "--no-builtin")
    baseline = assessed(path, tmp_path / "baseline.json", *args)
    path.write_text(GOOD.read_text())  # the workplace: the red line holds
    result = run("assess", path, *args, "--baseline", baseline, "--fail-on", "never")
    assert result.exit_code == 1 and "red line TEST-RL-01 now holds" in result.stderr


def test_a_deployment_missing_from_the_baseline_is_gated_as_usual(tmp_path, deploy_dir):
    good = deploy_dir / "good.yaml"
    good.write_text(GOOD.read_text())
    baseline = assessed(good, tmp_path / "baseline.json", *MINI_ARGS)
    other = deploy_dir / "other.yaml"
    other.write_text(GOOD.read_text().replace("Test deployment", "Other").replace("{answer: full}", "{answer: none}"))
    result = run("assess", good, other, *MINI_ARGS, "--baseline", baseline)
    assert result.exit_code == 1 and "Other: not in the baseline" in result.stderr and "Other: verdict not-ready" in result.stderr
    assert run("assess", good, *MINI_ARGS, "--baseline", tmp_path / "none.json").exit_code == 2
