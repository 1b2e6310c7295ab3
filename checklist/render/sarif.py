"""SARIF 2.1.0, so code scanning annotates the deployment file where an answer falls short.

- Locations are the deployment's path as given on the command line, relative to the current folder
  (or `--base`): run from the repository root, code scanning places them in the repository.
- One run per deployment, each with its own `automationDetails.id` (`rai-checklist/<path>/`), so
  code scanning keeps every deployment's analysis apart (it refuses runs of one tool that it cannot
  tell apart in one upload).
- Each result carries `partialFingerprints` from the file, the rule and the kind of shortfall (not
  the line), so an alert survives edits elsewhere in the file and closes when the answer is fixed.
- Rules carry the question, why it matters, what to do and the references, with `helpUri` from the
  first reference that has a link.
- A criterion short of pass is located at its answer (or at `answers:` when unanswered); a red line
  at `context:`. Nothing is rescored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from checklist.models.result import FAILED, SHORT_OF_PASS, CriterionResult, ProhibitionResult, Result

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "raiChecklist/v1"  # the name of our partial fingerprint; bump the version if its recipe changes


def _level(c: CriterionResult) -> str:
    if c.status in FAILED or (c.blocker and c.status == "unanswered"):
        return "error"
    return "warning"


def _uri(r: Result) -> str:
    return r.source_path or r.source_name


def _at(uri: str, line: int | None) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line or 1}}}


def _fingerprint(*parts: str) -> dict[str, str]:
    return {FINGERPRINT: hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()}


def _cited(red: ProhibitionResult) -> str:
    return f"{red.source}{', ' + red.section if red.section else ''}"


def _red_line_rule(red: ProhibitionResult) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": red.id,
        "name": red.title,
        "shortDescription": {"text": red.title},
        "fullDescription": {"text": red.reason},
        "help": {
            "text": f"A red line ({_cited(red)}): {red.reason} No remediation but not to deploy.",
            "markdown": f"**A red line** ({_md(_cited(red))}): {_md(red.reason)}\n\nNo remediation but not to deploy.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"kind": "prohibition", "tags": ["red-line"] + ([red.framework] if red.framework else [])},
    }
    if red.url:
        rule["helpUri"] = red.url
    return rule


def _criterion_rule(c: CriterionResult, principle: str) -> dict[str, Any]:
    refs = [f"{ref.title}{', ' + ref.section if ref.section else ''}" for ref in c.references]
    text = "\n\n".join(x for x in (c.question, f"Why: {c.why}", f"What to do: {c.remediation}",
                                   "References: " + "; ".join(refs) if refs else "") if x)
    md_refs = [
        f"- [{_md(ref.title)}]({ref.url}){', ' + _md(ref.section) if ref.section else ''}" if ref.url
        else f"- {_md(ref.title)}{', ' + _md(ref.section) if ref.section else ''}"
        for ref in c.references
    ]
    markdown = "\n\n".join(x for x in (
        f"**{_md(c.question)}**", f"**Why:** {_md(c.why)}", f"**Guidance:** {_md(c.guidance)}" if c.guidance else "",
        f"**What to do:** {_md(c.remediation)}", "**References:**\n\n" + "\n".join(md_refs) if md_refs else "",
    ) if x)
    rule: dict[str, Any] = {
        "id": c.id,
        "name": c.title,
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": c.question},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": "error" if c.blocker else "warning"},
        "properties": {"principle": principle, "blocker": c.blocker, "weight": c.weight,
                       "tags": ["responsible-ai", principle] + sorted({ref.framework for ref in c.references})},
    }
    url = next((ref.url for ref in c.references if ref.url), None)
    if url:
        rule["helpUri"] = url
    return rule


def _md(text: str) -> str:
    """Rubric text in a Markdown help field: one paragraph, with no markup of its own."""
    return " ".join(text.split()).translate(_ESCAPE)


_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def _red_line_result(r: Result, red: ProhibitionResult, index: int, uri: str) -> dict[str, Any] | None:
    if red.lifted is not None:
        return None
    if red.possible:
        open_facts = ", ".join(red.open_facts)
        return {
            "ruleId": red.id, "ruleIndex": index, "level": "warning",
            "message": {"text": f"A red line may hold: {red.title} ({_cited(red)}), unless {open_facts or 'an unspecified fact'} "
                                "rules it out. Give those facts in `context:`."},
            "locations": [_at(uri, r.context_line)],
            "partialFingerprints": _fingerprint(uri, red.id, "possible"),
            "properties": {"status": "possible", "open_facts": red.open_facts},
        }
    return {
        "ruleId": red.id, "ruleIndex": index, "level": "error",
        "message": {"text": f"Prohibited: {red.title} ({_cited(red)}). {red.reason}"},
        "locations": [_at(uri, r.context_line)],
        "partialFingerprints": _fingerprint(uri, red.id, "prohibited"),
        "properties": {"status": "prohibited"},
    }


def _criterion_result(c: CriterionResult, index: int, uri: str) -> dict[str, Any]:
    flags = f" ({'; '.join(c.flags)})" if c.flags else ""
    status = "answered unknown" if c.unknown else c.status
    return {
        "ruleId": c.id, "ruleIndex": index, "level": _level(c),
        "message": {"text": f"{c.id} {c.title}: {status}, score {c.score:.2f}{flags}. {c.remediation}"},
        "locations": [_at(uri, c.answer_line)],
        # the status family, not the score: an alert stays open while the answer is short of pass
        "partialFingerprints": _fingerprint(uri, c.id, "unanswered" if c.status == "unanswered" else "answered"),
        "properties": {"status": c.status, "score": c.score, "blocker": c.blocker, "unknown": c.unknown},
    }


def run(r: Result, category: str) -> dict[str, Any]:
    """One deployment's run."""
    uri = _uri(r)
    rules: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    for red in r.prohibitions:
        rules.append(_red_line_rule(red))
        item = _red_line_result(r, red, len(rules) - 1, uri)
        if item is not None:
            found.append(item)
    for p in r.principles:
        for c in p.criteria:
            rules.append(_criterion_rule(c, p.id))
            if c.status in SHORT_OF_PASS:
                found.append(_criterion_result(c, len(rules) - 1, uri))
    return {  # the category first: `join` finds it there
        "automationDetails": {"id": category, "description": {"text": f"rai-checklist assessment of {uri} ({r.deployment.name})"}},
        "tool": {"driver": {"name": r.tool.name, "version": r.tool.version, "semanticVersion": r.tool.version, "rules": rules}},
        "artifacts": [{"location": {"uri": uri}, "hashes": {"sha-256": r.inputs[0].sha256}} if r.inputs else {"location": {"uri": uri}}],
        "results": found,
        "properties": {"deployment": r.deployment.name, "verdict": r.verdict.value,
                       "overall_score": r.overall_score, "coverage": r.overall_coverage, "tier": r.tier.id},
    }


def categories(results: list[Result]) -> list[str]:
    """`rai-checklist/<path>/` per deployment, made distinct when a path comes twice."""
    seen: set[str] = set()
    return [_distinct(f"rai-checklist/{_uri(r)}/", seen) for r in results]


def _distinct(category: str, seen: set[str]) -> str:
    base, candidate, n = category[:-1], category, 2
    while candidate in seen:
        candidate, n = f"{base}#{n}/", n + 1
    seen.add(candidate)
    return candidate


def one(r: Result) -> str:
    """One deployment's run, indented to sit in the document's `runs` array, with its category
    first: a batch streams run by run (rendered in workers), and `join` makes categories distinct."""
    text = json.dumps(run(r, f"rai-checklist/{_uri(r)}/"), indent=2, ensure_ascii=False)
    return "\n".join("    " + line for line in text.split("\n"))  # newlines inside strings are escaped


_CATEGORY = re.compile(rb'^    \{\n      "automationDetails": \{\n        "id": ("(?:[^"\\]|\\.)*")')


def join(chunks: Iterable[str | bytes]) -> Iterator[bytes]:
    """The document around the runs, byte for byte what json.dumps(..., indent=2) gives, each run's
    category made distinct from those before it (the same path twice gets `#2`)."""
    head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"}, indent=2)[:-2].encode()
    seen: set[str] = set()
    first = True
    for chunk in chunks:
        data = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
        found = _CATEGORY.match(data)
        if found is not None:
            category = json.loads(found[1])
            distinct = _distinct(category, seen)
            if distinct != category:
                data = data[: found.start(1)] + json.dumps(distinct, ensure_ascii=False).encode("utf-8") + data[found.end(1):]
        yield head + b',\n  "runs": [\n' if first else b",\n"
        yield data
        first = False
    yield head + b',\n  "runs": []\n}\n' if first else b"\n  ]\n}\n"


def document(results: list[Result]) -> str:
    return b"".join(join(one(r) for r in results)).decode("utf-8")
