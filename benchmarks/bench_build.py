"""Benchmark: `chronolane build` of a 1,000,000-row long-format extract (5,000 cases, 8 agencies).

Target (issue 2): under 10 s and under 2 GB peak memory on a 2-core machine.
Run: python benchmarks/bench_build.py [ROWS]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extract import make_extract  # noqa: E402


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    data = HERE / "data" / f"extract-{rows}.csv"
    if not data.exists():
        print(f"writing {data} ...", flush=True)
        make_extract(data, rows=rows, cases=max(1, rows // 200))
    out = HERE / "out" / f"integrated-{rows}.csv"
    out.parent.mkdir(exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "chronolane", "build", str(data), "-o", str(out), "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode != 0:
        print(done.stderr)
        raise SystemExit(done.returncode)
    print(f"rows: {rows:,}  input: {data.stat().st_size / 1e6:.0f} MB")
    print(f"chronolane build (whole command, CSV written): {seconds:.2f} s, peak RSS {peak:.0f} MB")
    print("targets: < 10 s, < 2048 MB")


if __name__ == "__main__":
    main()
