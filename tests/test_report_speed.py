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


def fresh_html(example: Path, cache: Path) -> str:
    code = (
        "import sys; from pathlib import Path; from checklist.cli.common import load_rubrics; "
        "from checklist.engine.assess import assess_file; from checklist.render.report.html import render_html; "
        "sys.stdout.write(render_html(assess_file(Path(sys.argv[1]), load_rubrics(None, no_config=True))))"
    )
    env = {"RAI_CHECKLIST_CACHE_DIR": str(cache), "PATH": ""}
    return subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True, env=env).stdout


def test_the_compiled_template_is_kept_and_gives_the_same_html(tmp_path):
    cache = tmp_path / "cache"
    cold = fresh_html(EXAMPLES[0], cache)
    (entry,) = cache.glob("*.jinja")
    warm = fresh_html(EXAMPLES[0], cache)
    entry.write_bytes(entry.read_bytes()[:40])  # truncated: compiled again
    again = fresh_html(EXAMPLES[0], cache)
    entry.chmod(0o666)  # writable by others: not trusted, compiled again
    untrusted = fresh_html(EXAMPLES[0], cache)
    assert cold == warm == again == untrusted and "<html" in cold


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
        "from checklist.cli.app import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)"
    )
    for path in EXAMPLES:
        alone = tmp_path / f"{path.parent.name}.pdf"
        done = subprocess.run([sys.executable, "-c", probe, str(path), str(alone)], capture_output=True, text=True)
        assert done.stderr.strip().splitlines()[-1] == "False"  # one report: no progress bar, rich never imported
        digest = hashlib.sha256(alone.read_bytes()).hexdigest()
        assert digest in {hashlib.sha256(p.read_bytes()).hexdigest() for p in together.glob("*.pdf")}
        assert digest in {hashlib.sha256(p.read_bytes()).hexdigest() for p in parallel.glob("*.pdf")}
