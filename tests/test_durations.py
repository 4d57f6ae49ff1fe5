"""Durations (6M, 183D, 12W, 10WD): when a day is past a deadline, on the deadline day and the day after it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from chronolane.dates.durations import parse_duration
from chronolane.errors import UsageError


def _day(text: str) -> int:
    return (dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days


def _exceeds(threshold: str, start: str, end: str) -> bool:
    return bool(parse_duration(threshold).exceeded(np.array([_day(start)]), np.array([_day(end)]))[0])


def _after(duration: str, start: str) -> str:
    moved = parse_duration(duration).add_to(np.array([_day(start)]))[0]
    return str(dt.date(1970, 1, 1) + dt.timedelta(days=int(moved)))


@pytest.mark.parametrize(
    ("threshold", "start", "deadline"),
    [
        ("1M", "2018-02-01", "2018-03-01"),  # 28 days: the shortest month
        ("1M", "2018-01-01", "2018-02-01"),  # 31 days: the longest month
        ("1M", "2018-01-31", "2018-02-28"),  # the 31st clipped to February's last day
        ("1M", "2016-01-31", "2016-02-29"),  # ... in a leap year
        ("6M", "2018-03-01", "2018-09-01"),
        ("6M", "2018-08-31", "2019-02-28"),
        ("1Y", "2018-01-01", "2019-01-01"),
        ("1Y", "2016-02-29", "2017-02-28"),
        ("12M", "2016-02-29", "2017-02-28"),
        ("183D", "2018-01-01", "2018-07-03"),
        ("1D", "2018-12-31", "2019-01-01"),
        ("12W", "2018-01-01", "2018-03-26"),
        ("10WD", "2018-01-06", "2018-01-19"),  # from a Saturday: Monday 8th is working day 1
        ("1WD", "2021-12-24", "2021-12-29"),  # Christmas and Boxing Day fall on a weekend: substitute days
    ],
)
def test_a_day_on_the_deadline_does_not_exceed_and_the_day_after_does(threshold, start, deadline) -> None:
    assert _after(threshold, start) == deadline
    assert not _exceeds(threshold, start, deadline)
    following = str(dt.date.fromisoformat(deadline) + dt.timedelta(days=1))
    assert _exceeds(threshold, start, following)


def test_a_negative_duration_moves_earlier_and_is_exceeded_by_any_later_day() -> None:
    assert _after("-12W", "2018-04-01") == "2018-01-07"
    assert not _exceeds("-1M", "2018-03-31", "2018-02-28")
    assert _exceeds("-1M", "2018-03-31", "2018-03-01")


@pytest.mark.parametrize(("year", "deadline"), [(1950, "1950-12-27"), (2080, "2080-12-27")])
def test_bank_holidays_are_known_from_1950_to_2080(year: int, deadline: str) -> None:
    """1WD after 24 December skips Christmas and Boxing Day in every year from 1950 to 2080."""
    assert _after("1WD", f"{year}-12-24") == deadline


@pytest.mark.parametrize(("year", "deadline"), [(1949, "1949-12-26"), (2081, "2081-12-25")])
def test_outside_1950_to_2080_working_days_are_monday_to_friday_only(year: int, deadline: str) -> None:
    assert _after("1WD", f"{year}-12-24") == deadline


@pytest.mark.parametrize("text", ["99999D", "+6M", " 6 m ", "1SD", "-12W"])
def test_a_whole_number_of_up_to_five_digits_and_a_unit_is_a_duration(text: str) -> None:
    assert str(parse_duration(text)).lstrip("-") == text.strip().replace(" ", "").upper().lstrip("+-")


@pytest.mark.parametrize("text", ["100000D", "6", "1.5M", "6X", ""])
def test_six_digits_a_fraction_or_a_missing_unit_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="is not a duration"):
        parse_duration(text)
