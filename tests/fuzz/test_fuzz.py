"""Fuzz the real CLI with hostile and careless input of every kind.

Every run must exit 0, 1 or 2; exit 2 prints exactly one line and writes nothing; no run prints a
traceback, leaves a temporary file, or replaces a special file or a symlink. The short profile runs
with every test run; `RAI_FUZZ=long pytest tests/fuzz` runs 2,000 examples per kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    PROFILE,
    check_run,
    configs,
    deployments,
    overlay_sets,
    rubric_folders,
    saved_results,
    snapshot,
    workspace,
)

pytestmark = pytest.mark.fuzz

FORMATS = ["table", "json", "markdown", "junit", "sarif"]
TARGETS = ["symlink", "fifo", "folder", "devnull", "existing", "missing-folder", "input", "new", "stdout"]


def output_args(root: Path, target: str, fmt: str, deployment: Path) -> list[str]:
    """`-o` pointed at the targets a careless user (or an attacker) would pick."""
    project = root / "project"
    if target == "stdout":
        return []
    if target == "new":
        return ["-o", str(project / f"out.{fmt}")]
    if target == "existing":
        (project / "earlier.out").write_bytes(b"an earlier good result\n")
        return ["-o", str(project / "earlier.out")]
    if target == "folder":
        return ["-o", str(project / "evidence")]
    if target == "symlink":
        (root / "target.out").write_bytes(b"the link's target\n")
        (project / "link.out").symlink_to(root / "target.out")
        return ["-o", str(project / "link.out")]
    if target == "fifo":
        return ["-o", str(project / "evidence" / "pipe.md")]  # no reader: refused, never waited on
    if target == "missing-folder":
        return ["-o", str(project / "missing" / "out.txt")]
    if target == "devnull":
        return ["-o", "/dev/null"]
    return ["-o", str(deployment)]


@PROFILE
@given(text=deployments(), fmt=st.sampled_from(FORMATS), target=st.sampled_from(TARGETS))
def test_fuzz_deployments(text: bytes, fmt: str, target: str) -> None:
    with workspace() as root:
        path = root / "project" / "d.yaml"
        path.write_bytes(text)
        args = ["assess", str(path), "--rubrics", str(root / "mini"), "--no-builtin", "--no-config", "-f", fmt]
        args += output_args(root, target, fmt, path)
        before = snapshot(root)
        check_run(run(*args), root, before, f"{args}\n{text[:3000]!r}")


@PROFILE
@given(files=rubric_folders())
def test_fuzz_rubrics(files: dict[str, bytes]) -> None:
    with workspace() as root:
        for name, text in files.items():
            (root / "mini" / name).write_bytes(text)
        args = ["assess", str(root / "project" / "d.yaml"), "--rubrics", str(root / "mini"), "--no-builtin", "--no-config", "-f", "json"]
        (root / "project" / "d.yaml").write_bytes((Path(__file__).parent.parent / "fixtures" / "deploy" / "good.yaml").read_bytes())
        before = snapshot(root)
        check_run(run(*args), root, before, f"{args}\n{files!r}"[:6000])
        lint = ["rubrics", "validate", str(root / "mini"), "--no-builtin"]
        result = run(*lint)
        assert result.exit_code in (0, 2) and "Traceback" not in result.stderr and "internal error" not in result.stdout + result.stderr, (
            f"{lint}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}\n{files!r}"[:6000]
        )


@PROFILE
@given(files=overlay_sets(), builtin=st.sampled_from([False, False, False, True]))
def test_fuzz_overlays(files: dict[str, bytes], builtin: bool) -> None:
    with workspace() as root:
        overlays = root / "fuzzed-overlays"
        overlays.mkdir()
        for name, text in files.items():
            (overlays / name).write_bytes(text)
        deployment = root / "project" / "d.yaml"
        deployment.write_bytes((Path(__file__).parent.parent / "fixtures" / "deploy" / "good.yaml").read_bytes())
        base = [] if builtin else ["--rubrics", str(root / "mini"), "--no-builtin"]
        args = ["assess", str(deployment), *base, "--rubrics", str(overlays), "--no-config", "-f", "json"]
        if builtin:  # the good deployment answers the mini rubrics; against the built-ins, just load and lint
            args = ["rubrics", "list", "--rubrics", str(overlays), "--no-config"]
        before = snapshot(root)
        check_run(run(*args), root, before, f"{args}\n{files!r}"[:6000])
        folders = [str(overlays)] if builtin else [str(root / "mini"), str(overlays), "--no-builtin"]
        lint = ["rubrics", "validate", *folders, "--strict"]
        result = run(*lint)
        assert result.exit_code in (0, 2) and "Traceback" not in result.stderr + result.stdout, f"{lint}\n{result.stderr}\n{files!r}"[:6000]


@PROFILE
@given(text=configs())
def test_fuzz_configs(text: bytes) -> None:
    with workspace() as root:
        config = root / "project" / "rai-checklist.yaml"
        config.write_bytes(text)
        deployment = root / "project" / "d.yaml"
        deployment.write_bytes((Path(__file__).parent.parent / "fixtures" / "deploy" / "good.yaml").read_bytes())
        args = ["assess", str(deployment), "--config", str(config), "-f", "json"]
        before = snapshot(root)
        check_run(run(*args), root, before, f"{args}\n{text!r}"[:6000])


RENDER_SUFFIXES = ["", ".json", ".md", ".xml", ".sarif", ".html", ".txt"]


@PROFILE
@given(text=saved_results(), suffix=st.sampled_from(RENDER_SUFFIXES))
def test_fuzz_saved_results(text: bytes, suffix: str) -> None:
    with workspace() as root:
        path = root / "project" / "result.json"
        path.write_bytes(text)
        out = root / "project" / "outputs"
        args = ["render", str(path)] + (["-o", str(out / f"out{suffix}")] if suffix else [])
        if suffix:
            out.mkdir()
        before = snapshot(root)
        check_run(run(*args), root, before, f"{args}\n{text[:3000]!r}")
