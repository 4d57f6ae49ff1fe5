"""The words on a gap: its length in months from a month and a half, in weeks below, and each bound with its
unit when the two straddle that line. Only the shortest label, for the narrowest gaps, is a bare number of
months."""

from __future__ import annotations

import pytest

from chronolane.timeline.wording import gap_texts


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (213, "7 months, no contact"),
        (46, "2 months, no contact"),  # 1.51 months: whole months from a month and a half
        (45, "6 weeks, no contact"),  # 1.48 months: weeks below
        (7, "1 week, no contact"),
        (14, "2 weeks, no contact"),
    ],
)
def test_a_certain_gap_gives_its_length_in_months_or_below_six_weeks_in_weeks(days: int, label: str) -> None:
    assert gap_texts(days, days, certain=True)[0] == label


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [
        (213, 274, "7 to 9 months, possibly no contact"),
        (28, 35, "4 to 5 weeks, possibly no contact"),
        (40, 70, "6 weeks to 2 months, possibly no contact"),  # bounds in different units: both named
        (7, 8, "1 week, possibly no contact"),
    ],
)
def test_a_possible_gap_gives_its_range_with_every_bound_in_a_named_unit(low: int, high: int, label: str) -> None:
    assert gap_texts(low, high, certain=False)[0] == label


def test_shorter_labels_keep_the_unit_of_weeks_and_drop_only_that_of_months() -> None:
    assert gap_texts(213, 213, certain=True) == (
        "7 months, no contact",
        "7 months, no contact",
        "7 months",
        "7",
    )
    assert gap_texts(40, 70, certain=False)[2:] == ("6 weeks to 2 months?", "2?")
    assert gap_texts(28, 35, certain=False)[2:] == ("4 to 5 weeks?", "5 weeks?")


def test_undated_contacts_that_may_fall_in_the_gap_are_named() -> None:
    assert gap_texts(213, 213, certain=True, undated=1)[0] == "7 months, no dated contact (1 undated contact)"
    assert gap_texts(213, 274, certain=False, undated=2)[0] == (
        "7 to 9 months, possibly no dated contact (2 undated contacts)"
    )
