"""Large batches: memory stays flat, every text format streams, and the pool keeps input order."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import GOOD, MINI, REPO, one_result, run

EXAMPLES = sorted((REPO / "examples").glob("*/deployment.yaml"))
MINI_ARGS = ("--rubrics", MINI, "--no-builtin")


def test_parsing_keeps_no_node_alive():
    from checklist.loading import yamlfile

    for _ in range(3):
        doc = yamlfile.read_yaml(GOOD)
        assert doc.data["deployment"]["date"]  # a constructed (non-text) scalar
    assert not yamlfile._constructor.constructed_objects


def test_remembered_tags_keep_yaml_meaning():
    """Plain scalars' tags are remembered across files (a batch resolves the same text in every
    file): a quoted value stays text after the same plain text was read as a number, and each
    file still reads YAML 1.2 booleans and dates as before."""
    from checklist.loading.yamlfile import parse_yaml

    first = parse_yaml(b"a: 1\nb: '1'\nc: 2026-01-02\nd: yes\ne: true\nf: 1.5\ng: ~\n", "first.yaml").data
    second = parse_yaml(b"b: '1'\na: 1\nc: '2026-01-02'\nd: 'true'\ne: true\nf: \"1.5\"\ng: null\n", "second.yaml").data
    assert first == {"a": 1, "b": "1", "c": dt.date(2026, 1, 2), "d": "yes", "e": True, "f": 1.5, "g": None}
    assert second == {"b": "1", "a": 1, "c": "2026-01-02", "d": "true", "e": True, "f": "1.5", "g": None}


def text_of(chunks) -> str:
    """What a stream format writes: its chunks (text, or text encoded as UTF-8) in order."""
    return "".join(c if isinstance(c, str) else c.decode("utf-8") for c in chunks)


@pytest.fixture(scope="module")
def results():
    from checklist.cli.common import load_rubrics
    from checklist.engine.assess import assess_file

    rubric_set = load_rubrics(None, no_config=True)
    return [assess_file(path, rubric_set) for path in EXAMPLES]


@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_junit_streams_exactly_the_whole_tree(results, count):
    from checklist.render import junit

    streamed = text_of(junit.join(junit.one(r) for r in results[:count]))
    root = ET.fromstring(streamed.split("\n", 1)[1])
    assert len(root) == sum(1 + len(r.principles) for r in results[:count])  # a verdict suite, then one per principle
    ET.indent(root)  # what the whole document, built as one tree and indented once, was
    assert streamed == '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_sarif_streams_exactly_the_whole_log(results, count):
    from checklist.render import sarif

    streamed = text_of(sarif.join(sarif.one(r) for r in results[:count]))
    data = json.loads(streamed)
    assert len(data["runs"]) == count
    assert streamed == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", ["json", "markdown", "junit", "sarif"])
def test_a_parallel_batch_writes_what_one_process_does_and_nothing_on_bad_input(deploy_dir: Path, fmt):
    from checklist.engine.batch import PARALLEL_FROM
    from checklist.render import FORMATS

    text = GOOD.read_text()
    paths = []
    for i in range(PARALLEL_FROM + 3):
        path = deploy_dir / f"d{i:03d}.yaml"
        path.write_text(text.replace("name: Test deployment", f"name: Batch {i:03d}"))
        paths.append(path)
    out = deploy_dir / f"batch.{fmt}"
    assert run("assess", *paths, *MINI_ARGS, "-f", fmt, "-o", out).exit_code == 0
    module = FORMATS[fmt].module()
    from checklist.cli.common import load_rubrics
    from checklist.engine.assess import assess_file

    rubric_set = load_rubrics([MINI], builtin=False, no_config=True)
    serial = text_of(module.join(module.one(assess_file(p, rubric_set)) for p in paths))
    assert out.read_text(encoding="utf-8") == serial
    before = out.read_bytes()
    paths[-1].write_text(text.replace("BET-02: {answer: yes}", "BET-02: {answer: nope}"))
    failed = run("assess", *paths, *MINI_ARGS, "-f", fmt, "-o", out)
    assert failed.exit_code == 2 and "is not an option of BET-02" in failed.stderr
    assert out.read_bytes() == before
    assert [p.name for p in deploy_dir.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_evidence_is_looked_up_afresh_each_run(deploy_dir: Path):
    import os

    text = GOOD.read_text()
    deployment = deploy_dir / "d.yaml"
    deployment.write_text(text)
    first = one_result(run("assess", deployment, *MINI_ARGS, "-f", "json").stdout)
    evidence = next(i for i in first["inputs"] if i["role"] == "evidence")
    target = deploy_dir / evidence["name"]
    moved = target.with_name("moved.md")
    target.rename(moved)
    os.symlink(moved, target)  # the same path now leads elsewhere, still inside the folder
    moved.write_text("changed")
    second = one_result(run("assess", deployment, *MINI_ARGS, "-f", "json").stdout)
    changed = next(i for i in second["inputs"] if i["name"] == evidence["name"])
    assert changed["sha256"] != evidence["sha256"]
    outside = deploy_dir.parent / "outside.md"
    outside.write_text("secret")
    target.unlink()
    os.symlink(outside, target)
    third = run("assess", deployment, *MINI_ARGS, "-f", "json")
    assert third.exit_code == 2 and "leaves the deployment's folder" in third.stderr
