"""The CI gate: which verdicts (and scores) fail a build. Shared by `assess` and `report`."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING

from checklist.cli.guard import EXIT_GATE, EXIT_OK, message

if TYPE_CHECKING:
    from checklist.models.result import Summary

GATE_LINES = 20  # a failed gate names at most this many deployments on stderr


class FailOn(str, Enum):
    prohibited = "prohibited"
    not_ready = "not-ready"
    incomplete = "incomplete"
    conditional = "conditional"
    never = "never"


DEFAULT_FAIL_ON = FailOn.incomplete  # leaving questions out never passes a gate


def gate(rows: Sequence[Summary], fail_on: FailOn, fail_under: float | None) -> int:
    """Exit 1 when any deployment's verdict is `fail_on` or worse, or its score is under `fail_under`."""
    from checklist.models.result import severity

    failed = []
    for row in rows:
        if fail_on is not FailOn.never and severity(row.verdict) >= severity(fail_on.value):
            failed.append(f"{row.name}: verdict {row.verdict}")
        if fail_under is not None and row.overall < fail_under:
            failed.append(f"{row.name}: overall {row.overall:.1f} < {fail_under:g}")
    return report_gate(failed)


def report_gate(failed: list[str]) -> int:
    """Name what failed the gate (at most GATE_LINES lines) and return the exit code."""
    for line in failed[:GATE_LINES]:
        message("gate failed", line)
    if len(failed) > GATE_LINES:
        message("gate failed", f"... and {len(failed) - GATE_LINES} more")
    return EXIT_GATE if failed else EXIT_OK
