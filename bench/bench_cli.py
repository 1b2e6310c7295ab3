"""Benchmark the CLI against the numbers in the design: medians of whole-process wall time.

    python bench/bench_cli.py [--runs 7]

Measures `--help`, `assess` of one example (table), and `assess` of 250/500/1,000 generated
deployments in one call (to show it is linear). Benchmarks inform; they do not pass or fail.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "building-access" / "deployment.yaml"
EXE = [sys.executable, "-m", "checklist"]
if shutil.which("rai-checklist"):
    EXE = [shutil.which("rai-checklist")]  # type: ignore[list-item]


def wall(args: list[str], runs: int, cwd: Path | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(map(str, args))} failed: {done.stderr.decode().strip()}")
    return times


def generate(folder: Path, count: int) -> list[Path]:
    """Copies of the example with shuffled answers, each a separate file as a team would have."""
    import yaml

    from checklist.loading.yamlfile import read_yaml

    shutil.copytree(EXAMPLE.parent / "evidence", folder / "evidence", dirs_exist_ok=True)
    base = read_yaml(EXAMPLE).data
    rng = random.Random(8280)
    keys = list(base.get("answers", {}))
    paths = []
    for i in range(count):
        data = dict(base)
        data["deployment"] = {**base["deployment"], "name": f"Deployment {i:04d}"}
        answers = dict(base["answers"])
        for key in rng.sample(keys, k=min(3, len(keys))):
            answers.pop(key)
        data["answers"] = answers
        path = folder / f"d{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # As a wheel install would be: byte-compiled, so no run pays for compiling the package.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "checklist")], check=True)
    rows: list[tuple[str, float, str]] = []

    rows.append(("--help", statistics.median(wall(EXE + ["--help"], args.runs)), "<= 0.25 s"))
    rows.append(
        ("assess one example (table)", statistics.median(wall(EXE + ["assess", str(EXAMPLE)], args.runs)), "<= 0.25 s")
    )
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp), 1000)
        for count in (250, 500, 1000):
            runs = max(3, args.runs // 2)
            median = statistics.median(
                wall(EXE + ["assess", *[p.name for p in paths[:count]], "-f", "json", "-o", "out.json"], runs, cwd=Path(tmp))
            )
            rows.append((f"assess {count:,} deployments (json)", median, "<= 3 s" if count == 1000 else "linear"))
        table = statistics.median(wall(EXE + ["assess", *[p.name for p in paths]], max(3, args.runs // 2), cwd=Path(tmp)))
        rows.append(("assess 1,000 deployments (table)", table, "<= 3 s"))

    probe = (
        "import sys; from typer.testing import CliRunner; from checklist.cli.app import app; "
        f"CliRunner().invoke(app, ['assess', {str(EXAMPLE)!r}]); print('weasyprint' in sys.modules)"
    )
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()

    print(f"{'what':38} {'median':>9}  target")
    for what, seconds, target in rows:
        print(f"{what:38} {seconds:8.3f}s  {target}")
    print(f"weasyprint imported by assess: {imported}")


if __name__ == "__main__":
    main()
