"""Day numbers: the one conversion between dates and whole days since 1970-01-01."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from chronolane.dates.calendar import NO_DAY, datetimes, day_numbers, from_day, to_day


def test_day_numbers_count_days_since_1970_and_keep_missing_dates_missing() -> None:
    column = pd.Series(pd.to_datetime(["1970-01-01 00:00", "1969-12-31 00:00", "2020-02-29 23:59", None]))
    assert day_numbers(column).tolist() == [0, -1, to_day(dt.date(2020, 2, 29)), NO_DAY]


def test_day_numbers_read_text_dates_and_arrays_alike() -> None:
    assert day_numbers(pd.Series(["2000-01-02"])).tolist() == [to_day(dt.date(2000, 1, 2))]
    assert day_numbers(np.array(["2000-01-02"], dtype="datetime64[D]")).tolist() == [10958]


def test_datetimes_turn_day_numbers_back_into_midnights_and_no_day_into_nat() -> None:
    values = datetimes(np.array([0, 18321, NO_DAY]))
    assert values.dtype == np.dtype("datetime64[us]")
    assert values[:2].tolist() == [dt.datetime(1970, 1, 1), dt.datetime(2020, 2, 29)]
    assert np.isnat(values[2])
    assert from_day(18321) == dt.date(2020, 2, 29)
