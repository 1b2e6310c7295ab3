"""The JUnit renderer: a suite per principle, a case per criterion, short-of-pass as failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checklist.models.result import OUT_OF_SCOPE, SHORT_OF_PASS
from checklist.render import junit


def test_suites_cases_failures_and_skips_follow_the_statuses(mixed):
    root = ET.fromstring(junit.document([mixed]))
    suites = root.findall("testsuite")
    assert len(suites) == len(mixed.principles)
    for suite, p in zip(suites, mixed.principles, strict=True):
        assert int(suite.get("tests")) == len(p.criteria)
        assert int(suite.get("failures")) == sum(1 for c in p.criteria if c.status in SHORT_OF_PASS)
        assert int(suite.get("skipped")) == sum(1 for c in p.criteria if c.status in OUT_OF_SCOPE)
        for case, c in zip(suite.findall("testcase"), p.criteria, strict=True):
            assert case.get("name").startswith(c.id)
            assert (case.find("failure") is not None) == (c.status in SHORT_OF_PASS)
