"""`init`: a deployment file with every applicable question, as commented YAML that loads as is."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml

from checklist.kinds import KINDS
from checklist.kinds.base import comment
from checklist.loading.rubrics import RubricSet
from checklist.models.conditions import DATE_FACT, UNSPECIFIED, truth

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


HEADER_DEFAULTS = {"name": "My deployment", "owner": "My team", "description": "What the system does, where, and for whom."}


def _text(value: str) -> str:
    """A YAML scalar for any text (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _answer_lines(answer: dict[str, Any]) -> list[str]:
    dumped = yaml.safe_dump(answer, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return ["    " + line for line in dumped.rstrip("\n").splitlines()]


def scaffold(
    rubric_set: RubricSet, facts: dict[str, Any], today: dt.date, schema_ref: str | None,
    answers: dict[str, dict[str, Any]] | None = None, header: dict[str, str] | None = None, lead: str = "",
) -> str:
    """Facts given are filled in; required facts not given are written `unspecified` (so the file
    loads and `assess` says `incomplete`, naming what is unknown); optional ones are commented with
    their choices. Questions whose `when` is false for the given facts are left out; those that
    depend on a fact not given (or unspecified) are kept and say when they apply. `answers` (from
    `init --interactive`) are written in place of the blank answer."""
    answers = answers or {}
    head = {**HEADER_DEFAULTS, **(header or {})}
    out: list[str] = []
    if schema_ref:
        out.append(f"# yaml-language-server: $schema={schema_ref}")
    if lead:
        out.append(lead)
    out += [
        "# A deployment description for rai-checklist. Fill in the context, then answer each question",
        "# with an option id (or measurements), and list evidence. Unanswered questions score 0.",
        "deployment:",
        f"  name: {_text(head['name'])}",
        f"  owner: {_text(head['owner'])}",
        '  version: "1.0"',
        f"  date: {today.isoformat()}   # the date this assessment speaks for",
        f"  description: {_text(head['description'])}",
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
        elif spec.required and spec.default is None:
            out.append(f"  {name}: {UNSPECIFIED}   # {choices}, or unspecified while nobody knows")
        else:
            out.append(f"  # {name}:   # {choices} (optional)")
    # A fact left out takes its default when assessed (vendor: none), and dated rules see the file's date.
    known = {**{n: s.default for n, s in rubric_set.profile.facts.items() if s.default is not None}, **facts, DATE_FACT: today}
    return "\n".join(out + _answers_section(rubric_set, known, answers)) + "\n"


def _answers_section(rubric_set: RubricSet, facts: dict[str, Any], answers: dict[str, dict[str, Any]]) -> list[str]:
    out = ["answers:"]
    for rubric in rubric_set.rubrics:
        out.append(f"  # ---- {rubric.title} ({rubric.id}, version {rubric.version}) ----")
        for c in rubric.criteria:
            if c.id in rubric_set.disabled:
                continue
            if not applies(c.when, facts):
                continue
            out.append(f"  # {c.id}: {c.title}" + (" [BLOCKER]" if c.blocker else ""))
            out += comment(f"Q: {c.question}", "  ")
            if c.when is not None:
                out += comment(f"Applies when: {c.when.describe()}", "  ")
            if c.evidence.requirement != "none":
                age = f", at most {c.evidence.max_age_days} days old" if c.evidence.max_age_days else ""
                out.append(f"  # Evidence: {c.evidence.requirement}{age}")
            out.append(f"  {c.id}:")
            template = KINDS[c.kind].scaffold(c.scoring)
            if c.id in answers:
                out += [line for line in template if line.lstrip().startswith("#")] + _answer_lines(answers[c.id])
            else:
                out += template
                out.append("    evidence: []   # - {title: ..., path: evidence/file.pdf | url: https://..., date: YYYY-MM-DD}")
    return out


def applies(condition: Any, facts: dict[str, Any]) -> bool:
    """Kept unless the facts given rule it out: a fact not given, or unspecified, keeps it."""
    if condition is None or not all(f in facts for f in condition.facts()):
        return True
    return truth(condition, facts) is not False
