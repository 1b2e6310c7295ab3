"""SARIF 2.1.0, so code-scanning tools annotate the deployment file where an answer falls short.

Each criterion short of pass becomes a result located at its answer in the deployment YAML (or
at `answers:` when it is unanswered); the lines were recorded when the deployment was loaded.
Nothing is rescored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from checklist.models.result import FAILED, SHORT_OF_PASS, CriterionResult, Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(c: CriterionResult) -> str:
    if c.status in FAILED or (c.blocker and c.status == "unanswered"):
        return "error"
    return "warning"


def document(results: list[Result]) -> str:
    return "".join(join(one(r) for r in results))


def one(r: Result) -> str:
    """One deployment's run, indented to sit in the document's `runs` array: a batch streams run by
    run instead of holding every result in memory."""
    text = json.dumps(_run(r), indent=2, ensure_ascii=False)  # newlines inside strings are escaped
    return "\n".join("    " + line for line in text.split("\n"))


def join(chunks: Iterable[str]) -> Iterator[str]:
    """The document around the runs, byte for byte what json.dumps(..., indent=2) gives."""
    head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"}, indent=2)[:-2]
    first = True
    for chunk in chunks:
        yield (head + ',\n  "runs": [\n' if first else ",\n") + chunk
        first = False
    yield head + ',\n  "runs": []\n}\n' if first else "\n  ]\n}\n"


def _run(r: Result) -> dict[str, Any]:
    rules, found = [], []
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
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": r.source_name},
                    "region": {"startLine": c.answer_line or 1},
                }}],
                "properties": {"status": c.status, "score": c.score, "blocker": c.blocker},
            })
    return {
        "tool": {"driver": {"name": r.tool.name, "version": r.tool.version, "rules": rules}},
        "results": found,
        "properties": {"deployment": r.deployment.name, "verdict": r.verdict.value,
                       "overall_score": r.overall_score, "tier": r.tier.id},
    }
