"""Shape a Result for the report template: grouping, labels and presentation choices only; nothing
is rescored here (every figure shown is a figure in the result)."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from checklist.models.result import Provenance, Result
from checklist.render.common import TOP_ACTIONS, VERDICT_WORDS, labelled_reasons
from checklist.render.report.bars import bars_svg
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
INDEPENDENCE = {
    "self": ("Self-assessment", "the team that runs the system assessed it"),
    "internal-audit": ("Internal audit", "a function of the organisation independent of the team assessed it"),
    "third-party": ("Third party", "an assessor outside the organisation assessed it"),
}
# A radar reads well for three to eight principles with middling-to-high scores; otherwise bars do.
RADAR_MAX_AXES = 8
LOW_SCORE = 50
# Which way a changed number moves the bar: a lower value of these makes the assessment easier to pass...
EASIER_WHEN_LOWER = ("bar", "floor", "default_pass_mark", "fail_below", "min_coverage", "pass_mark", "min_score")
# ...and a higher value of these.
EASIER_WHEN_HIGHER = ("evidence_cap",)
FIELD_WORDS = {
    "default_pass_mark": "default pass mark",
    "fail_below": "fail-below mark",
    "evidence_cap": "evidence cap",
    "allow_blocker_waivers": "blocker waivers allowed",
    "min_coverage": "minimum coverage",
    "min_score": "own bar",
    "pass_mark": "pass mark",
}


BOM = b"\xef\xbb\xbf"
RUBRIC_ROLES = ("profile", "policy", "rubric", "overlay", "config")


@dataclass(frozen=True)
class Carried:
    """A file the command hands to the PDF to attach: one of the result's inputs (rubric-set file or
    evidence), by the name the result's `inputs` give it, byte for byte."""

    role: str
    name: str
    data: bytes


@dataclass(frozen=True)
class Attached:
    """One file attached to the PDF, as the report lists it."""

    name: str
    role: str
    size: int
    sha256: str
    input: str = ""  # the input's name in the result, when it is one


def original_bytes(text: str, sha256: str) -> bytes:
    """A file's bytes from its decoded text: the text itself, or with the byte-order mark it was read
    with (the only thing decoding drops), whichever has the recorded hash."""
    data = text.encode("utf-8")
    if hashlib.sha256(data).hexdigest() != sha256 and hashlib.sha256(BOM + data).hexdigest() == sha256:
        return BOM + data
    return data


def crosswalk(result: Result, framework: str | None = None) -> list[dict[str, Any]]:
    """Framework -> section -> the criteria that cite it (with their status), sorted for a stable report."""
    status = {c.id: c.status for p in result.principles for c in p.criteria}
    table: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for principle in result.principles:
        for criterion in principle.criteria:
            for ref in criterion.references:
                if framework is None or ref.framework == framework:
                    table[ref.framework][ref.section or "(whole source)"].add(criterion.id)
    for p in result.prohibitions:
        if p.framework and (framework is None or p.framework == framework):
            table[p.framework][p.section or "(whole source)"].add(p.id)
    return [
        {
            "framework": name,
            "rows": [
                {"section": s, "criteria": [(i, status.get(i, "red-line")) for i in sorted(ids)]} for s, ids in sorted(sections.items())
            ],
        }
        for name, sections in sorted(table.items())
    ]


def frameworks(result: Result) -> list[str]:
    """Every framework the result's criteria and red lines cite."""
    names = {ref.framework for p in result.principles for c in p.criteria for ref in c.references}
    names |= {p.framework for p in result.prohibitions if p.framework}
    return sorted(names)


def manifest(result: Result, attached: Sequence[dict[str, Any]] = (), missing: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The attachment that lets anyone holding the PDF check what was assessed and re-run it."""
    return {
        "tool": {"name": result.tool.name, "version": result.tool.version},
        "schema_version": result.schema_version,
        "deployment": {"name": result.deployment.name, "date": result.deployment.date.isoformat()},
        "verdict": result.verdict.value,
        "overall_score": result.overall_score,
        "result_sha256": result_sha256(result),
        "inputs": [i.model_dump() for i in result.inputs],
        "provenance": [p.model_dump(mode="json") for p in result.provenance],
        "attachments": list(attached),
        "not_attached": list(missing),
    }


def result_sha256(result: Result) -> str:
    """The canonical result's hash: SHA-256 of its JSON as `assess --format json` writes it for one result."""
    return hashlib.sha256(result.model_dump_json().encode()).hexdigest()


HEADER_CHARS = 80  # the running header shows at most this much of the deployment's name
TITLE_CHARS = 200  # the cover and the sign-off show at most this much (the attached file has it all)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def manifest_json(result: Result, attached: Sequence[dict[str, Any]] = (), missing: Sequence[dict[str, Any]] = ()) -> str:
    return json.dumps(manifest(result, attached, missing), indent=2, ensure_ascii=False) + "\n"


def chart(result: Result) -> tuple[str, str]:
    """('radar' or 'bars', svg): bars when there are many principles, too few for a radar, or low scores."""
    bar, floor = result.tier.bar, result.tier.floor
    scores = [p.score for p in result.principles]
    low = any(s is None or s < LOW_SCORE for s in scores)
    if low or not 3 <= len(scores) <= RADAR_MAX_AXES:
        return "bars", bars_svg([(p.title, p.score, p.min_score) for p in result.principles], bar, floor)
    return "radar", radar_svg([Axis(p.title, p.score) for p in result.principles], bar, floor)


def _number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float | int) else str(value)


def _easier(field: str, before: Any, after: Any) -> bool | None:
    """True when the change makes the assessment easier to pass, False when harder, None when neither."""
    last = field.rsplit(".", 1)[-1]
    if last == "allow_blocker_waivers" or last == "blocker":
        return bool(before) and not after if last == "blocker" else bool(after) and not before
    if not isinstance(after, int | float) or isinstance(after, bool):
        return None
    if before is None:
        before = 0.0
    if not isinstance(before, int | float) or before == after:
        return None
    if last in EASIER_WHEN_LOWER:
        return after < before
    if last in EASIER_WHEN_HIGHER:
        return after > before
    return None


def _field_words(field: str) -> str:
    parts = field.split(".")
    if parts[0] == "tiers" and len(parts) == 3:
        return f"tier {parts[1]} {FIELD_WORDS.get(parts[2], parts[2])}"
    if parts[0] == "severity_weights" and len(parts) == 2:
        return f"weight of {parts[1]} severity"
    return FIELD_WORDS.get(field, field.replace("_", " "))


def _change_text(pv: Provenance, titles: dict[str, str]) -> tuple[str, bool | None]:
    """What one recorded change did, in words, and whether it makes passing easier."""
    target = f"{pv.target}" + (f" ({titles[pv.target]})" if pv.target in titles else "")
    if pv.action == "policy":
        field = pv.field or ""
        return f"policy: {_field_words(field)} {_number(pv.before)} → {_number(pv.after)}", _easier(field, pv.before, pv.after)
    if pv.action in ("change", "principle"):
        field = pv.field or ""
        return f"{target}: {_field_words(field)} {_number(pv.before)} → {_number(pv.after)}", _easier(field, pv.before, pv.after)
    if pv.action == "disable":
        return f"{target} disabled", True
    if pv.action == "lift":
        return f"red line {pv.target} lifted", True
    if pv.action == "add":
        return f"{target} added", False
    if pv.action == "prohibition":
        return f"red line {pv.target} added", False
    return f"fact {pv.target} added to the context profile", None


def modifications(result: Result) -> list[dict[str, Any]]:
    """Every change to the standard rubrics in force, grouped by who made it and why: overlay and config
    changes (from the provenance), then waivers (from the criteria)."""
    titles = {c.id: c.title for p in result.principles for c in p.criteria} | {p.id: p.title for p in result.principles}
    groups: dict[tuple[str, str, str], list[tuple[str, bool | None]]] = {}
    for pv in result.provenance:
        groups.setdefault((pv.file, pv.overlay, pv.justification), []).append(_change_text(pv, titles))
    out: list[dict[str, Any]] = [
        {"kind": "overlay", "source": file, "name": name if name != file else "", "why": why, "changes": changes,
         "easier": any(e for _, e in changes)}
        for (file, name, why), changes in groups.items()
    ]
    for p in result.principles:
        for c in p.criteria:
            if c.status == "waived" and c.waiver:
                w = c.waiver
                out.append({
                    "kind": "waiver", "source": f"waiver approved by {w.get('approver', '?')}", "name": "",
                    "why": str(w.get("justification", "")),
                    "changes": [(f"{c.id} ({c.title}) waived until {w.get('expires', '?')}", True)], "easier": True,
                })
    return out


def measurement_table(groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Per-group rates as text: a rate given with its counts reads `0.00011 (20 of 183,000)`."""
    fields = sorted({f for values in groups.values() for f in values})
    return {"fields": fields, "rows": [(g, [_measure(values.get(f)) for f in fields]) for g, values in groups.items()]}


def _measure(value: Any) -> str:
    if value is None:
        return "—"
    counts = value if isinstance(value, dict) else getattr(value, "__dict__", None)
    if counts and "errors" in counts and "trials" in counts:
        errors, trials = int(counts["errors"]), int(counts["trials"])
        return f"{errors / trials:.3g} ({errors:,} of {trials:,})"
    return f"{value:g}"


def signoff(result: Result) -> list[dict[str, str]]:
    """The sign-off blocks, filled from the deployment's `assessment` where it names people."""
    a = result.assessment
    blocks: list[dict[str, str]] = []
    for person in a.assessors if a else [None]:
        role = ", ".join(x for x in (person.role, person.organisation) if x) if person else ""
        blocks.append({"label": "Prepared by", "name": person.name if person else "", "role": role, "date": ""})
    for label, who in (("Reviewed by", a.reviewed_by if a else None), ("Approved by", a.approved_by if a else None)):
        blocks.append({
            "label": label, "name": who.name if who else "", "role": who.role if who else "",
            "date": who.date.isoformat() if who and who.date else "",
        })
    return blocks


def view(
    result: Result, framework: str | None = None, attached: Sequence[Attached] = (), manifest_sha256: str = "",
    css: str = "",
) -> dict[str, Any]:
    kind, svg = chart(result)
    counted = sum(1 for p in result.principles for c in p.criteria if c.status != "not-applicable")
    return {
        "r": result,
        "css": css,
        "chart_kind": kind,
        "chart": svg,
        "header_name": shorten(" ".join(result.deployment.name.split()), HEADER_CHARS),
        "title_name": shorten(result.deployment.name, TITLE_CHARS),
        "status_label": STATUS_LABEL,
        "verdict_label": (VERDICT_SYMBOL[result.verdict.value], VERDICT_WORDS[result.verdict.value]),
        "reasons": labelled_reasons(result),
        "top_actions": result.actions[:TOP_ACTIONS],
        "crosswalk": crosswalk(result, framework),
        "framework": framework,
        "frameworks": frameworks(result),
        "context_items": [(k, _fact_text(v)) for k, v in result.context.items()],
        "manifest_sha256": manifest_sha256,
        "attached": attached,
        "principle_titles": {p.id: p.title for p in result.principles},
        "action_rank": {a.criterion: a.rank for a in result.actions},
        "action_gain": {a.criterion: a.gain for a in result.actions},
        "modifications": modifications(result),
        "independence": INDEPENDENCE,
        "in_scope_count": counted,
        "measurement_table": measurement_table,
        "signoff": signoff(result),
    }


def _fact_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if value is None:
        return "—"
    return str(value).lower() if isinstance(value, bool) else str(value)
