"""SARIF 2.1.0, so code-scanning tools annotate the deployment file where an answer falls short.

Each criterion short of pass becomes a result located at its answer in the deployment YAML (or
at `answers:` when it is unanswered); the lines were recorded when the deployment was loaded.
Nothing is rescored."""

from __future__ import annotations

import json
from typing import Any

from checklist.models.result import FAILED, SHORT_OF_PASS, CriterionResult, Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(c: CriterionResult) -> str:
    if c.status in FAILED or (c.blocker and c.status == "unanswered"):
        return "error"
    return "warning"


def _at(uri: str, line: int | None) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line or 1}}}


def document(results: list[Result]) -> str:
    runs: list[dict[str, Any]] = []
    for r in results:
        rules, found = [], []
        for index, red in enumerate(r.prohibitions):
            rules.append({
                "id": red.id,
                "name": red.title,
                "shortDescription": {"text": red.title},
                "fullDescription": {"text": red.reason},
                "help": {"text": f"A red line: {red.source}{', ' + red.section if red.section else ''}. Do not deploy."},
                "properties": {"kind": "prohibition"},
            })
            if not red.binding:
                continue
            found.append({
                "ruleId": red.id,
                "ruleIndex": index,
                "level": "error",
                "message": {"text": f"Prohibited: {red.title} ({red.source}{', ' + red.section if red.section else ''}). {red.reason}"},
                "locations": [_at(r.source_name, r.context_line)],
                "properties": {"status": "prohibited"},
            })
        for p in r.principles:
            for c in p.criteria:
                rules.append({
                    "id": c.id,
                    "name": c.title,
                    "shortDescription": {"text": c.title},
                    "fullDescription": {"text": c.question},
                    "help": {"text": c.remediation},
                    "properties": {"principle": p.id, "blocker": c.blocker, "weight": c.weight},
                })
                if c.status not in SHORT_OF_PASS:
                    continue
                found.append({
                    "ruleId": c.id,
                    "ruleIndex": len(rules) - 1,
                    "level": _level(c),
                    "message": {"text": f"{c.id} {c.title}: {c.status}, score {c.score:.2f}"
                                + (f" ({'; '.join(c.flags)})" if c.flags else "") + f". {c.remediation}"},
                    "locations": [_at(r.source_name, c.answer_line)],
                    "properties": {"status": c.status, "score": c.score, "blocker": c.blocker},
                })
        runs.append({
            "tool": {"driver": {"name": r.tool.name, "version": r.tool.version, "rules": rules}},
            "results": found,
            "properties": {"deployment": r.deployment.name, "verdict": r.verdict.value,
                           "overall_score": r.overall_score, "tier": r.tier.id},
        })
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": runs}, indent=2, ensure_ascii=False) + "\n"
