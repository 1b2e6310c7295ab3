"""Benchmark `rai-checklist verify` against `report` on the same example: medians of whole-process runs.

    python bench/bench_verify.py [--runs 5]

The design's number: verify of one report takes at most the time report takes. Measured without and
with embedded evidence, and for a signed report (a throwaway key made here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ONE = REPO / "examples" / "building-access" / "deployment.yaml"
EXE = shutil.which("rai-checklist") or str(Path(sys.executable).parent / "rai-checklist")


def wall(args: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([EXE, *args], cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"rai-checklist {' '.join(args)} exited {done.returncode}: {done.stderr.decode().strip()}")
    return statistics.median(times)


def throwaway_key(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Signer")])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key()).serial_number(1)
        .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365)).sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (folder / "key.pem").write_bytes(pem)
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "key.pem", folder / "cert.pem"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "checklist")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        key, cert = throwaway_key(work)
        rows = []
        variants = (("plain", []), ("embedded evidence", ["--embed-evidence"]), ("signed", ["--sign", str(key), "--cert", str(cert)]))
        for label, extra in variants:
            out = f"{label.split()[0]}.pdf"
            wall(["report", str(ONE), "-o", out, *extra], 1, work)  # warm caches
            report = wall(["report", str(ONE), "-o", out, *extra], args.runs, work)
            verify = wall(["verify", out], args.runs, work)
            size = (work / out).stat().st_size
            rows.append((label, report, verify, size))
    print(f"{'report':22} {'report':>9} {'verify':>9} {'ratio':>7} {'PDF bytes':>11}  target: verify <= report")
    for label, report, verify, size in rows:
        print(f"{label:22} {report:8.2f}s {verify:8.2f}s {verify / report:7.2f} {size:11,}")


if __name__ == "__main__":
    main()
