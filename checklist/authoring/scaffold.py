"""`init`: a deployment file with every applicable question, as commented YAML that loads as is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checklist.kinds import KINDS
from checklist.kinds.base import comment
from checklist.loading.rubrics import RubricSet

SCHEMA_FILE = "deployment.schema.json"


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _choices(kind: str, values: list[str]) -> str:
    if kind == "enum":
        return f"one of: {', '.join(values)}"
    if kind == "set":
        return f"a list of: {', '.join(values)}"
    return {"bool": "true or false", "number": "a number", "string": "text"}[kind]


def scaffold(rubric_set: RubricSet, facts: dict[str, Any], today: dt.date, schema_ref: str | None) -> str:
    """Facts given are filled in; the rest are commented with their choices. Questions whose
    `applies_when` is false for the given facts are left out; those that depend on a fact not yet
    given are kept and say when they apply."""
    out: list[str] = []
    if schema_ref:
        out.append(f"# yaml-language-server: $schema={schema_ref}")
    out += [
        "# A deployment description for rai-checklist. Fill in the context, then answer each question",
        "# with an option id (or measurements), and list evidence. Unanswered questions score 0.",
        "deployment:",
        "  name: My deployment",
        "  owner: My team",
        '  version: "1.0"',
        f"  date: {today.isoformat()}   # the date this assessment speaks for",
        "  description: >-",
        "    What the system does, where, and for whom.",
        "# Who assesses, and how independently of the team: named on the report's first page and",
        "# filled into its sign-off block. Uncomment and fill in.",
        "# assessment:",
        "#   assessors:",
        "#     - {name: ..., role: ..., organisation: ...}",
        "#   independence: self   # self | internal-audit | third-party",
        "#   scope: What the assessment covers.",
        "#   exclusions: [What it does not cover]",
        "#   reviewed_by: {name: ..., role: ..., date: YYYY-MM-DD}",
        "#   approved_by: {name: ..., role: ..., date: YYYY-MM-DD}",
        "context:",
    ]
    for name, spec in rubric_set.profile.facts.items():
        out += comment(spec.description, "  ")
        choices = _choices(spec.type, spec.values or [])
        if name in facts:
            out.append(f"  {name}: {_yaml_value(facts[name])}   # {choices}")
        else:
            out.append(f"  # {name}:   # {choices}{'' if spec.required and spec.default is None else ' (optional)'}")
    out.append("answers:")
    for rubric in rubric_set.rubrics:
        out.append(f"  # ---- {rubric.title} ({rubric.id}, version {rubric.version}) ----")
        for c in rubric.criteria:
            if c.id in rubric_set.disabled:
                continue
            depends = c.when is not None and not all(f in facts for f in c.when.facts())
            if c.when is not None and not depends and not c.when.holds(facts):
                continue
            header = f"{c.id}: {c.title}" + (" [BLOCKER]" if c.blocker else "")
            out.append(f"  # {header}")
            out += comment(f"Q: {c.question}", "  ")
            if c.when is not None:
                out += comment(f"Applies when: {c.when.describe()}", "  ")
            if c.evidence.requirement != "none":
                age = f", at most {c.evidence.max_age_days} days old" if c.evidence.max_age_days else ""
                out.append(f"  # Evidence: {c.evidence.requirement}{age}")
            out.append(f"  {c.id}:")
            out += KINDS[c.kind].scaffold(c.scoring)
            out.append("    evidence: []   # - {title: ..., path: evidence/file.pdf | url: https://..., date: YYYY-MM-DD}")
    return "\n".join(out) + "\n"
