"""The cohort chart: each case's longest gap in a lane, vague lengths drawn as ranges, never hidden."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from chronolane.errors import NoDataError, UsageError
from chronolane.swimlane.cohort_chart import LABELLED_CASES, draw_longest_gaps

HV = "Health visiting"


def cohort(lows: list[float], highs: list[float]) -> pd.DataFrame:
    """A cohort table with only the health visiting longest-gap columns."""
    return pd.DataFrame(
        {
            "case_id": [f"C{k}" for k in range(len(lows))],
            "subject": "",
            f"{HV}: contacts": 1,
            f"{HV}: longest_gap_min_days": pd.array(lows, dtype="Int64"),
            f"{HV}: longest_gap_max_days": pd.array(highs, dtype="Int64"),
        }
    )


@pytest.fixture
def ax():
    fig, axes = plt.subplots(figsize=(11.69, 8.27))
    yield axes
    plt.close(fig)


def _by_gid(ax, gid):
    return next(c for c in ax.collections if c.get_gid() == gid)


def test_a_vague_longest_gap_is_a_range_from_its_shortest_to_its_longest_reading(ax) -> None:
    draw_longest_gaps(ax, cohort([100, 150], [100, 210]))
    segments = _by_gid(ax, "longest-gap-ranges").get_segments()
    assert [tuple(s[:, 0]) for s in segments] == [(150.0, 210.0)]
    assert _by_gid(ax, "longest-gap-exact").get_offsets().tolist() == [[100.0, 0.0]]


def test_cases_are_sorted_by_the_longest_reading_and_labelled(ax) -> None:
    draw_longest_gaps(ax, cohort([300, 10, 50], [300, 20, 400]))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C1", "C0", "C2"]


def test_many_cases_are_drawn_without_labels(ax) -> None:
    n = LABELLED_CASES + 1
    draw_longest_gaps(ax, cohort(list(range(n)), list(range(n))))
    assert list(ax.get_yticks()) == []
    assert len(_by_gid(ax, "longest-gap-exact").get_offsets()) == n


def test_the_threshold_band_covers_every_length_it_can_have_and_counts_cases_over_it(ax) -> None:
    draw_longest_gaps(ax, cohort([185, 170, 100], [185, 190, 120]), threshold="6M")
    band = next(p for p in ax.patches if p.get_gid() == "threshold")
    assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx((181, 184.5))
    assert "over 6M: 1 certainly, 1 possibly" in ax.get_title()


def test_cases_without_rows_in_the_lane_are_counted_not_drawn(ax) -> None:
    draw_longest_gaps(ax, cohort([100, None], [120, None]))
    assert "1 case(s) with no Health visiting rows not shown" in ax.get_title()
    assert len(_by_gid(ax, "longest-gap-ranges").get_segments()) == 1


def test_a_lane_the_table_lacks_or_a_lane_without_gaps_is_an_error(ax) -> None:
    with pytest.raises(UsageError, match="its lanes are: Health visiting"):
        draw_longest_gaps(ax, cohort([1], [2]), lane="GP")
    with pytest.raises(NoDataError):
        draw_longest_gaps(ax, cohort([None], [None]))
