"""Benchmark: the cohort charts of a synthetic cohort: small multiples (PDF pages) and the schedule shares.

Run: nice python benchmarks/bench_cohort_charts.py [--cases 120] [--size a4] [--out DIR]; prints seconds.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.model import Case, Role, Subject
from chronolane.dates import parse_date
from chronolane.schedules.checks import check_schedule
from chronolane.schema.columns import COLUMNS, Column
from chronolane.swimlane import make_figure, save_figure, save_pages
from chronolane.swimlane.cohort_schedule import draw_schedule_shares
from chronolane.swimlane.small_multiples import draw_small_multiples

AGENCIES = ("Health visiting", "GP", "Police", "Children's social care", "Hospital")


def synthetic_cohort(n_cases: int, seed: int = 11) -> tuple[pd.DataFrame, dict[str, Case]]:
    """``n_cases`` children born in 2021, 30 rows each over their first two years, a tenth of them vague."""
    rng = np.random.default_rng(seed)
    born = np.datetime64("2021-01-01") + rng.integers(0, 365, n_cases).astype("timedelta64[D]")
    per_case = 30
    case = np.repeat(np.arange(n_cases), per_case)
    start = born[case] + rng.integers(-60, 730, case.size).astype("timedelta64[D]")
    vague = rng.random(case.size) < 0.1
    end = start + np.where(vague, 30, 0).astype("timedelta64[D]")
    frame = pd.DataFrame(
        {
            Column.EVENT_ID: [f"ev{i:07d}" for i in range(case.size)],
            Column.CASE_ID: np.char.add("case-", case.astype(str)),
            Column.AGENCY: np.array(AGENCIES)[rng.integers(0, len(AGENCIES), case.size)],
            Column.SUBJECT: "child",
            Column.DATE_START: start.astype("datetime64[s]"),
            Column.DATE_END: end.astype("datetime64[s]"),
            Column.DATE_APPROX: False,
            Column.EVENT_TYPE: rng.choice(["health-visit", "appointment", "incident", "referral"], case.size),
        }
    ).reindex(columns=list(COLUMNS), fill_value="")
    cases = {
        f"case-{k}": Case(
            case_id=f"case-{k}",
            subjects=(Subject(id="child", name="", role=Role.CHILD, born=parse_date(str(born[k]))),),
            review_start=parse_date(str(born[k])),
            review_end=parse_date("2023-12-31"),
        )
        for k in range(n_cases)
    }
    return frame, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=120)
    parser.add_argument("--size", default="a4")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    frame, cases = synthetic_cohort(args.cases)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-cohort-"))
    began = time.perf_counter()
    pages = draw_small_multiples(frame, cases=cases, size=args.size)
    drawn = time.perf_counter()
    save_pages(pages, out / "swimlanes.pdf")
    saved = time.perf_counter()
    print(
        f"small multiples: {args.cases} cases, {len(frame)} rows, {len(pages)} {args.size} pages: "
        f"draw {drawn - began:.2f} s, save PDF {saved - drawn:.2f} s"
    )
    began = time.perf_counter()
    outcomes = check_schedule(frame, cases, "hcp-england")
    fig = make_figure(args.size)
    draw_schedule_shares(fig.add_subplot(), outcomes)
    save_figure(fig, out / "schedule.png")
    print(
        f"schedule shares: {len(outcomes)} expected contacts checked, drawn and saved in "
        f"{time.perf_counter() - began:.2f} s"
    )


if __name__ == "__main__":
    main()
