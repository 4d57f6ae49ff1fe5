"""A range whose first end has no year takes the year that puts it before the second: day and month limits."""

from __future__ import annotations

import datetime as dt

import pytest

from chronolane.dates import parse_date


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("31/12 - 05/01/2019", dt.date(2018, 12, 31)),  # day 31 and month 12: the last allowed
        ("01/01 - 05/01/2019", dt.date(2019, 1, 1)),  # day 1 and month 1: the first allowed
        ("32/12 - 05/01/2019", None),  # no day 32
        ("20/13 - 05/01/2019", None),  # no month 13
    ],
)
def test_the_yearless_end_of_a_range_allows_days_1_to_31_and_months_1_to_12(text: str, start: dt.date | None) -> None:
    parsed = parse_date(text)
    assert parsed.start == start
    assert (parsed.end, parsed.issues) == ((dt.date(2019, 1, 5), ()) if start else (None, ("invalid-date",)))
