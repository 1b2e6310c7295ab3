"""The SARIF renderer: findings located at the answer's line recorded when the deployment loaded."""

from __future__ import annotations

import json

from checklist.models.result import SHORT_OF_PASS
from checklist.render import sarif


def test_findings_are_located_at_their_answers(mixed):
    doc = json.loads(sarif.document([mixed]))
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    found = {r["ruleId"]: r for r in doc["runs"][0]["results"]}
    short = [c for p in mixed.principles for c in p.criteria if c.status in SHORT_OF_PASS]
    assert set(found) == {c.id for c in short}
    lines = mixed.source_text.splitlines()
    for c in short:
        line = found[c.id]["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert lines[line - 1].strip().startswith(f"{c.id}:"), (c.id, lines[line - 1])
    assert found["ALP-02"]["level"] == "error"  # a failed answer
    assert found["ALP-01"]["level"] == "warning"  # a partial one


def test_rules_cover_every_criterion(mixed):
    rules = json.loads(sarif.document([mixed]))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.id for p in mixed.principles for c in p.criteria]
