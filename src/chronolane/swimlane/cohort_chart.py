"""Cohort charts: the longest gap in one lane across many cases, with the spread vague dates allow."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.dates.durations import parse_duration
from chronolane.errors import NoDataError, UsageError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Above this many cases the case ids are not written beside their rows.
LABELLED_CASES = 60
_RANGE_COLOUR = "#56B4E9"
_EXACT_COLOUR = "#0072B2"
_THRESHOLD_COLOUR = "#E69F00"


def draw_longest_gaps(
    ax: Axes, cohort: pd.DataFrame, *, lane: str = "Health visiting", threshold: str | None = "6M"
) -> Axes:
    """Draw each case's longest gap in ``lane`` (from a ``summarise_cohort`` table) on ``ax``; return ``ax``.

    One row per case, sorted by the longest reading: a pale bar from the shortest to the longest length the
    vague dates allow, with a tick at each end, or a dot when the dates fix it. ``threshold`` ("6M", "183D")
    is shaded over the lengths it can have (6 months is 181 to 184 days). Cases with no rows in the lane are
    not drawn and are counted in the title; never saves or shows.
    """
    low_name, high_name = f"{lane}: longest_gap_min_days", f"{lane}: longest_gap_max_days"
    if high_name not in cohort.columns:
        lanes = sorted({c.split(": ")[0] for c in cohort.columns if c.endswith(": contacts")})
        raise UsageError(f"the cohort table has no lane {lane!r}; its lanes are: {', '.join(lanes) or 'none'}.")
    low = pd.to_numeric(cohort[low_name], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(cohort[high_name], errors="coerce").to_numpy(dtype=float)
    known = ~np.isnan(high)
    if not known.any():
        raise NoDataError(f"no case has a measured gap in the lane {lane!r}: nothing to draw.")
    order = np.lexsort((low[known], high[known]))
    low, high = low[known][order], high[known][order]
    ids = cohort.loc[known, "case_id"].astype("str").to_numpy()[order]
    rows = np.arange(len(high))
    vague = high > low
    ranges = ax.hlines(rows[vague], low[vague], high[vague], colors=_RANGE_COLOUR, linewidth=4, alpha=0.6)
    ranges.set_gid("longest-gap-ranges")
    ends = ax.scatter(
        np.r_[low[vague], high[vague]], np.r_[rows[vague], rows[vague]], marker="|", s=40, color=_EXACT_COLOUR
    )
    ends.set_gid("longest-gap-range-ends")
    exact = ax.scatter(high[~vague], rows[~vague], marker="o", s=16, color=_EXACT_COLOUR, zorder=3)
    exact.set_gid("longest-gap-exact")
    over = ""
    if threshold is not None:
        shortest, longest = _threshold_days(threshold)
        certainly = int((low > longest).sum())
        possibly = int((high > shortest).sum()) - certainly
        over = f"; over {threshold}: {certainly} certainly, {possibly} possibly"
        span = ax.axvspan(shortest, longest + 0.5, color=_THRESHOLD_COLOUR, alpha=0.35, linewidth=0)
        span.set_gid("threshold")
        ax.text(longest + 2, 1.0, f"threshold {threshold}", transform=ax.get_xaxis_transform(), va="bottom", fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    if len(rows) <= LABELLED_CASES:
        ax.set_yticks(rows, labels=ids, fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel("cases, sorted by longest gap")
    ax.set_xlabel("longest gap without contact (days)")
    missing = int((~known).sum())
    note = f"; {missing} case(s) with no {lane} rows not shown" if missing else ""
    ax.set_title(
        f"Longest gap in {lane} contact: {len(rows)} case(s){over}{note}\n"
        "bar: shortest to longest length the vague dates allow; dot: exact",
        fontsize=9,
    )
    return ax


def _threshold_days(threshold: str) -> tuple[int, int]:
    """The shortest and longest length in days a threshold can have (a calendar month is 28 to 31 days)."""
    duration = parse_duration(threshold)
    days = np.arange(np.datetime64("2019-01-01", "D"), np.datetime64("2023-01-01", "D")).astype(np.int64)
    lengths = duration.add_to(days) - days
    return int(lengths.min()), int(lengths.max())
