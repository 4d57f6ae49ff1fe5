"""The value of one date reading: an inclusive interval of whole days with its precision and issues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from chronolane.schema.columns import IssueCode, Precision


class ShiftUnit(StrEnum):
    """What a relative phrase moves its anchor by."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    NEXT_WEEK = "next-week"  # the whole calendar week (Monday to Sunday) after the anchor's end
    NEXT_MONTH = "next-month"  # the whole calendar month after the anchor's end
    NEXT_YEAR = "next-year"  # the whole calendar year after the anchor's end
    LATER_IN_MONTH = "later-in-month"  # after the anchor's end, to the end of its month
    EARLIER_IN_MONTH = "earlier-in-month"  # from the start of the anchor's month to before the anchor
    YEARLESS = "yearless"  # a day or month without a year: amount is YEARLESS_CODE of its month and day


@dataclass(frozen=True)
class Shift:
    """A relative phrase: move the anchor interval by ``amount`` units (negative is earlier)."""

    unit: ShiftUnit
    amount: int = 1


@dataclass(frozen=True)
class ParsedDate:
    """How one date text reads: an inclusive interval of whole days, or no interval with issues saying why."""

    text: str
    """The original text, unchanged."""
    start: dt.date | None
    """First day of the interval (inclusive); None when undated, invalid or unparsed."""
    end: dt.date | None
    """Last day of the interval (inclusive)."""
    precision: Precision | None
    """How precise the wording is; None when there is no interval."""
    approx: bool = False
    """True when the text says the date is approximate."""
    time: str = ""
    """``HH:MM`` when the text gives a time, else empty."""
    edtf: str = ""
    """The interval in Extended Date/Time Format (Library of Congress)."""
    issues: tuple[str, ...] = ()
    """Issue codes (``IssueCode`` values) in the fixed order of ``IssueCode``."""
    relative: bool = False
    """True when the text is a relative phrase ("six months later"), resolved or not."""

    @property
    def is_dated(self) -> bool:
        """True when the text reads as an interval."""
        return self.start is not None

    @property
    def has_open_end(self) -> bool:
        """True for an open-ended date ('after 2016'): no interval, its bound in the EDTF."""
        return self.has(IssueCode.OPEN_ENDED_DATE)

    def has(self, code: IssueCode) -> bool:
        """True when the reading carries issue ``code``."""
        return code.value in self.issues


@dataclass(frozen=True)
class Reading:
    """What the rules make of one text before any anchor is applied (internal to chronolane.dates)."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision | None = None
    approx: bool = False
    time: str = ""
    issues: frozenset[IssueCode] = frozenset()
    shift: Shift | None = None
    open_edtf: str = ""  # an open-ended date's EDTF (2016/..); it has no interval
    split_year: int = 0  # first year of a bare split year (2018/19), read by the source's year_style
