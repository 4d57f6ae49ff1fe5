"""Benchmark: `read_chronology` of an integrated chronology CSV, beside pyarrow reading the same file.

Reads the chronology `bench_build.py` wrote (benchmarks/out/integrated-ROWS.csv; built first if missing). Each
read runs in a fresh process; the figures are the call alone (imports excluded), wall and CPU, medians.
Target (issue 16): 4M rows under 3 s, with dates as dates.
Run: python benchmarks/bench_read.py [ROWS ...] [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import extract  # noqa: E402
from measure import load  # noqa: E402

READ = """
import sys, time
from chronolane.chronology.io import read_chronology
wall, cpu = time.perf_counter(), time.process_time()
read_chronology(sys.argv[1])
print(time.perf_counter() - wall, time.process_time() - cpu)
"""

FLOOR = """
import sys, time, pyarrow as pa, pyarrow.csv as pacsv
wall, cpu = time.perf_counter(), time.process_time()
pacsv.read_csv(sys.argv[1], parse_options=pacsv.ParseOptions(newlines_in_values=True),
    convert_options=pacsv.ConvertOptions(strings_can_be_null=False, quoted_strings_can_be_null=False))
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def timed(script: str, path: Path, repeats: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of the script's timed call, each run in a new process."""
    runs = [
        tuple(map(float, subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                                        check=True).stdout.split()))
        for _ in range(repeats)
    ]  # fmt: skip
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="*", type=int, default=[1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(load())
    for rows in options.rows:
        path = HERE / "out" / f"integrated-{rows}.csv"
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "chronolane", "build", str(extract(rows)), "-o", str(path)], check=True
            )
        wall, cpu = timed(READ, path, options.repeats)
        floor_wall, floor_cpu = timed(FLOOR, path, options.repeats)
        print(
            f"{rows:>9,} rows, {path.stat().st_size / 1e6:.0f} MB: read_chronology {wall:.2f} s wall, {cpu:.2f} s CPU; "
            f"pyarrow read_csv {floor_wall:.2f} s wall, {floor_cpu:.2f} s CPU; ratio {wall / floor_wall:.1f} x wall, "
            f"{cpu / floor_cpu:.1f} x CPU (medians of {options.repeats})"
        )
    print(load())


if __name__ == "__main__":
    main()
