"""Issue 12's spellings: never a silent wrong reading, open ends, split years, holidays, yearless dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dateutil.easter import easter

from chronolane.dates import parse_date, parse_dates
from chronolane.dates.fallback import accounts_for, read_with_dateparser
from chronolane.dates.periods import bank_holidays
from chronolane.schema.columns import Column, IssueCode

D = dt.date


@pytest.mark.parametrize("text", ["after 2016", "2016 H2", "2010-15", "Mar-2018 onwards please", "sometime soonish"])
def test_dateparser_reading_is_refused_when_a_word_or_number_is_left_over_or_reinterpreted(text: str) -> None:
    """dateparser stays the last resort, but only a reading that accounts for the whole text is taken."""
    assert read_with_dateparser(text) is None


@pytest.mark.parametrize(
    ("text", "value", "period", "accepted"),
    [
        ("the 3rd day of April 2018", dt.datetime(2018, 4, 3), "day", True),
        ("3rd day of April, 2018 at 14:30", dt.datetime(2018, 4, 3, 14, 30), "time", True),
        ("April 2018", dt.datetime(2018, 4, 1), "month", True),
        ("after 2016", dt.datetime(2016, 1, 1), "year", False),  # a word left over
        ("2016 h2", dt.datetime(2016, 2, 1), "month", False),  # 'h' left over, 2 reinterpreted as February
        ("2010-15", dt.datetime(2010, 1, 15), "day", False),  # the month was never written
        ("April 2018", dt.datetime(2018, 4, 1), "day", False),  # the day was never written
    ],
)
def test_a_fallback_reading_is_accounted_for_only_when_every_token_is_one_of_its_parts(
    text: str, value: dt.datetime, period: str, accepted: bool
) -> None:
    assert accounts_for(text, value, period) is accepted


@pytest.mark.parametrize(
    ("text", "edtf"),
    [
        ("after 2016", "2016/.."),
        ("since March 2011", "2011-03/.."),
        ("before 12/03/2018", "../2018-03-12"),
        ("by 2019", "../2019"),
        ("until summer 2015", "../2015-08-31"),
        ("from autumn 2015", "2015-09-01/.."),
    ],
)
def test_an_open_ended_date_is_never_read_as_its_bound(text: str, edtf: str) -> None:
    """'after 2016' has no interval (not the year 2016), is flagged, and keeps its bound in the EDTF."""
    parsed = parse_date(text)
    assert (parsed.start, parsed.end, parsed.precision) == (None, None, None)
    assert parsed.issues == (IssueCode.OPEN_ENDED_DATE.value,)
    assert parsed.edtf == edtf


def test_an_open_ended_row_in_a_column_has_no_interval_and_does_not_anchor_a_relative_row() -> None:
    """A relative row after an open-ended one resolves against the last row with an interval."""
    frame = parse_dates(pd.Series(["03/04/2018", "after 2016", "the following day"]))
    assert frame[Column.DATE_START].isna().tolist() == [False, True, False]
    assert frame[Column.DATE_START].iloc[2] == pd.Timestamp("2018-04-04")
    assert frame[Column.EDTF].tolist() == ["2018-04-03", "2016/..", "2018-04-04"]


@pytest.mark.parametrize(("text", "month"), [("Mar-2018", 3), ("Sep-2012", 9), ("Mar-18", 3), ("March-18", 3)])
def test_an_excel_month_year_is_that_month_never_a_range_to_december(text: str, month: int) -> None:
    parsed = parse_date(text)
    assert (parsed.start.month, parsed.end.month, parsed.precision.value) == (month, month, "month")


@pytest.mark.parametrize(
    ("text", "weekday_flagged"),
    [("Monday 21 January 2016", True), ("Thursday 21 January 2016", False), ("Fri, 8 March 2019", False)],
)
def test_a_weekday_that_contradicts_its_date_is_flagged(text: str, weekday_flagged: bool) -> None:
    assert parse_date(text).has(IssueCode.WEEKDAY_MISMATCH) is weekday_flagged


@pytest.mark.parametrize(
    ("style", "start", "end"),
    [
        ("calendar", D(2018, 1, 1), D(2019, 12, 31)),
        ("academic", D(2018, 9, 1), D(2019, 8, 31)),
        ("financial", D(2018, 4, 1), D(2019, 3, 31)),
    ],
)
def test_a_bare_split_year_is_read_by_the_sources_year_style(style: str, start: D, end: D) -> None:
    """2018/19 is never narrower than its meanings unless the source says which it uses."""
    for text in ("2018/19", "2018-19", "2018/2019"):
        parsed = parse_date(text, year_style=style)
        assert (parsed.start, parsed.end) == (start, end), text
    column = parse_dates(pd.Series(["2018/19", "2018/19"]), year_style=pd.Series(["calendar", style]))
    assert column[Column.DATE_START].dt.date.tolist() == [D(2018, 1, 1), start]
    assert column[Column.DATE_END].dt.date.tolist() == [D(2019, 12, 31), end]


def test_an_explicit_academic_or_financial_year_ignores_the_year_style() -> None:
    assert (parse_date("FY 2018/19", year_style="academic").start) == D(2018, 4, 1)
    assert (parse_date("AY 2018-19", year_style="financial").start) == D(2018, 9, 1)


def test_a_split_year_that_is_not_consecutive_is_a_span_not_a_school_year() -> None:
    """2018/20 is 2018 to 2020 whatever the style: only consecutive years are split years."""
    parsed = parse_date("2018/20", year_style="academic")
    assert (parsed.start, parsed.end) == (D(2018, 1, 1), D(2020, 12, 31))


@pytest.mark.parametrize("year", range(1990, 2041))
def test_easter_comes_from_the_holidays_package_and_matches_the_computed_date(year: int) -> None:
    """'Easter YYYY' is Good Friday to Easter Monday, Easter Sunday being computed (dateutil), never typed in."""
    parsed = parse_date(f"Easter {year}")
    sunday = easter(year)
    assert (parsed.start, parsed.end) == (sunday - dt.timedelta(days=2), sunday + dt.timedelta(days=1))


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2022])
def test_bank_holidays_follow_the_england_calendar_including_moved_ones(year: int) -> None:
    """The early May bank holiday moved to 8 May in 2020; the August one is the last Monday of August."""
    may = parse_date(f"May bank holiday {year}").start
    august = parse_date(f"August bank holiday {year}").start
    assert may == bank_holidays(year)["May Day"]
    assert august.weekday() == 0 and august.month == 8 and (august + dt.timedelta(days=7)).month == 9
    assert (may == D(2020, 5, 8)) is (year == 2020)


def test_summer_half_term_is_the_week_around_the_spring_bank_holiday() -> None:
    parsed = parse_date("summer half term 2019")
    assert parsed.start < D(2019, 5, 27) < parsed.end  # the Spring Bank Holiday of 2019
    assert (parsed.end - parsed.start).days == 8


def _column(texts: list[str], sources: list[str] | None = None) -> pd.DataFrame:
    return parse_dates(pd.Series(texts), sources=None if sources is None else pd.Series(sources))


def test_a_yearless_date_takes_the_first_year_that_keeps_its_source_in_order() -> None:
    """'3rd March' after 12/03/2018 is 3 March 2019; '15 March' after it is 15 March 2018."""
    frame = _column(["12/03/2018", "3rd March", "15/03/2018", "15 March", "late Feb"])
    assert frame[Column.DATE_START].dt.date.tolist() == [
        D(2018, 3, 12), D(2019, 3, 3), D(2018, 3, 15), D(2018, 3, 15), D(2019, 2, 21)
    ]  # fmt: skip
    assert frame[Column.ISSUES].tolist() == ["", "year-inferred", "", "year-inferred", "year-inferred"]


def test_a_yearless_date_uses_its_own_sources_previous_row_not_another_sources() -> None:
    frame = _column(["01/06/2015", "01/06/2019", "3rd March"], sources=["a", "b", "a"])
    assert frame[Column.DATE_START].dt.date.tolist()[2] == D(2016, 3, 3)


def test_a_yearless_date_with_no_earlier_dated_row_has_no_interval_and_says_so() -> None:
    frame = _column(["3rd March", "12/03/2018"])
    assert frame[Column.DATE_START].isna().tolist() == [True, False]
    assert frame[Column.ISSUES].tolist() == ["yearless-date", ""]


def test_a_yearless_date_with_a_weekday_that_does_not_fit_the_inferred_year_is_flagged() -> None:
    """2 July 2018 was a Monday, 2 July 2019 a Tuesday."""
    frame = _column(["01/01/2018", "Mon 2 July", "01/01/2019", "Mon 2 July"])
    assert frame[Column.ISSUES].tolist() == ["", "year-inferred", "", "weekday-mismatch;year-inferred"]


@pytest.mark.parametrize("text", ["April 18", "3/4", "29 February"])
def test_yearless_texts_that_could_mean_two_things_are_not_guessed(text: str) -> None:
    frame = _column(["12/03/2018", text])
    assert frame[Column.DATE_START].isna().iloc[1]
    assert "year-inferred" not in frame[Column.ISSUES].iloc[1]


def test_a_month_or_a_span_of_years_reads_as_the_interval_covering_both() -> None:
    """'2003-07' is July 2003 or 2003 to 2007; '2018-04' can only be April 2018; '2010-15' only years."""
    ambiguous, month, years = parse_date("2003-07"), parse_date("2018-04"), parse_date("2010-15")
    assert (ambiguous.start, ambiguous.end, ambiguous.issues) == (
        D(2003, 1, 1),
        D(2007, 12, 31),
        ("ambiguous-year-span",),
    )
    assert (month.start, month.end, month.issues) == (D(2018, 4, 1), D(2018, 4, 30), ())
    assert (years.start, years.end, years.issues) == (D(2010, 1, 1), D(2015, 12, 31), ())


def test_the_new_spellings_read_the_same_alone_and_in_a_column() -> None:
    """The column reader (distinct spellings, fast paths) agrees with parse_date on every new form."""
    texts = ["Mar-2018", "AY 2018-19", "Easter 2018", "early 1990s", "1987ish", "3rd & 4th June 2015",
             "late 2012/early 2013", "2016 -17", "20190312", "march third 2015", "after 2016", "2016 H2"]  # fmt: skip
    frame = parse_dates(pd.Series(texts))
    for text, (_, row) in zip(texts, frame.iterrows(), strict=True):
        alone = parse_date(text)
        assert (row[Column.EDTF], row[Column.ISSUES]) == (alone.edtf, ";".join(alone.issues)), text
        assert (None if pd.isna(row[Column.DATE_START]) else row[Column.DATE_START].date()) == alone.start, text
