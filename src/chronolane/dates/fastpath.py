"""Vectorised readers for the commonest spellings; each gives exactly what the rules would give.

Each reader takes the spellings still to read and their table rows, fills both date-order halves of the
table for the spellings it recognises, and clears them from the ``todo`` mask (one per spelling given).
Anything unusual (a zero day, a Unicode dash, a qualifier) is left to the rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.dates import calendar as cal
from chronolane.dates import spellings as sp
from chronolane.dates.readings import BIT, DistinctTable, expand_years, valid_days
from chronolane.dates.rules import EXCEL_DAY_ZERO, SERIAL_RANGE
from chronolane.schema.columns import IssueCode, Precision

_MONTH_NAMES = "|".join(sorted(sp.MONTHS, key=len, reverse=True))
_WEEKDAY = "(?:(?P<wd>" + "|".join(sorted(sp.WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_NUMERIC_DATE = r"(?P<a>\d{1,2})(?P<s1>[/.-])(?P<b>\d{1,2})(?P<s2>[/.-])"  # separators compared after
_NUMERIC = rf"^\s*{_NUMERIC_DATE}(?P<year>\d{{4}}|\d{{2}})\s*$"
_ISO = r"^\s*(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ tT](?P<h>\d{2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*$"
_SERIAL = r"^\s*(?P<n>\d{5})(?:\.0*)?\s*$"
_WRITTEN_DMY = (
    rf"^\s*{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*of)?[\s\-/.,]*"
    rf"(?P<month>{_MONTH_NAMES})\.?[\s\-/.,]*(?P<year>\d{{4}}|\d{{2}})\s*$"
)
_WRITTEN_MDY = (
    rf"^\s*{_WEEKDAY}(?P<month>{_MONTH_NAMES})\.?[\s\-/.,]*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\s*$"
)
_MONTH_YEAR = rf"^\s*(?P<month>{_MONTH_NAMES})\.?(?:\s+of)?[\s,]*(?P<year>\d{{4}})\s*$"
_WEEK = rf"^\s*(?P<kind>w/c|w/e|week commencing|week ending)\s*:?\s*{_NUMERIC_DATE}(?P<year>\d{{4}})\s*$"
_RANGE = (
    r"^\s*(?P<a>\d{1,2})(?P<s1>[/.])(?P<b>\d{1,2})(?P<s2>[/.])(?P<y1>\d{4})\s*-\s*"
    r"(?P<c>\d{1,2})(?P<s3>[/.])(?P<d>\d{1,2})(?P<s4>[/.])(?P<y2>\d{4})\s*$"
)


class _Parts:
    """Named groups of a pattern matched against spellings with pyarrow (RE2: no backreferences).

    RE2's ``\\s`` and ``\\d`` are ASCII only, so it matches no more than Python's ``re`` would; whatever
    it misses goes on to the rules. A group that did not take part in a match is empty.
    """

    def __init__(self, spellings: pd.Series, pattern: str, *, lower: bool = False) -> None:
        values = pa.array(spellings.to_numpy(dtype=object), type=pa.large_string())
        matched = pc.extract_regex(pc.utf8_lower(values) if lower else values, pattern)
        self.matched = matched.is_valid().to_numpy(zero_copy_only=False)
        self._groups = {field.name: matched.field(i) for i, field in enumerate(matched.type)}

    def text(self, name: str, local: np.ndarray) -> np.ndarray:
        """The group's text at positions ``local``."""
        return self._groups[name].take(pa.array(local, type=pa.int64())).to_numpy(zero_copy_only=False)

    def ints(self, name: str, local: np.ndarray) -> np.ndarray:
        """The group's whole numbers at positions ``local`` (all matched, group non-empty)."""
        return self.text(name, local).astype(np.int64)

    def same(self, first: str, second: str) -> np.ndarray:
        """Per spelling: the two groups hold the same text (a repeated separator)."""
        return pc.equal(self._groups[first], self._groups[second]).fill_null(False).to_numpy(zero_copy_only=False)


def read_numeric(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray) -> None:
    """dd/mm/yyyy, d.m.yy, dd-mm-yyyy: both orders."""
    parts = _Parts(spellings, _NUMERIC)
    local = np.flatnonzero(parts.matched & parts.same("s1", "s2") & todo)
    a, b = parts.ints("a", local), parts.ints("b", local)
    keep = (a > 0) & (b > 0)
    local, a, b = local[keep], a[keep], b[keep]
    year, short = expand_years(parts.text("year", local))
    issues = np.where(short, BIT[IssueCode.TWO_DIGIT_YEAR], 0)
    at = rows[local]
    table.put_days(at, *valid_days(year, b, a), issues)
    table.put_days(at + table.size, *valid_days(year, a, b), issues)
    table.set_evidence(at)
    todo[local] = False


def read_iso(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray) -> None:
    """2018-04-03, with or without a time (as XLSX datetime cells arrive)."""
    parts = _Parts(spellings, _ISO)
    local = np.flatnonzero(parts.matched & todo)
    year, month, day = (parts.ints(c, local) for c in ("year", "m", "d"))
    hour_text, minute_text = parts.text("h", local), parts.text("mi", local)
    has_time = hour_text != ""
    hour = np.where(has_time, hour_text, "0").astype(np.int64)
    minute = np.where(has_time, minute_text, "0").astype(np.int64)
    keep = (month > 0) & (day > 0) & (hour <= 23) & (minute <= 59)
    local, year, month, day, has_time = local[keep], year[keep], month[keep], day[keep], has_time[keep]
    valid, days = valid_days(year, month, day)
    at = rows[local]
    table.put_days(at, valid, days, np.zeros(len(at), dtype=np.int64))
    times = parts.text("h", local).astype(object) + ":" + parts.text("mi", local).astype(object)
    table.time[at] = np.where(has_time & valid, times, "")
    table.copy_to_month_first(at)
    todo[local] = False


def read_serial(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray) -> None:
    """Whole numbers 20000-80000: Excel 1900-system serial days."""
    parts = _Parts(spellings, _SERIAL)
    local = np.flatnonzero(parts.matched & todo)
    number = parts.ints("n", local)
    in_range = (number >= SERIAL_RANGE[0]) & (number <= SERIAL_RANGE[1])
    local, number = local[in_range], number[in_range]
    at = rows[local]
    days = number + cal.to_day(EXCEL_DAY_ZERO)
    table.put_days(at, np.ones(len(at), dtype=bool), days, np.full(len(at), BIT[IssueCode.EXCEL_SERIAL]))
    table.copy_to_month_first(at)
    todo[local] = False


def _read_written(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray, pattern: str) -> None:
    parts = _Parts(spellings, pattern, lower=True)
    local = np.flatnonzero(parts.matched & todo)
    year, short = expand_years(parts.text("year", local))
    month = np.array([sp.MONTHS[m] for m in parts.text("month", local).tolist()], dtype=np.int64)
    valid, days = valid_days(year, month, parts.ints("day", local))
    weekday_text = parts.text("wd", local).tolist()
    written_weekday = np.array([sp.WEEKDAYS.get(w, -1) for w in weekday_text], dtype=np.int64)
    mismatch = (written_weekday >= 0) & (cal.weekday(np.where(valid, days, 0)) != written_weekday)
    issues = np.where(short, BIT[IssueCode.TWO_DIGIT_YEAR], 0) | np.where(mismatch, BIT[IssueCode.WEEKDAY_MISMATCH], 0)
    at = rows[local]
    table.put_days(at, valid, days, issues)
    table.copy_to_month_first(at)
    todo[local] = False


def read_written(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray) -> None:
    """3 April 2018, Tue 3rd of Apr 2018, 03-Apr-18, April 3, 2018; and April 2018 (the whole month)."""
    _read_written(table, spellings, rows, todo, _WRITTEN_DMY)
    _read_written(table, spellings, rows, todo, _WRITTEN_MDY)
    parts = _Parts(spellings, _MONTH_YEAR, lower=True)
    local = np.flatnonzero(parts.matched & todo)
    year = parts.ints("year", local)
    in_range = (year >= 1) & (year <= 9998)
    local, year = local[in_range], year[in_range]
    month = np.array([sp.MONTHS[m] for m in parts.text("month", local).tolist()], dtype=np.int64)
    at = rows[local]
    table.put_intervals(
        at, cal.month_start(year, month), cal.month_end(year, month), Precision.MONTH, np.zeros(len(at), dtype=np.int64)
    )
    table.copy_to_month_first(at)
    todo[local] = False


def read_week(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray) -> None:
    """w/c 12/03/2018 (D to D+6) and w/e 18/03/2018 (D-6 to D): both orders."""
    parts = _Parts(spellings, _WEEK, lower=True)
    local = np.flatnonzero(parts.matched & parts.same("s1", "s2") & todo)
    a, b, year = (parts.ints(c, local) for c in ("a", "b", "year"))
    keep = (a > 0) & (b > 0)
    local, a, b, year = local[keep], a[keep], b[keep], year[keep]
    back = np.where(np.isin(parts.text("kind", local), ["w/e", "week ending"]), 6, 0)
    at = rows[local]
    for block, (day, month) in ((at, (a, b)), (at + table.size, (b, a))):
        valid, days = valid_days(year, month, day)
        first = np.where(valid, days - back, cal.NO_DAY)
        issues = np.where(valid, 0, BIT[IssueCode.INVALID_DATE])
        table.put_intervals(block, first, first + 6, Precision.WEEK, issues)
    table.set_evidence(at)
    todo[local] = False


def read_numeric_range(table: DistinctTable, spellings: pd.Series, rows: np.ndarray, todo: np.ndarray) -> None:
    """12/03/2018 - 16/03/2018: both orders; reversed or impossible ends give no interval."""
    parts = _Parts(spellings, _RANGE)
    local = np.flatnonzero(parts.matched & parts.same("s1", "s2") & parts.same("s3", "s4") & todo)
    a, b, y1, c, d, y2 = (parts.ints(name, local) for name in ("a", "b", "y1", "c", "d", "y2"))
    keep = (a > 0) & (b > 0) & (c > 0) & (d > 0)
    local, a, b, y1, c, d, y2 = (x[keep] for x in (local, a, b, y1, c, d, y2))
    at = rows[local]
    for block, dmy in ((at, True), (at + table.size, False)):
        first_ok, first = valid_days(y1, b, a) if dmy else valid_days(y1, a, b)
        last_ok, last = valid_days(y2, d, c) if dmy else valid_days(y2, c, d)
        valid = first_ok & last_ok
        reversed_range = valid & (last < first)
        issues = np.select([~valid, reversed_range], [BIT[IssueCode.INVALID_DATE], BIT[IssueCode.REVERSED_RANGE]], 0)
        start = np.where(valid & ~reversed_range, first, cal.NO_DAY)
        table.put_intervals(block, start, last, Precision.RANGE, issues)
    table.set_evidence(at)
    todo[local] = False


#: In order; each reader sees only the spellings the earlier ones left.
READERS = (read_numeric, read_iso, read_serial, read_written, read_week, read_numeric_range)
