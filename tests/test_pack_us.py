"""The US legal packs (principles/legal/us-biometric/, principles/legal/us-wa/) on their example
deployments: every rubric test in examples/packs/us passes."""

from __future__ import annotations

from conftest import REPO, run


def test_us_pack_rubric_tests_pass() -> None:
    result = run("rubrics", "test", REPO / "examples" / "packs" / "us")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(" passed, 0 failed"), result.stdout
