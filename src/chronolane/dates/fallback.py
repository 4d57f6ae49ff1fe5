"""The last resort: dateparser, configured never to fill a missing part from the day the tool runs."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from chronolane.dates.single import Piece, months_piece
from chronolane.schema import IssueCode, Precision

# Two unrelated reference days: a reading that changes with the reference depends on "today", so is refused.
_BASES = (dt.datetime(2001, 2, 3, 4, 5), dt.datetime(2012, 11, 22, 13, 14))
#: Words whose meaning depends on the day the tool runs; texts containing them are never read.
_RUN_DAY_WORDS = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|now|ago|last|this|coming|recent|recently|current|currently)\b"
)


@functools.cache
def _parsers() -> tuple[Any, ...]:
    from dateparser.date import DateDataParser  # imported on first use: it takes a second to load

    settings = {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_TIME_AS_PERIOD": True,
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    return tuple(DateDataParser(languages=["en"], settings={**settings, "RELATIVE_BASE": base}) for base in _BASES)


@functools.lru_cache(maxsize=65536)
def read_with_dateparser(text: str) -> Piece | None:
    """Read ``text`` with dateparser; None when it fails or the reading depends on the reference day."""
    if _RUN_DAY_WORDS.search(text.lower()):
        return None
    readings = [parser.get_date_data(text) for parser in _parsers()]
    if any(r.date_obj is None for r in readings):
        return None
    if len({(r.date_obj, r.period) for r in readings}) != 1:
        return None
    value, period = readings[0].date_obj, readings[0].period
    issues = frozenset({IssueCode.DATEPARSER_FALLBACK})
    day = value.date()
    if period == "year":
        return months_piece(day.year, 1, 12, Precision.YEAR, issues)
    if period == "month":
        return months_piece(day.year, day.month, 1, Precision.MONTH, issues)
    if period == "week":
        first = day - dt.timedelta(days=day.weekday())
        return Piece(first, first + dt.timedelta(days=6), Precision.WEEK, issues=issues)
    time = f"{value.hour:02d}:{value.minute:02d}" if period == "time" else ""
    return Piece(day, day, Precision.DAY, time=time, issues=issues)
