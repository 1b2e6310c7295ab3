"""Regression tests for issue 14: every promise kept under attack.

Bad input gives exit 2 and one line naming the file; no output is half-written or replaced by a
failed run; scores cannot be bent with invisible justifications, huge numbers or copied groups; the
same inputs give the same bytes wherever and however the command runs. Each test here failed before
the fix it names, except where its docstring says it guards new behaviour.
"""

from __future__ import annotations

import copy
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import GOOD, MINI, base_deployment, run

EXE = [sys.executable, "-m", "checklist"]
RUBRICS = ["--rubrics", str(MINI), "--no-builtin"]


def deployment_text(change=None) -> str:
    data = copy.deepcopy(base_deployment())
    if change:
        change(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_deployment(folder: Path, change=None, name: str = "d.yaml") -> Path:
    path = folder / name
    path.write_text(deployment_text(change))
    return path


def one_error_line(result, *expected: str) -> str:
    """Exit 2, exactly one line on stderr, no traceback, and the line says what was expected."""
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def no_temporary_files(folder: Path) -> None:
    assert [p.name for p in folder.rglob(".*.tmp")] == []


def subprocess_run(args: list[str], cwd: Path, timeout: float = 60, limits=None, env=None) -> subprocess.CompletedProcess:
    def preexec() -> None:
        for which, value in (limits or {}).items():
            resource.setrlimit(which, (value, value))

    return subprocess.run(
        [*EXE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        preexec_fn=preexec if limits else None, env=env,
    )


@pytest.fixture
def project(deploy_dir: Path) -> Path:
    """The good deployment with its evidence, in a folder of its own."""
    write_deployment(deploy_dir)
    return deploy_dir


# ---------------------------------------------------------------------------------------------- outputs


def test_output_to_a_fifo_is_written_through_and_stays_a_fifo(project: Path):
    fifo = project / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    result = None
    while time.monotonic() < deadline:  # the reader must have opened the FIFO first
        result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", fifo)
        if result.exit_code == 0:
            break
        time.sleep(0.05)
    assert result is not None and result.exit_code == 0, result.stderr if result else ""
    thread.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])[0]["deployment"]["name"] == "Test deployment"
    no_temporary_files(project)


def test_output_to_a_fifo_without_a_reader_is_refused_at_once(project: Path):
    fifo = project / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run("assess", project / "d.yaml", *RUBRICS, "-o", fifo)
    one_error_line(result, str(fifo), "no reader")
    assert time.monotonic() - started < 10
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_to_a_symlink_is_refused_and_neither_link_nor_target_changes(project: Path):
    target = project / "target.json"
    target.write_text("earlier\n")
    link = project / "link.json"
    link.symlink_to(target)
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", link)
    one_error_line(result, "link.json", "symbolic link")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "earlier\n"
    no_temporary_files(project)


def test_output_to_dev_null_leaves_a_character_device(project: Path):
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_device_names_it_and_exits_2(project: Path):
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", "/dev/full")
    one_error_line(result, "/dev/full", "no space left")
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_output_onto_an_existing_folder_exits_2(project: Path):
    folder = project / "out"
    folder.mkdir()
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", folder)
    one_error_line(result, "out", "is a folder")
    assert list(folder.iterdir()) == []


def test_init_force_onto_a_folder_writes_no_schema_first(tmp_path: Path):
    folder = tmp_path / "deployment.yaml"
    folder.mkdir()
    result = run("init", "-o", folder, "--force", "--date", "2026-01-01", "--no-config")
    one_error_line(result, "deployment.yaml", "is a folder")
    assert not (tmp_path / "deployment.schema.json").exists()


def test_report_with_a_json_output_in_a_missing_folder_writes_nothing(project: Path):
    pdf = project / "r.pdf"
    result = run("report", project / "d.yaml", *RUBRICS, "-o", pdf, "--json", project / "missing-dir" / "x.json")
    one_error_line(result, "missing-dir", "output folder does not exist")
    assert not pdf.exists()
    no_temporary_files(project)


def test_report_whose_second_output_is_a_folder_keeps_the_earlier_report(project: Path):
    pdf = project / "r.pdf"
    pdf.write_bytes(b"%PDF earlier good report")
    (project / "r.json").mkdir()
    result = run("report", project / "d.yaml", *RUBRICS, "-o", pdf, "--json", project / "r.json")
    one_error_line(result, "r.json", "is a folder")
    assert pdf.read_bytes() == b"%PDF earlier good report"


def test_two_outputs_on_one_file_are_refused(project: Path):
    same = project / "same.pdf"
    result = run("report", project / "d.yaml", *RUBRICS, "-o", same, "--html", same)
    one_error_line(result, "same.pdf", "another output")
    assert not same.exists()


def test_output_that_is_an_input_is_refused(project: Path):
    deployment = project / "d.yaml"
    before = deployment.read_bytes()
    result = run("assess", deployment, *RUBRICS, "-f", "json", "-o", deployment)
    one_error_line(result, "d.yaml", "also an input")
    assert deployment.read_bytes() == before


def test_disk_full_while_writing_names_the_file_and_leaves_nothing(project: Path, monkeypatch):
    import tempfile

    real = tempfile.mkstemp

    def onto_a_full_disk(*args, **kwargs):
        handle, name = real(*args, **kwargs)
        os.close(handle)
        return os.open("/dev/full", os.O_WRONLY), name

    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    monkeypatch.setattr(tempfile, "mkstemp", onto_a_full_disk)
    out = project / "out.json"
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", out)
    one_error_line(result, "out.json", "no space left")
    assert not out.exists()
    no_temporary_files(project)


def test_permission_denied_on_rename_names_the_file(project: Path, monkeypatch):
    import checklist.outputs

    def denied(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(checklist.outputs.os, "replace", denied)
    out = project / "out.json"
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json", "-o", out)
    one_error_line(result, "out.json", "permission denied")
    no_temporary_files(project)


def test_file_size_limit_names_the_file_and_exits_2(project: Path):
    out = project / "out.json"
    done = subprocess_run(
        ["assess", "d.yaml", *RUBRICS, "-f", "json", "-o", out, "--no-config"], project,
        limits={resource.RLIMIT_FSIZE: 2000},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "out.json" in done.stderr and "too large" in done.stderr
    assert not out.exists()
    no_temporary_files(project)


SLOW_ASSESS = """
import sys, time
import checklist.render.json as renderer
one = renderer.one
def slow(result):
    time.sleep(0.4)
    return one(result)
renderer.one = slow
sys.argv = ["rai-checklist", *sys.argv[1:]]
from checklist.cli.entry import main
main()
"""


def test_sigterm_during_a_write_removes_the_temporary_file(project: Path):
    paths = [write_deployment(project, name=f"d{i:02d}.yaml") for i in range(30)]
    out = project / "out.json"
    args = [sys.executable, "-c", SLOW_ASSESS, "assess", *map(str, paths), *RUBRICS, "-f", "json", "-o", str(out), "--no-config"]
    process = subprocess.Popen(args, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not list(project.glob(".out.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(project.glob(".out.json.*.tmp")), "the write never started"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143, err
    assert json.loads(err.strip()) == {"level": "error", "message": "terminated", "exit": 143}  # -f json: messages as JSON
    assert not out.exists()
    no_temporary_files(project)


# ---------------------------------------------------------------------------------------------- inputs


def test_yaml_nested_a_thousand_levels_exits_2(project: Path):
    path = project / "deep.yaml"
    path.write_text(deployment_text() + "notes: " + "[" * 1000 + "]" * 1000 + "\n")
    one_error_line(run("assess", path, *RUBRICS), "deep.yaml", "nested more than 100 levels")


def test_yaml_nested_a_hundred_thousand_levels_does_not_crash(project: Path):
    path = project / "deep.yaml"
    path.write_text("x: " + "[" * 100_000 + "]" * 100_000 + "\n")
    done = subprocess_run(["assess", path, *RUBRICS, "--no-config"], project)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "deep.yaml:1:" in done.stderr and "nested more than 100 levels" in done.stderr


def test_yaml_block_nesting_is_bounded_too(project: Path):
    path = project / "deep.yaml"
    path.write_text("".join(" " * i + f"k{i}:\n" for i in range(150)) + " " * 150 + "v\n")
    one_error_line(run("assess", path, *RUBRICS), "deep.yaml", "nested more than 100 levels")


def test_alias_nested_inside_itself_exits_2(project: Path):
    path = project / "self.yaml"
    path.write_text("a: &a [*a]\n")
    one_error_line(run("assess", path, *RUBRICS), "self.yaml", "nested more than 100 levels")


def test_json_nested_deeply_exits_2(tmp_path: Path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    one_error_line(run("render", path), "deep.json", "nested more than 100 levels")
    path.write_text('{"a": ' * 500 + "1" + "}" * 500)
    one_error_line(run("render", path), "deep.json", "nested more than 100 levels")


@pytest.mark.parametrize("value", ["!!timestamp foo", "!!timestamp 99999-01-01", "2026-06-01 10:30:00", "!!timestamp 2026-06-01T10:30:00Z"])
def test_timestamp_that_is_not_a_date_exits_2(project: Path, value: str):
    path = project / "ts.yaml"
    path.write_text(deployment_text().replace("date: 2026-06-01", f"date: {value}", 1))
    one_error_line(run("assess", path, *RUBRICS), "ts.yaml:5", "deployment.date", "expected a date (YYYY-MM-DD)")


def test_rate_of_1e308_exits_2(project: Path):
    path = project / "rate.yaml"
    path.write_text(deployment_text().replace("false_match_rate: 0.001\n", "false_match_rate: 1.0e+308\n", 1))
    one_error_line(run("assess", path, *RUBRICS), "rate.yaml", "false_match_rate", "less than or equal to 1")


def test_tiny_rate_gives_a_bounded_ratio(mini):
    def change(d):
        d["answers"]["BET-01"]["measurements"]["groups"]["a"]["false_match_rate"] = 1e-320

    from conftest import criterion

    c = criterion(mini(change), "BET-01")
    assert c["status"] == "fail" and c["figure"] == 1e9


def set_evidence_path(value: str):
    def change(d):
        d["answers"]["ALP-02"]["evidence"][0]["path"] = value

    return change


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("nul", "evidence/d\0oc.md", "NUL byte"),
        ("long-component", "evidence/" + "a" * 300, "too long"),
        ("loop", "loop1", "symbolic links"),
        ("fifo", "evidence/pipe.md", "FIFO"),
        ("folder", "evidence", "a folder"),
    ],
)
def test_evidence_path_that_cannot_be_read_exits_2(project: Path, name, value, expected):
    os.symlink("loop2", project / "loop1")
    os.symlink("loop1", project / "loop2")
    os.mkfifo(project / "evidence" / "pipe.md")
    path = write_deployment(project, set_evidence_path(value), "bad.yaml")
    one_error_line(run("assess", path, *RUBRICS), "bad.yaml", "answers.ALP-02.evidence[0].path", expected)


@pytest.mark.parametrize(("kind", "expected"), [("fifo", "FIFO"), ("too-long", "too long"), ("folder", "a folder")])
def test_config_path_that_is_not_a_file_exits_2(project: Path, kind: str, expected: str):
    config = {"fifo": project / "cfg.yaml", "too-long": project / ("c" * 300 + ".yaml"), "folder": project}[kind]
    if kind == "fifo":
        os.mkfifo(config)
    result = run("assess", project / "d.yaml", "--config", config)
    one_error_line(result, expected)


@pytest.mark.parametrize("kind", ["fifo", "too-long"])
def test_rubrics_path_that_is_not_a_folder_or_file_exits_2(project: Path, kind: str):
    rubrics = {"fifo": project / "rubrics", "too-long": project / ("r" * 300)}[kind]
    if kind == "fifo":
        os.mkfifo(rubrics)
    result = run("assess", project / "d.yaml", "--rubrics", rubrics, "--no-builtin")
    one_error_line(result)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [("loop1", "symbolic links"), ('"a\\0b"', "NUL byte"), ("x" * 300, "too long"), ("d.yaml/x", "not a folder")],
    ids=["loop", "nul", "too-long", "not-a-folder"],
)
def test_config_listing_a_path_that_cannot_be_read_exits_2(project: Path, entry: str, expected: str):
    os.symlink("loop2", project / "loop1")
    os.symlink("loop1", project / "loop2")
    (project / "rai-checklist.yaml").write_text(f"rubrics: [{entry}]\n")
    result = run("assess", project / "d.yaml", "--config", project / "rai-checklist.yaml")
    one_error_line(result, "rai-checklist.yaml:1", "rubrics[0]", expected)


@pytest.fixture
def saved(project: Path) -> dict:
    result = run("assess", project / "d.yaml", *RUBRICS, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_render_of_a_folder_exits_2(tmp_path: Path):
    one_error_line(run("render", tmp_path), str(tmp_path), "folder")


def test_render_of_a_fifo_exits_2_without_blocking(tmp_path: Path):
    fifo = tmp_path / "r.json"
    os.mkfifo(fifo)
    done = subprocess_run(["render", fifo], tmp_path, timeout=30)
    assert done.returncode == 2 and "r.json" in done.stderr and "FIFO" in done.stderr


def test_render_of_dev_zero_exits_2_without_reading_it(tmp_path: Path):
    done = subprocess_run(["render", "/dev/zero"], tmp_path, timeout=30, limits={resource.RLIMIT_AS: 2 << 30})
    assert done.returncode == 2 and "/dev/zero" in done.stderr and "character device" in done.stderr


def test_render_of_a_result_too_large_exits_2(tmp_path: Path):
    from checklist.inputs import MAX_RESULT_BYTES

    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_RESULT_BYTES + 1)
    one_error_line(run("render", path), "big.json", "limit")


@pytest.mark.parametrize(
    ("name", "edit", "field"),
    [
        ("unknown-principle", lambda r: r["actions"].__setitem__(0, {**r["actions"][0], "principle": "nowhere"}), "actions"),
        ("unknown-criterion", lambda r: r["actions"].__setitem__(0, {**r["actions"][0], "criterion": "NOPE-01"}), "actions[0].criterion"),
        ("no-inputs", lambda r: r.__setitem__("inputs", []), "inputs"),
        ("criterion-elsewhere", lambda r: r["principles"][0]["criteria"][0].__setitem__("principle", "beta"), "principles[0].criteria[0].principle"),
        # found by the long fuzz run: a status missing from a principle's counts broke the table
        ("counts-missing-a-status", lambda r: r["principles"][1]["counts"].pop("pass"), "principles[beta].counts"),
        ("counts-wrong", lambda r: r["principles"][0]["counts"].__setitem__("fail", 7), "principles[alpha].counts"),
    ],
)
def test_render_of_a_result_that_contradicts_itself_exits_2(tmp_path: Path, saved: dict, name, edit, field):
    data = copy.deepcopy(saved)
    if not data["actions"]:
        data["actions"] = [{"rank": 1, "criterion": "BET-02", "principle": "beta", "title": "t", "status": "partial", "score": 0.5,
                            "blocker": False, "gain": 1.0, "remediation": "r", "why_now": "w"}]
    edit(data)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data))
    for out in ("out.html", "out.md", "out.txt"):
        one_error_line(run("render", path, "-o", tmp_path / out), "r.json", field)
        assert not (tmp_path / out).exists()
    one_error_line(run("render", path), "r.json", field)  # the table on stdout


def test_render_refuses_nan_in_a_saved_result(tmp_path: Path, saved: dict):
    text = json.dumps(saved).replace('"overall_score": 100.0', '"overall_score": NaN')
    path = tmp_path / "r.json"
    path.write_text(text)
    one_error_line(run("render", path, "-f", "json"), "r.json", "NaN")


def test_unreadable_input_names_the_file(project: Path, monkeypatch):
    import checklist.inputs

    real = os.open

    def denied(path, flags, *args):
        if str(path).endswith("d.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(checklist.inputs.os, "open", denied)
    one_error_line(run("assess", project / "d.yaml", *RUBRICS), "d.yaml", "permission denied")


# ---------------------------------------------------------------------------------------------- scores


INVISIBLE = [" ", "\u200b", "\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b", "\u3164" * 12, "\u00a0\u2060\ufeff"]


@pytest.mark.parametrize("text", INVISIBLE, ids=[f"invisible-{i}" for i in range(len(INVISIBLE))])
@pytest.mark.parametrize("field", ["justification", "approver"])
def test_waiver_needs_visible_justification_and_approver(project: Path, text: str, field: str):
    def change(d):
        d["waivers"] = [{"criterion": "BET-02", "justification": "Accepted by the risk board, minute 14", "approver": "CISO", "expires": "2027-01-01"}]
        d["waivers"][0][field] = text

    path = write_deployment(project, change, "w.yaml")
    one_error_line(run("assess", path, *RUBRICS), "w.yaml", f"waivers[0].{field}", "visible characters")


def test_waiver_with_a_short_justification_is_refused(project: Path):
    def change(d):
        d["waivers"] = [{"criterion": "BET-02", "justification": "ok", "approver": "CISO", "expires": "2027-01-01"}]

    path = write_deployment(project, change, "w.yaml")
    one_error_line(run("assess", path, *RUBRICS), "needs at least 10 visible characters, not 2")


def copy_rubrics(tmp_path: Path) -> Path:
    folder = tmp_path / "rubrics"
    shutil.copytree(MINI, folder)
    return folder


OVERLAYS = {
    "disable-blocker": "kind: overlay\nformat: 2\nextends: alpha\ndisable:\n  ALP-01: \"\\u200b\"\n",
    "pass-mark-zero": "kind: overlay\nformat: 2\nextends: alpha\njustification: \"\\u200b \\u200b\"\nchange:\n  ALP-01: {pass_mark: 0}\n",
    "blocker-off": "kind: overlay\nformat: 2\nextends: alpha\njustification: \"\\u3164\\u3164\\u3164\"\nchange:\n  ALP-01: {blocker: false}\n",
}


@pytest.mark.parametrize("name", list(OVERLAYS))
def test_overlay_needs_a_visible_justification(tmp_path: Path, project: Path, name: str):
    rubrics = copy_rubrics(tmp_path)
    (rubrics / "weaken.yaml").write_text(OVERLAYS[name])
    one_error_line(run("assess", project / "d.yaml", "--rubrics", rubrics, "--no-builtin"), "weaken.yaml", "visible characters")
    lint = run("rubrics", "validate", rubrics, "--no-builtin", "--strict")
    assert lint.exit_code == 2 and "visible characters" in lint.stdout


def test_config_needs_a_visible_justification(project: Path):
    text = f'builtin: false\nrubrics: [{MINI}]\njustification: "\\u200b"\npolicy: {{default_pass_mark: 0.5}}\n'
    (project / "rai-checklist.yaml").write_text(text)
    one_error_line(run("assess", project / "d.yaml", "--config", project / "rai-checklist.yaml"), "rai-checklist.yaml", "visible characters")


@pytest.mark.parametrize(
    "overlay",
    [
        "kind: overlay\nformat: 2\nextends: policy\njustification: Board memo RAS-2026\npolicy:\n  severity_weights: {critical: 1e308}\n",
        "kind: overlay\nformat: 2\nextends: alpha\njustification: Board memo RAS-2026\nchange:\n  ALP-01: {weight: 1.0e+308}\n",
        "kind: overlay\nformat: 2\nextends: beta\njustification: Board memo RAS-2026\nweight: 1.0e+300\n",
    ],
    ids=["severity-weight", "criterion-weight", "principle-weight"],
)
def test_huge_weights_are_refused(tmp_path: Path, project: Path, overlay: str):
    rubrics = copy_rubrics(tmp_path)
    (rubrics / "huge.yaml").write_text(overlay)
    one_error_line(run("assess", project / "d.yaml", "--rubrics", rubrics, "--no-builtin", "--fail-under", "99"), "huge.yaml", "less than or equal to 100")


def test_huge_weight_in_a_policy_is_refused(tmp_path: Path, project: Path):
    rubrics = copy_rubrics(tmp_path)
    text = (rubrics / "policy.yaml").read_text().replace("critical: 5", "critical: 1.0e+308")
    (rubrics / "policy.yaml").write_text(text)
    one_error_line(run("assess", project / "d.yaml", "--rubrics", rubrics, "--no-builtin"), "policy.yaml", "severity_weights.critical")


def test_evidence_dated_after_the_assessment_counts_as_missing(mini):
    from conftest import criterion

    def change(d):
        d["answers"]["ALP-02"]["evidence"][0]["date"] = "2099-01-01"

    c = criterion(mini(change), "ALP-02")
    assert c["unevidenced"] and c["score"] == 0.5 and c["status"] != "pass"
    assert any("after the assessment date" in f for f in c["flags"])
    assert any("required evidence missing" in f for f in c["flags"])


@pytest.mark.parametrize("url", [".", "evidence/doc.md", "file:///etc/passwd", "javascript:alert(1)", "https://", "http:// example.org", "ftp://example.org/x"])
def test_evidence_url_must_be_absolute_http(project: Path, url: str):
    def change(d):
        d["answers"]["ALP-02"]["evidence"][0] = {"title": "Policy", "url": url, "date": "2026-01-01"}

    path = write_deployment(project, change, "u.yaml")
    one_error_line(run("assess", path, *RUBRICS), "u.yaml", "answers.ALP-02.evidence[0].url", "http(s) URL")


def set_groups(groups):
    def change(d):
        d["answers"]["BET-01"]["measurements"]["groups"] = groups

    return change


def test_rates_above_1_are_refused(project: Path):
    groups = {"a": {"false_match_rate": 2, "false_non_match_rate": 0.02}, "b": {"false_match_rate": 0.1, "false_non_match_rate": 0.02},
              "c": {"false_match_rate": 0.1, "false_non_match_rate": 0.02}}
    path = write_deployment(project, set_groups(groups), "r.yaml")
    one_error_line(run("assess", path, *RUBRICS), "r.yaml", "groups.a.false_match_rate")


def test_rates_all_zero_are_invalid(mini):
    from conftest import criterion

    zero = {"false_match_rate": 0, "false_non_match_rate": 0.02}
    c = criterion(mini(set_groups({"a": zero, "b": zero, "c": zero})), "BET-01")
    assert c["status"] == "invalid" and c["score"] == 0


def test_copies_of_one_group_do_not_make_several(project: Path):
    rates = {"false_match_rate": 0.001, "false_non_match_rate": 0.02}
    path = write_deployment(project, set_groups({"women": rates, "Women": rates, " women ": rates}), "g.yaml")
    one_error_line(run("assess", path, *RUBRICS), "g.yaml", "same group")


def test_unknown_measurement_key_is_refused(project: Path):
    rates = {"false_match_rate": 0.001, "false_non_match_rate": 0.02}
    groups = {"a": {**rates, "false_match_rat": 0.5}, "b": rates, "c": rates}
    path = write_deployment(project, set_groups(groups), "k.yaml")
    one_error_line(run("assess", path, *RUBRICS), "k.yaml", "groups.a.false_match_rat", "'false_match_rat' is not measured")


WEAKENING = """\
kind: overlay
format: 2
extends: alpha
justification: Board memo RAS-2026 section 4.
change:
  ALP-01: {blocker: false}
  ALP-02: {pass_mark: 0.1}
"""
WEAKENING_POLICY = """\
kind: overlay
format: 2
extends: policy
justification: Board memo RAS-2026 section 4.
policy:
  default_pass_mark: 0.5
  evidence_cap: 0.9
  allow_blocker_waivers: true
  tiers:
    II: {bar: 60, floor: 10}
"""


def test_linter_warns_on_every_weakening_overlay(tmp_path: Path):
    rubrics = copy_rubrics(tmp_path)
    (rubrics / "weak.yaml").write_text(WEAKENING)
    (rubrics / "weak-policy.yaml").write_text(WEAKENING_POLICY)
    result = run("rubrics", "validate", rubrics, "--no-builtin", "--strict", "--format", "json")
    assert result.exit_code == 2
    findings = json.loads(result.stdout)["findings"]
    codes = sorted((f["code"], f["field"]) for f in findings if f["code"].startswith("weakens"))
    assert codes == [
        ("weakens-blocker", "ALP-01"),
        ("weakens-blocker", "policy"),
        ("weakens-evidence-cap", "policy"),
        ("weakens-pass-mark", "ALP-02"),
        ("weakens-pass-mark", "policy"),
        ("weakens-tier", "policy"),
        ("weakens-tier", "policy"),
    ]
    assert all(f["level"] == "warning" and f["line"] for f in findings if f["code"].startswith("weakens"))


# ---------------------------------------------------------------------------------------------- config


CONFIG = "builtin: false\nrubrics: [{mini}]\njustification: Board memo RAS-2026 section 4.\npolicy:\n  tiers:\n    II: {{bar: 99}}\n"


def config_text() -> str:
    return CONFIG.format(mini=MINI)


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_config_in_a_shared_parent_folder_is_not_used(tmp_path: Path, home: Path, monkeypatch):
    shared = tmp_path / "shared"
    (shared / "work").mkdir(parents=True)
    (shared / "rai-checklist.yaml").write_text(config_text())
    write_deployment(shared / "work")
    shutil.copytree(GOOD.parent / "evidence", shared / "work" / "evidence")
    monkeypatch.chdir(shared / "work")
    result = run("assess", "d.yaml", *RUBRICS, "-f", "json")
    assert result.exit_code == 0 and "using config" not in result.stderr
    assert json.loads(result.stdout)[0]["tier"]["bar"] == 75


def test_config_in_the_home_folder_is_not_used_from_below(home: Path, monkeypatch):
    work = home / "work"
    work.mkdir()
    (home / "rai-checklist.yaml").write_text(config_text())
    write_deployment(work)
    shutil.copytree(GOOD.parent / "evidence", work / "evidence")
    monkeypatch.chdir(work)
    result = run("assess", "d.yaml", *RUBRICS, "-f", "json")
    assert result.exit_code == 0 and "using config" not in result.stderr
    assert json.loads(result.stdout)[0]["tier"]["bar"] == 75


def test_config_at_the_repository_root_is_used_and_named(home: Path, monkeypatch):
    repo = home / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "rai-checklist.yaml").write_text(config_text())
    (repo / "deploy").mkdir()
    write_deployment(repo / "deploy")
    shutil.copytree(GOOD.parent / "evidence", repo / "deploy" / "evidence")
    monkeypatch.chdir(repo / "deploy")
    result = run("assess", "d.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line) for line in result.stderr.splitlines()] == [{"level": "note", "message": "using config ../rai-checklist.yaml"}]
    data = json.loads(result.stdout)[0]
    assert data["tier"]["bar"] == 99
    assert [i["name"] for i in data["inputs"] if i["role"] == "config"] == ["rai-checklist.yaml"]


@pytest.mark.parametrize("fmt", ["json", "table"])
@pytest.mark.parametrize("brk", ["\\N", "\\L", "\\P"], ids=["nel", "line-separator", "paragraph-separator"])
def test_an_error_naming_a_key_with_a_line_break_is_still_one_line(project: Path, fmt: str, brk: str):
    """Found by the long fuzz run: a config key holding U+0085 (YAML `"\\N"`) came back in the JSON
    error's `field` unescaped, and U+0085, U+2028 and U+2029 each end a line for splitlines."""
    (project / "rai-checklist.yaml").write_text(f'builtin: false\nrubrics: [{MINI}]\npolicy:\n  "a{brk}b": 1\n')
    line = one_error_line(run("assess", project / "d.yaml", "--config", project / "rai-checklist.yaml", "-f", fmt), "unknown field")
    if fmt == "json":
        assert json.loads(line)["field"] == "policy.a" + {"\\N": "\x85", "\\L": "\u2028", "\\P": "\u2029"}[brk] + "b"


def test_config_is_recorded_even_when_it_changes_no_number(project: Path):
    (project / "rai-checklist.yaml").write_text(f"builtin: false\nrubrics: [{MINI}]\n")
    result = run("assess", project / "d.yaml", "--config", project / "rai-checklist.yaml", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert any(i["role"] == "config" for i in json.loads(result.stdout)[0]["inputs"])
    assert "using config" in result.stderr


def test_an_error_prints_one_line_even_with_a_config(project: Path):
    """Guards the new `using config` line: it is held back when the run fails."""
    (project / "rai-checklist.yaml").write_text(f"builtin: false\nrubrics: [{MINI}]\n")
    bad = project / "bad.yaml"
    bad.write_text("deployment: [\n")
    one_error_line(run("assess", bad, "--config", project / "rai-checklist.yaml"), "bad.yaml")


# ---------------------------------------------------------------------------------------------- determinism


ORG_OVERLAY = """\
kind: overlay
format: 2
extends: beta
justification: Our model-risk policy weighs this more.
change:
  BET-02: {weight: 3}
"""


def test_the_same_batch_from_two_working_folders_gives_the_same_bytes(tmp_path: Path, monkeypatch):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    shutil.copytree(MINI, project / "mini")
    (project / "org").mkdir()
    (project / "org" / "weights.yaml").write_text(ORG_OVERLAY)
    (project / "rai-checklist.yaml").write_text(
        "builtin: false\nrubrics: [mini]\noverlays: [org]\njustification: Board memo RAS-2026 section 4.\npolicy: {evidence_cap: 0.4}\n"
    )
    deploy = project / "teams" / "deploy"
    deploy.mkdir(parents=True)
    shutil.copytree(GOOD.parent / "evidence", deploy / "evidence")
    write_deployment(deploy, name="a.yaml")
    write_deployment(deploy, lambda d: d["deployment"].update(name="Second"), name="b.yaml")
    outputs = []
    for cwd, prefix in ((project, "teams/deploy/"), (deploy, "")):
        monkeypatch.chdir(cwd)
        result = run("assess", f"{prefix}a.yaml", f"{prefix}b.yaml", "-f", "json")
        assert result.exit_code == 0, result.stderr
        outputs.append(_without_source_path(result.stdout))
        again = run("assess", f"{prefix}a.yaml", f"{prefix}b.yaml", "-f", "json", "--rubrics", "../../mini" if not prefix else "mini",
                    "--rubrics", "../../org" if not prefix else "org")
        assert again.exit_code == 0, again.stderr
        outputs.append(_without_source_path(again.stdout))
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    data = json.loads(outputs[0])
    assert {i["name"] for i in data[0]["inputs"] if i["role"] in ("overlay", "config")} == {"org/weights.yaml", "rai-checklist.yaml"}
    assert {p["file"] for p in data[0]["provenance"]} == {"org/weights.yaml", "rai-checklist.yaml"}


def _without_source_path(text: str) -> str:
    """`source_path` is the deployment's path as given on the command line (for code scanning), so it
    alone differs by working folder; every other byte must not."""
    return re.sub(r'"source_path": "[^"]*"', '"source_path": ""', text)


@pytest.mark.pdf
def test_report_date_does_not_leak_and_user_epoch_wins(tmp_path: Path, saved: dict, monkeypatch):
    from checklist.loading.result import parse_results
    from checklist.render.report.pdf import _stamp, render_pdf

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = parse_results(json.dumps(saved).encode(), "r.json")[0]
    render_pdf(result)
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert _stamp(result).year == 1970
    render_pdf(result)
    assert os.environ["SOURCE_DATE_EPOCH"] == "86400"


@pytest.mark.pdf
def test_report_jobs_2_gives_the_same_pdfs_as_single_runs(project: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    dates = ["2026-06-01", "2026-03-15", "2025-12-24"]
    paths = [
        write_deployment(project, lambda d, day=day, i=i: d["deployment"].update(name=f"Deployment {i}", date=day), name=f"d{i}.yaml")
        for i, day in enumerate(dates)
    ]
    batch = run("report", *paths, *RUBRICS, "-o", project / "batch", "--jobs", "2")
    assert batch.exit_code == 0, batch.stderr
    for i, path in enumerate(paths):
        single = project / f"single-{i}.pdf"
        assert run("report", path, *RUBRICS, "-o", single).exit_code == 0
        assert (project / "batch" / f"deployment-{i}.pdf").read_bytes() == single.read_bytes(), f"deployment {i}"


# ---------------------------------------------------------------------------------------------- load


@pytest.mark.pdf
def test_a_50000_character_name_renders_in_seconds_on_few_pages(project: Path):
    from pypdf import PdfReader

    path = write_deployment(project, lambda d: d["deployment"].update(name="word " * 10_000), "long.yaml")
    started = time.monotonic()
    result = run("report", path, *RUBRICS, "-o", project / "long.pdf")
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    pages = PdfReader(project / "long.pdf").pages
    assert len(pages) < 15  # the running header no longer wraps into every page
    assert all(page.extract_text().count("word") < 100 for page in pages)  # 10,000 words in every header before
    assert elapsed < 60


def test_output_cut_short_by_a_closed_pipe_exits_2_naming_stdout(project: Path):
    paths = [write_deployment(project, name=f"d{i:02d}.yaml") for i in range(20)]
    process = subprocess.Popen([*EXE, "assess", *map(str, paths), *RUBRICS, "-f", "json", "--no-config"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()  # `| head -c 100`
    err = process.stderr.read()
    assert process.wait(timeout=60) == 2, err
    [line] = err.strip().splitlines()
    assert json.loads(line)["message"] == "<stdout>: the reader closed the pipe; the output was cut short"


def test_sarif_of_a_batch_streams_instead_of_holding_every_result(project: Path, monkeypatch):
    """SARIF for 10,000 deployments took 5 GB: every result was held in memory to build one document."""
    from checklist.cli.assess_cmd import Assessed

    def held(self):
        raise AssertionError("every result held in memory at once")

    monkeypatch.setattr(Assessed, "all", held)
    paths = [write_deployment(project, lambda d, i=i: d["deployment"].update(name=f"D{i} \u2028 ü"), name=f"d{i}.yaml") for i in range(3)]
    result = run("assess", *paths, *RUBRICS, "-f", "sarif")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["properties"]["deployment"] for r in data["runs"]] == ["D0 \u2028 ü", "D1 \u2028 ü", "D2 \u2028 ü"]
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"  # the same bytes as one json.dumps


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_that_is_full_exits_2_naming_stdout(project: Path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([*EXE, "assess", "d.yaml", *RUBRICS, "-f", "json", "--no-config"], cwd=project, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert json.loads(line) | {"file": "<stdout>", "message": "cannot write: no space left on the device"} == json.loads(line)
