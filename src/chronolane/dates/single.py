"""Read one date expression (no range, qualifier or relative phrase) into a Piece."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from chronolane.dates import calendar as cal
from chronolane.dates import spellings as sp
from chronolane.schema.columns import DateOrder, IssueCode, Precision


@dataclass(frozen=True)
class Piece:
    """One expression read: an interval, an impossible date, or a partial date still missing its year."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision | None = None
    time: str = ""
    issues: frozenset[IssueCode] = frozenset()
    invalid: bool = False
    day: int | None = None  # partial: day without a year
    month: int | None = None  # partial: month without a year
    part: int | None = None  # partial: early (0), mid (1) or late (2) in a month without a year
    weekday: int | None = None  # partial: the weekday written with a day without a year
    split_year: int = 0  # a bare split year (2018/19): its first year, read by the source's year_style

    @property
    def partial(self) -> bool:
        """True for a day and/or month without a year (only usable as the first part of a range)."""
        return self.start is None and not self.invalid and (self.day is not None or self.month is not None)


INVALID = Piece(invalid=True)
_TWO_DIGIT = frozenset({IssueCode.TWO_DIGIT_YEAR})


def year_of(text: str) -> tuple[int, frozenset[IssueCode]]:
    """A written year, with two-digit years expanded (00-69 -> 2000s, 70-99 -> 1900s) and flagged."""
    year = int(text)
    if len(text) == 2:
        return (2000 + year if year < 70 else 1900 + year), _TWO_DIGIT
    return year, frozenset()


def month_last_day(year: int, month: int) -> dt.date:
    """The last day of a month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def day_piece(year: int, month: int, day: int, issues: frozenset[IssueCode] = frozenset()) -> Piece:
    """A single day; a zero day or month means unknown (00/04/2018 is April 2018); impossible days invalid."""
    if not cal.FIRST_YEAR <= year <= cal.LAST_YEAR or month > 12:
        return INVALID
    if month == 0:
        return months_piece(year, 1, 12, Precision.YEAR, issues) if day == 0 else INVALID
    if day == 0:
        return months_piece(year, month, 1, Precision.MONTH, issues)
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return INVALID
    return Piece(value, value, Precision.DAY, issues=issues)


def months_piece(
    year: int, first: int, count: int, precision: Precision, issues: frozenset[IssueCode] = frozenset()
) -> Piece:
    """``count`` whole months from month ``first`` of ``year`` (may run into the next year)."""
    if not cal.FIRST_YEAR <= year <= cal.LAST_YEAR:
        return INVALID
    last = first + count - 1
    end = month_last_day(year + (last - 1) // 12, (last - 1) % 12 + 1)
    return Piece(dt.date(year, first, 1), end, precision, issues=issues)


def _numeric(m: re.Match[str], order: DateOrder) -> Piece:
    first, second = int(m["a"]), int(m["b"])
    day, month = (second, first) if order is DateOrder.MDY else (first, second)
    year, issues = year_of(m["year"])
    return day_piece(year, month, day, issues)


def _iso(m: re.Match[str], order: DateOrder) -> Piece:
    return day_piece(int(m["year"]), int(m["m"]), int(m["d"]))


def _written_day(m: re.Match[str], order: DateOrder) -> Piece:
    year, issues = year_of(m["year"])
    return day_piece(year, sp.MONTHS[m["month"]], int(m["day"]), issues)


def _month_year(m: re.Match[str], order: DateOrder) -> Piece:
    year, issues = year_of(m["year"])
    return months_piece(year, sp.MONTHS[m["month"]], 1, Precision.MONTH, issues)


def _numeric_month(m: re.Match[str], order: DateOrder) -> Piece:
    year, month = int(m["year"]), int(m["m"])
    if month == 0:
        return months_piece(year, 1, 12, Precision.YEAR)
    return months_piece(year, month, 1, Precision.MONTH) if month <= 12 else INVALID


def _iso_month(m: re.Match[str], order: DateOrder) -> Piece | None:
    year, second = int(m["year"]), int(m["m"])
    if len(m["m"]) != 2 or second <= year % 100:
        return _numeric_month(m, order) if second <= 12 else None
    last = year - year % 100 + second
    if second <= 12:  # 2003-07: July 2003, or 2003 to 2007; the interval covers both
        return months_piece(
            year, 1, 12 * (last - year + 1), Precision.RANGE, frozenset({IssueCode.AMBIGUOUS_YEAR_SPAN})
        )
    return _year_span(year, last)


def _year_span(year: int, last: int) -> Piece:
    """The calendar years ``year`` to ``last``; a split year (2018/19) is marked for the source's year_style."""
    piece = months_piece(year, 1, 12 * (last - year + 1), Precision.RANGE)
    return replace(piece, split_year=year) if last == year + 1 and not piece.invalid else piece


def _spaced_span(m: re.Match[str], order: DateOrder) -> Piece | None:
    year, second = int(m["year"]), m["y2"]
    last = int(second) if len(second) == 4 else year - year % 100 + int(second)
    return _year_span(year, last) if last > year else None


def _compact(m: re.Match[str], order: DateOrder) -> Piece | None:
    piece = _iso(m, order)
    return None if piece.invalid else piece


def _year(m: re.Match[str], order: DateOrder) -> Piece:
    return months_piece(int(m["year"]), 1, 12, Precision.YEAR)


def _decade(m: re.Match[str], order: DateOrder) -> Piece:
    return months_piece(int(m["dec"]), 1, 120, Precision.DECADE)


def _season(m: re.Match[str], order: DateOrder) -> Piece | None:
    year = int(m["year"])
    if m["year2"] is not None:  # winter 2017/18 or winter 2017-2018
        second = int(m["year2"])
        if m["season"] != "winter" or second not in (year + 1, (year + 1) % 100):
            return None
    return months_piece(year, sp.SEASONS[m["season"]], 3, Precision.SEASON)


def _part_year(m: re.Match[str], order: DateOrder) -> Piece:
    return months_piece(int(m["year"]), 1 + 4 * sp.PARTS[m["part"]], 4, Precision.THIRD)


def part_month_piece(year: int, month: int, part: int) -> Piece:
    """Early (days 1-10), mid (11-20) or late (21 to the end) in a month."""
    if not cal.FIRST_YEAR <= year <= cal.LAST_YEAR:
        return INVALID
    first = dt.date(year, month, 1 + 10 * part)
    last = month_last_day(year, month) if part == 2 else dt.date(year, month, 10 + 10 * part)
    return Piece(first, last, Precision.PART_MONTH)


def _part_month(m: re.Match[str], order: DateOrder) -> Piece:
    return part_month_piece(int(m["year"]), sp.MONTHS[m["month"]], sp.PARTS[m["part"]])


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _quarter(m: re.Match[str], order: DateOrder) -> Piece:
    quarter = int(m["q"]) if m.groupdict().get("q") else _ORDINALS[m["ord"]]
    return months_piece(int(m["year"]), 3 * quarter - 2, 3, Precision.QUARTER)


def _half(m: re.Match[str], order: DateOrder) -> Piece:
    half = int(m["h"]) if m["h"].isdigit() else _ORDINALS[m["h"]]
    return months_piece(int(m["year"]), 6 * half - 5, 6, Precision.HALF)


_WEEK_OF_MONTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}


def _week_of_month(m: re.Match[str], order: DateOrder) -> Piece | None:
    """'The second week of November 2017': days 8 to 14; 'the last week' is the month's last seven days."""
    year, month = int(m["year"]), sp.MONTHS[m["month"]]
    if not cal.FIRST_YEAR <= year <= cal.LAST_YEAR:
        return None
    last_day = month_last_day(year, month)
    if m["wk"] == "last":
        first = last_day - dt.timedelta(days=6)
    else:
        first = dt.date(year, month, 1 + 7 * _WEEK_OF_MONTH[m["wk"]])
    return Piece(first, first + dt.timedelta(days=6), Precision.WEEK)


def _week(m: re.Match[str], order: DateOrder, *, ending: bool) -> Piece | None:
    day = read_single(m["rest"], order)
    if day is None or day.invalid:
        return day
    if day.precision is not Precision.DAY or day.start is None:
        return None
    first = day.start - dt.timedelta(days=6) if ending else day.start
    return Piece(first, first + dt.timedelta(days=6), Precision.WEEK, issues=day.issues)


def _week_commencing(m: re.Match[str], order: DateOrder) -> Piece | None:
    return _week(m, order, ending=False)


def _week_ending(m: re.Match[str], order: DateOrder) -> Piece | None:
    return _week(m, order, ending=True)


def _partial_day(m: re.Match[str], order: DateOrder) -> Piece:
    day = int(m["day"])
    return Piece(day=day) if 1 <= day <= 31 else INVALID


def _partial_day_month(m: re.Match[str], order: DateOrder) -> Piece:
    return Piece(day=int(m["day"]), month=sp.MONTHS[m["month"]])


def _partial_month(m: re.Match[str], order: DateOrder) -> Piece:
    return Piece(month=sp.MONTHS[m["month"]])


def _partial_part_month(m: re.Match[str], order: DateOrder) -> Piece:
    return Piece(month=sp.MONTHS[m["month"]], part=sp.PARTS[m["part"]])


def _partial_numeric(m: re.Match[str], order: DateOrder) -> Piece:
    first, second = int(m["a"]), int(m["b"])
    day, month = (second, first) if order is DateOrder.MDY else (first, second)
    return Piece(day=day, month=month) if 1 <= day <= 31 and 1 <= month <= 12 else INVALID


_Reader = Callable[[re.Match[str], DateOrder], Piece | None]
_DAY = r"(?P<day>\d{1,2})" + sp.ORDINAL
#: Order matters: the first pattern that matches the whole expression decides.
_PATTERNS: tuple[tuple[re.Pattern[str], _Reader], ...] = tuple(
    (re.compile(pattern), reader)
    for pattern, reader in (
        (r"(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\2(?P<year>\d{4}|\d{2})", _numeric),
        (r"(?P<year>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})", _iso),
        (rf"{_DAY}(?:\s*of)?[\s\-/.,]*{sp.MONTH}[\s\-/.,]*{sp.YEAR}", _written_day),
        (rf"{sp.MONTH}[\s\-/.,]*{_DAY},?\s+(?P<year>\d{{4}})", _written_day),
        (rf"{sp.MONTH}(?:\s+of)?[\s,\-/.']*(?P<year>\d{{4}})", _month_year),
        (rf"{sp.MONTH}\s*[-/']\s*(?P<year>\d{{2}})", _month_year),
        (r"(?P<m>\d{1,2})[/.-](?P<year>\d{4})", _numeric_month),
        (r"(?P<year>\d{4})[-/](?P<m>\d{1,2})", _iso_month),
        (r"(?P<year>\d{4})\s*[-/]\s*(?P<y2>\d{4}|\d{2})", _spaced_span),
        (r"(?P<year>\d{4})(?P<m>\d{2})(?P<d>\d{2})", _compact),
        (r"(?P<year>\d{4})", _year),
        (r"(?:the\s+)?(?P<dec>\d{3}0)'?s", _decade),
        (
            r"(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<year>\d{4})"
            r"(?:\s*[/-]\s*(?P<year2>\d{4}|\d{2}))?",
            _season,
        ),
        (rf"{sp.PART}(?P<year>\d{{4}})", _part_year),
        (rf"{sp.PART}{sp.MONTH}(?:\s+of)?[\s,-]*(?P<year>\d{{4}})", _part_month),
        (r"q(?P<q>[1-4])[\s-]*(?P<year>\d{4})", _quarter),
        (r"(?P<year>\d{4})[\s-]*q(?P<q>[1-4])", _quarter),
        (
            r"(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(?P<year>\d{4})",
            _quarter,
        ),
        (r"(?:the\s+)?(?P<h>first|1st|second|2nd)\s+half\s+(?:of\s+)?(?P<year>\d{4})", _half),
        (r"h(?P<h>[12])[\s-]*(?P<year>\d{4})", _half),
        (r"(?P<year>\d{4})[\s-]*h(?P<h>[12])", _half),
        (
            r"(?:w/c|w\.c\.|wc|w/b|w\.b\.|week\s+commencing|week\s+beginning|week\s+starting)"
            r"\s*:?\s*(?P<rest>.+)",
            _week_commencing,
        ),
        (r"(?:w/e|w\.e\.|week\s+ending)\s*:?\s*(?P<rest>.+)", _week_ending),
        (
            rf"(?:the\s+)?(?P<wk>first|1st|second|2nd|third|3rd|fourth|4th|last)\s+week\s+(?:of|in)\s+"
            rf"{sp.MONTH}(?:\s+of)?[\s,]*(?P<year>\d{{4}})",
            _week_of_month,
        ),
        (_DAY, _partial_day),
        (rf"{_DAY}(?:\s*of)?[\s\-/.,]*{sp.MONTH}", _partial_day_month),
        (rf"{sp.MONTH}[\s\-/.,]*{_DAY}", _partial_day_month),
        (sp.MONTH, _partial_month),
        (rf"{sp.PART}{sp.MONTH}", _partial_part_month),
        (r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})", _partial_numeric),
    )
)

_TIMES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:\bat\s+)?\b(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?P<ap>am|pm|a\.m\.|p\.m\.|hrs|h)?(?!\w)",
        r"(?:\bat\s+)?\b(?P<h>\d{1,2})\.(?P<mi>\d{2})\s*(?P<ap>am|pm|a\.m\.|p\.m\.)(?!\w)",
        r"\bat\s+(?P<h>\d{1,2})\.(?P<mi>\d{2})(?P<ap>)(?![\w.])",
        r"(?:\bat\s+)?\b(?P<h>\d{1,2})(?P<mi>)\s*(?P<ap>am|pm|a\.m\.|p\.m\.)(?!\w)",
        r"(?:\bat\s+)?\b(?P<h>\d{2})(?P<mi>\d{2})\s*(?P<ap>hrs)\b",
    )
)
_AM_PM_ALONE = re.compile(r"(?:^|\s)(?:am|pm|a\.m\.|p\.m\.)$")


def _take_time(text: str) -> tuple[str, str | None]:
    """Remove a time of day from ``text``: (rest, "HH:MM"), (rest, "") for am/pm alone, (text, None) if none.

    An impossible time (25:00, 13pm) leaves the text unchanged, so it is not read as a date.
    """
    for pattern in _TIMES:
        m = pattern.search(text)
        if m is None:
            continue
        hour, minute, marker = int(m["h"]), int(m["mi"] or 0), (m["ap"] or "").replace(".", "")
        if marker in ("am", "pm"):
            if not 1 <= hour <= 12:
                return text, None
            hour = hour % 12 + (12 if marker == "pm" else 0)
        if hour > 23 or minute > 59:
            return text, None
        rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,")
        return rest, f"{hour:02d}:{minute:02d}"
    m = _AM_PM_ALONE.search(text)
    if m is not None:
        return text[: m.start()].strip(" ,"), ""
    return text, None


def _match(text: str, order: DateOrder) -> Piece | None:
    for pattern, reader in _PATTERNS:
        m = pattern.fullmatch(text)
        if m is not None:
            return reader(m, order)
    return None


def read_single(text: str, order: DateOrder) -> Piece | None:
    """Read one normalised (lower-case) date expression; None when no rule matches it."""
    text, time = _take_time(text)
    weekday = None
    m = sp.WEEKDAY_PREFIX.match(text)
    if m is not None:
        weekday, text = sp.WEEKDAYS[m["weekday"]], text[m.end() :]
    piece = _match(text.strip(" ,"), order)
    if piece is None or piece.invalid:
        return piece
    if time is not None:
        if piece.precision is not Precision.DAY:
            return None
        piece = replace(piece, time=time)
    if weekday is not None and piece.partial and piece.day is not None and piece.month is not None:
        return replace(piece, weekday=weekday)
    if weekday is not None and piece.start is not None:
        if piece.precision is not Precision.DAY:
            return None
        if piece.start.weekday() != weekday:
            piece = replace(piece, issues=piece.issues | {IssueCode.WEEKDAY_MISMATCH})
    return piece
