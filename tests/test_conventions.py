"""Command-line conventions: -h, completion, folders, globs and stdin as input, --keep-going,
--quiet, JSON errors under --format json, every error in a file at once, and CSV export."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD, MINI, REPO, one_result, run

MINI_ARGS = ("--rubrics", MINI, "--no-builtin")


def cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed command in a real process (stdin, completion)."""
    return subprocess.run([sys.executable, "-m", "checklist", *map(str, args)], cwd=cwd, input=stdin, capture_output=True, timeout=120)


@pytest.mark.parametrize("args", [("-h",), ("assess", "-h"), ("rubrics", "validate", "-h"), ("diff", "-h")])
def test_short_help_everywhere(args):
    result = run(*args)
    assert result.exit_code == 0 and "Usage:" in result.stdout and "--help" in result.stdout


def test_shell_completion_is_on():
    assert "--install-completion" in run("--help").stdout
    script = run("--show-completion", "bash")
    assert script.exit_code == 0 and "complete" in script.stdout and "rai" in script.stdout


def test_a_folder_takes_every_deployment_in_it_and_skips_the_rest(deploy_dir: Path):
    for name in ("a", "b"):
        (deploy_dir / f"{name}.yaml").write_text(GOOD.read_text().replace("Test deployment", f"Deployment {name}"))
    (deploy_dir / "rai-checklist.yaml").write_text("builtin: false\n")
    (deploy_dir / "tests.yaml").write_text("cases:\n  - {name: x, deployment: a.yaml, expect: {verdict: ready}}\n")
    (deploy_dir / "overlay.yaml").write_text("kind: overlay\nformat: 2\nextends: alpha\n")
    result = run("assess", deploy_dir, *MINI_ARGS, "--no-config", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [r["deployment"]["name"] for r in json.loads(result.stdout)] == ["Deployment a", "Deployment b"]
    for name in ("rai-checklist.yaml", "tests.yaml", "overlay.yaml"):
        assert f"skipped {deploy_dir / name}" in result.stderr
    assert "not a deployment" in result.stderr
    quiet = run("assess", deploy_dir, *MINI_ARGS, "--no-config", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    empty = deploy_dir / "evidence"
    assert run("assess", empty, *MINI_ARGS).exit_code == 2


def test_globs_are_expanded(deploy_dir: Path, monkeypatch):
    monkeypatch.chdir(deploy_dir)
    for name in ("x1", "x2", "y"):
        (deploy_dir / f"{name}.yaml").write_text(GOOD.read_text().replace("Test deployment", name))
    result = run("assess", "x*.yaml", *MINI_ARGS, "-f", "json")
    assert [r["source_path"] for r in json.loads(result.stdout)] == ["x1.yaml", "x2.yaml"]
    nested = run("assess", "**/*.yaml", *MINI_ARGS, "-f", "json")
    assert len(json.loads(nested.stdout)) == 3
    none = run("assess", "z*.yaml", *MINI_ARGS)
    assert none.exit_code == 2 and "no file matches this pattern" in none.stderr


def test_stdin_is_a_deployment(deploy_dir: Path):
    result = cli("assess", "-", *MINI_ARGS, "-f", "json", cwd=deploy_dir, stdin=GOOD.read_bytes())
    assert result.returncode == 0, result.stderr
    data = one_result(result.stdout.decode())
    assert data["source_path"] == "-" and data["verdict"]["value"] == "ready"
    bad = cli("assess", "-", *MINI_ARGS, cwd=deploy_dir, stdin=b"deployment: [\n")
    assert bad.returncode == 2 and b"<stdin>:" in bad.stderr
    twice = cli("assess", "-", "-", *MINI_ARGS, cwd=deploy_dir, stdin=GOOD.read_bytes())
    assert twice.returncode == 2 and b"only once" in twice.stderr


def test_keep_going_reports_each_bad_file_and_writes_the_good_ones(deploy_dir: Path):
    good = deploy_dir / "good.yaml"
    good.write_text(GOOD.read_text())
    bad1 = deploy_dir / "bad1.yaml"
    bad1.write_text(GOOD.read_text().replace("{answer: full}", "{answer: fully}"))
    bad2 = deploy_dir / "bad2.yaml"
    bad2.write_text("deployment: [\n")
    out = deploy_dir / "out.json"
    stopped = run("assess", bad1, good, bad2, *MINI_ARGS, "-f", "json", "-o", out)
    assert stopped.exit_code == 2 and not out.exists()
    kept = run("assess", bad1, good, bad2, *MINI_ARGS, "-f", "json", "-o", out, "--keep-going")
    assert kept.exit_code == 2
    assert [r["deployment"]["name"] for r in json.loads(out.read_text())] == ["Test deployment"]
    errors = [json.loads(line) for line in kept.stderr.splitlines()]
    assert [Path(e["file"]).name for e in errors if e.get("file")] == ["bad1.yaml", "bad2.yaml"]
    assert all(e["level"] == "error" for e in errors)
    text = run("assess", bad1, good, bad2, *MINI_ARGS, "--keep-going")
    assert text.exit_code == 2 and "Test deployment" in text.stdout
    assert "bad1.yaml" in text.stderr and "bad2.yaml" in text.stderr and "2 of 3 deployment" in text.stderr
    for alone in ((bad1,), (bad1, bad2)):  # nothing good at all: an empty listing, still exit 2
        nothing = run("assess", *alone, *MINI_ARGS, "--keep-going")
        assert nothing.exit_code == 2 and "0 deployments" in nothing.stdout, nothing.stderr


def test_errors_are_json_objects_on_stderr_under_format_json(deploy_dir: Path):
    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("{answer: full}", "{answer: none}"))
    gate = run("assess", path, *MINI_ARGS, "-f", "json")
    assert gate.exit_code == 1
    assert [json.loads(line)["level"] for line in gate.stderr.splitlines()] == ["gate failed"]
    path.write_text("deployment: {name: x}\n")
    bad = run("assess", path, *MINI_ARGS, "-f", "json")
    assert bad.exit_code == 2 and bad.stdout == ""
    objects = [json.loads(line) for line in bad.stderr.splitlines()]
    assert objects and all(o["level"] == "error" and o["file"].endswith("d.yaml") and o["line"] for o in objects)
    missing = run("rubrics", "validate", deploy_dir / "nope", "-f", "json")
    assert missing.exit_code == 2


def test_every_independent_error_in_a_deployment_at_once(deploy_dir: Path):
    text = GOOD.read_text()
    text = text.replace("  BET-02: {answer: yes}", "  BET-02: {answer: yes}\n  NOPE-01: {answer: x}\n  NOPE-02: {answer: y}")
    text = text.replace("{answer: full}", "{answer: fully}").replace("timing: real-time", "timing: sometimes")
    text = text.replace("  owner: Test Org\n", "")
    path = deploy_dir / "d.yaml"
    path.write_text(text)
    result = run("assess", path, *MINI_ARGS)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any("deployment.owner" in line and "required field is missing" in line for line in lines), lines
    path.write_text(text.replace("  name: Test deployment\n", "  name: Test deployment\n  owner: Test Org\n"))
    result = run("assess", path, *MINI_ARGS)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2
    for expected in ("unknown criterion id 'NOPE-01'", "unknown criterion id 'NOPE-02'", "'fully' is not an option", "'sometimes' is not one of"):
        assert sum(expected in line for line in lines) == 1, (expected, lines)
    numbers = [int(line.split("d.yaml:")[1].split(":")[0]) for line in lines]
    assert numbers == sorted(numbers)  # in file order


def test_csv_has_one_row_per_criterion_and_opens_in_a_spreadsheet(deploy_dir: Path):
    path = deploy_dir / "d.yaml"
    path.write_text(GOOD.read_text().replace("name: Test deployment", 'name: "=HYPERLINK(\\"https://x\\") Café"'))
    out = deploy_dir / "r.csv"
    result = run("assess", path, GOOD, *MINI_ARGS, "-f", "csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2 * 5  # five criteria in the mini rubrics, two deployments
    first = rows[0]
    assert first["deployment"].startswith("'=HYPERLINK") and "Café" in first["deployment"]
    alp02 = next(r for r in rows if r["criterion"] == "ALP-02")
    assert alp02["principle"] == "alpha" and alp02["status"] == "pass" and alp02["score"] == "1.00"
    assert alp02["evidence"] == "Policy (evidence/doc.md)" and len(alp02["evidence_sha256"]) == 64
    assert alp02["answer"].startswith("yes") and alp02["references"] == "A source"
    saved = deploy_dir / "r.json"
    run("assess", GOOD, *MINI_ARGS, "-f", "json", "-o", saved)
    rendered = run("render", saved, "-f", "csv")
    assert list(csv.reader(io.StringIO(rendered.stdout.lstrip("\ufeff"))))[0][:5] == ["deployment", "file", "verdict", "principle", "criterion"]


def test_markdown_escapes_every_text_from_the_inputs(deploy_dir: Path):
    hostile = "<script>x</script> [a](https://evil.example) ![i](https://evil.example/i.png) **b** `c` | d"
    path = deploy_dir / "d.yaml"
    text = GOOD.read_text().replace("name: Test deployment", f"name: {json.dumps(hostile)}").replace("owner: Test Org", f"owner: {json.dumps(hostile)}")
    path.write_text(text.replace("{answer: full}", "{answer: some}"))
    md = run("assess", path, *MINI_ARGS, "-f", "markdown").stdout
    for raw in ("<script>", "[a](", "![i](", "**b**", "`c`"):
        assert raw not in md, raw


def test_help_stays_fast_enough_with_completion_on():
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run([sys.executable, "-m", "checklist", "--help"], capture_output=True, env=env, cwd=REPO, timeout=60)
    assert done.returncode == 0 and b"assess" in done.stdout
