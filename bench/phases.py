"""Where the time of one `assess` goes, phase by phase: the part of the floor's cost that any typer
command pays, and what rai-checklist adds on top of it.

    python bench/phases.py [--runs 15] [DEPLOYMENT.yaml]

Each run is a fresh process that runs the real command, with timers wrapped around a few
functions as their modules load; the medians are printed in milliseconds of CPU time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "building-access" / "deployment.yaml"

# Runs `rai-checklist assess FILE > /dev/null` in this process and prints its timeline as JSON.
DRIVER = r"""
import functools, importlib.abc, importlib.machinery, io, json, os, sys, time
clock = time.process_time
marks = {"start": clock()}
calls = {}
WRAP = {
    "checklist.cli.common": ["load_rubrics"],
    "checklist.loading.deployment": ["load_deployment"],
    "checklist.engine.assess": ["assess"],
    "checklist.cli.output": ["emit"],
}

def timed(name, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        begin = clock()
        try:
            return function(*args, **kwargs)
        finally:
            calls.setdefault(name, [begin, 0.0])[1] += clock() - begin
    return wrapper

class Wrap(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in WRAP:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        loader = spec.loader
        original = loader.exec_module
        def exec_module(module):
            original(module)
            for attr in WRAP[name]:
                setattr(module, attr, timed(attr, getattr(module, attr)))
        loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Wrap())
from checklist.cli import entry
from checklist.collector import starting
starting()  # as the console script does first
import typer
marks["typer"] = clock()
from checklist.cli import app
marks["app"] = clock()
sys.argv = ["rai-checklist", "assess", sys.argv[1]]
sys.stdout = io.StringIO()
try:
    entry.main()
except SystemExit:
    pass
marks["end"] = clock()
sys.stdout = sys.__stdout__
print(json.dumps({"marks": marks, "calls": calls}))
"""


def phases(example: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", DRIVER, str(example)], capture_output=True, text=True, check=True, cwd=REPO)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    m, c = data["marks"], data["calls"]
    rubrics_begin, rubrics = c["load_rubrics"]
    deployment = c["load_deployment"][1]
    assess = c["assess"][1]
    emit_begin, emit = c["emit"]
    assess_end = c["assess"][0] + assess
    return {
        "import typer": m["typer"] - m["start"],
        "import the app (the command table)": m["app"] - m["typer"],
        "build `assess`, convert its options (typer imports pydantic)": rubrics_begin - m["app"],
        "rubric set: import models and YAML, read the cache": rubrics,
        "load the deployment: YAML, validation, evidence": deployment,
        "assess": assess,
        "render the table": emit_begin - assess_end,
        "write it": emit,
        "exit": m["end"] - (emit_begin + emit),
        "total (after the interpreter started)": m["end"] - m["start"],
    }


def floor_total() -> float:
    code = (
        "import sys, time; t = time.process_time(); sys.argv = ['floor', sys.argv[1]]; "
        f"sys.path.insert(0, {str(REPO / 'bench')!r}); import floor_app\n"
        "try:\n    floor_app.app()\nexcept SystemExit:\n    pass\n"
        "print(time.process_time() - t, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, check=True)
    return float(out.stderr.strip().splitlines()[-1])


def report(example: Path, runs: int) -> None:
    found = [phases(example) for _ in range(runs)]
    floors = [floor_total() for _ in range(runs)]
    print(f"{'phase of `assess` of one example (CPU, medians of ' + str(runs) + ' runs)':62} {'ms':>7}")
    for name in found[0]:
        print(f"{name:62} {1000 * statistics.median(r[name] for r in found):7.1f}")
    print(f"{'the minimal typer app, same span':62} {1000 * statistics.median(floors):7.1f}")
    print("(both also pay the interpreter's own start, about 20 ms, before these spans)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("deployment", nargs="?", type=Path, default=EXAMPLE)
    args = parser.parse_args()
    report(args.deployment, args.runs)


if __name__ == "__main__":
    main()
