"""Where the floor is: every figure as a median and as a ratio to a floor measured in the same run.

    python bench/bench.py [--runs 5] [--quick] [--only startup,batch,report]

Whole processes, as a user runs them: wall-clock medians, with CPU time and peak resident memory
(of the largest process in the tree) per run.

- startup: `assess` of one example against a minimal typer app with one path argument
  (bench/floor_app.py), and `--help` against that app's `--help`; then where the time of
  `assess` goes, phase by phase (bench/phases.py);
- batch: 1,000 deployments in one call (table and JSON), seconds and peak memory, against reading
  the same YAML files alone; JSON against the table run, and pydantic alone encoding as many
  results (bench/json_alone.py), the floor of what JSON adds; peak memory at 10,000 (JSON);
- report: `report` of one example against WeasyPrint alone on the same HTML with the same options
  (bench/weasyprint_alone.py), and against the same inside a minimal typer app
  (bench/floor_report_app.py); 8 reports in one call with `--jobs 1` against eight separate calls;
  `--jobs 2` against `--jobs 1`.

The runs of a figure and of its floor alternate, so load on the machine weighs on both; the load
average is printed at the start and at the end. Benchmarks inform; they do not pass or fail.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
EXAMPLES = sorted((REPO / "examples").glob("*/deployment.yaml"))
ONE = REPO / "examples" / "building-access" / "deployment.yaml"
CSS = REPO / "templates" / "report" / "report.css"
SECTIONS = ("startup", "batch", "report")

# Reading the batch's YAML files and nothing else: the least any tool reading them pays.
YAML_ALONE = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        yaml.compose(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
"""

# Which heavy libraries a command imports (printed to stderr when the process ends).
PROBE = """
import atexit, sys
def report():
    found = [m for m in ("pydantic", "yaml", "rich", "jinja2", "weasyprint") if m in sys.modules]
    sys.stderr.write("IMPORTED " + " ".join(found) + "\\n")
atexit.register(report)
sys.argv = ["rai-checklist", *sys.argv[1:]]
from checklist.cli.entry import main
main()
"""


def command() -> list[str]:
    exe = Path(sys.executable).parent / "rai-checklist"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("rai-checklist")
    return [found] if found else [sys.executable, "-m", "checklist"]


@dataclass
class Run:
    wall: float
    cpu: float
    peak: float  # MiB


def run_once(args: Sequence[str | Path], cwd: Path) -> Run:
    """One process: wall time, CPU time and peak memory of it and its children (wait4's rusage)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(a) for a in args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err.seek(0)
            raise SystemExit(f"{' '.join(map(str, args))} exited {proc.returncode}: {err.read().decode()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def run_all(commands: Sequence[Sequence[str | Path]], cwd: Path) -> Run:
    """Several processes one after another, as one figure: summed times, the largest peak."""
    runs = [run_once(c, cwd) for c in commands]
    return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.peak for r in runs))


def run_together(commands: Sequence[Sequence[str | Path]], cwd: Path) -> Run:
    """Several processes at once, as one figure: wall time until the last ends, summed CPU."""
    start = time.perf_counter()
    procs = [subprocess.Popen([str(a) for a in c], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in commands]
    usages = [os.wait4(p.pid, 0)[2] for p in procs]
    wall = time.perf_counter() - start
    return Run(wall, sum(u.ru_utime + u.ru_stime for u in usages), max(u.ru_maxrss for u in usages) / 1024)


@dataclass
class Figure:
    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak(self) -> float:
        return statistics.median(r.peak for r in self.runs)


def alternate(runs: int, jobs: Sequence[tuple[Figure, Callable[[], Run]]]) -> None:
    """Each figure `runs` times, interleaved, the order rotating so no figure always goes first."""
    for i in range(runs):
        order = list(jobs[i % len(jobs):]) + list(jobs[: i % len(jobs)])
        for figure, job in order:
            figure.runs.append(job())


@dataclass
class Row:
    subject: Figure
    floor: Figure | None
    goal: str


def print_rows(rows: list[Row]) -> None:
    """Medians of wall time (the figure the goals are about) and of CPU time (which load on the
    machine disturbs less), each with its ratio to the floor."""
    head = f"{'what':44} {'median':>8} {'cpu':>7} {'peak':>8}   {'floor':40} {'median':>8} {'cpu':>7} {'ratio':>6} {'cpu':>6}   goal"
    print(head)
    print("-" * len(head))
    for row in rows:
        s, f = row.subject, row.floor
        line = f"{s.name:44} {s.wall:7.3f}s {s.cpu:6.2f}s {s.peak:5.0f}MiB"
        if f is not None:
            line += f"   {f.name:40} {f.wall:7.3f}s {f.cpu:6.2f}s {s.wall / f.wall:5.2f}x {s.cpu / f.cpu:5.2f}x"
        else:
            line += f"   {'':40} {'':8} {'':7} {'':6} {'':6}"
        print(f"{line}   {row.goal}")


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} cores"


def imported(args: Sequence[str], cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True)
    found = re.search(r"^IMPORTED ?(.*)$", done.stderr, re.M)
    return found.group(1) if found else "?"


# --- sections --------------------------------------------------------------------------------


def startup(exe: list[str], runs: int, work: Path) -> list[Row]:
    floor_app = [sys.executable, str(BENCH / "floor_app.py")]
    one, floor = Figure("assess, one example (table)"), Figure("minimal typer app, one path")
    help_, floor_help = Figure("--help"), Figure("minimal typer app --help")
    alternate(runs, [
        (one, lambda: run_once([*exe, "assess", ONE], work)),
        (floor, lambda: run_once([*floor_app, ONE], work)),
    ])
    alternate(runs, [
        (help_, lambda: run_once([*exe, "--help"], work)),
        (floor_help, lambda: run_once([*floor_app, "--help"], work)),
    ])
    print(f"imported by `assess` of one example: {imported(['assess', str(ONE)], work)}")
    print(f"imported by `--help`: {imported(['--help'], work)}")
    import phases

    phases.report(ONE, runs)
    return [Row(one, floor, "<= 1.25x"), Row(help_, floor_help, "<= 1.1x")]


def generate(folder: Path, count: int) -> list[str]:
    """Copies of an example with three answers dropped at random, each a file as a team would have."""
    import random

    import yaml

    shutil.copytree(ONE.parent / "evidence", folder / "evidence", dirs_exist_ok=True)
    with ONE.open(encoding="utf-8") as handle:
        base = yaml.load(handle, Loader=yaml.CSafeLoader)
    rng = random.Random(8280)
    keys = list(base.get("answers", {}))
    names = []
    for i in range(count):
        answers = dict(base["answers"])
        for key in rng.sample(keys, k=min(3, len(keys))):
            answers.pop(key)
        data = {**base, "deployment": {**base["deployment"], "name": f"Deployment {i:05d}"}, "answers": answers}
        name = f"d{i:05d}.yaml"
        (folder / name).write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
        names.append(name)
    return names


def batch(exe: list[str], runs: int, count: int, big: int, work: Path) -> list[Row]:
    folder = work / "batch"
    folder.mkdir()
    names = generate(folder, max(count, big))
    some = names[:count]
    table, as_json = Figure(f"assess, {count:,} deployments (table)"), Figure(f"assess, {count:,} deployments (JSON)")
    floor = Figure(f"reading the {count:,} YAML files alone")

    def json_run(n: int) -> Run:
        run = run_once([*exe, "assess", *names[:n], "-f", "json", "-o", "out.json"], folder)
        (folder / "out.json").unlink()
        return run

    alternate(runs, [
        (table, lambda: run_once([*exe, "assess", *some], folder)),
        (as_json, lambda: json_run(count)),
        (floor, lambda: run_once([sys.executable, "-c", YAML_ALONE, *some], folder)),
    ])
    saved = folder / "one.json"
    run_once([*exe, "assess", names[0], "-f", "json", "-o", saved], folder)
    encoding = Figure(f"JSON encoding alone, {count:,} results")
    alternate(runs, [(encoding, lambda: encoding_alone(saved, count))])
    large = Figure(f"assess, {big:,} deployments (JSON)")
    alternate(max(1, runs // 3), [(large, lambda: json_run(big))])
    growth = (large.peak - as_json.peak) / max(1, big - count) * 1024
    print(f"peak memory, JSON, {count:,} -> {big:,} deployments: {as_json.peak:.0f} -> {large.peak:.0f} MiB ({growth:.1f} KiB each)")
    limits = "<= 3 s, <= 100 MiB"
    added = as_json.wall - table.wall
    print(f"JSON adds {added:.2f} s to the table run; pydantic alone encodes the {count:,} results in {encoding.wall:.2f} s on one "
          f"core ({encoding.wall / 2:.2f} s on two)")
    return [
        Row(table, floor, limits), Row(as_json, floor, limits), Row(as_json, table, "JSON's cost over the table"),
        Row(encoding, None, "pydantic's floor for that cost (one core)"), Row(large, None, "<= 120 MiB peak"),
    ]


def encoding_alone(saved: Path, count: int) -> Run:
    """The encoding loop of bench/json_alone.py, timed inside its process (its imports are not the floor)."""
    script = [sys.executable, str(BENCH / "json_alone.py"), str(saved), str(count)]
    done = subprocess.run(script, capture_output=True, text=True, check=True)
    wall, cpu = map(float, done.stdout.split())
    return Run(wall, cpu, 0.0)


def pages(pdf: Path) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    return found.group(1) if found else "?"


def reports(exe: list[str], runs: int, count: int, work: Path) -> list[Row]:
    subprocess.run([*exe, "report", str(ONE), "-o", "warm.pdf", "--html", "one.html"], cwd=work, capture_output=True, check=True)
    one = Figure(f"report, one example ({pages(work / 'warm.pdf')} pages)")
    alone = Figure("WeasyPrint alone, same HTML and options")
    with_typer = Figure("the same in a minimal typer app")
    alone_args = ["one.html", str(CSS), str(ONE), "alone.pdf"]
    alternate(runs, [
        (one, lambda: run_once([*exe, "report", ONE, "-o", "one.pdf"], work)),
        (alone, lambda: run_once([sys.executable, str(BENCH / "weasyprint_alone.py"), *alone_args], work)),
        (with_typer, lambda: run_once([sys.executable, str(BENCH / "floor_report_app.py"), *alone_args], work)),
    ])
    print(f"pages: report {pages(work / 'one.pdf')}, WeasyPrint alone {pages(work / 'alone.pdf')}")

    inputs = [str(EXAMPLES[i % len(EXAMPLES)]) for i in range(count)]
    jobs1, jobs2 = Figure(f"report, {count} deployments, --jobs 1"), Figure(f"report, {count} deployments, --jobs 2")
    separate = Figure(f"{count} separate `report` calls")
    (work / "separate").mkdir()
    # The same renders by WeasyPrint alone, to show how much any program gains by rendering them in
    # one process, or in two processes at once, on this machine now.
    for example in sorted(set(inputs)):
        run_once([*exe, "report", example, "-o", "x.pdf", "--html", f"{Path(example).parent.name}.html"], work)
    triples = [[f"{Path(p).parent.name}.html", p, f"alone-{i}.pdf"] for i, p in enumerate(inputs)]
    alone_py = [sys.executable, str(BENCH / "weasyprint_alone.py")]

    def alone_in(part: list[list[str]]) -> list[str | Path]:
        first, *rest = part
        return [*alone_py, first[0], str(CSS), first[1], first[2], *[x for triple in rest for x in triple]]

    alone_one = Figure(f"WeasyPrint alone, the {count} in one process")
    alone_separate = Figure(f"WeasyPrint alone, {count} processes")
    alone_two = Figure(f"WeasyPrint alone, the {count} in 2 at once")
    half = (len(triples) + 1) // 2
    alternate(max(1, (runs + 1) // 2), [
        (jobs1, lambda: run_once([*exe, "report", *inputs, "-o", "jobs1", "--jobs", "1"], work)),
        (separate, lambda: run_all([[*exe, "report", p, "-o", f"separate/{i}.pdf"] for i, p in enumerate(inputs)], work)),
        (jobs2, lambda: run_once([*exe, "report", *inputs, "-o", "jobs2", "--jobs", "2"], work)),
        (alone_one, lambda: run_once(alone_in(triples), work)),
        (alone_separate, lambda: run_all([alone_in([triple]) for triple in triples], work)),
        (alone_two, lambda: run_together([alone_in(part) for part in (triples[:half], triples[half:]) if part], work)),
    ])
    return [
        Row(one, alone, "<= 1.10x"), Row(one, with_typer, "(our own work)"),
        Row(jobs1, separate, "<= 0.7x"), Row(alone_one, alone_separate, "(floor for the line above)"),
        Row(jobs2, jobs1, "<= 0.6x"), Row(alone_two, alone_one, "(floor for the line above)"),
    ]


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [f"python {sys.version.split()[0]}"]
    for name in ("rai-checklist", "typer", "pydantic", "rich", "weasyprint"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Runs per figure (startup figures run 3x this; the largest batch a third).")
    parser.add_argument("--quick", action="store_true", help="A smoke run: 1 run, 50/200 deployments, 2 reports.")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"Sections, comma-separated: {', '.join(SECTIONS)}.")
    parser.add_argument("--batch", type=int, default=None, help="Deployments in the batch figures (default 1,000).")
    parser.add_argument("--big", type=int, default=None, help="Deployments in the memory figure (default 10,000).")
    parser.add_argument("--reports", type=int, default=None, help="Reports in the several-reports figures (default 8).")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    count = args.batch or (50 if args.quick else 1000)
    big = args.big or (200 if args.quick else 10_000)
    n_reports = args.reports or (2 if args.quick else 8)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")

    # As a wheel install would be: byte-compiled, so no run pays for compiling the package.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "checklist"), str(BENCH)], check=True)
    exe = command()
    print(versions())
    print(f"load average at start: {loadavg()}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "startup" in sections:
            rows += startup(exe, runs if args.quick else 3 * runs, work)
        if "batch" in sections:
            rows += batch(exe, runs, count, big, work)
        if "report" in sections:
            rows += reports(exe, runs, n_reports, work)
    print()
    print_rows(rows)
    print(f"\nload average at end: {loadavg()}")


if __name__ == "__main__":
    main()
