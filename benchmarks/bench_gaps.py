"""Benchmark: contact gaps and lane summaries over 1,000,000 and 4,000,000-row chronologies (200 rows a case).

Run with ``nice python benchmarks/bench_gaps.py [ROWS ...]``. The frame is synthetic and already normalised
(dates parsed), as `chronolane build` leaves it; targets: 1M rows in under 3 s on two cores, and 4M rows in
under 4 times the 1M time (linear). Wall and CPU, medians of 3 (the machine is shared).

The floor, measured in the same run on the same frame, is the least any gap computation does: number the cases
and agencies, sort the rows by case, agency and start, and take the days between neighbours (NumPy alone).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from chronolane.case.model import Case
from chronolane.dates.model import ParsedDate
from chronolane.measures.gaps import find_gaps, summarise_lanes
from chronolane.schema.columns import EventType, Precision

ROWS = 1_000_000
CASES = 5_000
AGENCIES = ["Health visiting", "GP", "Police", "Children's social care", "Hospital", "Maternity", "School", "Housing"]
TYPES = [e.value for e in EventType]


def synthetic(rows: int = ROWS, cases: int = CASES, seed: int = 4) -> tuple[pd.DataFrame, dict[str, Case]]:
    """A normalised chronology: 1 in 10 dates month-precision, 1 in 50 undated; one review period per case."""
    rng = np.random.default_rng(seed)
    case_no = np.sort(rng.integers(0, cases, rows))
    start = rng.integers(17_000, 17_000 + 5 * 365, rows)  # 2016 to 2021
    vague = rng.random(rows) < 0.1
    month_start = start.astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    next_month = (start.astype("datetime64[D]").astype("datetime64[M]") + 1).astype("datetime64[D]").astype(np.int64)
    lo = np.where(vague, month_start, start)
    hi = np.where(vague, next_month - 1, start)
    undated = rng.random(rows) < 0.02
    days_lo = lo.astype("datetime64[D]").astype("datetime64[us]")
    days_hi = hi.astype("datetime64[D]").astype("datetime64[us]")
    days_lo[undated] = np.datetime64("NaT")
    days_hi[undated] = np.datetime64("NaT")
    case_ids = np.array([f"case-{i:05d}" for i in range(cases)], dtype=object)
    frame = pd.DataFrame(
        {
            "event_id": pd.array([f"{i:012x}" for i in range(rows)], dtype="str"),
            "case_id": pd.array(case_ids[case_no], dtype="str"),
            "agency": pd.array(np.array(AGENCIES, dtype=object)[rng.integers(0, len(AGENCIES), rows)], dtype="str"),
            "subject": pd.array(np.full(rows, "child", dtype=object), dtype="str"),
            "date_start": days_lo,
            "date_end": days_hi,
            "event_type": pd.array(np.array(TYPES, dtype=object)[rng.integers(0, len(TYPES), rows)], dtype="str"),
        }
    )
    review = (
        ParsedDate("2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31), Precision.YEAR),
        ParsedDate("autumn 2021", dt.date(2021, 9, 1), dt.date(2021, 11, 30), Precision.SEASON),
    )
    mapping = {str(c): Case(case_id=str(c), review_start=review[0], review_end=review[1]) for c in case_ids}
    return frame, mapping


def floor(frame: pd.DataFrame) -> int:
    """The floor: rows sorted by case, agency and start, and the days between neighbours of one lane; returns
    how many neighbours are more than 90 days apart (so the work cannot be skipped)."""
    case = pd.factorize(frame["case_id"])[0]
    agency = pd.factorize(frame["agency"])[0]
    start = frame["date_start"].to_numpy(dtype="datetime64[D]").view(np.int64)
    dated = start != np.iinfo(np.int64).min
    lane, start = (case * len(AGENCIES) + agency)[dated], start[dated] - start[dated].min()
    order = np.argsort(lane * (int(start.max()) + 1) + start)  # one packed integer key: the fastest sort
    lane, days = lane[order], np.diff(start[order])
    return int(((days > 90) & (lane[1:] == lane[:-1])).sum())


def gaps_and_lanes(frame: pd.DataFrame, cases: dict[str, Case]) -> None:
    """What is timed: gaps and lane summaries of every case."""
    find_gaps(frame, cases=cases)
    summarise_lanes(frame, cases=cases)


def _timed(call: Callable[..., object], *args: object, repeats: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of ``call(*args)``."""
    walls, cpus = [], []
    for _ in range(repeats):
        t1, c1 = time.perf_counter(), time.process_time()
        call(*args)
        walls.append(time.perf_counter() - t1)
        cpus.append(time.process_time() - c1)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Time gap finding and lane summaries at each size (after a warm-up that loads libraries); print medians.

    Run: python benchmarks/bench_gaps.py [ROWS ...] (default 1,000,000 and 4,000,000: growth should be linear).
    """
    sizes = [int(a) for a in sys.argv[1:]] or [ROWS, 4 * ROWS]
    small, small_cases = synthetic(rows=2_000, cases=10)
    find_gaps(small, cases=small_cases)
    summarise_lanes(small, cases=small_cases)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    cpu_at = {}
    for rows in sizes:
        frame, cases = synthetic(rows=rows, cases=rows // 200)
        gaps = find_gaps(frame, cases=cases)
        summary = summarise_lanes(frame, cases=cases)
        wall, cpu_at[rows] = _timed(gaps_and_lanes, frame, cases)
        floor_wall, _ = _timed(floor, frame)
        print(
            f"{rows:>9,} rows, {rows // 200:,} cases: {len(gaps):,} gaps, {len(summary):,} lanes; gaps + summaries "
            f"{wall:.2f} s wall, {cpu_at[rows]:.2f} s CPU; floor (sort and neighbours, NumPy) {floor_wall:.2f} s "
            f"wall: {wall / floor_wall:.1f} x (medians of 3)"
        )
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(
            f"CPU growth {first:,} -> {last:,} rows: {cpu_at[last] / cpu_at[first]:.1f} x for {last / first:.0f} x rows"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
