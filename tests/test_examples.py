"""Every example deployment gets the verdict its first line declares, and not-ready examples
put the blocker that sank them first in the action plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import one_result
from typer.testing import CliRunner

from checklist.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*/deployment.yaml"))
SANK = ("fail", "unanswered", "invalid")


def expected_verdict(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expected-verdict:"), f"{path}: first line must declare the expected verdict"
    return first.split(":", 1)[1].strip()


def assess(path: Path) -> dict:
    result = CliRunner().invoke(app, ["assess", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return one_result(result.stdout)


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_example_verdict(path: Path) -> None:
    result = assess(path)
    assert result["verdict"]["value"] == expected_verdict(path), result["verdict"]["reasons"]


NOT_READY = [p for p in EXAMPLES if expected_verdict(p) == "not-ready"]


def test_some_examples_are_not_ready() -> None:
    assert len(NOT_READY) >= 2


@pytest.mark.parametrize("path", NOT_READY, ids=lambda p: p.parent.name)
def test_not_ready_example_ranks_what_sank_it_first(path: Path) -> None:
    """A failed blocker comes first; with none, the first action is in a flagged principle."""
    result = assess(path)
    top = result["actions"][0]
    failed_blocker = any(c["blocker"] and c["status"] in ("fail", "invalid") for p in result["principles"] for c in p["criteria"])
    if failed_blocker:
        assert top["blocker"] is True and top["status"] in SANK, top
    else:
        flagged = {p["id"] for p in result["principles"] if p["flagged"]}
        assert top["principle"] in flagged, (top, flagged)


def test_pinned_top_actions() -> None:
    pinned = {
        "retail-watchlist": "NOTC-01",
        # Washington agencies answer WAFR-01 (RCW 43.386.080(1)) instead of SURV-02.
        "live-public-identification": "WAFR-01",
    }
    for name, criterion in pinned.items():
        result = assess(ROOT / "examples" / name / "deployment.yaml")
        assert result["actions"][0]["criterion"] == criterion


def test_builtin_rubrics_validate() -> None:
    result = CliRunner().invoke(app, ["rubrics", "validate", str(ROOT / "principles")])
    assert result.exit_code == 0, result.output
