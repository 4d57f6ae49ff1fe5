"""Benchmark: draw and save the swimlane chart of a synthetic 5,000-event case as PNG and PDF; prints seconds.

Run: nice python benchmarks/bench_plot.py [--events 5000] [--out DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.model import Case
from chronolane.schema.columns import COLUMNS, Column, EventType
from chronolane.swimlane import draw_pages, save_figure, save_pages

AGENCIES = (
    "Maternity",
    "GP",
    "Health visiting",
    "Hospital",
    "Police",
    "Children's social care",
    "Housing",
    "School",
    "Mental health",
    "Probation",
)
#: Share of the events per agency: a few busy lanes, several sparse ones.
WEIGHTS = np.array([2, 10, 8, 3, 25, 40, 4, 6, 1.5, 0.5])


def synthetic_case(n: int, seed: int = 5) -> pd.DataFrame:
    """A fixed pseudo-random case of ``n`` events over ten years, some with vague dates, some key."""
    rng = np.random.default_rng(seed)
    agency = rng.choice(len(AGENCIES), size=n, p=WEIGHTS / WEIGHTS.sum())
    start = np.datetime64("2010-01-01") + rng.integers(0, 3650, size=n).astype("timedelta64[D]")
    vague = rng.random(n) < 0.1
    end = start + np.where(vague, rng.integers(20, 90, size=n), 0).astype("timedelta64[D]")
    types = [t.value for t in EventType if t not in (EventType.BIRTH, EventType.DEATH)]
    frame = pd.DataFrame(
        {
            Column.EVENT_ID: [f"ev{i:05d}" for i in range(n)],
            Column.CASE_ID: "bench",
            Column.AGENCY: np.array(AGENCIES)[agency],
            Column.SUBJECT: "A",
            Column.DATE_TEXT: "",
            Column.DATE_START: start.astype("datetime64[s]"),
            Column.DATE_END: end.astype("datetime64[s]"),
            Column.DATE_PRECISION: np.where(vague, "month", "day"),
            Column.DATE_APPROX: False,
            Column.TIME: "",
            Column.EDTF: "",
            Column.RECORDED_START: np.datetime64("NaT", "s"),
            Column.RECORDED_END: np.datetime64("NaT", "s"),
            Column.EVENT_TYPE: rng.choice(types, size=n),
            Column.TYPE_TEXT: "",
            Column.ATTENDANCE: "",
            Column.MODE: "",
            Column.DESCRIPTION: [f"Event {i} with a description of ordinary length" for i in range(n)],
            Column.SOURCE_FILE: "bench.csv",
            Column.SOURCE_ROW: np.arange(n) + 2,
            Column.ISSUES: "",
        }
    )
    frame["Key event"] = np.where(rng.random(n) < 0.004, "yes", "")
    return frame[[*COLUMNS, "Key event"]].sort_values(Column.DATE_START, kind="stable").reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=None, help="keep the charts in this folder")
    args = parser.parse_args()
    frame = synthetic_case(args.events)
    case = Case(case_id="bench", title=f"Synthetic case, {args.events:,} events")
    out = args.out or Path(tempfile.mkdtemp(prefix="chronolane-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    for suffix, pages in (("png", 1), ("pdf", 1), ("pdf", 4)):
        t0 = time.perf_counter()
        figures = draw_pages(frame, case=case, pages=pages)
        t1 = time.perf_counter()
        path = out / f"bench-{pages}p.{suffix}"
        save_figure(figures[0], path) if pages == 1 else save_pages(figures, path)
        t2 = time.perf_counter()
        print(
            f"{args.events} events -> {suffix.upper()} ({pages} page{'s' * (pages > 1)}): "
            f"draw {t1 - t0:.2f} s, save {t2 - t1:.2f} s, total {t2 - t0:.2f} s, {path.stat().st_size:,} bytes"
        )


if __name__ == "__main__":
    main()
