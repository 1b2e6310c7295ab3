"""JUnit XML: one test suite per principle, one test case per criterion, for CI dashboards.

pass -> passed; partial, fail, invalid, unanswered -> failure (the type says which);
not-applicable and waived -> skipped. The gate itself stays the exit code. Results stream: each is rendered on its own (`one`) and
`join` writes the document around them, byte for byte as one tree indented whole would be."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from checklist.models.result import OUT_OF_SCOPE, SHORT_OF_PASS, Result

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = '<testsuites name="rai-checklist">'


def one(r: Result) -> str:
    """One result's test suites, each on its own line and indented as in the whole document, so a
    batch streams: `join` puts them inside the root element."""
    out = []
    for p in r.principles:
        suite = ET.Element(
            "testsuite",
            name=f"{r.deployment.name} / {p.title}",
            tests=str(len(p.criteria)),
            failures=str(sum(1 for c in p.criteria if c.status in SHORT_OF_PASS)),
            skipped=str(sum(1 for c in p.criteria if c.status in OUT_OF_SCOPE)),
            errors="0",
            timestamp=f"{r.deployment.date.isoformat()}T00:00:00",
        )
        props = ET.SubElement(suite, "properties")
        score = "n/a" if p.score is None else f"{p.score:.1f}"
        for name, value in (("score", score), ("verdict", r.verdict.value), ("tier", r.tier.id)):
            ET.SubElement(props, "property", name=name, value=value)
        for c in p.criteria:
            case = ET.SubElement(suite, "testcase", classname=f"{p.id}", name=f"{c.id} {c.title}", time="0")
            if c.status in SHORT_OF_PASS:
                kind = f"{c.status}{' blocker' if c.blocker else ''}"
                message = f"{c.status}, score {c.score:.2f} (pass mark {c.pass_mark:g})"
                failure = ET.SubElement(case, "failure", type=kind, message=message)
                failure.text = "\n".join([c.question, *c.flags, f"Remediation: {c.remediation}"])
            elif c.status in OUT_OF_SCOPE:
                ET.SubElement(case, "skipped", message=c.status + (f": {'; '.join(c.flags)}" if c.flags else ""))
        ET.indent(suite, level=1)
        out.append("\n  " + ET.tostring(suite, encoding="unicode"))
    return "".join(out)


def join(chunks: Iterable[str]) -> Iterator[str]:
    """The document around the suites, as chunks to write in turn."""
    started = False
    for chunk in chunks:
        if chunk and not started:
            yield XML_DECLARATION + ROOT
            started = True
        yield chunk
    yield "\n</testsuites>\n" if started else XML_DECLARATION + ROOT[:-1] + " />\n"


def document(results: list[Result]) -> str:
    return "".join(join(one(r) for r in results))
