"""The benchmark still runs: its quickest mode on a tiny input (the figures themselves are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench.py"


def bench(*args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH), "--quick", *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_startup_and_batch_figures_print_with_their_floors():
    out = bench("--only", "startup,batch", "--batch", "3", "--big", "4")
    assert "load average at start" in out and "load average at end" in out
    for what in ("assess, one example", "minimal typer app", "--help", "3 deployments (table)", "4 deployments (JSON)"):
        assert what in out
    assert "x   <= 1.25x" in out


@pytest.mark.pdf
def test_report_figures_print_with_their_floors():
    out = bench("--only", "report", "--reports", "1")
    assert "WeasyPrint alone" in out and "--jobs 2" in out
