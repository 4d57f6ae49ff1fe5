"""Benchmark: the cohort table with the Dask engine over a Parquet dataset of 20,000,000 rows partitioned by case.

Run with ``nice python benchmarks/bench_dask.py [--rows 20000000] [--workers 2] [--keep DIR]``. Writes a
synthetic integrated chronology (200 rows a case: health visiting, GP, social care referrals and assessments,
1 in 10 dates month-precision, 1 in 50 undated, 1 in 8 appointments missed) one file of ``--cases-per-file``
cases at a time, so that the rows are never all in memory, and a case details table; then runs
``measure_dataset(..., "cohort")`` on a LocalCluster of ``--workers`` worker processes (one thread each) and
prints the wall time and each worker's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.engines.dask import measure_dataset
from chronolane.files.parquet import write_parquet
from chronolane.schema.columns import COLUMNS

ROWS_A_CASE = 200
# (agency, event_type, type_text, description): what a row is; weights below
KINDS = [
    ("Health visiting", "home-visit", "Home visit", "home visit"),
    ("GP", "appointment", "Appointment", "appointment"),
    ("Children's social care", "referral", "Referral", "referral received"),
    ("Children's social care", "assessment", "Assessment", "assessment completed"),
    ("Police", "incident", "Incident", "incident attended"),
]
WEIGHTS = [0.45, 0.35, 0.06, 0.06, 0.08]


def synthetic_part(first_case: int, cases: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The integrated chronology of ``cases`` cases from ``first_case`` (schema columns, as `build` writes them)
    and their case details (one child each, born 2016 to 2020; review period from birth for three years)."""
    rows = cases * ROWS_A_CASE
    case_no = np.repeat(np.arange(first_case, first_case + cases), ROWS_A_CASE)
    born = 16_800 + (case_no * 7919) % 1_800  # days since 1970: 2016 to 2020
    start = born + rng.integers(-60, 3 * 365, rows)
    vague = rng.random(rows) < 0.1
    month = start.astype("datetime64[D]").astype("datetime64[M]")
    lo = np.where(vague, month.astype("datetime64[D]").astype(np.int64), start)
    hi = np.where(vague, (month + 1).astype("datetime64[D]").astype(np.int64) - 1, start)
    undated = rng.random(rows) < 0.02
    date_lo = lo.astype("datetime64[D]").astype("datetime64[s]")
    date_hi = hi.astype("datetime64[D]").astype("datetime64[s]")
    date_lo[undated] = np.datetime64("NaT")
    date_hi[undated] = np.datetime64("NaT")
    kind = rng.choice(len(KINDS), rows, p=WEIGHTS)
    missed = (kind <= 1) & (rng.random(rows) < 0.125)
    planned = kind <= 1

    def text(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
        return pd.array(values, dtype="str")

    def column(index: int) -> np.ndarray:
        return np.array([k[index] for k in KINDS], dtype=object)[kind]

    ids = np.array([f"case-{i:06d}" for i in range(first_case, first_case + cases)], dtype=object)
    built = {
        "event_id": text(np.char.mod("%012x", np.arange(rows) + first_case * ROWS_A_CASE).astype(object)),
        "case_id": text(ids[case_no - first_case]),
        "agency": text(column(0)),
        "subject": text(np.full(rows, "child", dtype=object)),
        "date_text": text(np.where(undated, "not known", "recorded").astype(object)),
        "date_start": date_lo,
        "date_end": date_hi,
        "date_precision": text(np.where(undated, "none", np.where(vague, "month", "day")).astype(object)),
        "event_type": text(column(1)),
        "type_text": text(column(2)),
        "attendance": text(
            np.where(missed, "was-not-brought", np.where(planned, "attended", "not-applicable")).astype(object)
        ),
        "mode": text(np.full(rows, "face-to-face", dtype=object)),
        "description": text(column(3)),
        "source_file": text(np.full(rows, "extract.parquet", dtype=object)),
        "source_row": np.arange(rows, dtype=np.int64) + 1,
    }
    frame = pd.DataFrame(
        {
            name: built[name]
            if name in built
            else np.zeros(rows, dtype=bool)
            if name == "date_approx"
            else np.full(rows, np.datetime64("NaT"), dtype="datetime64[s]")
            if name.startswith("recorded_")
            else text(np.full(rows, "", dtype=object))
            for name in COLUMNS
        }
    )
    first_born = (16_800 + (np.arange(first_case, first_case + cases) * 7919) % 1_800).astype("datetime64[D]")
    details = pd.DataFrame(
        {
            "case_id": ids,
            "subject": "child",
            "role": "child",
            "born": pd.Series(first_born).dt.strftime("%Y-%m-%d"),
            "review_start": pd.Series(first_born).dt.strftime("%Y-%m-%d"),
            "review_end": pd.Series(first_born + np.timedelta64(3 * 365, "D")).dt.strftime("%Y-%m-%d"),
        }
    )
    return frame, details


def generate(folder: Path, rows: int, cases_per_file: int) -> Path:
    """Write the dataset (one Parquet file per ``cases_per_file`` cases) and cases.parquet beside it."""
    rng = np.random.default_rng(20)
    data = folder / "data"
    data.mkdir(parents=True)
    cases = max(rows // ROWS_A_CASE, 1)
    details = []
    for k, first in enumerate(range(0, cases, cases_per_file)):
        frame, part_details = synthetic_part(first, min(cases_per_file, cases - first), rng)
        write_parquet(frame, data / f"part.{k:05d}.parquet")
        details.append(part_details)
        del frame
    write_parquet(pd.concat(details, ignore_index=True), folder / "cases.parquet")
    return data


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(folder: Path, args: argparse.Namespace) -> None:
    """Generate the dataset in ``folder`` unless it is there, then time the cohort table and print the figures."""
    import pyarrow.parquet as pq
    from distributed import Client, LocalCluster

    data = folder / "data"
    if not data.is_dir():
        began = time.perf_counter()
        generate(folder, args.rows, args.cases_per_file)
        took = time.perf_counter() - began
        print(f"generated in {took:.1f} s; generator peak {peak_rss_mb():.0f} MB", flush=True)
    files = sorted(data.iterdir())
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    size = sum(f.stat().st_size for f in files)
    print(f"dataset: {rows:,} rows in {len(files)} files ({size / 1e6:.0f} MB)", flush=True)
    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        began, cpu = time.perf_counter(), time.process_time()
        written = measure_dataset(
            data,
            folder / "cohort",
            "cohort",
            cases=folder / "cases.parquet",
            scheduler=cluster.scheduler_address,
            force=True,
        )
        wall, cpu = time.perf_counter() - began, time.process_time() - cpu
        peaks = client.run(peak_rss_mb)
    out_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (folder / "cohort").iterdir())
    print(f"cohort table of {rows:,} rows: {out_rows:,} case rows in {written} files")
    print(f"wall {wall:.1f} s ({rows / wall / 1e6:.2f} M rows/s) on {args.workers} worker processes;"
          f" client CPU {cpu:.1f} s; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    for worker, peak in sorted(peaks.items()):
        print(f"  worker {worker}: peak resident memory {peak:.0f} MB")
    print(f"  client: peak resident memory {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--cases-per-file", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--folder", type=Path, default=None, help="where to write the dataset (default: a temp folder)")
    parser.add_argument("--keep", type=Path, default=None, help="write the dataset here and keep it; reuse it if there")
    args = parser.parse_args()
    if args.keep is not None:
        run(args.keep, args)
        return
    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        run(Path(tmp), args)


if __name__ == "__main__":
    sys.exit(main())
