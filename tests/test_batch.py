"""Large batches: memory stays flat, every text format streams, and the pool keeps input order."""

from __future__ import annotations

from conftest import GOOD


def test_parsing_keeps_no_node_alive():
    from checklist.loading import yamlfile

    for _ in range(3):
        doc = yamlfile.read_yaml(GOOD)
        assert doc.data["deployment"]["date"]  # a constructed (non-text) scalar
    assert not yamlfile._constructor.constructed_objects
