"""Chart layout limits from both sides: the density above which a lane becomes counts, sub-rows, lane heights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chronolane.swimlane import draw_swimlanes, make_figure
from chronolane.swimlane.layout import (
    DENSITY_LIMIT,
    THIN_POINTS,
    collision_groups,
    first_fit_rows,
    lane_density,
    lane_heights,
    period_counts,
)
from test_swimlane import make_frame

#: Four calendar years with one leap day: exactly 4 x 365.25 days, so events per lane-year are exact.
FOUR_YEARS = ("2016-01-01", "2019-12-31")


def _police_days(n: int) -> pd.DataFrame:
    """``n`` one-day Police events spread over FOUR_YEARS, and one GP event."""
    days = pd.date_range(FOUR_YEARS[0], FOUR_YEARS[1], periods=n).normalize()
    day = [str(d.date()) for d in days]
    rows = [(f"p{i:03}", "Police", "", d, d, "day", False, "incident", "x", "") for i, d in enumerate(day)]
    rows.append(("g1", "GP", "", "2017-03-01", "2017-03-01", "day", False, "appointment", "x", ""))
    return make_frame(rows)


def _counted_lanes(frame: pd.DataFrame, limit: float) -> set[str]:
    ax = make_figure("a4").add_subplot()
    draw_swimlanes(ax, frame, case=None, start=FOUR_YEARS[0], end=FOUR_YEARS[1], density_limit=limit)
    return {c.get_gid().removeprefix("counts:") for c in ax.collections if (c.get_gid() or "").startswith("counts:")}


@pytest.mark.parametrize(("events", "counted"), [(120, set()), (121, {"Police"})])
def test_a_lane_becomes_counts_only_above_the_density_limit_not_at_it(events: int, counted: set[str]) -> None:
    """120 events in four years is exactly 30 per lane-year: still drawn event by event; 121 is above."""
    assert DENSITY_LIMIT == 30.0
    assert _counted_lanes(_police_days(events), DENSITY_LIMIT) == counted


def _lanes(*lane_y: int) -> pd.DataFrame:
    return pd.DataFrame({"lane_y": np.array(lane_y, dtype=float)})


def test_density_is_events_per_lane_per_year_of_the_window() -> None:
    assert lane_density(_lanes(0, 0, 1), 3, (0.0, 365.25)).tolist() == [2.0, 1.0, 0.0]
    assert lane_density(_lanes(0, 0), 1, (0.0, 730.5)).tolist() == [1.0]


@pytest.mark.parametrize(("days", "per_year"), [(91.3125, 4.0), (30.0, 4.0), (182.625, 2.0)])
def test_a_window_shorter_than_a_quarter_counts_as_a_quarter_of_a_year(days: float, per_year: float) -> None:
    """One event in a month is not 12 a year: windows under a quarter of a year count as a quarter."""
    assert lane_density(_lanes(0), 1, (0.0, days)).tolist() == [per_year]


def test_an_item_starting_the_day_the_previous_one_ends_shares_its_sub_row() -> None:
    """Ends are exclusive: touching items do not collide; overlapping by a day they do."""
    lane = np.zeros(2, dtype=int)
    rows, overflow = first_fit_rows(lane, np.array([0.0, 5.0]), np.array([5.0, 6.0]), max_rows=2)
    assert rows.tolist() == [0, 0] and overflow.tolist() == [False, False]
    rows, overflow = first_fit_rows(lane, np.array([0.0, 4.0]), np.array([5.0, 6.0]), max_rows=2)
    assert rows.tolist() == [0, 1] and overflow.tolist() == [False, False]


def test_items_beyond_the_last_free_sub_row_overflow_and_the_first_max_rows_do_not() -> None:
    lane = np.zeros(3, dtype=int)
    x0, x1 = np.zeros(3), np.ones(3)
    rows, overflow = first_fit_rows(lane, x0, x1, max_rows=3)
    assert rows.tolist() == [0, 1, 2] and not overflow.any()
    rows, overflow = first_fit_rows(lane, x0, x1, max_rows=2)
    assert overflow.tolist() == [False, False, True]


def test_sub_rows_start_again_in_each_lane() -> None:
    rows, overflow = first_fit_rows(np.array([0, 1]), np.zeros(2), np.ones(2), max_rows=1)
    assert rows.tolist() == [0, 0] and not overflow.any()


def test_items_that_touch_are_separate_collision_groups_and_overlapping_ones_share_one() -> None:
    zero = np.zeros(3, dtype=int)
    assert collision_groups(zero, zero, np.array([0.0, 1.0, 1.5]), np.array([1.0, 2.0, 3.0])).tolist() == [0, 1, 1]


def test_a_lane_with_nothing_dated_is_thin_only_when_the_full_lanes_stay_taller_than_it() -> None:
    """Thin lanes keep THIN_POINTS; when that would leave a full lane no taller, all lanes share equally."""
    full = np.array([True, False])
    heights, lane_pt = lane_heights(full, 3 * THIN_POINTS)  # the full lane gets 2 x THIN_POINTS
    assert (heights.tolist(), lane_pt) == ([1.0, 0.5], 2 * THIN_POINTS)
    heights, lane_pt = lane_heights(full, 2 * THIN_POINTS)  # the full lane would be as thin as the thin one
    assert (heights.tolist(), lane_pt) == ([1.0, 1.0], THIN_POINTS)


@pytest.mark.parametrize(("days", "unit"), [(547.0, "week"), (548.0, "month")])
def test_dense_lanes_are_counted_per_week_in_windows_under_18_months_and_per_month_from_there(
    days: float, unit: str
) -> None:
    start = float(np.datetime64("2018-01-01", "D").astype(int))
    events = pd.DataFrame({"lane_y": [0.0], "xm": [start + 10.0]})
    assert period_counts(events, 1, (start, start + days)).unit == unit
