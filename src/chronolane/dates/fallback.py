"""The last resort: dateparser, configured never to fill a missing part from the day the tool runs."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from chronolane.dates import spellings as sp
from chronolane.dates.single import Piece, months_piece
from chronolane.schema.columns import IssueCode, Precision

# Two unrelated reference days: a reading that changes with the reference depends on "today", so is refused.
_BASES = (dt.datetime(2001, 2, 3, 4, 5), dt.datetime(2012, 11, 22, 13, 14))
#: Words whose meaning depends on the day the tool runs; texts containing them are never read.
_RUN_DAY_WORDS = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|now|ago|last|this|coming|recent|recently|current|currently)\b"
)

#: Words that carry no date of their own; any other word left over makes dateparser's reading unsafe.
_FILLER = frozenset({"the", "of", "on", "at", "in", "day", "st", "nd", "rd", "th", "am", "pm", "a", "p", "m", "hrs"})
_TOKEN = re.compile(r"[a-z]+|\d+")
_NEEDS = {
    "year": ("year",),
    "month": ("year", "month"),
    "week": ("year", "month", "day"),
    "day": ("year", "month", "day"),
    "time": ("year", "month", "day", "hour", "minute"),
}


def accounts_for(text: str, value: dt.datetime, period: str) -> bool:
    """True when every word and number of ``text`` is a part of the reading and every part was written.

    "after 2016" (read as 2016), "2016 H2" (February) and "2010-15" (15 January) all fail: a word is left
    over, or a number was reinterpreted, or the month was never written.
    """
    parts = {"year": value.year, "month": value.month, "day": value.day, "hour": value.hour, "minute": value.minute}
    needed = _NEEDS.get(period, ())
    found: set[str] = set()
    for token in _TOKEN.findall(text.lower()):
        if token in _FILLER or (token in sp.WEEKDAYS and sp.WEEKDAYS[token] == value.weekday()):
            continue
        if token.isdigit():
            n = int(token)
            key = next(
                (
                    k
                    for k in needed
                    if k not in found and (n == parts[k] or (k == "year" and len(token) == 2 and n == parts[k] % 100))
                ),
                None,
            )
            if key is None and not (token == "00" and "minute" in found):  # seconds
                return False
            if key is not None:
                found.add(key)
        elif sp.MONTHS.get(token) == value.month and "month" in needed and "month" not in found:
            found.add("month")
        else:
            return False
    return found == set(needed)


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
    if not accounts_for(text, value, period):
        return None
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
