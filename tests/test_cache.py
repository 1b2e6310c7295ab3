"""The rubric set cached on disk: the same bytes out, a new entry for any change, never trusted blindly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import GOOD, MINI, REPO, run

EXAMPLES = sorted((REPO / "examples").glob("*/deployment.yaml"))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RAI_CHECKLIST_CACHE_DIR", str(folder))
    monkeypatch.delenv("RAI_CHECKLIST_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def assess_json(*args) -> str:
    result = run("assess", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_cold_warm_and_uncached_runs_give_the_same_bytes(cache, monkeypatch):
    for example in EXAMPLES:
        cold = assess_json(example)
        assert len(entries(cache)) == 1
        warm = assess_json(example)
        monkeypatch.setenv("RAI_CHECKLIST_NO_CACHE", "1")
        uncached = assess_json(example)
        monkeypatch.delenv("RAI_CHECKLIST_NO_CACHE")
        assert cold == warm == uncached


def test_overlays_and_config_give_the_same_bytes_from_the_cache(cache, monkeypatch):
    monkeypatch.chdir(REPO / "examples" / "extensions" / "org-overlay")
    cold, warm = assess_json("deployment.yaml"), assess_json("deployment.yaml")
    monkeypatch.setenv("RAI_CHECKLIST_NO_CACHE", "1")
    assert cold == warm == assess_json("deployment.yaml")
    assert json.loads(warm)[0]["provenance"]


def test_the_second_run_reads_the_entry(cache, monkeypatch):
    assess_json(GOOD, "--rubrics", MINI, "--no-builtin")

    def refuse(*_args, **_kwargs):
        raise AssertionError("loaded the rubric files again")

    monkeypatch.setattr("checklist.loading.rubrics.load_rubric_set", refuse)
    assess_json(GOOD, "--rubrics", MINI, "--no-builtin")


def test_a_changed_rubric_file_is_a_new_entry(cache, tmp_path):
    rubrics = tmp_path / "mini"
    shutil.copytree(MINI, rubrics)
    first = json.loads(assess_json(GOOD, "--rubrics", rubrics, "--no-builtin"))[0]
    alpha = rubrics / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("title: Alpha", "title: Alpha renamed", 1))
    second = json.loads(assess_json(GOOD, "--rubrics", rubrics, "--no-builtin"))[0]
    assert first["principles"][0]["title"] == "Alpha" and second["principles"][0]["title"] == "Alpha renamed"
    assert len(entries(cache)) == 2


def test_a_corrupt_entry_is_ignored_and_replaced(cache):
    expected = assess_json(GOOD, "--rubrics", MINI, "--no-builtin")
    (entry,) = entries(cache)
    entry.write_bytes(entry.read_bytes()[:200])
    assert assess_json(GOOD, "--rubrics", MINI, "--no-builtin") == expected
    assert entry.stat().st_size > 200  # written again, whole
    entry.write_bytes(b"not a pickle")
    assert assess_json(GOOD, "--rubrics", MINI, "--no-builtin") == expected


def test_an_entry_others_could_write_is_not_read(cache, monkeypatch):
    expected = assess_json(GOOD, "--rubrics", MINI, "--no-builtin")
    (entry,) = entries(cache)
    os.chmod(entry, 0o666)
    calls = []
    import checklist.loading.rubrics as rubrics

    original = rubrics.load_rubric_set
    monkeypatch.setattr(rubrics, "load_rubric_set", lambda *a: calls.append(1) or original(*a))
    assert assess_json(GOOD, "--rubrics", MINI, "--no-builtin") == expected
    assert calls == [1]


def test_a_read_only_cache_folder_is_no_cache(cache, monkeypatch):
    cache.mkdir(mode=0o500)

    def read_only(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")  # as a read-only folder answers, even to root

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    first = assess_json(GOOD, "--rubrics", MINI, "--no-builtin")
    assert first == assess_json(GOOD, "--rubrics", MINI, "--no-builtin")
    assert entries(cache) == []


def test_a_cache_folder_that_cannot_be_made_is_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("RAI_CHECKLIST_CACHE_DIR", str(blocker / "cache"))
    first = assess_json(GOOD, "--rubrics", MINI, "--no-builtin")
    assert first == assess_json(GOOD, "--rubrics", MINI, "--no-builtin")


def test_switched_off(cache, monkeypatch):
    monkeypatch.setenv("RAI_CHECKLIST_NO_CACHE", "1")
    assess_json(GOOD, "--rubrics", MINI, "--no-builtin")
    assert not cache.exists()


def test_a_bad_rubric_folder_is_reported_not_cached(cache, tmp_path):
    result = run("assess", GOOD, "--rubrics", tmp_path / "missing", "--no-builtin")
    assert result.exit_code == 2 and "not found" in result.stderr
    assert entries(cache) == []


def test_a_rubric_set_no_longer_used_is_freed():
    """The engine's per-set cache of criterion fields once kept every rubric set a process had used,
    with its parsed files: hundreds of sets in a test session, 1.9 million objects that every full
    garbage collection walked. It is weakly keyed now."""
    import gc
    import weakref

    from checklist.engine.assess import assess_file
    from checklist.loading.rubrics import load_rubric_set

    rubric_set = load_rubric_set([MINI])
    assert assess_file(GOOD, rubric_set).principles
    gone = weakref.ref(rubric_set)
    del rubric_set
    gc.collect()
    assert gone() is None
