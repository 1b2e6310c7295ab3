"""Shape a Result for the report template: grouping and labels only; nothing is rescored here."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from checklist.models.result import Result
from checklist.render.common import TOP_ACTIONS, VERDICT_WORDS, labelled_reasons
from checklist.render.report.radar import Axis, radar_svg

STATUS_LABEL = {
    "pass": ("✔", "Pass"),
    "partial": ("◐", "Partial"),
    "fail": ("✘", "Fail"),
    "not-applicable": ("–", "Not applicable"),
    "unanswered": ("?", "Unanswered"),
    "waived": ("W", "Waived"),
    "invalid": ("!", "Invalid"),
}
VERDICT_SYMBOL = {"prohibited": "⊘", "not-ready": "✘", "incomplete": "?", "conditional": "◐", "ready": "✔"}


def crosswalk(result: Result) -> list[dict[str, Any]]:
    """Framework -> section -> the criteria that cite it, sorted for a stable report."""
    table: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for principle in result.principles:
        for criterion in principle.criteria:
            for ref in criterion.references:
                table[ref.framework][ref.section or "(whole source)"].add(criterion.id)
    return [
        {"framework": framework, "rows": [{"section": s, "criteria": sorted(ids)} for s, ids in sorted(sections.items())]}
        for framework, sections in sorted(table.items())
    ]


def manifest(result: Result) -> dict[str, Any]:
    """The attachment that lets anyone holding the PDF check what was assessed."""
    return {
        "tool": {"name": result.tool.name, "version": result.tool.version},
        "schema_version": result.schema_version,
        "deployment": {"name": result.deployment.name, "date": result.deployment.date.isoformat()},
        "verdict": result.verdict.value,
        "overall_score": result.overall_score,
        "result_sha256": hashlib.sha256(result.model_dump_json().encode()).hexdigest(),
        "inputs": [i.model_dump() for i in result.inputs],
        "provenance": [p.model_dump(mode="json") for p in result.provenance],
    }


def manifest_json(result: Result) -> str:
    return json.dumps(manifest(result), indent=2, ensure_ascii=False) + "\n"


def view(result: Result) -> dict[str, Any]:
    axes = [Axis(p.title, p.score) for p in result.principles]
    rubric_inputs = {i.name: i.sha256 for i in result.inputs}
    return {
        "r": result,
        "radar": radar_svg(axes, result.tier.bar, result.tier.floor),
        "status_label": STATUS_LABEL,
        "verdict_label": (VERDICT_SYMBOL[result.verdict.value], VERDICT_WORDS[result.verdict.value]),
        "reasons": labelled_reasons(result),
        "top_actions": result.actions[:TOP_ACTIONS],
        "crosswalk": crosswalk(result),
        "rubric_inputs": rubric_inputs,
        "context_items": [(k, _fact_text(v)) for k, v in result.context.items()],
        "manifest_sha256": hashlib.sha256(manifest_json(result).encode()).hexdigest(),
        "principle_titles": {p.id: p.title for p in result.principles},
        "action_rank": {a.criterion: a.rank for a in result.actions},
        "action_gain": {a.criterion: a.gain for a in result.actions},
    }


def _fact_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if value is None:
        return "—"
    return str(value).lower() if isinstance(value, bool) else str(value)
