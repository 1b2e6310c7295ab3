"""The JUnit renderer: a suite per principle, a case per criterion, short-of-pass as failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checklist.models.result import FAILS_BLOCKER, OUT_OF_SCOPE
from checklist.render import junit


def _fails(c) -> bool:
    return c.status in FAILS_BLOCKER or (c.blocker and c.status == "unanswered")


def test_suites_cases_failures_and_skips_follow_the_gate(mixed):
    root = ET.fromstring(junit.document([mixed]))
    verdict, *suites = root.findall("testsuite")
    assert verdict.get("name").endswith("/ verdict")
    assert verdict.find("testcase/failure").get("type") == mixed.verdict.value  # not-ready fails the default gate
    assert len(suites) == len(mixed.principles)
    for suite, p in zip(suites, mixed.principles, strict=True):
        assert int(suite.get("tests")) == len(p.criteria)
        assert int(suite.get("failures")) == sum(1 for c in p.criteria if _fails(c))
        skipped = sum(1 for c in p.criteria if not _fails(c) and (c.status in OUT_OF_SCOPE or c.status == "unanswered"))
        assert int(suite.get("skipped")) == skipped
        for case, c in zip(suite.findall("testcase"), p.criteria, strict=True):
            assert case.get("name").startswith(c.id)
            assert (case.find("failure") is not None) == _fails(c)
    assert int(root.get("tests")) == 1 + sum(len(p.criteria) for p in mixed.principles)
