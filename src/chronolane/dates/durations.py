"""Durations such as 6M, 183D, 12W or 10WD, and calendar arithmetic with them on whole-day numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np

from chronolane.dates.calendar import add_months
from chronolane.errors import UsageError


class DurationUnit(StrEnum):
    """The unit of a duration, written as its suffix."""

    DAY = "D"
    WEEK = "W"
    MONTH = "M"  # calendar months
    YEAR = "Y"  # twelve calendar months
    WORKING_DAY = "WD"  # Monday to Friday except England and Wales bank holidays
    SCHOOL_DAY = "SD"  # as working days: school holidays differ by school and are not known


_DURATION = re.compile(r"^\s*([+-]?)\s*(\d{1,5})\s*(WD|SD|D|W|M|Y)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Duration:
    """A signed length of time in one unit: ``Duration(6, DurationUnit.MONTH)`` is six calendar months."""

    amount: int
    """Number of units; negative moves earlier."""
    unit: DurationUnit
    """Days, weeks, calendar months, years, working days or school days."""

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.value}"

    def add_to(self, days: np.ndarray) -> np.ndarray:
        """Day numbers (days since 1970-01-01) moved by this duration, element by element.

        Months and years keep the day of the month, clipped to the target month's length (31 August + 6M
        is 28 or 29 February). Working and school days count Monday to Friday except England and Wales bank
        holidays: 10WD after a day is the tenth working day after it, so 10WD after Saturday 6 January 2018
        is Friday 19 January, and 1WD after Friday 24 December 2021 is Wednesday 29 December.
        """
        days = np.asarray(days, dtype=np.int64)
        if self.unit == DurationUnit.DAY:
            return days + self.amount
        if self.unit == DurationUnit.WEEK:
            return days + 7 * self.amount
        if self.unit in (DurationUnit.MONTH, DurationUnit.YEAR):
            months = self.amount * (12 if self.unit == DurationUnit.YEAR else 1)
            return add_months(days, np.full(days.shape, months, dtype=np.int64), keep_month_end=False)
        # Counting from a weekend day or bank holiday: the first working day after it is working day 1.
        roll = "backward" if self.amount >= 0 else "forward"
        moved = np.busday_offset(days.astype("datetime64[D]"), self.amount, roll=roll, busdaycal=working_days())
        return moved.astype(np.int64)

    def exceeded(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Whether each ``end`` day falls after its ``start`` day moved on by this duration.

        For months the calendar is consulted only where the day count cannot decide (a month has 28 to
        31 days), which keeps this fast on large frames.
        """
        start, end = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
        if self.unit not in (DurationUnit.MONTH, DurationUnit.YEAR) or self.amount < 0:
            return end > self.add_to(start)
        months = self.amount * (12 if self.unit == DurationUnit.YEAR else 1)
        days = end - start
        result = days > 31 * months
        unsure = np.flatnonzero(~result & (days > 28 * months))
        result[unsure] = end[unsure] > self.add_to(start[unsure])
        return result


#: Years whose bank holidays are known; working days outside them count Monday to Friday only.
HOLIDAY_YEARS = range(1950, 2081)


@cache
def working_days() -> np.busdaycalendar:
    """Monday to Friday without the bank holidays of England and Wales (the ``holidays`` package, offline)."""
    import holidays

    known = holidays.country_holidays("GB", subdiv="ENG", years=HOLIDAY_YEARS)
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(sorted(known), dtype="datetime64[D]"))


def parse_duration(text: str | Duration, *, what: str = "threshold") -> Duration:
    """The duration written as ``text`` (``6M``, ``183D``, ``12W``, ``1Y``, ``10WD``, ``1SD``, ``-12W``).

    Raises UsageError naming ``what`` and the text when it is not a duration.
    """
    if isinstance(text, Duration):
        return text
    match = _DURATION.match(str(text))
    if match is None:
        raise UsageError(
            f"{what} {text!r} is not a duration. Write a whole number and a unit: D (days), W (weeks), "
            "M (calendar months), Y (years), WD (working days) or SD (school days), e.g. 6M, 183D, 12W."
        )
    sign, amount, unit = match.groups()
    value = int(amount) * (-1 if sign == "-" else 1)
    return Duration(value, DurationUnit(unit.upper()))
