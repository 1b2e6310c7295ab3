"""`assess --baseline RESULT.json`: the gate fails only on regressions against a saved assessment,
so a team can adopt the tool on a deployment that is not yet ready and hold the line from there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from checklist.cli.gate import FailOn, gate, report_gate
from checklist.cli.guard import EXIT_GATE, EXIT_OK, message

if TYPE_CHECKING:
    from checklist.models.result import Result


def baseline_gate(results: Sequence[Result], baseline: Sequence[Result], fail_on: FailOn, fail_under: float | None) -> int:
    """Each deployment against its match in the baseline (by path, then name); one with no match is
    gated by `fail_on` as usual. `fail_under` applies to every deployment."""
    from checklist.engine.compare import compare, match
    from checklist.models.result import Summary

    pairs, _, unmatched = match(baseline, results)
    failed: list[str] = []
    for old, new in pairs:
        diff = compare(old, new)
        failed += [f"{new.deployment.name}: regression against the baseline: {line}" for line in diff.regressions]
        for warning in diff.warnings:
            message("warning", f"{new.deployment.name}: {warning}")
        if fail_under is not None and new.overall_score < fail_under:
            failed.append(f"{new.deployment.name}: overall {new.overall_score:.1f} < {fail_under:g}")
    for r in unmatched:
        message("note", f"{r.deployment.name}: not in the baseline; gated by --fail-on {fail_on.value}")
    code = report_gate(failed)
    if unmatched:
        code = max(code, gate([Summary.of(r) for r in unmatched], fail_on, fail_under))
    return EXIT_GATE if code else EXIT_OK
