"""`init --interactive`: the facts, then only the questions that apply; options shown with what
they mean; `unknown`; stop and resume; the same YAML as `init`. Driven from a script: keystrokes
through a prompt_toolkit pipe in-process, and the real command under a pseudo-terminal."""

from __future__ import annotations

import datetime as dt
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, MINI, one_result, run
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from checklist.authoring.questionnaire import MARK, Questionnaire, TerminalPrompts, resume
from checklist.cli.common import load_rubrics

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
MINI_FACTS = ["sector", "function", "timing", "decision_role", "consequential", "setting", "population", "enrollment",
              "alternative_available", "jurisdiction"]


def drive(out: Path, keys: str, state=None) -> tuple[bool, Questionnaire]:
    rubric_set = load_rubrics([MINI], False, None, True)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        questionnaire = Questionnaire(rubric_set, TerminalPrompts(pipe, DummyOutput()), out, dt.date(2026, 6, 1), None)
        done = questionnaire.run(state)
    return done, questionnaire


FACT_KEYS = (
    ENTER                      # sector: private (the first value)
    + DOWN + DOWN + SPACE + ENTER  # function: verification-1to1 ticked
    + ENTER                    # timing: real-time
    + DOWN + ENTER             # decision_role: decision-support
    + ENTER                    # consequential: yes
    + DOWN + SPACE + ENTER     # setting: workplace
    + DOWN + SPACE + ENTER     # population: employees
    + ENTER                    # enrollment: opt-in
    + ENTER                    # alternative_available: yes
    + ENTER                    # jurisdiction: none ticked -> unspecified
)


def test_facts_then_only_the_questions_that_apply_then_stop_and_resume(tmp_path: Path):
    shutil.copytree(FIXTURES / "deploy" / "evidence", tmp_path / "evidence")
    out = tmp_path / "d.yaml"
    # name, owner, the facts; ALP-01 `some`; ALP-02 unknown with a note; then stop at BET-01
    keys = "Door kiosk\rFacilities\r" + FACT_KEYS + DOWN + ENTER + DOWN + DOWN + ENTER + "Asked IT on 2026-05-30\r"
    keys += DOWN + DOWN + ENTER  # BET-01 (metric): skip / unknown / stop -> stop
    done, q = drive(out, keys)
    assert done is False
    text = out.read_text()
    assert MARK in text and '  name: "Door kiosk"' in text
    data = yaml.safe_load(text)
    assert data["context"]["function"] == ["verification-1to1"] and data["context"]["jurisdiction"] == "unspecified"
    assert data["context"]["consequential"] is True and data["context"]["decision_role"] == "decision-support"
    assert data["answers"]["ALP-01"] == {"answer": "some"}
    assert data["answers"]["ALP-02"] == {"answer": "unknown", "notes": "Asked IT on 2026-05-30"}
    assert "ALP-03" not in data["answers"]  # identification only: ruled out by the facts, never asked
    assert [c.id for c in q.applicable()] == ["ALP-01", "ALP-02", "BET-01", "BET-02"]
    partial = run("assess", out, "--rubrics", MINI, "--no-builtin", "-f", "json")  # a partial file loads
    assert one_result(partial.stdout)["verdict"]["value"] == "incomplete", partial.stderr
    # resume: no answered question asked again; the unspecified jurisdiction is (nothing ticked
    # again), BET-01 skipped, BET-02 `yes`
    state = resume(out)
    assert set(state.answers) == {"ALP-01", "ALP-02"} and state.header == {"name": "Door kiosk", "owner": "Facilities"}
    done, _ = drive(out, ENTER + ENTER + ENTER, state)
    assert done is True
    data = yaml.safe_load(out.read_text())
    assert data["answers"]["BET-02"] == {"answer": "yes"} and data["answers"]["BET-01"] == {"evidence": []}
    final = run("assess", out, "--rubrics", MINI, "--no-builtin", "-f", "json")
    assert final.exit_code == 1 and one_result(final.stdout)["deployment"]["name"] == "Door kiosk"


def test_the_questionnaire_writes_what_init_writes(tmp_path: Path):
    """Stopped at once (Ctrl-C), with no fact and no answer: the file is `init`'s, plus the resume mark."""
    out = tmp_path / "q.yaml"
    done, _ = drive(out, "\x03")
    assert done is False
    plain = tmp_path / "plain.yaml"
    assert run("init", "-o", plain, "--rubrics", MINI, "--no-builtin", "--no-schema", "--date", "2026-06-01").exit_code == 0
    assert out.read_text() == MARK + "\n" + plain.read_text()


def test_a_file_not_written_by_the_questionnaire_is_not_resumed(tmp_path: Path):
    out = tmp_path / "d.yaml"
    assert run("init", "-o", out, "--no-schema").exit_code == 0
    with pytest.raises(Exception, match="not written by `init --interactive`"):
        resume(out)


def _read_until(fd: int, wanted: str, seen: list[str], timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while wanted not in "".join(seen):
        if time.monotonic() > end:
            raise AssertionError(f"never saw {wanted!r}; saw: {''.join(seen)[-2000:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen.append(os.read(fd, 65536).decode("utf-8", "replace"))
            except OSError:
                break


def _drain(fd: int, seen: list[str]) -> None:
    """What the ended process still had to say, up to the end of its terminal."""
    while True:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            return
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        seen.append(chunk.decode("utf-8", "replace"))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.slow
def test_the_real_command_under_a_terminal_stops_and_resumes(tmp_path: Path):
    import pty

    out = tmp_path / "kiosk.yaml"
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": "120", "LINES": "40"}
    args = [sys.executable, "-m", "checklist", "init", "--interactive", "-o", str(out), "--rubrics", str(MINI), "--no-builtin",
            "--no-schema", "--no-config"]

    def session(steps: list[tuple[str, list[str]]]) -> str:
        main, child = pty.openpty()
        proc = subprocess.Popen(args, stdin=child, stdout=child, stderr=child, cwd=tmp_path, env=env, close_fds=True)
        os.close(child)
        seen: list[str] = []
        try:
            for wanted, keys in steps:
                _read_until(main, wanted, seen)
                for key in keys:  # one key at a time, as typed: a burst of escape sequences is read as Escape
                    os.write(main, key.encode())
                    time.sleep(0.1)
            proc.wait(timeout=60)
            _drain(main, seen)
        finally:
            if proc.poll() is None:
                proc.kill()
            os.close(main)
        assert proc.returncode == 0, "".join(seen)[-2000:]
        return "".join(seen)

    first = session([("Name of the deployment", ["Lobby\r"]), ("Team or organisation", ["Security\r"]),
                     ("sector:", [DOWN] * 4 + [ENTER])])  # sector: 3 values, unspecified, then "save and stop"
    assert "saved" in first
    assert MARK in out.read_text() and yaml.safe_load(out.read_text())["deployment"]["name"] == "Lobby"
    second = session([("sector:", [ENTER]), ("function:", [ENTER]), ("timing:", ["\x03"])])
    assert "saved" in second  # Ctrl-C saves too
    data = yaml.safe_load(out.read_text())
    assert data["context"]["sector"] == "private" and data["context"]["function"] == "unspecified"
    assert data["deployment"]["owner"] == "Security"
