"""SARIF 2.1.0, so code-scanning tools annotate the deployment file where an answer falls short.

Each criterion short of pass becomes a result located at its answer in the deployment YAML (or
at `answers:` when it is unanswered). Positions come from re-reading the embedded source text;
nothing is rescored."""

from __future__ import annotations

import json
from typing import Any, Callable

from checklist.models.result import Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _locator(result: Result) -> Callable[[str], int]:
    """Line of a criterion's answer in the deployment file; `answers:` when it has none."""
    from checklist.loading.errors import InputError
    from checklist.loading.yamlfile import parse_yaml

    try:
        doc = parse_yaml(result.source_text.encode("utf-8"), result.source_name)
    except InputError:
        return lambda criterion_id: 1
    answers = doc.data.get("answers") if isinstance(doc.data, dict) else None

    def line(criterion_id: str) -> int:
        if isinstance(answers, dict) and criterion_id in answers:
            loc: tuple[str, ...] = ("answers", criterion_id)
        else:
            loc = ("answers",) if answers is not None else ()
        return doc.position(loc)[0] or 1

    return line


def _level(status: str, blocker: bool) -> str:
    if status in ("fail", "invalid") or (blocker and status == "unanswered"):
        return "error"
    return "warning"


def render_sarif(results: list[Result]) -> str:
    runs: list[dict[str, Any]] = []
    for r in results:
        rules, found = [], []
        line = _locator(r)
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
                if c.status in ("pass", "not-applicable", "waived"):
                    continue
                found.append({
                    "ruleId": c.id,
                    "ruleIndex": len(rules) - 1,
                    "level": _level(c.status, c.blocker),
                    "message": {"text": f"{c.id} {c.title}: {c.status}, score {c.score:.2f}"
                                + (f" ({'; '.join(c.flags)})" if c.flags else "") + f". {c.remediation}"},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": r.source_name},
                        "region": {"startLine": line(c.id)},
                    }}],
                    "properties": {"status": c.status, "score": c.score, "blocker": c.blocker},
                })
        runs.append({
            "tool": {"driver": {"name": r.tool.name, "version": r.tool.version, "rules": rules}},
            "results": found,
            "properties": {"deployment": r.deployment.name, "verdict": r.verdict.value,
                           "overall_score": r.overall_score, "tier": r.tier.id},
        })
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": runs}, indent=2, ensure_ascii=False) + "\n"
