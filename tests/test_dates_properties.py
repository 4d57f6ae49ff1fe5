"""Property tests: any date written in each supported form reads back as itself, by value and by column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from chronolane.dates import parse_date, parse_dates
from chronolane.schema.columns import Column, DateOrder, Precision

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]  # fmt: skip
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
two_digit_days = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31))


def _ordinal(d: dt.date) -> str:
    return f"{d.day}{SUFFIX.get(d.day, 'th')}"


#: Day-first numeric and written forms, each a function of the date.
DAY_FORMS: dict[str, Callable[[dt.date], str]] = {
    "dd/mm/yyyy": lambda d: d.strftime("%d/%m/%Y"),
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd-mm-yyyy": lambda d: d.strftime("%d-%m-%Y"),
    "dd.mm.yyyy": lambda d: d.strftime("%d.%m.%Y"),
    "yyyy-mm-dd": lambda d: d.isoformat(),
    "yyyy/mm/dd": lambda d: d.strftime("%Y/%m/%d"),
    "iso with time": lambda d: f"{d.isoformat()} 14:30",
    "D Month YYYY": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    "Dth Month YYYY": lambda d: f"{_ordinal(d)} {MONTH_NAMES[d.month - 1]} {d.year}",
    "Dth of Month YYYY": lambda d: f"{_ordinal(d)} of {MONTH_NAMES[d.month - 1]} {d.year}",
    "D Mon YYYY": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}",
    "D-Mon-YYYY": lambda d: f"{d.day}-{MONTH_NAMES[d.month - 1][:3]}-{d.year}",
    "Month D, YYYY": lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    "Month Dth YYYY": lambda d: f"{MONTH_NAMES[d.month - 1]} {_ordinal(d)} {d.year}",
    "Weekday D Month YYYY": lambda d: f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    "Wkd dd/mm/yyyy": lambda d: f"{WEEKDAY_NAMES[d.weekday()][:3]} {d.strftime('%d/%m/%Y')}",
    "UPPER CASE": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1].upper()} {d.year}",
    "lower case": lambda d: f"{d.day} {MONTH_NAMES[d.month - 1].lower()} {d.year}",
}
TWO_DIGIT_FORMS: dict[str, Callable[[dt.date], str]] = {
    "dd/mm/yy": lambda d: d.strftime("%d/%m/%y"),
    "d.m.yy": lambda d: f"{d.day}.{d.month}.{d.strftime('%y')}",
    "dd-Mon-yy": lambda d: f"{d.strftime('%d')}-{MONTH_NAMES[d.month - 1][:3]}-{d.strftime('%y')}",
}
MONTH_FORMS: dict[str, Callable[[dt.date], str]] = {
    "Month YYYY": lambda d: f"{MONTH_NAMES[d.month - 1]} {d.year}",
    "Mon YYYY": lambda d: f"{MONTH_NAMES[d.month - 1][:3]} {d.year}",
    "mm/yyyy": lambda d: d.strftime("%m/%Y"),
    "m/yyyy": lambda d: f"{d.month}/{d.year}",
    "yyyy-mm": lambda d: d.strftime("%Y-%m"),
    "00/mm/yyyy": lambda d: d.strftime("00/%m/%Y"),
}


def _month(d: dt.date) -> tuple[dt.date, dt.date]:
    following = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return d.replace(day=1), following - dt.timedelta(days=1)


def _column_reads(texts: list[str], order: str = "dmy") -> list[tuple]:
    out = parse_dates(pd.Series(texts), order=order)
    start, end = out[Column.DATE_START.value], out[Column.DATE_END.value]
    return [(s.date(), e.date(), p) for s, e, p in zip(start, end, out[Column.DATE_PRECISION.value], strict=True)]


@settings(max_examples=60, deadline=None)
@given(day=days)
def test_every_day_form_reads_back_as_the_day(day: dt.date) -> None:
    """A day written in any supported numeric or written form reads as that day, alone and in a column."""
    texts = [form(day) for form in DAY_FORMS.values()]
    for text in texts:
        parsed = parse_date(text)
        assert (parsed.start, parsed.end, parsed.precision) == (day, day, Precision.DAY), text
        assert parsed.edtf == day.isoformat()
        assert parsed.issues == ()
    assert _column_reads(texts) == [(day, day, Precision.DAY.value)] * len(texts)


@settings(max_examples=60, deadline=None)
@given(day=two_digit_days)
def test_every_two_digit_year_form_reads_back_within_the_pivot(day: dt.date) -> None:
    """Two-digit years between 1970 and 2069 read back as themselves, flagged two-digit-year."""
    texts = [form(day) for form in TWO_DIGIT_FORMS.values()]
    for text in texts:
        parsed = parse_date(text)
        assert (parsed.start, parsed.precision, parsed.issues) == (day, Precision.DAY, ("two-digit-year",)), text
    assert _column_reads(texts) == [(day, day, Precision.DAY.value)] * len(texts)


@settings(max_examples=60, deadline=None)
@given(day=days)
def test_month_first_forms_read_back_when_the_order_is_mdy(day: dt.date) -> None:
    """mm/dd/yyyy read with order mdy is the day, alone and in a column; ISO is unaffected by the order."""
    texts = [day.strftime("%m/%d/%Y"), f"{day.month}-{day.day}-{day.year}", day.isoformat()]
    for text in texts:
        parsed = parse_date(text, order=DateOrder.MDY)
        assert (parsed.start, parsed.end) == (day, day), text
    assert _column_reads(texts, order="mdy") == [(day, day, Precision.DAY.value)] * len(texts)


@settings(max_examples=60, deadline=None)
@given(day=days)
def test_month_forms_read_back_as_the_whole_month(day: dt.date) -> None:
    """A month written in any supported form reads as the whole month, including February in leap years."""
    first, last = _month(day)
    # 2003-07 could be July 2003 or 2003 to 2007: that form reads as both (test_dates_spellings).
    could_be_years = day.month > day.year % 100
    texts = [form(day) for name, form in MONTH_FORMS.items() if not (name == "yyyy-mm" and could_be_years)]
    for text in texts:
        parsed = parse_date(text)
        assert (parsed.start, parsed.end, parsed.precision) == (first, last, Precision.MONTH), text
        assert parsed.edtf == f"{day.year:04d}-{day.month:02d}"
    assert _column_reads(texts) == [(first, last, Precision.MONTH.value)] * len(texts)


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(1954, 10, 3), max_value=dt.date(2119, 1, 11)))
def test_excel_serials_read_back_as_the_day(day: dt.date) -> None:
    """The Excel 1900-system serial of a day (written whole or with .0) reads back as the day."""
    serial = (day - dt.date(1899, 12, 30)).days
    texts = [str(serial), f"{serial}.0"]
    for text in texts:
        assert parse_date(text).start == day
    assert _column_reads(texts) == [(day, day, Precision.DAY.value)] * 2


@settings(max_examples=60, deadline=None)
@given(year=st.integers(1900, 2098), month=st.integers(1, 12), day=st.integers(29, 32))
def test_impossible_month_ends_are_invalid_and_real_ones_are_not(year: int, month: int, day: int) -> None:
    """Days past a month's end are invalid-date (never rolled over); the real last days read as themselves."""
    try:
        expected: dt.date | None = dt.date(year, month, day)
    except ValueError:
        expected = None
    text = f"{day:02d}/{month:02d}/{year}"
    parsed = parse_date(text)
    assert parsed.start == expected
    assert (parsed.issues == ("invalid-date",)) == (expected is None)
    start = parse_dates(pd.Series([text]))[Column.DATE_START.value].iloc[0]
    if expected is None:
        assert pd.isna(start)
    else:
        assert start.date() == expected


MIX = [f(dt.date(2016, 2, 29)) for f in DAY_FORMS.values()] + [
    "n/k", "c. 2014", "autumn 2018", "31/02/2018", "03/04/18", "43193", "12-16 March 2018",
    "week ending 18/03/2018", "Q3 2019", "2018-04-03 25:00", "00/04/2018",
]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.sampled_from(MIX), min_size=1, max_size=30))
def test_column_and_value_readings_agree_for_any_mix(texts: list[str]) -> None:
    """Whatever the mix and repetition of spellings, each row reads as parse_date reads it alone."""
    out = parse_dates(pd.Series(texts), order="dmy")
    for text, (_, row) in zip(texts, out.iterrows(), strict=True):
        parsed = parse_date(text)
        assert row[Column.EDTF.value] == parsed.edtf
        assert row[Column.ISSUES.value] == ";".join(parsed.issues)
        assert row[Column.DATE_APPROX.value] == parsed.approx


@settings(max_examples=60, deadline=None)
@given(first=days, length=st.integers(0, 400))
def test_day_ranges_read_back_as_their_ends(first: dt.date, length: int) -> None:
    """Two days joined by a dash or 'to', and a week commencing/ending, read as exactly that interval."""
    last = first + dt.timedelta(days=length)
    long_form = DAY_FORMS["D Month YYYY"]
    texts = {
        f"{first:%d/%m/%Y} - {last:%d/%m/%Y}": (first, last, Precision.RANGE),
        f"{first:%d/%m/%Y}-{last:%d/%m/%Y}": (first, last, Precision.RANGE),
        f"{long_form(first)} to {long_form(last)}": (first, last, Precision.RANGE),
        f"from {first.isoformat()} until {last.isoformat()}": (first, last, Precision.RANGE),
        f"w/c {first:%d/%m/%Y}": (first, first + dt.timedelta(days=6), Precision.WEEK),
        f"week ending {long_form(last)}": (last - dt.timedelta(days=6), last, Precision.WEEK),
    }
    for text, expected in texts.items():
        parsed = parse_date(text)
        assert (parsed.start, parsed.end, parsed.precision) == expected, text
    assert _column_reads(list(texts)) == [(s, e, p.value) for s, e, p in texts.values()]


ROW_TEXTS = ["03/04/2018", "April 2015", "c. 2014", "autumn 2018", "29/02/2016", "n/k", "banana", "31/02/2018",
             "the following day", "six months later", "a year later", "two weeks before", "the following month",
             "the same day", "w/c 26/02/2018", "March-April 2018"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(ROW_TEXTS), st.integers(0, 3)), min_size=1, max_size=40))
def test_relative_rows_in_a_column_follow_the_previous_dated_row_of_their_source(
    rows: list[tuple[str, int]],
) -> None:
    """The vectorised column path gives each row what parse_date gives with the source's previous dated row."""
    texts = [text for text, _ in rows]
    out = parse_dates(pd.Series(texts), sources=pd.Series([source for _, source in rows]), order="dmy")
    last_dated: dict[int, object] = {}
    for (text, source), edtf, issues in zip(rows, out[Column.EDTF.value], out[Column.ISSUES.value], strict=True):
        parsed = parse_date(text, after=last_dated.get(source))  # type: ignore[arg-type]
        assert (edtf, issues) == (parsed.edtf, ";".join(parsed.issues)), text
        if parsed.is_dated:
            last_dated[source] = parsed
