"""Benchmark: `chronolane build` of long-format extracts (100,000 and 1,000,000 rows), beside the floor.

The floor is pyarrow alone reading the same input and writing a CSV of the built chronology's size (every
field quoted), in the same run. Each figure is a median of repeats, wall and CPU (the machine is shared).
Targets (issue 16): 1M rows under 3 s wall, at most 4 times the floor; peak memory under 8 times the input,
and near 3 times for descriptions of real length (``--words 80``: about 550 characters each).
Run: python benchmarks/bench_build.py [ROWS ...] [--repeats N] [--words N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extract import make_extract  # noqa: E402
from measure import load, median_of  # noqa: E402

#: Read the input with pyarrow, write its columns (repeated until the output is about the built file's size)
#: as quoted CSV: the least any tool reading this input and writing that file must do.
FLOOR = """
import sys, pyarrow as pa, pyarrow.csv as pacsv
source, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
table = pacsv.read_csv(source, convert_options=pacsv.ConvertOptions(
    column_types={}, strings_can_be_null=False, quoted_strings_can_be_null=False, auto_dict_encode=False))
table = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
columns, written = [], 0
while written < size:
    column = table.column(len(columns) % table.num_columns)
    columns.append(column)
    written += column.nbytes - len(column)  # text and 4-byte offsets; written: text, 2 quotes, 1 separator
pacsv.write_csv(pa.table(columns, names=[str(i) for i in range(len(columns))]), out,
    pacsv.WriteOptions(quoting_style="all_valid"))
"""


def extract(rows: int, words: int = 8) -> Path:
    """The benchmark extract of ``rows`` rows (200 rows a case) with descriptions of ``words`` words, written
    once and reused."""
    data = HERE / "data" / (f"extract-{rows}.csv" if words == 8 else f"extract-{rows}-{words}-words.csv")
    if not data.exists():
        print(f"writing {data} ...", flush=True)
        make_extract(data, rows=rows, cases=max(1, rows // 200), words=words)
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--words", type=int, default=8, help="words in each description (80: real length)")
    options = parser.parse_args()
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    print(load())
    for rows in options.rows:
        data = extract(rows, options.words)
        out = out_dir / f"integrated-{data.stem.removeprefix('extract-')}.csv"
        build = median_of(
            [sys.executable, "-m", "chronolane", "build", str(data), "-o", str(out), "--force"], options.repeats
        )
        floor = median_of(
            [sys.executable, "-c", FLOOR, str(data), str(out_dir / f"floor-{rows}.csv"), str(out.stat().st_size)],
            options.repeats,
        )
        size = data.stat().st_size / 1e6
        print(
            f"{rows:>9,} rows, input {size:.0f} MB: build {build.wall:.2f} s wall, {build.cpu:.2f} s CPU, "
            f"peak {build.peak_mb:.0f} MB ({build.peak_mb / size:.1f} x input); floor {floor.wall:.2f} s wall, "
            f"{floor.cpu:.2f} s CPU; build / floor {build.wall / floor.wall:.1f} x wall, "
            f"{build.cpu / floor.cpu:.1f} x CPU (medians of {options.repeats})"
        )
    print(load())
    print("targets at 1M rows: < 3 s wall, <= 4 x floor, peak < 8 x input")


if __name__ == "__main__":
    main()
