"""The CI gate: which verdicts (and scores) fail a build. Shared by `assess` and `report`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING

from checklist.cli.guard import EXIT_GATE, EXIT_OK

if TYPE_CHECKING:
    from checklist.models.result import Summary

GATE_LINES = 20  # a failed gate names at most this many deployments on stderr


class FailOn(str, Enum):  # noqa: UP042 (typer reads str enums)
    not_ready = "not-ready"
    conditional = "conditional"
    never = "never"


def gate(rows: Sequence[Summary], fail_on: FailOn, fail_under: float | None) -> int:
    """Exit 1 when any deployment misses the gate."""
    failed = []
    for row in rows:
        if fail_on is FailOn.not_ready and row.verdict == "not-ready":
            failed.append(f"{row.name}: verdict {row.verdict}")
        elif fail_on is FailOn.conditional and row.verdict != "ready":
            failed.append(f"{row.name}: verdict {row.verdict}")
        if fail_under is not None and row.overall < fail_under:
            failed.append(f"{row.name}: overall {row.overall:.1f} < {fail_under:g}")
    for line in failed[:GATE_LINES]:
        sys.stderr.write(f"rai-checklist: gate failed: {line}\n")
    if len(failed) > GATE_LINES:
        sys.stderr.write(f"rai-checklist: gate failed: ... and {len(failed) - GATE_LINES} more\n")
    return EXIT_GATE if failed else EXIT_OK
