"""The pre-commit hook (through pre-commit's own `try-repo`) and the GitHub Action (its `run:` steps,
in order, as the runner would run them: bash, the action's environment, the job's files)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, validate_sarif

BIN = Path(sys.executable).parent
EXAMPLES = REPO / "examples"


def test_hook_manifest_names_real_commands():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"rai-checklist", "rai-checklist-rubrics"}
    assert hooks["rai-checklist"]["entry"].split()[:2] == ["rai-checklist", "assess"]
    assert re.search(hooks["rai-checklist"]["files"], "examples/police-investigative-leads/deployment.yaml")
    assert re.search(hooks["rai-checklist-rubrics"]["files"], "org/overlays/notice.yaml")
    # the entry, as pre-commit calls it: the changed files appended
    entry = hooks["rai-checklist"]["entry"].split()
    done = subprocess.run([str(BIN / entry[0]), *entry[1:], str(EXAMPLES / "building-access" / "deployment.yaml")],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    lint = hooks["rai-checklist-rubrics"]["entry"].split()
    overlays = sorted((EXAMPLES / "extensions" / "org-overlay" / "overlays").glob("*.yaml"))
    done = subprocess.run([str(BIN / lint[0]), *lint[1:], *map(str, overlays)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0 and "0 error(s), 0 warning(s)" in done.stderr, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("git") is None or not (BIN / "pre-commit").exists(), reason="needs git and pre-commit")
@pytest.mark.slow
def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path):
    """pre-commit builds the hook's environment from this repository (pip install, so PyPI must be
    reachable, as it is for the test extras), then runs it on the project's files."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLES / "building-access", project / "building")
    shutil.copytree(EXAMPLES / "retail-watchlist", project / "retail")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "deployments")

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "pre-commit"), "try-repo", str(REPO), "rai-checklist", "--files", *files],
                              cwd=project, capture_output=True, text=True, env=env, timeout=900)

    # One run (each try-repo of a work tree with changes builds a new environment): the building
    # example passes, the retail one fails the gate, and the evidence file is not passed to the hook.
    failed = try_repo("building/deployment.yaml", "building/evidence/signage.md", "retail/deployment.yaml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"rai-checklist assess\.+Failed", failed.stdout)
    assert "gate failed: Brightmart loss-prevention watchlist: verdict not-ready" in failed.stdout
    assert "Harbourview" not in failed.stdout  # --quiet: the passing deployment says nothing


# ---- the GitHub Action -----------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _evaluate(text: str, context: dict[str, str]) -> str:
    return EXPRESSION.sub(lambda m: context[m.group(1)], text)


def run_action(tmp_path: Path, workspace: Path, inputs: dict[str, str]) -> dict[str, object]:
    """Run the action's bash steps in order (setup-python and the SARIF upload are GitHub's own
    actions; the install step is checked, not run: the package is installed here already)."""
    action = yaml.safe_load((REPO / "action.yml").read_text())
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()} | inputs
    summary, output_file, temp = tmp_path / "summary.md", tmp_path / "output.txt", tmp_path / "runner-temp"
    temp.mkdir(parents=True)
    summary.touch()
    context = {f"inputs.{k}": v for k, v in values.items()} | {"github.action_path": str(REPO), "runner.temp": str(temp)}
    codes: dict[str, int] = {}
    uses = []
    for step in action["runs"]["steps"]:
        if "uses" in step:
            uses.append(step["uses"].split("@")[0])
            continue
        if step["id"] == "install":
            assert step["run"] == 'python -m pip install --disable-pip-version-check --quiet "$ACTION_PATH"'
            assert _evaluate(step["env"]["ACTION_PATH"], context) == str(REPO)
            continue
        outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines()) if output_file.exists() else {}
        context |= {f"steps.assess.outputs.{k}": v for k, v in outputs.items()}
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_WORKSPACE": str(workspace),
               "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output_file)}
        env |= {k: _evaluate(str(v), context) for k, v in step.get("env", {}).items()}
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=workspace, env=env,
                              capture_output=True, text=True, timeout=300)
        codes[step["id"]] = done.returncode
        if done.returncode != 0:
            break
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines()) if output_file.exists() else {}
    return {"codes": codes, "uses": uses, "summary": summary.read_text(), "outputs": outputs}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    for name in ("police-investigative-leads", "retail-watchlist", "building-access"):
        shutil.copytree(EXAMPLES / name, folder / "deployments" / name)
    return folder


@pytest.mark.slow
def test_action_assesses_writes_sarif_and_summary_and_fails_the_gate(tmp_path: Path, workspace: Path):
    done = run_action(tmp_path, workspace, {"deployments": "deployments/**/deployment.yaml"})
    assert done["uses"] == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    assert done["codes"] == {"assess": 0, "render": 0, "gate": 1}  # the retail example is not ready
    assert done["outputs"]["exit-code"] == "1"
    sarif = json.loads((workspace / "rai-checklist.sarif").read_text())
    validate_sarif(sarif)
    uris = [r["artifacts"][0]["location"]["uri"] for r in sarif["runs"]]
    assert uris == [f"deployments/{name}/deployment.yaml" for name in ("building-access", "police-investigative-leads", "retail-watchlist")]
    assert len({r["automationDetails"]["id"] for r in sarif["runs"]}) == 3
    assert done["summary"].count("\n## ") + done["summary"].startswith("## ") == 3
    assert "Brightmart loss-prevention watchlist" in done["summary"]


@pytest.mark.slow
def test_action_passes_with_a_lenient_gate_and_stops_on_bad_input(tmp_path: Path, workspace: Path):
    passed = run_action(tmp_path / "a", workspace, {"deployments": "deployments/building-access", "fail-on": "not-ready",
                                                    "args": "--fail-under 50"})
    assert passed["codes"] == {"assess": 0, "render": 0, "gate": 0}
    (workspace / "broken.yaml").write_text("deployment: [\n")
    bad = run_action(tmp_path / "b", workspace, {"deployments": "broken.yaml"})
    assert bad["codes"] == {"assess": 2}
