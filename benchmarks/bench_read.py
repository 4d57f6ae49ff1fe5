"""Benchmark: `read_chronology` of an integrated chronology, CSV and Parquet, each beside pyarrow's floor.

Reads the chronology `bench_build.py` wrote (benchmarks/out/integrated-ROWS.csv; built first if missing) and its
Parquet copy (written once by `write_chronology`). Each read runs in a fresh process; the figures are the call
alone (imports excluded), wall and CPU (user + system), medians, and the process's peak memory. The floors are
pyarrow alone: `read_csv` of the same CSV (every column as text) and `read_table` of the same Parquet file.
Target (issue 16): 4M rows under 3 s, dates as dates and categoricals as categoricals; Parquet faster still.
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

_TIMED = """
import resource, sys, time
{setup}
wall, cpu = time.perf_counter(), time.process_time()
{call}
print(time.perf_counter() - wall, time.process_time() - cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

READ = _TIMED.format(setup="from chronolane.chronology.io import read_chronology", call="read_chronology(sys.argv[1])")

CSV_FLOOR = _TIMED.format(
    setup="import pyarrow.csv as pacsv",
    call="pacsv.read_csv(sys.argv[1], parse_options=pacsv.ParseOptions(newlines_in_values=True), "
    "convert_options=pacsv.ConvertOptions(strings_can_be_null=False, quoted_strings_can_be_null=False))",
)

PARQUET_FLOOR = _TIMED.format(setup="import pyarrow.parquet as pq", call="pq.read_table(sys.argv[1])")

WRITE_PARQUET = """
import sys
from chronolane.chronology.io import read_chronology, write_chronology
from pathlib import Path
write_chronology(read_chronology(sys.argv[1]), Path(sys.argv[2]))
"""


def timed(script: str, path: Path, repeats: int) -> tuple[float, float, float]:
    """Median wall and CPU seconds of the script's timed call, and peak memory (MB), each run in a new process."""
    runs = [
        tuple(map(float, subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                                        check=True).stdout.split()))
        for _ in range(repeats)
    ]  # fmt: skip
    return tuple(statistics.median(r[i] for r in runs) for i in range(3))  # type: ignore[return-value]


def report(label: str, path: Path, script: str, floor_label: str, floor: str, repeats: int) -> None:
    """Print one format's figures beside its floor's."""
    wall, cpu, peak = timed(script, path, repeats)
    floor_wall, floor_cpu, floor_peak = timed(floor, path, repeats)
    print(
        f"  {label} ({path.stat().st_size / 1e6:.0f} MB): read_chronology {wall:.2f} s wall, {cpu:.2f} s CPU, "
        f"peak {peak:.0f} MB; {floor_label} {floor_wall:.2f} s wall, {floor_cpu:.2f} s CPU, peak {floor_peak:.0f} MB; "
        f"ratio {wall / floor_wall:.1f} x wall, {cpu / floor_cpu:.1f} x CPU (medians of {repeats})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="*", type=int, default=[1_000_000, 4_000_000])
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
        parquet = path.with_suffix(".parquet")
        if not parquet.exists() or parquet.stat().st_mtime < path.stat().st_mtime:
            subprocess.run([sys.executable, "-c", WRITE_PARQUET, str(path), str(parquet)], check=True)
        print(f"{rows:>9,} rows:")
        report("CSV", path, READ, "pyarrow read_csv", CSV_FLOOR, options.repeats)
        report("Parquet", parquet, READ, "pyarrow read_table", PARQUET_FLOOR, options.repeats)
    print(load())


if __name__ == "__main__":
    main()
