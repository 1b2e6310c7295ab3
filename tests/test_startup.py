"""Startup: a run builds only what it uses, and prints what the whole app would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD, MINI, REPO, run

EXE = str(Path(sys.executable).parent / "rai-checklist")
EXAMPLE = REPO / "examples" / "building-access" / "deployment.yaml"

# Runs the installed entry point, then names the heavy libraries it imported.
PROBE = """
import sys
sys.argv = ["rai-checklist", *sys.argv[1:]]
from checklist.cli.entry import main
try:
    main()
except SystemExit:
    pass
heavy = ("rich", "weasyprint", "jinja2", "pydantic", "yaml", "checklist.models.rubric", "checklist.cli.report_cmd")
print(" ".join(m for m in heavy if m in sys.modules), file=sys.stderr)
"""


def imported(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=REPO)
    return set(done.stderr.strip().splitlines()[-1].split())


@pytest.mark.parametrize("args", [["--help"], ["assess", "--help"], ["rubrics", "--help"], ["rubrics", "show", "--help"], []])
def test_help_is_what_the_whole_app_prints(args, monkeypatch, capsys):
    """The installed command builds only the command asked for; its help must be what the app
    with every command built prints (run here in-process, as `app(...)` runs in a process)."""
    from checklist.cli.app import app

    env = {"COLUMNS": "100", "PATH": ""}
    alone = subprocess.run([EXE, *args], capture_output=True, text=True, env=env)
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM", "COLORTERM", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit_:
        app(args, prog_name="rai-checklist")
    whole = capsys.readouterr()
    assert (alone.returncode, alone.stdout, alone.stderr) == (exit_.value.code, whole.out, whole.err)


def test_unknown_command_is_a_usage_error():
    done = subprocess.run([EXE, "asess", "x.yaml"], capture_output=True, text=True)
    assert done.returncode == 2 and "No such command 'asess'" in done.stderr


def test_assess_imports_neither_rich_nor_the_report_stack():
    found = imported("assess", str(EXAMPLE))
    assert "pydantic" in found and "yaml" in found
    assert not found & {"rich", "weasyprint", "jinja2", "checklist.cli.report_cmd"}


def test_help_imports_only_typer_and_the_command_modules():
    assert imported("--help") <= {"checklist.cli.report_cmd"}
    # typer converts the root's own `--help` (unset) through pydantic before a command runs
    assert imported("assess", "--help") <= {"pydantic"}


def test_version_is_quick():
    assert run("--version").stdout.startswith("rai-checklist ")
    assert imported("--version") <= {"checklist.cli.report_cmd"}


def test_the_app_object_still_holds_every_command():
    from checklist.cli.app import COMMANDS, GROUPS, app

    names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert names == {name for name, _, _ in COMMANDS + GROUPS}
    assert run("assess", GOOD, "--rubrics", MINI, "--no-builtin").exit_code == 0


SPY = """
import gc, sys
from checklist import collector
from checklist.cli import entry
seen = []
usual = collector.started
def spy():
    seen.append(gc.get_threshold()[0])
    usual()
    seen.extend([gc.get_threshold()[0], gc.get_freeze_count() > 0])
collector.started = spy
sys.argv = ["rai-checklist", "assess", sys.argv[1]]
try:
    entry.main()
except SystemExit:
    pass
print(seen, file=sys.stderr)
"""


def test_collector_passes_are_rare_until_the_rubric_set_is_loaded():
    """The console script starts with rare collector passes; loading the rubric set freezes what
    was made and brings back Python's usual threshold, so a batch collects as any program does."""
    import gc

    from checklist.collector import STARTING

    done = subprocess.run([sys.executable, "-c", SPY, str(EXAMPLE)], capture_output=True, text=True, cwd=REPO)
    assert done.stderr.strip().splitlines()[-1] == f"[{STARTING}, {gc.get_threshold()[0]}, True]"


def test_started_leaves_a_process_that_did_not_start_through_the_entry_point_alone():
    import gc

    from checklist.collector import started

    before = gc.get_threshold(), gc.get_freeze_count()
    started()
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


RENDER_SPY = """
import gc, sys
from checklist.cli import entry, reports
seen = []
render = reports._render
def spy(job):
    seen.append(gc.get_threshold()[0])
    return render(job)
reports._render = spy
sys.argv = ["rai-checklist", "report", *sys.argv[1:]]
try:
    entry.main()
except SystemExit:
    pass
print(seen, file=sys.stderr)
"""


@pytest.mark.pdf
def test_a_report_renders_with_the_usual_collector_passes(tmp_path):
    """`report` loads its rubric set without the cache; its rendering still runs as any program's would."""
    import gc

    out = tmp_path / "report.pdf"
    done = subprocess.run([sys.executable, "-c", RENDER_SPY, str(EXAMPLE), "-o", str(out)], capture_output=True, text=True, cwd=REPO)
    assert done.stderr.strip().splitlines()[-1] == f"[{gc.get_threshold()[0]}]" and out.stat().st_size > 0
