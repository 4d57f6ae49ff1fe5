"""Plausible years from both sides: 1800 to 2199 are read as dates, 1799 and 2200 never, in every spelling."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chronolane.dates import parse_date
from chronolane.dates.calendar import FIRST_YEAR, LAST_YEAR
from chronolane.dates.column import parse_dates

#: Spellings of a day, a month, a year, part of a month, a week and a season, with {y} for the year and
#: {m}/{mon}/{d} for the month and day: the first at the start of a year, the last at its end.
FIRST = ["01/01/{y}", "{y}-01-01", "January {y}", "{y}", "early January {y}", "the first week of January {y}"]
LAST = ["31/12/{y}", "{y}-12-31", "December {y}", "{y}", "late December {y}", "the last week of December {y}"]
SEASONS = ["summer {y}"]


def _both(text: str) -> tuple[bool, bool]:
    """Whether ``text`` is read as a date by the one-value parser and by the column parser of a build."""
    column = parse_dates(pd.Series([text], dtype="str"))
    return parse_date(text).start is not None, bool(column["date_start"].notna().iloc[0])


def test_the_plausible_years_are_the_ones_docs_dates_md_gives() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "dates.md").read_text(encoding="utf-8")
    assert f"Years run from {FIRST_YEAR} to {LAST_YEAR}:" in docs


@pytest.mark.parametrize("spelling", FIRST + SEASONS)
def test_the_first_plausible_year_is_read_and_the_year_before_it_is_not(spelling: str) -> None:
    assert _both(spelling.format(y=FIRST_YEAR)) == (True, True)
    earlier = (
        spelling.format(y=FIRST_YEAR - 1)
        if spelling in SEASONS
        else LAST[FIRST.index(spelling)].format(y=FIRST_YEAR - 1)
    )
    assert _both(earlier) == (False, False)


@pytest.mark.parametrize("spelling", LAST + SEASONS)
def test_the_last_plausible_year_is_read_and_the_year_after_it_is_not(spelling: str) -> None:
    assert _both(spelling.format(y=LAST_YEAR)) == (True, True)
    later = (
        spelling.format(y=LAST_YEAR + 1) if spelling in SEASONS else FIRST[LAST.index(spelling)].format(y=LAST_YEAR + 1)
    )
    assert _both(later) == (False, False)


@pytest.mark.parametrize("text", ["December 1799", "January 2200"])
def test_a_month_outside_the_plausible_years_is_an_invalid_date_in_a_build_as_on_its_own(text: str) -> None:
    """The build's fast reading of "Month YYYY" keeps to the same years as the one-value parser."""
    column = parse_dates(pd.Series([text], dtype="str"))
    assert column["issues"].iloc[0] == "invalid-date" == parse_date(text).issues[0]
