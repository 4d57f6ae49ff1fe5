"""Calendar arithmetic on whole-day numbers (days since 1970-01-01), vectorised with NumPy."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from chronolane.schema.columns import Precision

if TYPE_CHECKING:
    import pandas as pd

EPOCH = dt.date(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
#: Day number meaning "no interval".
NO_DAY = np.iinfo(np.int64).min
#: Years a chronology date can have; a four-digit number outside them ("0123", a reference) is not a date.
FIRST_YEAR, LAST_YEAR = 1800, 2199
#: Precisions in a fixed order; a precision is stored as its index here, -1 meaning none.
PRECISIONS: tuple[Precision, ...] = tuple(Precision)
PRECISION_CODE = {p: i for i, p in enumerate(PRECISIONS)}
NO_PRECISION = -1


#: Years whose bank holidays are known; working days outside them count Monday to Friday only.
HOLIDAY_YEARS = range(1950, 2081)


def _england_holidays(years: int | range) -> dict[dt.date, str]:
    """Bank holidays of England and Wales by day, from the ``holidays`` package (offline; Easter computed there)."""
    import holidays  # imported on first use: only working days and holiday spellings need it

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=years))


@functools.cache
def bank_holidays(year: int) -> dict[str, dt.date]:
    """England's bank holidays of ``year`` by name."""
    return {name: day for day, name in _england_holidays(year).items()}


@functools.cache
def working_days() -> np.busdaycalendar:
    """Monday to Friday without the bank holidays of England and Wales in ``HOLIDAY_YEARS``."""
    known = _england_holidays(HOLIDAY_YEARS)
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(sorted(known), dtype="datetime64[D]"))


def to_day(value: dt.date | None) -> int:
    """Day number of a date, or NO_DAY."""
    return NO_DAY if value is None else value.toordinal() - EPOCH_ORDINAL


def from_day(day: int) -> dt.date | None:
    """Date of a day number, or None for NO_DAY."""
    return None if day == NO_DAY else dt.date.fromordinal(int(day) + EPOCH_ORDINAL)


def day_numbers(values: pd.Series | np.ndarray) -> np.ndarray:
    """Day numbers of datetime values (a column or an array); NO_DAY where NaT."""
    import pandas as pd  # here, not above: reading one date text (``chronolane date``) needs NumPy only

    array = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    if not np.issubdtype(array.dtype, np.datetime64):
        array = pd.to_datetime(values).to_numpy()
    return array.astype("datetime64[D]").astype(np.int64)  # NaT is the int64 minimum, NO_DAY


def datetimes(days: np.ndarray) -> np.ndarray:
    """Day numbers as datetime64[us] values; NaT for NO_DAY."""
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[us]")


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day (1-31) of day numbers."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    years = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return years, month, day


def month_start(year: npt.ArrayLike, month: npt.ArrayLike) -> np.ndarray:
    """Day number of the first day of each month (month may run past 12 or below 1)."""
    total = (np.asarray(year, dtype=np.int64) - 1970) * 12 + np.asarray(month, dtype=np.int64) - 1
    return total.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def month_end(year: npt.ArrayLike, month: npt.ArrayLike) -> np.ndarray:
    """Day number of the last day of each month."""
    return month_start(year, np.asarray(month) + 1) - 1


def add_months(days: np.ndarray, months: np.ndarray, *, keep_month_end: bool) -> np.ndarray:
    """Move day numbers by whole calendar months, clipping the day to the month's length.

    With ``keep_month_end`` a last day of a month stays the last day of the target month.
    """
    year, month, day = ymd(days)
    target_start = month_start(year, month + months)
    target_len = month_start(year, month + months + 1) - target_start
    moved = target_start + np.minimum(day, target_len) - 1
    if keep_month_end:
        at_end = days == month_end(year, month)
        moved = np.where(at_end, target_start + target_len - 1, moved)
    return moved


def weekday(days: np.ndarray) -> np.ndarray:
    """Weekday of day numbers, Monday = 0."""
    return (np.asarray(days, dtype=np.int64) + 3) % 7  # 1970-01-01 was a Thursday


def _span_months(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(aligned, first month, number of months) of intervals; aligned = starts on a 1st, ends on a month end."""
    sy, sm, sd = ymd(start)
    ey, em, _ = ymd(end)
    aligned = (sd == 1) & (end == month_end(ey, em))
    return aligned, sm, (ey - sy) * 12 + em - sm + 1


def conform(start: np.ndarray, end: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """Keep each precision code whose shape the interval still has (after a shift), else make it a range."""
    aligned, first, count = _span_months(start, end)
    sy, _, sd = ymd(start)
    _, _, ed = ymd(end)
    shapes = {
        Precision.DAY: start == end,
        Precision.WEEK: end - start == 6,
        Precision.PART_MONTH: (count == 1)
        & (((sd == 1) & (ed == 10)) | ((sd == 11) & (ed == 20)) | ((sd == 21) & aligned)),
        Precision.MONTH: aligned & (count == 1),
        Precision.SEASON: aligned & (count == 3) & (first % 3 == 0),
        Precision.QUARTER: aligned & (count == 3) & (first % 3 == 1),
        Precision.THIRD: aligned & (count == 4) & (first % 4 == 1),
        Precision.HALF: aligned & (count == 6) & (first % 6 == 1),
        Precision.YEAR: aligned & (count == 12) & (first == 1),
        Precision.DECADE: aligned & (count == 120) & (first == 1) & (sy % 10 == 0),
    }
    out = np.full(len(precision), PRECISION_CODE[Precision.RANGE], dtype=np.int8)
    out[precision == NO_PRECISION] = NO_PRECISION
    for p, fits in shapes.items():
        code = PRECISION_CODE[p]
        keep = (precision == code) & fits
        out[keep] = code
    return out
