"""Every EDTF string chronolane writes parses with the `edtf` package (python-edtf), used as an oracle."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from chronolane.dates import parse_date, parse_dates
from chronolane.schema.columns import Column

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
years = st.integers(min_value=1900, max_value=2099)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
QUALIFIERS = ["", "c. ", "about ", "possibly ", "~", "?"]
OPEN = ["", "after ", "before ", "since ", "by ", "until "]


@st.composite
def spellings(draw: st.DrawFn) -> str:
    """A date text in one of the supported forms, maybe approximate, maybe open-ended."""
    year, day = draw(years), draw(days)
    month = MONTHS[day.month - 1]
    body = draw(
        st.sampled_from(
            [
                day.strftime("%d/%m/%Y"),
                f"{day.day} {month} {day.year}",
                f"{month} {year}",
                f"{month[:3]}-{year}",
                str(year),
                f"{year // 10 * 10}s",
                f"early {year // 10 * 10}s",
                f"{draw(st.sampled_from(['spring', 'summer', 'autumn', 'winter']))} {year}",
                f"Q{draw(st.integers(1, 4))} {year}",
                f"H{draw(st.integers(1, 2))} {year}",
                f"{draw(st.sampled_from(['early', 'mid', 'late']))} {year}",
                f"{draw(st.sampled_from(['early', 'mid', 'late']))} {month} {year}",
                f"{year}-{year + 1 - 1900 if year < 2000 else year + 1 - 2000:02d}",
                f"AY {year}/{(year + 1) % 100:02d}",
                f"FY {year}/{(year + 1) % 100:02d}",
                f"autumn term {year}",
                f"Easter {year}",
                f"w/c {day.strftime('%d/%m/%Y')}",
                f"{month} to {MONTHS[(day.month + 2) % 12]} {year}",
                f"between {year} and {year + 3}",
            ]
        )
    )
    return draw(st.sampled_from(OPEN)) + draw(st.sampled_from(QUALIFIERS)) + body


@settings(max_examples=200, deadline=None)
@given(text=spellings())
def test_every_edtf_written_for_a_generated_spelling_parses_with_python_edtf(text: str) -> None:
    """A dated or open-ended reading has an EDTF string that python-edtf accepts."""
    parsed = parse_date(text)
    if parsed.edtf:
        parse_edtf(parsed.edtf)  # raises EDTFParseException when invalid
    assert bool(parsed.edtf) == (parsed.is_dated or parsed.has_open_end), text


@settings(max_examples=60, deadline=None)
@given(anchor=days, text=st.sampled_from(["six months later", "a fortnight later", "later that month", "3rd March"]))
def test_edtf_of_resolved_rows_in_a_column_parses_with_python_edtf(anchor: dt.date, text: str) -> None:
    """Relative and yearless rows resolved in a column get EDTF strings python-edtf accepts."""
    column = pd.Series([f"c. {anchor.strftime('%d/%m/%Y')}", text, anchor.strftime("%B %Y"), text])
    for edtf in parse_dates(column)[Column.EDTF]:
        parse_edtf(edtf)


@pytest.mark.parametrize("text", ["approximately autumn 2018", "c. Q3 2019", "about early 2015", "~H2 2018"])
def test_approximate_groupings_are_written_as_approximate_months_not_as_invalid_codes(text: str) -> None:
    """'2018-23~' is not EDTF: an approximate season, quarter, third or half is an interval of approximate months."""
    edtf = parse_date(text).edtf
    assert edtf.count("~") == 2 and "/" in edtf
    parse_edtf(edtf)


@pytest.mark.parametrize("text", ["autumn 2018", "Q3 2019", "early 2015", "H2 2018"])
def test_exact_groupings_keep_their_edtf_sub_year_codes(text: str) -> None:
    """Without a qualifier a season, quarter, third or half keeps its level 2 code (2018-23)."""
    edtf = parse_date(text).edtf
    assert "/" not in edtf and "~" not in edtf
    parse_edtf(edtf)
