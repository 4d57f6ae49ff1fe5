"""Calendar arithmetic on whole-day numbers (days since 1970-01-01), vectorised with NumPy."""

from __future__ import annotations

import datetime as dt

import numpy as np

from chronolane.schema.columns import Precision

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


def to_day(value: dt.date | None) -> int:
    """Day number of a date, or NO_DAY."""
    return NO_DAY if value is None else value.toordinal() - EPOCH_ORDINAL


def from_day(day: int) -> dt.date | None:
    """Date of a day number, or None for NO_DAY."""
    return None if day == NO_DAY else dt.date.fromordinal(int(day) + EPOCH_ORDINAL)


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day (1-31) of day numbers."""
    d = days.astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    years = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return years, month, day


def month_start(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Day number of the first day of each month (month may run past 12 or below 1)."""
    total = (np.asarray(year, dtype=np.int64) - 1970) * 12 + np.asarray(month, dtype=np.int64) - 1
    return total.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def month_end(year: np.ndarray, month: np.ndarray) -> np.ndarray:
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
