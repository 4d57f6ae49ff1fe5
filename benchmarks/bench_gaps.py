"""Benchmark: contact gaps and lane summaries over a 1,000,000-row chronology of 5,000 cases.

Run with ``nice python benchmarks/bench_gaps.py``. The frame is synthetic and already normalised (dates
parsed), as `chronolane build` leaves it; the target is gaps + summaries in under 3 s on two cores.
"""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd

from chronolane.case import Case
from chronolane.dates.model import ParsedDate
from chronolane.gaps import find_gaps, summarise_lanes
from chronolane.schema import EventType, Precision

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


def main() -> None:
    """Time gap finding and lane summaries (after a small warm-up run that loads libraries); print figures."""
    small, small_cases = synthetic(rows=2_000, cases=10)
    t0 = time.perf_counter()
    find_gaps(small, cases=small_cases)
    summarise_lanes(small, cases=small_cases)
    warm_up = time.perf_counter() - t0
    frame, cases = synthetic()
    print(f"synthetic frame: {len(frame):,} rows, {frame['case_id'].nunique():,} cases")
    print(f"warm-up on 2,000 rows (library loading, once per process): {warm_up:.2f} s")
    for attempt in (1, 2, 3):
        t1, c1 = time.perf_counter(), time.process_time()
        gaps = find_gaps(frame, cases=cases)
        t2 = time.perf_counter()
        summary = summarise_lanes(frame, cases=cases)
        t3, c3 = time.perf_counter(), time.process_time()
        print(
            f"run {attempt}: find_gaps {len(gaps):,} gaps {t2 - t1:.2f} s; summarise_lanes {len(summary):,} lanes "
            f"{t3 - t2:.2f} s; gaps + summaries {t3 - t1:.2f} s wall, {c3 - c1:.2f} s CPU (target: under 3 s)"
        )


if __name__ == "__main__":
    main()
