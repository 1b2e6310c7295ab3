"""Reports: WeasyPrint and the template prepared once per run, the template kept compiled on
disk, the progress bar only where it shows, and the same bytes whichever way a report is made."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

EXE = str(Path(sys.executable).parent / "rai-checklist")
EXAMPLES = sorted((REPO / "examples").glob("*/deployment.yaml"))


def test_the_compiled_template_is_kept_and_gives_the_same_html(tmp_path, monkeypatch):
    """Each render builds a fresh Jinja environment (as a new process does), so the template
    comes from the cache folder when an entry there is whole and trusted, else is compiled again."""
    from checklist.cli.common import load_rubrics
    from checklist.engine.assess import assess_file
    from checklist.render.report import html

    cache = tmp_path / "cache"
    monkeypatch.setenv("RAI_CHECKLIST_CACHE_DIR", str(cache))
    monkeypatch.delenv("RAI_CHECKLIST_NO_CACHE", raising=False)
    result = assess_file(EXAMPLES[0], load_rubrics(None, no_config=True))
    compiled: list[bool] = []

    def fresh() -> str:
        html._environment.cache_clear()
        env = html._environment()
        original = env.compile
        env.compile = lambda *a, **k: compiled.append(True) or original(*a, **k)
        return html.render_html(result)

    try:
        cold = fresh()
        (entry,) = cache.glob("*.jinja")
        warm = fresh()
        entry.write_bytes(entry.read_bytes()[:40])  # truncated: compiled again
        again = fresh()
        entry.chmod(0o666)  # writable by others: not trusted, compiled again
        untrusted = fresh()
    finally:
        html._environment.cache_clear()
    assert cold == warm == again == untrusted and "<html" in cold
    assert len(compiled) == 3  # cold, truncated and untrusted; the warm run read the kept entry


@pytest.mark.pdf  # loads the PDF stack: a second or more in a fresh process
def test_prepare_imports_weasyprint_and_compiles_the_template():
    code = (
        "import sys; from checklist.render.report.pdf import prepare; from checklist.render.report import html; "
        "prepare(); print('weasyprint' in sys.modules, 'report.html.j2' in str(list(html._environment().cache.keys())))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True"]


@pytest.mark.pdf
def test_one_call_several_workers_and_separate_calls_give_the_same_bytes(tmp_path):
    inputs = [str(p) for p in EXAMPLES]
    together = tmp_path / "together"
    parallel = tmp_path / "parallel"
    for folder, jobs in ((together, "1"), (parallel, "2")):
        done = subprocess.run([EXE, "report", *inputs, "-o", str(folder), "--jobs", jobs], capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
    probe = (
        "import sys; sys.argv = ['rai-checklist', 'report', sys.argv[1], '-o', sys.argv[2]]; "
        "from checklist.cli.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)"
    )
    for path in EXAMPLES:
        alone = tmp_path / f"{path.parent.name}.pdf"
        done = subprocess.run([sys.executable, "-c", probe, str(path), str(alone)], capture_output=True, text=True)
        assert done.stderr.strip().splitlines()[-1] == "False"  # one report: no progress bar, rich never imported
        digest = hashlib.sha256(alone.read_bytes()).hexdigest()
        assert digest in {hashlib.sha256(p.read_bytes()).hexdigest() for p in together.glob("*.pdf")}
        assert digest in {hashlib.sha256(p.read_bytes()).hexdigest() for p in parallel.glob("*.pdf")}
