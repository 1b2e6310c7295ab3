"""`init`: a deployment file with every applicable question, as commented YAML that loads as is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checklist.engine.conditions import holds
from checklist.loading.rubrics import RubricSet
from checklist.models.conditions import AllOf, AnyOf, Condition, FactTest, NotOf
from checklist.models.rubric import ChoiceAnswer

SCHEMA_FILE = "deployment.schema.json"


def describe(condition: Condition) -> str:
    """`applies_when` in words, for the comment above a question."""
    if isinstance(condition, AllOf):
        return " and ".join(_wrap(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(_wrap(c) for c in condition.any)
    if isinstance(condition, NotOf):
        return f"not {_wrap(condition.not_)}"
    test: FactTest = condition
    if test.equals is not None:
        return f"{test.fact} = {test.equals}"
    if test.in_ is not None:
        return f"{test.fact} in [{', '.join(map(str, test.in_))}]"
    if test.exists is not None:
        return f"{test.fact} {'is set' if test.exists else 'is not set'}"
    for op, sign in (("gt", ">"), ("gte", ">="), ("lt", "<"), ("lte", "<=")):
        if getattr(test, op) is not None:
            return f"{test.fact} {sign} {getattr(test, op):g}"
    return test.fact


def _wrap(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _comment(text: str, indent: str, width: int = 96) -> list[str]:
    words, lines, line = " ".join(text.split()).split(" "), [], ""
    for word in words:
        if line and len(indent) + 2 + len(line) + 1 + len(word) > width:
            lines.append(f"{indent}# {line}")
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(f"{indent}# {line}")
    return lines


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
        "context:",
    ]
    for name, spec in rubric_set.profile.facts.items():
        out += _comment(spec.description, "  ")
        choices = f"one of: {', '.join(spec.values)}" if spec.type == "enum" else (
            f"a list of: {', '.join(spec.values)}" if spec.type == "set" else {"bool": "true or false", "number": "a number", "string": "text"}[spec.type]
        )
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
            depends = c.applies_when is not None and not all(f in facts for f in _facts(c.applies_when))
            if c.applies_when is not None and not depends and not holds(c.applies_when, facts):
                continue
            header = f"{c.id}: {c.title}" + (" [BLOCKER]" if c.blocker else "")
            out.append(f"  # {header}")
            out += _comment(f"Q: {c.question}", "  ")
            if c.applies_when is not None:
                out += _comment(f"Applies when: {describe(c.applies_when)}", "  ")
            if c.evidence.requirement != "none":
                age = f", at most {c.evidence.max_age_days} days old" if c.evidence.max_age_days else ""
                out.append(f"  # Evidence: {c.evidence.requirement}{age}")
            out.append(f"  {c.id}:")
            if isinstance(c.answer, ChoiceAnswer):
                for option in c.answer.options:
                    out += _comment(f"{option.id} ({option.score:g}): {option.label}", "    ")
                out.append(f"    answer:   # one of: {' | '.join(o.id for o in c.answer.options)}")
            else:
                spec = c.answer
                if spec.compute == "group_ratio":
                    out.append(f"    # measurements: {{groups: {{GROUP: {{{', '.join(f'{f}: N' for f in spec.fields)}}}, ...}}}}  (at least {spec.min_groups} groups)")
                else:
                    out.append(f"    # measurements: {{values: {{{spec.fields[0]}: N}}}}")
            out.append("    evidence: []   # - {title: ..., path: evidence/file.pdf | url: https://..., date: YYYY-MM-DD}")
    return "\n".join(out) + "\n"


def _facts(condition: Condition) -> list[str]:
    from checklist.models.conditions import facts_named

    return facts_named(condition)
