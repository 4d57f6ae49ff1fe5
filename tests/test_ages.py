"""Ages at each event: the unit chosen at each boundary (days, weeks, months, years) and the weeks before birth."""

from __future__ import annotations

import numpy as np
import pytest

from chronolane.case.model import Subject
from chronolane.chronology.ages import age_text, subject_ages
from chronolane.dates import parse_date
from factories import event_frame


def _age(days: int, older: int | None = None) -> str:
    """The text for an age known to lie between ``days`` and ``older`` days after birth."""
    return str(age_text(np.array([days]), np.array([days if older is None else older]))[0])


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (13, "13 days"),  # the last day counted in days
        (14, "2 weeks"),  # two weeks: counted in weeks from here
        (20, "2 weeks"),
        (21, "3 weeks"),
        (55, "7 weeks"),  # the last day counted in weeks
        (56, "1 month"),  # eight weeks: counted in months from here
        (60, "1 month"),  # 60 days is 1.97 average months
        (61, "2 months"),  # 61 days is 2.004
        (730, "23 months"),  # 24 average months are 730.49 days
        (731, "2 years"),  # counted in years from here
        (1095, "2 years"),  # 2.998 years of 365.2425 days
        (1096, "3 years"),
    ],
)
def test_an_age_is_given_in_days_to_two_weeks_weeks_to_eight_weeks_months_to_two_years_then_years(
    days: int, text: str
) -> None:
    assert _age(days) == text


@pytest.mark.parametrize(
    ("lo", "hi", "text"),
    [
        (10, 20, "1-2 weeks"),  # in the unit of the older bound: 10 days is 1 whole week
        (7, 13, "7-13 days"),
        (14, 20, "2 weeks"),  # both bounds in the same whole unit: one value
        (-5, 5, "0-5 days"),  # a birth date later than the event's earliest day: from 0
        (700, 800, "1-2 years"),
    ],
)
def test_an_age_range_is_written_in_the_unit_of_its_older_bound(lo: int, hi: int, text: str) -> None:
    assert _age(lo, hi) == text


def _before_birth(event: str, **subject: str) -> str:
    """The age text of one event for a child with these (born, due) dates."""
    child = Subject(id="child", name="Child", **{k: parse_date(v) for k, v in subject.items()})  # type: ignore[arg-type]
    return str(subject_ages(event_frame([("c", "GP", "child", event, "note")]), child)["age_child"].iloc[0])


def test_an_event_on_the_birth_day_is_at_age_0_days_and_the_day_before_is_before_birth() -> None:
    assert _before_birth("12/05/2015", born="12/05/2015") == "0 days"
    assert _before_birth("11/05/2015", born="12/05/2015") == "0 weeks before birth"


@pytest.mark.parametrize(
    ("event", "text"),
    [
        ("05/05/2015", "1 week before birth"),  # exactly 7 days before
        ("28/04/2015", "2 weeks before birth"),  # exactly 14 days before
        ("06/05/2015", "0 weeks before birth"),  # 6 days before: not yet a whole week
    ],
)
def test_without_a_due_date_weeks_before_birth_are_whole_weeks(event: str, text: str) -> None:
    assert _before_birth(event, born="12/05/2015") == text


def test_an_event_exactly_fourteen_weeks_before_the_due_date_is_in_pregnancy_week_26() -> None:
    """40 weeks at the due date: 98 days before it is 26+0."""
    assert _before_birth("10/02/2015", born="12/05/2015", due="19/05/2015") == "pregnancy week 26"


@pytest.mark.parametrize(
    ("event", "week"),
    [
        ("09/02/2015", "pregnancy week 25"),  # 25+6: the day before week 26 begins
        ("11/02/2015", "pregnancy week 26"),  # 26+1: still week 26 (whole weeks completed, as for 26+0)
        ("16/02/2015", "pregnancy week 26"),  # 26+6: the last day of week 26
        ("17/02/2015", "pregnancy week 27"),  # 27+0
    ],
)
def test_a_pregnancy_week_holds_its_seven_days_from_plus_0_to_plus_6(event: str, week: str) -> None:
    assert _before_birth(event, born="12/05/2015", due="19/05/2015") == week


@pytest.mark.parametrize(
    ("event", "text"),
    [
        ("12/08/2014", "pregnancy week 0"),  # the day the pregnancy is dated from: 280 days before the due date
        ("11/08/2014", "before the pregnancy"),  # the day before
        ("01/01/2003", "before the pregnancy"),  # years before: no negative week
        ("2014", "before the pregnancy to pregnancy week 20"),  # January to August 2014 were before it
    ],
)
def test_events_before_the_pregnancy_began_say_so_and_never_give_a_negative_week(event: str, text: str) -> None:
    assert _before_birth(event, born="12/05/2015", due="19/05/2015") == text
