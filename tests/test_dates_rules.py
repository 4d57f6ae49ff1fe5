"""Every rule of docs/dates.md, read one text at a time with parse_date."""

from __future__ import annotations

import datetime as dt

import pytest

from chronolane.dates import ParsedDate, parse_date
from chronolane.errors import UsageError
from chronolane.schema.columns import DateOrder, IssueCode, Precision

D = dt.date
DAY, WEEK, PART_MONTH, MONTH = Precision.DAY, Precision.WEEK, Precision.PART_MONTH, Precision.MONTH
SEASON, QUARTER, THIRD, HALF = Precision.SEASON, Precision.QUARTER, Precision.THIRD, Precision.HALF
YEAR, DECADE, RANGE = Precision.YEAR, Precision.DECADE, Precision.RANGE


def assert_reads(parsed: ParsedDate, start: dt.date, end: dt.date, precision: Precision) -> None:
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision), parsed


APRIL_3 = (D(2018, 4, 3), D(2018, 4, 3), DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2018", APRIL_3),
        ("3/4/2018", APRIL_3),
        ("03-04-2018", APRIL_3),
        ("03.04.2018", APRIL_3),
        ("2018-04-03", APRIL_3),
        ("2018/04/03", APRIL_3),
        ("  03/04/2018 ", APRIL_3),
        ("29/02/2016", (D(2016, 2, 29), D(2016, 2, 29), DAY)),
        ("29/02/2000", (D(2000, 2, 29), D(2000, 2, 29), DAY)),
        ("31/12/2019", (D(2019, 12, 31), D(2019, 12, 31), DAY)),
        ("30/04/2018", (D(2018, 4, 30), D(2018, 4, 30), DAY)),
        ("2020-02-01", (D(2020, 2, 1), D(2020, 2, 1), DAY)),
    ],
)
def test_rule1_numeric_dates_read_day_first_and_iso_year_first(text: str, expected: tuple) -> None:
    """Rule 1: numeric dates are day-first by default; ISO forms are year-month-day."""
    parsed = parse_date(text)
    assert_reads(parsed, *expected)
    assert parsed.issues == ()
    assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "order", "expected", "issues"),
    [
        ("03/04/2018", DateOrder.MDY, (D(2018, 3, 4), D(2018, 3, 4), DAY), ()),
        ("03/04/2018", "mdy", (D(2018, 3, 4), D(2018, 3, 4), DAY), ()),
        ("04/13/2018", DateOrder.MDY, (D(2018, 4, 13), D(2018, 4, 13), DAY), ()),
        ("04/13/2018", DateOrder.AUTO, (D(2018, 4, 13), D(2018, 4, 13), DAY), ("date-order-mdy",)),
        ("03/04/2018", DateOrder.AUTO, APRIL_3, ()),
        ("13/04/2018", DateOrder.AUTO, (D(2018, 4, 13), D(2018, 4, 13), DAY), ()),
        ("2018-04-03", DateOrder.MDY, APRIL_3, ()),
        ("3 April 2018", DateOrder.MDY, APRIL_3, ()),
    ],
)
def test_rule2_order_can_be_set_or_decided_per_value(text: str, order: str, expected: tuple, issues: tuple) -> None:
    """Rule 2: month-first can be set; ISO and written dates ignore it; auto reads month-first only when forced."""
    parsed = parse_date(text, order=order)
    assert_reads(parsed, *expected)
    assert parsed.issues == issues


def test_rule2_unknown_order_is_a_usage_error() -> None:
    """An order name other than auto, dmy or mdy is refused with the allowed names."""
    with pytest.raises(UsageError, match="auto, dmy, mdy"):
        parse_date("03/04/2018", order="ymd")


@pytest.mark.parametrize(
    ("text", "year"),
    [("3/4/00", 2000), ("3/4/18", 2018), ("03.04.69", 2069), ("03-04-70", 1970), ("3/4/99", 1999), ("3 Apr 18", 2018)],
)
def test_rule3_two_digit_years_pivot_at_70_and_are_flagged(text: str, year: int) -> None:
    """Rule 3: 00-69 are 2000-2069, 70-99 are 1970-1999, flagged two-digit-year."""
    parsed = parse_date(text)
    assert_reads(parsed, D(year, 4, 3), D(year, 4, 3), DAY)
    assert parsed.issues == (IssueCode.TWO_DIGIT_YEAR.value,)


@pytest.mark.parametrize(
    "text",
    [
        "3rd April 2018", "3 Apr 2018", "3-Apr-2018", "03-Apr-18", "April 3, 2018", "April 3rd 2018",
        "Tuesday 3 April 2018", "Tue 03/04/2018", "tues. 3rd april 2018", "3rd of April 2018", "3 APRIL 2018",
        "On 3 April 2018", "on Tuesday, 3 April 2018", "3 apr. 2018", "Apr 3 2018",
    ],
)  # fmt: skip
def test_rule4_written_dates_in_any_common_spelling(text: str) -> None:
    """Rule 4: written day-month-year and month-day-year spellings, any case, leading words ignored."""
    parsed = parse_date(text)
    assert_reads(parsed, *APRIL_3)
    assert IssueCode.WEEKDAY_MISMATCH.value not in parsed.issues


@pytest.mark.parametrize("text", ["3 Sept 2018", "3 Sept. 2018", "3 Sep 2018", "3 september 2018", "Sept 3, 2018"])
def test_rule4_september_abbreviations(text: str) -> None:
    """Rule 4: Sept, Sept. and Sep are September."""
    assert_reads(parse_date(text), D(2018, 9, 3), D(2018, 9, 3), DAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In May 2018", (D(2018, 5, 1), D(2018, 5, 31), MONTH)),
        ("During 2018", (D(2018, 1, 1), D(2018, 12, 31), YEAR)),
        ("31 December 2019", (D(2019, 12, 31), D(2019, 12, 31), DAY)),
        ("29 Feb 2020", (D(2020, 2, 29), D(2020, 2, 29), DAY)),
    ],
)
def test_rule4_leading_words_and_month_ends(text: str, expected: tuple) -> None:
    """Rule 4: On, In, During are ignored; month ends and leap days read as themselves."""
    assert_reads(parse_date(text), *expected)


@pytest.mark.parametrize("text", ["Wednesday 3 April 2018", "Mon 03/04/2018", "Sunday, April 3, 2018"])
def test_rule4_contradicting_weekday_is_flagged(text: str) -> None:
    """Rule 4: a weekday that is not the date's weekday is flagged; the date stands."""
    parsed = parse_date(text)
    assert_reads(parsed, *APRIL_3)
    assert parsed.issues == (IssueCode.WEEKDAY_MISMATCH.value,)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("03/04/2018 14:30", "14:30"),
        ("03/04/2018 2.30pm", "14:30"),
        ("3 April 2018 at 09:15", "09:15"),
        ("14:30 03/04/2018", "14:30"),
        ("03/04/2018 12am", "00:00"),
        ("03/04/2018 12pm", "12:00"),
        ("3 April 2018 at 9am", "09:00"),
        ("03/04/2018 1430hrs", "14:30"),
        ("2018-04-03 14:30", "14:30"),
        ("2018-04-03T14:30:00", "14:30"),
        ("03/04/2018 pm", ""),
        ("03/04/2018 am", ""),
    ],
)
def test_rule5_times_go_to_their_own_column(text: str, time: str) -> None:
    """Rule 5: a time makes no difference to the day; it is kept as HH:MM (am/pm alone gives no time)."""
    parsed = parse_date(text)
    assert_reads(parsed, *APRIL_3)
    assert parsed.time == time


@pytest.mark.parametrize("text", ["03/04/2018 25:00", "03/04/2018 13pm", "03/04/2018 14:75"])
def test_rule5_impossible_times_are_not_read(text: str) -> None:
    """Rule 5: an impossible time is not silently dropped: the text is unparsed."""
    assert not parse_date(text).is_dated


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("43193", D(2018, 4, 3)),
        ("43193.0", D(2018, 4, 3)),
        (" 43193.00 ", D(2018, 4, 3)),
        ("20000", D(1954, 10, 3)),
        ("80000", D(2119, 1, 11)),
        ("43890", D(2020, 2, 29)),
    ],
)
def test_rule6_excel_serials_are_1900_system_days(text: str, day: dt.date) -> None:
    """Rule 6: whole numbers 20000-80000 are Excel 1900-system serial days, flagged excel-serial."""
    parsed = parse_date(text)
    assert_reads(parsed, day, day, DAY)
    assert parsed.issues == (IssueCode.EXCEL_SERIAL.value,)


@pytest.mark.parametrize("text", ["19999", "80001", "43193.5"])
def test_rule6_numbers_outside_the_serial_range_are_not_dates(text: str) -> None:
    """Rule 6: other numbers are not read as serial dates."""
    assert not parse_date(text).has(IssueCode.EXCEL_SERIAL)


APRIL_MONTH = (D(2018, 4, 1), D(2018, 4, 30), MONTH)


@pytest.mark.parametrize(
    ("text", "expected", "edtf"),
    [
        ("April 2018", APRIL_MONTH, "2018-04"),
        ("Apr 2018", APRIL_MONTH, "2018-04"),
        ("Apr-18", APRIL_MONTH, "2018-04"),
        ("04/2018", APRIL_MONTH, "2018-04"),
        ("4/2018", APRIL_MONTH, "2018-04"),
        ("2018-04", APRIL_MONTH, "2018-04"),
        ("00/04/2018", APRIL_MONTH, "2018-04"),
        ("February 2016", (D(2016, 2, 1), D(2016, 2, 29), MONTH), "2016-02"),
        ("Feb 2017", (D(2017, 2, 1), D(2017, 2, 28), MONTH), "2017-02"),
        ("December 2019", (D(2019, 12, 1), D(2019, 12, 31), MONTH), "2019-12"),
        ("2018", (D(2018, 1, 1), D(2018, 12, 31), YEAR), "2018"),
        ("00/00/2018", (D(2018, 1, 1), D(2018, 12, 31), YEAR), "2018"),
        ("1990s", (D(1990, 1, 1), D(1999, 12, 31), DECADE), "199X"),
        ("the 2000s", (D(2000, 1, 1), D(2009, 12, 31), DECADE), "200X"),
    ],
)
def test_rule7_partial_dates_are_whole_periods(text: str, expected: tuple, edtf: str) -> None:
    """Rule 7: a month, a year or a decade is the whole period; a zero day or month means unknown."""
    parsed = parse_date(text)
    assert_reads(parsed, *expected)
    assert parsed.edtf == edtf


@pytest.mark.parametrize(
    ("text", "expected", "edtf"),
    [
        ("spring 2018", (D(2018, 3, 1), D(2018, 5, 31), SEASON), "2018-21"),
        ("Summer 2018", (D(2018, 6, 1), D(2018, 8, 31), SEASON), "2018-22"),
        ("autumn 2018", (D(2018, 9, 1), D(2018, 11, 30), SEASON), "2018-23"),
        ("fall 2018", (D(2018, 9, 1), D(2018, 11, 30), SEASON), "2018-23"),
        ("in the autumn of 2018", (D(2018, 9, 1), D(2018, 11, 30), SEASON), "2018-23"),
        ("winter 2018", (D(2018, 12, 1), D(2019, 2, 28), SEASON), "2018-24"),
        ("winter 2019", (D(2019, 12, 1), D(2020, 2, 29), SEASON), "2019-24"),
        ("winter 2017/18", (D(2017, 12, 1), D(2018, 2, 28), SEASON), "2017-24"),
        ("winter 2017-18", (D(2017, 12, 1), D(2018, 2, 28), SEASON), "2017-24"),
        ("Winter 2017/2018", (D(2017, 12, 1), D(2018, 2, 28), SEASON), "2017-24"),
    ],
)
def test_rule8_seasons_are_meteorological(text: str, expected: tuple, edtf: str) -> None:
    """Rule 8: seasons are whole meteorological months; winter runs into the next year's February."""
    parsed = parse_date(text)
    assert_reads(parsed, *expected)
    assert parsed.edtf == edtf


@pytest.mark.parametrize("text", ["winter 2017/19", "summer 2017/18"])
def test_rule8_inconsistent_season_years_are_not_read(text: str) -> None:
    """Rule 8: a two-year season other than one winter is not read as a season."""
    assert parse_date(text).precision is not SEASON


@pytest.mark.parametrize(
    ("text", "expected", "edtf"),
    [
        ("early 2015", (D(2015, 1, 1), D(2015, 4, 30), THIRD), "2015-37"),
        ("beginning of 2015", (D(2015, 1, 1), D(2015, 4, 30), THIRD), "2015-37"),
        ("start of 2015", (D(2015, 1, 1), D(2015, 4, 30), THIRD), "2015-37"),
        ("mid 2015", (D(2015, 5, 1), D(2015, 8, 31), THIRD), "2015-38"),
        ("mid-2015", (D(2015, 5, 1), D(2015, 8, 31), THIRD), "2015-38"),
        ("the middle of 2015", (D(2015, 5, 1), D(2015, 8, 31), THIRD), "2015-38"),
        ("late 2015", (D(2015, 9, 1), D(2015, 12, 31), THIRD), "2015-39"),
        ("end of 2015", (D(2015, 9, 1), D(2015, 12, 31), THIRD), "2015-39"),
        ("early March 2018", (D(2018, 3, 1), D(2018, 3, 10), PART_MONTH), "2018-03-01/2018-03-10"),
        ("mid-March 2018", (D(2018, 3, 11), D(2018, 3, 20), PART_MONTH), "2018-03-11/2018-03-20"),
        ("late Feb 2016", (D(2016, 2, 21), D(2016, 2, 29), PART_MONTH), "2016-02-21/2016-02-29"),
        ("end of February 2017", (D(2017, 2, 21), D(2017, 2, 28), PART_MONTH), "2017-02-21/2017-02-28"),
        ("Q3 2019", (D(2019, 7, 1), D(2019, 9, 30), QUARTER), "2019-35"),
        ("2019 Q3", (D(2019, 7, 1), D(2019, 9, 30), QUARTER), "2019-35"),
        ("q1 2020", (D(2020, 1, 1), D(2020, 3, 31), QUARTER), "2020-33"),
        ("the fourth quarter of 2019", (D(2019, 10, 1), D(2019, 12, 31), QUARTER), "2019-36"),
        ("first half of 2018", (D(2018, 1, 1), D(2018, 6, 30), HALF), "2018-40"),
        ("the second half of 2018", (D(2018, 7, 1), D(2018, 12, 31), HALF), "2018-41"),
        ("H1 2018", (D(2018, 1, 1), D(2018, 6, 30), HALF), "2018-40"),
    ],
)
def test_rule9_parts_of_years_and_months_quarters_halves(text: str, expected: tuple, edtf: str) -> None:
    """Rule 9: early/mid/late thirds of a year, tenths of a month, quarters and halves."""
    parsed = parse_date(text)
    assert_reads(parsed, *expected)
    assert parsed.edtf == edtf


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("w/c 12/03/2018", D(2018, 3, 12)),
        ("W/C 12 March 2018", D(2018, 3, 12)),
        ("week commencing 12/03/2018", D(2018, 3, 12)),
        ("w/e 18/03/2018", D(2018, 3, 12)),
        ("week ending 18 March 2018", D(2018, 3, 12)),
        ("w/c 26/02/2016", D(2016, 2, 26)),
        ("w/e 03/03/2016", D(2016, 2, 26)),
    ],
)
def test_rule10_weeks_commencing_and_ending(text: str, start: dt.date) -> None:
    """Rule 10: w/c D is D to D+6; w/e D is D-6 to D, across month ends and leap days."""
    parsed = parse_date(text)
    assert_reads(parsed, start, start + dt.timedelta(days=6), WEEK)
    assert parsed.edtf == f"{start.isoformat()}/{(start + dt.timedelta(days=6)).isoformat()}"


@pytest.mark.parametrize(
    ("text", "start", "end", "edtf"),
    [
        ("12/03/2018 - 16/03/2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("12/03/2018-16/03/2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("12/03/2018 – 16/03/2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("12/03/2018—16/03/2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("12-16 March 2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("12th to 16th March 2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("March-April 2018", D(2018, 3, 1), D(2018, 4, 30), "2018-03/2018-04"),
        ("March to October 2018", D(2018, 3, 1), D(2018, 10, 31), "2018-03/2018-10"),
        ("Mar 2018 – Oct 2018", D(2018, 3, 1), D(2018, 10, 31), "2018-03/2018-10"),
        ("from 12/03/2018 until 16/03/2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
        ("from March 2018 to May 2018", D(2018, 3, 1), D(2018, 5, 31), "2018-03/2018-05"),
        ("between 2013 and 2014", D(2013, 1, 1), D(2014, 12, 31), "2013/2014"),
        ("2013-2014", D(2013, 1, 1), D(2014, 12, 31), "2013/2014"),
        ("2013 - 2014", D(2013, 1, 1), D(2014, 12, 31), "2013/2014"),
        ("late 2017 to early 2018", D(2017, 9, 1), D(2018, 4, 30), "2017-09/2018-04"),
        ("28/02/2016 - 01/03/2016", D(2016, 2, 28), D(2016, 3, 1), "2016-02-28/2016-03-01"),
        ("December - January 2019", D(2018, 12, 1), D(2019, 1, 31), "2018-12/2019-01"),
        ("12/03 - 16/03/2018", D(2018, 3, 12), D(2018, 3, 16), "2018-03-12/2018-03-16"),
    ],
)
def test_rule11_ranges_run_from_the_start_of_the_first_to_the_end_of_the_second(
    text: str, start: dt.date, end: dt.date, edtf: str
) -> None:
    """Rule 11: ranges with dashes or words; a first part without a year takes the second part's."""
    parsed = parse_date(text)
    assert_reads(parsed, start, end, RANGE)
    assert parsed.edtf == edtf


@pytest.mark.parametrize(
    "text", ["16/03/2018 - 12/03/2018", "2014-2013", "16 to 12 March 2018", "late 2018 - early 2017"]
)
def test_rule11_reversed_ranges_are_flagged_without_an_interval(text: str) -> None:
    """Rule 11: a range that ends before it starts has no interval and is flagged reversed-range."""
    parsed = parse_date(text)
    assert not parsed.is_dated
    assert parsed.issues == (IssueCode.REVERSED_RANGE.value,)


@pytest.mark.parametrize("text", ["12/03/2018 - 31/02/2018", "30-31 February 2018"])
def test_rule11_a_range_with_an_impossible_end_is_invalid(text: str) -> None:
    """Rule 11: an impossible day inside a range makes the whole text invalid, never rolled over."""
    assert parse_date(text).issues == (IssueCode.INVALID_DATE.value,)


@pytest.mark.parametrize(
    ("text", "expected", "edtf"),
    [
        ("c. 2014", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("c.2014", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("c 2014", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("circa 2014", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("approx. May 2018", (D(2018, 5, 1), D(2018, 5, 31), MONTH), "2018-05~"),
        ("approx 03/04/2018", (*APRIL_3[:2], DAY), "2018-04-03~"),
        ("approximately autumn 2018", (D(2018, 9, 1), D(2018, 11, 30), SEASON), "2018-09~/2018-11~"),
        ("around 2014", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("about March 2018", (D(2018, 3, 1), D(2018, 3, 31), MONTH), "2018-03~"),
        ("~2014", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("2014?", (D(2014, 1, 1), D(2014, 12, 31), YEAR), "2014~"),
        ("?03/04/2018", (*APRIL_3[:2], DAY), "2018-04-03~"),
        ("April 2018 (approx)", (D(2018, 4, 1), D(2018, 4, 30), MONTH), "2018-04~"),
        ("c. 2013-2014", (D(2013, 1, 1), D(2014, 12, 31), RANGE), "2013~/2014~"),
    ],
)
def test_rule12_approximate_dates_keep_the_interval_and_say_so(text: str, expected: tuple, edtf: str) -> None:
    """Rule 12: a qualifier leaves the interval as without it, with approx true and ~ in the EDTF."""
    parsed = parse_date(text)
    assert_reads(parsed, *expected)
    assert parsed.approx
    assert parsed.edtf == edtf


def test_rule12_plain_dates_are_not_approximate() -> None:
    """Rule 12: without a qualifier, approx is false."""
    assert not parse_date("2014").approx


DAY_ANCHOR = parse_date("12/03/2018")
MONTH_ANCHOR = parse_date("April 2015")


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("the following day", DAY_ANCHOR, (D(2018, 3, 13), D(2018, 3, 13), DAY)),
        ("next day", DAY_ANCHOR, (D(2018, 3, 13), D(2018, 3, 13), DAY)),
        ("The same day", DAY_ANCHOR, (D(2018, 3, 12), D(2018, 3, 12), DAY)),
        ("the previous day", DAY_ANCHOR, (D(2018, 3, 11), D(2018, 3, 11), DAY)),
        ("3 days later", DAY_ANCHOR, (D(2018, 3, 15), D(2018, 3, 15), DAY)),
        ("three days later", DAY_ANCHOR, (D(2018, 3, 15), D(2018, 3, 15), DAY)),
        ("two weeks later", DAY_ANCHOR, (D(2018, 3, 26), D(2018, 3, 26), DAY)),
        ("a week before", DAY_ANCHOR, (D(2018, 3, 5), D(2018, 3, 5), DAY)),
        ("twelve days earlier", DAY_ANCHOR, (D(2018, 2, 28), D(2018, 2, 28), DAY)),
        ("six months later", DAY_ANCHOR, (D(2018, 9, 12), D(2018, 9, 12), DAY)),
        ("six months after", MONTH_ANCHOR, (D(2015, 10, 1), D(2015, 10, 31), MONTH)),
        ("a year later", MONTH_ANCHOR, (D(2016, 4, 1), D(2016, 4, 30), MONTH)),
        ("an month earlier", MONTH_ANCHOR, (D(2015, 3, 1), D(2015, 3, 31), MONTH)),
        ("two years later", parse_date("2015"), (D(2017, 1, 1), D(2017, 12, 31), YEAR)),
        ("one month later", parse_date("31/01/2016"), (D(2016, 2, 29), D(2016, 2, 29), DAY)),
        ("a year later", parse_date("29/02/2016"), (D(2017, 2, 28), D(2017, 2, 28), DAY)),
        ("the following day", parse_date("w/c 12/03/2018"), (D(2018, 3, 13), D(2018, 3, 19), WEEK)),
        ("the following day", MONTH_ANCHOR, (D(2015, 4, 2), D(2015, 5, 1), RANGE)),
        ("the following month", DAY_ANCHOR, (D(2018, 4, 1), D(2018, 4, 30), MONTH)),
        ("the next month", parse_date("December 2018"), (D(2019, 1, 1), D(2019, 1, 31), MONTH)),
        ("the following year", DAY_ANCHOR, (D(2019, 1, 1), D(2019, 12, 31), YEAR)),
        ("the following week", DAY_ANCHOR, (D(2018, 3, 19), D(2018, 3, 25), WEEK)),
        ("six months later", parse_date("autumn 2018"), (D(2019, 3, 1), D(2019, 5, 31), SEASON)),
        ("two days later", D(2016, 2, 28), (D(2016, 3, 1), D(2016, 3, 1), DAY)),
    ],
)
def test_rule13_relative_phrases_resolve_against_the_anchor(
    text: str, anchor: ParsedDate | dt.date, expected: tuple
) -> None:
    """Rule 13: day/week offsets move both ends; month/year offsets are calendar months keeping the precision."""
    parsed = parse_date(text, after=anchor)
    assert_reads(parsed, *expected)
    assert parsed.relative
    assert parsed.issues == (IssueCode.RELATIVE_DATE.value,)


def test_rule13_an_approximate_anchor_makes_the_relative_date_approximate() -> None:
    """Rule 13: a date relative to an approximate date is approximate too."""
    parsed = parse_date("a year later", after=parse_date("c. 2014"))
    assert_reads(parsed, D(2015, 1, 1), D(2015, 12, 31), YEAR)
    assert parsed.approx and parsed.edtf == "2015~"


@pytest.mark.parametrize("text", ["the following day", "six months later", "the next year", "2 weeks before"])
def test_rule13_relative_phrase_without_anchor_is_flagged(text: str) -> None:
    """Rule 13: without an anchor a relative phrase has no interval and is flagged unanchored."""
    for anchor in (None, parse_date("n/k")):
        parsed = parse_date(text, after=anchor)
        assert not parsed.is_dated and parsed.relative
        assert parsed.issues == (IssueCode.UNANCHORED_RELATIVE_DATE.value,)


@pytest.mark.parametrize(
    "text", ["", "   ", "unknown", "Unknown", "not known", "n/k", "N/K", "?", "TBC", "-", "–", "date unknown"]
)
def test_rule14_undated_texts_have_no_interval(text: str) -> None:
    """Rule 14: empty and 'unknown' texts are flagged undated."""
    parsed = parse_date(text)
    assert not parsed.is_dated and parsed.precision is None and parsed.edtf == ""
    assert parsed.issues == (IssueCode.UNDATED.value,)


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2018", "29/02/2017", "32/01/2018", "30/13/2018", "31/04/2018", "00/13/2018", "2018-02-30",
        "2018-13-01", "31 June 2018", "29 Feb 2019", "30 February 2016", "29/02/1900", "13/2018",
    ],
)  # fmt: skip
def test_rule15_impossible_dates_are_invalid_never_rolled_over(text: str) -> None:
    """Rule 15: a day that does not exist has no interval and is flagged invalid-date."""
    parsed = parse_date(text)
    assert not parsed.is_dated
    assert parsed.issues == (IssueCode.INVALID_DATE.value,)


def test_rule16_other_spellings_go_to_dateparser_and_are_flagged() -> None:
    """Rule 16: a spelling no rule knows is read by dateparser, flagged dateparser-fallback."""
    parsed = parse_date("the 3rd day of April 2018")
    assert_reads(parsed, *APRIL_3)
    assert parsed.issues == (IssueCode.DATEPARSER_FALLBACK.value,)


@pytest.mark.parametrize(
    "text", ["yesterday", "last Monday", "Monday", "tomorrow", "3 days ago", "April 18", "soon", "banana"]
)
def test_rule16_texts_depending_on_today_or_unreadable_are_unparsed(text: str) -> None:
    """Rule 16: nothing is filled in from today's date; what cannot be read is flagged unparsed-date."""
    parsed = parse_date(text)
    assert not parsed.is_dated
    assert parsed.issues == (IssueCode.UNPARSED_DATE.value,)
    assert parsed.text == text
