"""Benchmark: follow-ups with the bundled rule sets over a 1,000,000-row chronology of 5,000 cases.

Run with ``nice python benchmarks/bench_follow_ups.py``. The frame is the synthetic normalised chronology of
``bench_gaps.py`` (1 in 10 dates month-precision, 1 in 50 undated) with descriptions drawn from phrases the
bundled rules look for; the target is all three bundled rule sets (wt2023, lac, sharing) in under 3 s.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from bench_gaps import synthetic
from chronolane.follow_ups.find import find_follow_ups, summarise_follow_ups

RULE_SETS = ["wt2023", "lac", "sharing"]
PHRASES = [
    "Domestic incident, child present",
    "Decision: no further action",
    "Assessment completed",
    "Initial child protection conference",
    "Core group meeting",
    "Review conference",
    "Child placed with foster carers",
    "Statutory visit to looked after child",
    "Looked after review",
    "Notification sent to school under Operation Encompass",
    "Midwife raised a safeguarding concern",
    "Contact recorded",
]


def with_descriptions(frame: pd.DataFrame, seed: int = 5) -> pd.DataFrame:
    """The frame with a description column drawn from ``PHRASES``."""
    rng = np.random.default_rng(seed)
    phrases = np.array(PHRASES, dtype=object)[rng.integers(0, len(PHRASES), len(frame))]
    return frame.assign(description=pd.array(phrases, dtype="str"), type_text=pd.array(["" for _ in phrases], "str"))


def main() -> None:
    """Time find_follow_ups and its summary (after a small warm-up run that loads libraries); print figures."""
    small, small_cases = synthetic(rows=2_000, cases=10)
    t0 = time.perf_counter()
    summarise_follow_ups(find_follow_ups(with_descriptions(small), RULE_SETS, cases=small_cases))
    warm_up = time.perf_counter() - t0
    frame, cases = synthetic()
    frame = with_descriptions(frame)
    print(f"synthetic frame: {len(frame):,} rows, {frame['case_id'].nunique():,} cases")
    print(f"warm-up on 2,000 rows (library loading, once per process): {warm_up:.2f} s")
    for attempt in (1, 2, 3):
        t1, c1 = time.perf_counter(), time.process_time()
        found = find_follow_ups(frame, RULE_SETS, cases=cases)
        t2 = time.perf_counter()
        summary = summarise_follow_ups(found)
        t3, c3 = time.perf_counter(), time.process_time()
        counts = found["outcome"].value_counts().to_dict()
        print(
            f"run {attempt}: find_follow_ups {len(found):,} triggers {t2 - t1:.2f} s; summary {len(summary):,} rows "
            f"{t3 - t2:.2f} s; total {t3 - t1:.2f} s wall, {c3 - c1:.2f} s CPU (target: under 3 s); {counts}"
        )


if __name__ == "__main__":
    main()
