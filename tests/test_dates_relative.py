"""A relative date keeps its anchor's precision only when the shifted interval still has that shape."""

from __future__ import annotations

import pandas as pd
import pytest

from chronolane.dates.column import parse_dates


@pytest.mark.parametrize(
    ("anchor", "later", "precision"),
    [
        ("summer 2018", "a year later", "season"),  # June to August 2019: still a season
        ("summer 2018", "a month later", "range"),  # July to September: three months, not a season
        ("Q1 2018", "a year later", "quarter"),
        ("Q1 2018", "a month later", "range"),  # February to April: three months, not a quarter
        ("early 2018", "a year later", "third"),
        ("early 2018", "a month later", "range"),  # February to May: four months, not a third
        ("first half of 2018", "a year later", "half"),
        ("first half of 2018", "a month later", "range"),
        ("2018", "a year later", "year"),
        ("2018", "a month later", "range"),  # February 2018 to January 2019: twelve months, not a year
        ("the 1990s", "ten years later", "decade"),
        ("the 1990s", "a year later", "range"),
        ("early March 2018", "a month later", "part-month"),  # 1 to 10 April
        ("early March 2018", "a day later", "range"),  # 2 to 11 March
        ("March 2018", "a month later", "month"),
        ("March 2018", "a week later", "range"),
    ],
)
def test_a_shifted_vague_date_keeps_its_precision_only_in_the_same_shape(anchor, later, precision) -> None:
    frame = parse_dates(pd.Series([anchor, later], dtype="str"))
    assert frame["date_precision"].tolist()[1] == precision
