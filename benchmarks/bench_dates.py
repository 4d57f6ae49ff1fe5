"""Benchmark: parse_dates on a 1,000,000-row date column with about 30,000 distinct spellings.

Compares against pandas.to_datetime(column, format="%d/%m/%Y", errors="coerce") on the same column (which
reads only that one format) and against dateparser called once per distinct spelling (timed on a sample of
distinct spellings and extrapolated). Run with: nice python benchmarks/bench_dates.py [--rows N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from chronolane.dates import parse_dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
VAGUE = [
    "autumn {y}", "early {y}", "mid-{y}", "late {y}", "c. {y}", "Q3 {y}", "spring {y}", "winter {y}/{z}",
    "first half of {y}", "{y}", "approx. March {y}", "March to October {y}", "{y}-{z}", "late {y} to early {z}",
    "Easter {y}", "FY {y}/{z}", "autumn term {y}", "{y}ish", "Christmas {y}", "after {y}", "Mar-{y}",
]  # fmt: skip
RELATIVE = ["the following day", "six months later", "the next day", "two weeks later", "the same day",
            "a year later", "the following month", "3 days later"]  # fmt: skip
TIMES = ["09:00", "09:30", "10:15", "11:00", "12:30", "14:00", "14:30", "15:45", "16:00", "17:30"]
UNDATED = ["", "n/k", "unknown", "TBC", "?", "-", "not known", "date unknown"]
#: Share of rows per kind of spelling: mostly dd/mm/yyyy, then dd/mm/yy, written, ISO with time, ...
MIX = {"dmy4": 0.55, "dmy2": 0.12, "written": 0.09, "iso_time": 0.08, "month": 0.05, "vague": 0.04,
       "relative": 0.03, "undated": 0.03, "week_range": 0.01}  # fmt: skip


def _days(rng: np.random.Generator, n: int, span: int) -> list[dt.date]:
    base = dt.date(2024, 12, 31)
    return [base - dt.timedelta(days=int(d)) for d in rng.integers(0, span, n)]


def make_column(rows: int, seed: int = 0) -> tuple[pd.Series, pd.Series]:
    """A realistic date column (and its source keys, about 25 rows per source) in file order."""
    rng = np.random.default_rng(seed)
    counts = {kind: int(rows * share) for kind, share in MIX.items()}
    counts["dmy4"] += rows - sum(counts.values())
    parts: list[list[str]] = []
    parts.append([d.strftime("%d/%m/%Y") for d in _days(rng, counts["dmy4"], 365 * 30)])
    parts.append([d.strftime("%d/%m/%y") for d in _days(rng, counts["dmy2"], 365 * 15)])
    written = []
    for i, d in enumerate(_days(rng, counts["written"], 365 * 3)):
        month = MONTHS[d.month - 1]
        forms = (
            f"{d.day} {month} {d.year}",
            f"{d.day} {month[:3]} {d.year}",
            f"{WEEKDAYS[d.weekday()]} {d.day} {month} {d.year}",
            f"{month} {d.day}, {d.year}",
            f"{d.strftime('%d')}-{month[:3]}-{d.strftime('%y')}",
        )
        written.append(forms[i % len(forms)])
    parts.append(written)
    times = [TIMES[i] for i in rng.integers(0, len(TIMES), counts["iso_time"])]
    iso_days = _days(rng, counts["iso_time"], 365)
    parts.append([f"{d.isoformat()} {t}" for d, t in zip(iso_days, times, strict=True)])
    months = _days(rng, counts["month"], 365 * 30)
    parts.append([(f"{MONTHS[d.month - 1]} {d.year}", f"{MONTHS[d.month - 1][:3]}-{d.strftime('%y')}",
                   d.strftime("%m/%Y"))[i % 3] for i, d in enumerate(months)])  # fmt: skip
    years = rng.integers(1990, 2025, counts["vague"])
    parts.append([VAGUE[i % len(VAGUE)].format(y=y, z=y + 1, w=y + 1) for i, y in enumerate(years)])
    parts.append([RELATIVE[i] for i in rng.integers(0, len(RELATIVE), counts["relative"])])
    parts.append([UNDATED[i] for i in rng.integers(0, len(UNDATED), counts["undated"])])
    weeks = _days(rng, counts["week_range"], 365 * 6)
    parts.append(
        [
            f"w/c {d:%d/%m/%Y}" if i % 2 else f"{d:%d/%m/%Y} - {d + dt.timedelta(days=4):%d/%m/%Y}"
            for i, d in enumerate(weeks)
        ]
    )
    texts = np.array([t for part in parts for t in part], dtype=object)
    texts = texts[rng.permutation(len(texts))]
    sources = np.sort(rng.integers(0, max(1, rows // 25), rows))
    return pd.Series(texts, dtype="str"), pd.Series(sources)


def _timings(readers: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Wall-clock seconds of each reader, run in turn ``repeat`` times (interleaved, so load hits all alike)."""
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(repeat):
        for name, reader in readers.items():
            start = time.perf_counter()
            reader()
            times[name].append(time.perf_counter() - start)
    return times


def _dateparser_reader(distinct: np.ndarray, sample: int, repeat: int) -> tuple[Callable[[], object], int]:
    """A reader calling dateparser (one reused parser, chronolane's settings) on a slice of a random sample
    of distinct values per run, so that its timing shares the load of the interleaved runs; and the slice size.
    """
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "PREFER_MONTH_OF_YEAR": "first",
                  "RELATIVE_BASE": dt.datetime(2001, 2, 3)},
    )  # fmt: skip
    parser.get_date_data("03/04/2018")  # load its data before timing
    values = np.random.default_rng(1).choice(distinct, size=min(sample, len(distinct)), replace=False)
    per_run = max(1, len(values) // repeat)
    slices = iter([values[i * per_run : (i + 1) * per_run] for i in range(repeat)])

    def read() -> None:
        for value in next(slices):
            parser.get_date_data(str(value))

    return read, per_run


def main() -> None:
    """Build the column, time the three readers, print a table."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--rows", type=int, default=1_000_000)
    args.add_argument("--repeat", type=int, default=5)
    args.add_argument("--sample", type=int, default=1000, help="distinct values timed with dateparser")
    options = args.parse_args()

    texts, sources = make_column(options.rows)
    distinct = texts.unique()
    dateparser_sample, per_run = _dateparser_reader(np.asarray(distinct, dtype=object), options.sample, options.repeat)
    times = _timings(
        {
            "parse_dates": lambda: parse_dates(texts, sources=sources),
            "to_datetime": lambda: pd.to_datetime(texts, format="%d/%m/%Y", errors="coerce"),
            "dateparser": dateparser_sample,
        },
        options.repeat,
    )
    ours, theirs = statistics.median(times["parse_dates"]), statistics.median(times["to_datetime"])
    per_value = statistics.median(times["dateparser"]) / per_run
    dateparser_total = per_value * len(distinct)
    out = parse_dates(texts, sources=sources)
    dated = out["date_start"].notna().mean()
    fallback = out["issues"].str.contains("dateparser-fallback").sum()

    print(f"rows: {len(texts):,}  distinct spellings: {len(distinct):,}  sources: {sources.nunique():,}")
    print(f"rows read as an interval: {dated:.1%}  rows read by the dateparser fallback: {fallback:,}")
    print()
    print(f"{'reader':<62} {'median s':>9} {'best s':>8} {'time / parse_dates':>19}")
    rows = [
        ("chronolane parse_dates (all rules, order per source)", times["parse_dates"]),
        ("pandas.to_datetime(format='%d/%m/%Y', errors='coerce')", times["to_datetime"]),
    ]
    for label, runs in rows:
        median = statistics.median(runs)
        print(f"{label:<62} {median:9.3f} {min(runs):8.3f} {median / ours:18.1f}x")
    label = "dateparser, once per distinct value (extrapolated)"
    print(f"{label:<62} {dateparser_total:9.1f} {'':>8} {dateparser_total / ours:18.1f}x")
    print()
    print(f"{options.repeat} interleaved runs each. dateparser: {per_value * 1000:.2f} ms per value (median run of "
          f"{per_run} distinct values drawn at random) x {len(distinct):,} distinct values: extrapolated, "
          "not run in full.")  # fmt: skip
    print(f"parse_dates is {theirs / ours:.1f}x faster than to_datetime and {dateparser_total / ours:.0f}x faster "
          "than dateparser per distinct value (targets: >1x and >=30x).")  # fmt: skip


if __name__ == "__main__":
    main()
