"""Benchmark `rai-checklist report` against the design's numbers: medians of whole-process runs.

    python bench/bench_report.py [--runs 5]

Measures: one example's report (wall time and peak memory); WeasyPrint alone on the same HTML
(the pipeline's overhead over it); and eight reports with one worker versus every core.
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").glob("*/deployment.yaml"))
ONE = REPO / "examples" / "building-access" / "deployment.yaml"
EXE = shutil.which("rai-checklist") or str(Path(sys.executable).parent / "rai-checklist")

# Runs a command and prints its wall time and its peak resident memory (KiB).
MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
)

WEASYPRINT_ALONE = """
import sys
from weasyprint import HTML
HTML(string=open(sys.argv[1], encoding="utf-8").read(), base_url=None).write_pdf(
    sys.argv[2], pdf_variant="pdf/a-3u", pdf_tags=True)
"""


def measure(args: list[str], runs: int, cwd: Path) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", MEASURE, *args], cwd=cwd, capture_output=True, text=True, check=True)
        wall, peak, code = out.stdout.split()
        if code not in ("0", "1"):
            raise SystemExit(f"{' '.join(args)} exited {code}")
        walls.append(float(wall))
        peaks.append(int(peak) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # As a wheel install would be: byte-compiled, so no run pays for compiling the package.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "checklist")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([EXE, "report", str(ONE), "-o", "warm.pdf", "--html", "one.html"], cwd=work, capture_output=True, check=True)
        pages = subprocess.run(["pdfinfo", "warm.pdf"], cwd=work, capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
        page_count = re.search(r"Pages:\s+(\d+)", pages)
        report_wall, report_peak = measure([EXE, "report", str(ONE), "-o", "one.pdf"], args.runs, work)

        # The same HTML with its stylesheet inlined, rendered by WeasyPrint with the same options.
        html = (work / "one.html").read_text(encoding="utf-8")
        css = (REPO / "templates" / "report" / "report.css").read_text(encoding="utf-8")
        html = html.replace('<link rel="stylesheet" href="asset:report.css">', f"<style>{css}</style>")
        (work / "inline.html").write_text(html, encoding="utf-8")
        (work / "alone.py").write_text(WEASYPRINT_ALONE)
        alone_wall, alone_peak = measure([sys.executable, "alone.py", "inline.html", "alone.pdf"], args.runs, work)

        batch = [str(p) for p in EXAMPLES] * 2
        one_worker, _ = measure([EXE, "report", *batch, "-o", "b1", "--jobs", "1"], max(2, args.runs // 2), work)
        all_cores, _ = measure([EXE, "report", *batch, "-o", "bn"], max(2, args.runs // 2), work)

    cores = os.cpu_count() or 1
    overhead = 100 * (report_wall - alone_wall) / alone_wall
    print(f"{'what':46} {'median':>9}  target")
    print(f"{'report, one example (' + (page_count.group(1) if page_count else '?') + ' pages): wall':46} {report_wall:8.2f}s  <= 1.5 s")
    print(f"{'report, one example: peak memory':46} {report_peak:7.0f}MiB  <= 150 MiB")
    print(f"{'WeasyPrint alone, same HTML: wall':46} {alone_wall:8.2f}s  ({alone_peak:.0f} MiB)")
    print(f"{'pipeline overhead over WeasyPrint alone':46} {overhead:7.1f}%   <= 15 %")
    print(f"{f'report of {len(batch)} deployments, 1 worker':46} {one_worker:8.2f}s")
    speed_up = one_worker / all_cores
    print(f"{f'report of {len(batch)} deployments, {cores} workers':46} {all_cores:8.2f}s  speed-up {speed_up:.2f}x on {cores} cores")


if __name__ == "__main__":
    main()
