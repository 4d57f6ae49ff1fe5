"""The build's fast reading of common spellings agrees with the one-value parser at the edges it hands over."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from chronolane.dates import parse_date
from chronolane.dates.column import parse_dates


def _column(text: str) -> tuple[dt.date | None, dt.date | None, str]:
    row = parse_dates(pd.Series([text], dtype="str")).iloc[0]
    start, end = row["date_start"], row["date_end"]
    return (None if pd.isna(start) else start.date(), None if pd.isna(end) else end.date(), row["issues"])


@pytest.mark.parametrize(
    "text",
    [
        "0/3/2018 - 5/3/2018",  # a zero day is an unknown day of its month, as in 00/04/2018
        "1/3/2018 - 0/4/2018",
        "1/3/2018 - 5/3/2018",
        "w/c 0/3/2018",
        "w/c 1/3/2018",
        "Thursday 31 February 2018",  # an impossible day with a weekday is invalid, nothing more
        "Friday 31 February 2018",
        "Thursday 1 March 2018",  # a real day whose weekday is wrong is flagged
    ],
)
def test_the_column_reading_gives_the_interval_and_issues_of_the_one_value_parser(text: str) -> None:
    one = parse_date(text)
    assert _column(text) == (one.start, one.end, ";".join(one.issues))
