"""The readings of a column's distinct spellings, in both date orders, as NumPy arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chronolane.dates import calendar as cal
from chronolane.dates.edtf import format_edtf
from chronolane.dates.order import Evidence
from chronolane.dates.relative import NOT_RELATIVE
from chronolane.schema.columns import IssueCode, Precision

#: Bit of each issue code in an issue mask; masks are written out in this (IssueCode) order.
BIT: dict[IssueCode, int] = {code: 1 << i for i, code in enumerate(IssueCode)}
DAY_CODE = cal.PRECISION_CODE[Precision.DAY]


@dataclass
class DistinctTable:
    """Readings of n distinct spellings: rows 0..n-1 read day-first, rows n..2n-1 month-first."""

    start: np.ndarray  # day numbers, cal.NO_DAY for none
    end: np.ndarray
    precision: np.ndarray  # precision codes, cal.NO_PRECISION for none
    approx: np.ndarray
    time: np.ndarray  # object: "HH:MM" or ""
    edtf: np.ndarray  # object
    issues: np.ndarray  # issue bit masks
    unit: np.ndarray  # shift unit codes, NOT_RELATIVE for none
    amount: np.ndarray
    evidence: np.ndarray  # length n: Evidence per spelling
    split_year: np.ndarray  # first year of a bare split year (2018/19), 0 for none

    @classmethod
    def empty(cls, n: int) -> DistinctTable:
        """A table of n spellings with no readings yet."""
        size = 2 * n
        return cls(
            start=np.full(size, cal.NO_DAY, dtype=np.int64),
            end=np.full(size, cal.NO_DAY, dtype=np.int64),
            precision=np.full(size, cal.NO_PRECISION, dtype=np.int8),
            approx=np.zeros(size, dtype=bool),
            time=np.full(size, "", dtype=object),
            edtf=np.full(size, "", dtype=object),
            issues=np.zeros(size, dtype=np.int64),
            unit=np.full(size, NOT_RELATIVE, dtype=np.int8),
            amount=np.zeros(size, dtype=np.int64),
            evidence=np.zeros(n, dtype=np.int8),
            split_year=np.zeros(size, dtype=np.int64),
        )

    @property
    def size(self) -> int:
        """Number of distinct spellings."""
        return len(self.evidence)

    def put_days(self, rows: np.ndarray, valid: np.ndarray, days: np.ndarray, issues: np.ndarray) -> None:
        """Store single-day readings (or invalid-date where not valid) at table rows."""
        self.start[rows] = days
        self.end[rows] = days
        self.precision[rows] = np.where(valid, DAY_CODE, cal.NO_PRECISION)
        self.issues[rows] = np.where(valid, issues, BIT[IssueCode.INVALID_DATE])
        iso = np.datetime_as_string(np.where(valid, days, 0).astype("datetime64[D]"))
        self.edtf[rows] = np.where(valid, iso.astype(object), "")

    def put_intervals(
        self, rows: np.ndarray, start: np.ndarray, end: np.ndarray, precision: Precision, issues: np.ndarray
    ) -> None:
        """Store intervals of one precision at table rows (NO_DAY start: no interval, issues say why)."""
        dated = start != cal.NO_DAY
        self.start[rows] = start
        self.end[rows] = np.where(dated, end, cal.NO_DAY)
        self.precision[rows] = np.where(dated, cal.PRECISION_CODE[precision], cal.NO_PRECISION)
        self.issues[rows] = issues
        self.edtf[rows] = [
            format_edtf(cal.from_day(s), cal.from_day(e), precision, False) if s != cal.NO_DAY else ""
            for s, e in zip(start.tolist(), end.tolist(), strict=True)
        ]

    def copy_to_month_first(self, rows: np.ndarray) -> None:
        """Use the day-first readings of spellings whose reading does not depend on the order."""
        for name in ("start", "end", "precision", "approx", "time", "edtf", "issues", "unit", "amount", "split_year"):
            column = getattr(self, name)
            column[rows + self.size] = column[rows]

    def set_evidence(self, rows: np.ndarray) -> None:
        """Compare both readings of spellings to record the evidence they give about the date order."""
        mdy = rows + self.size
        same = (
            (self.start[rows] == self.start[mdy])
            & (self.end[rows] == self.end[mdy])
            & (self.precision[rows] == self.precision[mdy])
        )
        dmy_dated, mdy_dated = self.start[rows] != cal.NO_DAY, self.start[mdy] != cal.NO_DAY
        self.evidence[rows] = np.select(
            [same, dmy_dated & mdy_dated, dmy_dated, mdy_dated],
            [Evidence.NONE, Evidence.EITHER, Evidence.DMY_ONLY, Evidence.MDY_ONLY],
            Evidence.NONE,
        )


def valid_days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(valid, day number) of year/month/day arrays; impossible dates get NO_DAY."""
    valid = (month >= 1) & (month <= 12) & (day >= 1) & (year >= cal.FIRST_YEAR) & (year <= cal.LAST_YEAR)
    safe_month = np.where(valid, month, 1)
    safe_year = np.where(valid, year, 1970)
    first = cal.month_start(safe_year, safe_month)
    valid &= day <= cal.month_start(safe_year, safe_month + 1) - first
    return valid, np.where(valid, first + day - 1, cal.NO_DAY)


def expand_years(year_text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(year, was two digits) of year strings, two-digit years pivoting at 70."""
    text = year_text.astype(str)
    short = np.char.str_len(text) == 2
    year = text.astype(np.int64)
    return np.where(short, np.where(year < 70, 2000 + year, 1900 + year), year), short
