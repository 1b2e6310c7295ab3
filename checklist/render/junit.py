"""JUnit XML for CI dashboards: per deployment, a suite for the verdict and its red lines, then a
suite per principle with a test case per criterion.

The verdict case fails exactly when the default gate does (`incomplete` or worse). Criteria fail
the way the gate reads them: a finding (`fail`, `invalid`) or an unanswered blocker fails; a
`partial` passes with a note (short of full marks is an action, not a broken build); other
unanswered questions, `not-applicable` and `waived` are skipped with the reason.

A batch streams: each result's suites are rendered on their own (`one`), and `join` spools them
while it adds up the totals the root element carries, then writes the document around them, byte
for byte as one tree indented whole would be."""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from checklist.models.result import FAILS_BLOCKER, OUT_OF_SCOPE, CriterionResult, Result, severity

GATE_DEFAULT = "incomplete"  # the verdict at which `assess` fails the build unless told otherwise


def _outcome(c: CriterionResult) -> str:
    if c.status in FAILS_BLOCKER or (c.blocker and c.status == "unanswered"):
        return "failure"
    if c.status in OUT_OF_SCOPE or c.status == "unanswered":
        return "skipped"
    return "passed"


def _suite(suites: list[ET.Element], name: str, r: Result, outcomes: list[str]) -> ET.Element:
    suite = ET.Element(
        "testsuite", name=name, tests=str(len(outcomes)), failures=str(outcomes.count("failure")),
        skipped=str(outcomes.count("skipped")), errors="0", timestamp=f"{r.deployment.date.isoformat()}T00:00:00",
    )
    suites.append(suite)
    return suite


def _verdict_suite(suites: list[ET.Element], r: Result) -> None:
    held = [p for p in r.prohibitions if p.binding]
    gate_fails = severity(r.verdict.value) >= severity(GATE_DEFAULT)
    suite = _suite(suites, f"{r.deployment.name} / verdict", r, ["failure" if gate_fails else "passed"] + ["failure"] * len(held))
    props = ET.SubElement(suite, "properties")
    overall, coverage = f"{r.overall_score:.1f}", f"{r.overall_coverage:.4f}"
    facts = (("verdict", r.verdict.value), ("overall", overall), ("coverage", coverage), ("tier", r.tier.id))
    for name, value in facts:
        ET.SubElement(props, "property", name=name, value=value)
    case = ET.SubElement(suite, "testcase", classname="verdict", name=f"verdict: {r.verdict.value}", time="0")
    if gate_fails:
        failure = ET.SubElement(case, "failure", type=r.verdict.value, message=f"verdict {r.verdict.value}")
        failure.text = "\n".join(r.verdict.reasons)
    for p in held:
        case = ET.SubElement(suite, "testcase", classname="red-line", name=f"{p.id} {p.title}", time="0")
        cited = f"{p.source}{', ' + p.section if p.section else ''}"
        failure = ET.SubElement(case, "failure", type="prohibited", message=f"prohibited: {cited}")
        failure.text = p.reason


TOTALS = ("tests", "failures", "skipped", "errors")
_COUNTS = re.compile(rb'<testsuite [^>]*?tests="(\d+)" failures="(\d+)" skipped="(\d+)" errors="(\d+)"')
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def one(r: Result) -> str:
    """One result's suites, each indented as in the whole document and on its own line."""
    suites: list[ET.Element] = []
    _verdict_suite(suites, r)
    for p in r.principles:
        outcomes = [_outcome(c) for c in p.criteria]
        suite = _suite(suites, f"{r.deployment.name} / {p.title}", r, outcomes)
        props = ET.SubElement(suite, "properties")
        for name, value in (("score", "n/a" if p.score is None else f"{p.score:.1f}"), ("flagged", str(p.flagged).lower())):
            ET.SubElement(props, "property", name=name, value=value)
        for c, outcome in zip(p.criteria, outcomes, strict=True):
            case = ET.SubElement(suite, "testcase", classname=p.id, name=f"{c.id} {c.title}", time="0")
            detail = "; ".join(c.flags)
            if outcome == "failure":
                kind = f"{c.status}{' blocker' if c.blocker else ''}"
                message = f"{c.status}, score {c.score:.2f} (pass mark {c.pass_mark:g})"
                failure = ET.SubElement(case, "failure", type=kind, message=message)
                failure.text = "\n".join([c.question, *c.flags, f"Remediation: {c.remediation}"])
            elif outcome == "skipped":
                reason = "answered unknown" if c.unknown else c.status
                ET.SubElement(case, "skipped", message=reason + (f": {detail}" if detail else ""))
            elif c.status == "partial":
                ET.SubElement(case, "system-out").text = f"partial, score {c.score:.2f}: {c.remediation}"
    out = []
    for suite in suites:
        ET.indent(suite, level=1)
        out.append("\n  " + ET.tostring(suite, encoding="unicode"))
    return "".join(out)


def join(chunks: Iterable[str | bytes]) -> Iterator[str | bytes]:
    """The document around the suites: chunks are spooled (to disk past 8 MiB) while the totals the
    root element carries are added up from each suite's counts, then written in order."""
    totals = [0, 0, 0, 0]
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+b") as spool:
        for chunk in chunks:
            data = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
            for counts in _COUNTS.finditer(data):
                totals = [a + int(b) for a, b in zip(totals, counts.groups(), strict=True)]
            spool.write(data)
        root = '<testsuites name="rai-checklist" ' + " ".join(f'{name}="{n}"' for name, n in zip(TOTALS, totals, strict=True))
        if not spool.tell():
            yield XML_DECLARATION + root + " />\n"
            return
        yield XML_DECLARATION + root + ">"
        spool.seek(0)
        while block := spool.read(1 << 20):
            yield block
    yield "\n</testsuites>\n"


def document(results: list[Result]) -> str:
    return "".join(c if isinstance(c, str) else c.decode("utf-8") for c in join(one(r) for r in results))
