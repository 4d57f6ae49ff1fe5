"""The reading rules of docs/dates.md for one text: undated, Excel serial, qualifiers, relative, ranges."""

from __future__ import annotations

import datetime as dt
import re

from chronolane.dates import spellings as sp
from chronolane.dates.edtf import format_edtf
from chronolane.dates.fallback import read_with_dateparser
from chronolane.dates.model import Reading, Shift, ShiftUnit
from chronolane.dates.periods import read_period
from chronolane.dates.relative import read_relative
from chronolane.dates.single import INVALID, Piece, day_piece, months_piece, part_month_piece, read_single
from chronolane.schema.columns import DateOrder, IssueCode, Precision

_SERIAL = re.compile(r"(?P<n>\d{5})(?:\.0*)?")
EXCEL_DAY_ZERO = dt.date(1899, 12, 30)  # the 1900 system's serial 0, allowing for its phantom 29/02/1900
SERIAL_RANGE = (20000, 80000)
_ISO_TIME_T = re.compile(r"(\d)t(\d)")
_BETWEEN = re.compile(r"between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)")
_FROM = re.compile(r"^from\s+")
_WORD_SEPARATOR = re.compile(r"\s+(?:to|until|till|til|through|thru)\s+")
_SPACED_DASH = re.compile(r"\s+-\s*|\s*-\s+")
_LIST = re.compile(r"\s*&\s*|\s+(?:and|or)\s+")  # "June and July 2011": the interval covering both
_OPEN = re.compile(
    r"(?P<kind>after|since|from|post|not\s+before|no\s+earlier\s+than|before|by|until|till|up\s+to|prior\s+to|"
    r"pre|not\s+after|no\s+later\s+than|through|up\s+until)[\s-]+(?P<rest>.+)"
)
#: Open-ended words whose bound is the start of an open interval (2016/..); the others end one (../2016).
_OPEN_START = frozenset(
    {"after", "since", "from", "post", "not before", "no earlier than", "onwards", "onward", "or later"}
)
_OPEN_SUFFIX = re.compile(r"(?P<rest>.+?)\s*(?P<kind>onwards|onward|or\s+later|or\s+earlier)")
_MONTH_NAME = re.compile(rf"\b(?:{sp.alternation(sp.MONTHS)})\b")
_MONTH_THEN_NUMBER = re.compile(rf"(?:{sp.WEEKDAY_PREFIX.pattern[1:]})?{sp.MONTH}[\s\-/.,]*\d{{1,2}}")
#: Texts where a day-first and a month-first reading may differ (two small numbers before a year).
ORDER_SENSITIVE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}")


def normalise(text: str) -> str:
    """Lower-case, one kind of dash, single spaces, ISO 'T' as a space; nothing else is changed."""
    s = sp.SPACES.sub(" ", sp.DASHES.sub("-", text).lower()).strip(" ,;").replace("’", "'")
    s = sp.DAY_WORD.sub(lambda m: sp.day_figure(m[0]), s)
    return _ISO_TIME_T.sub(r"\1 \2", s)


def _strip_qualifiers(s: str) -> tuple[str, bool]:
    """Remove approximation markers and ignorable leading words; True when the text is approximate."""
    approx = False
    while True:
        before = s
        s = sp.LEADING_WORDS.sub("", s)
        stripped = sp.APPROX_SUFFIX.sub("", sp.APPROX_PREFIX.sub("", s)).strip(" ,")
        if stripped != s and stripped:
            s, approx = stripped, True
        if s == before:
            return s, approx


def _complete(left: Piece, right: Piece) -> Piece | None:
    """Give a partial first part of a range (12-16 March 2018, March-April 2018) the year of the second."""
    assert right.start is not None and right.end is not None
    year = right.start.year
    if left.day is not None and left.month is None:
        if right.precision is not Precision.DAY:
            return None
        return day_piece(year, right.start.month, left.day)
    for candidate_year in (year, year - 1):  # December-January 2019 starts in December 2018
        if left.day is not None and left.month is not None:
            piece = day_piece(candidate_year, left.month, left.day)
        elif left.part is not None:  # "late July - 10.08.14" starts on 21 July
            assert left.month is not None
            piece = part_month_piece(candidate_year, left.month, left.part)
        else:
            assert left.month is not None
            piece = months_piece(candidate_year, left.month, 1, Precision.MONTH)
        if piece.invalid or (piece.start is not None and piece.start <= right.end):
            return piece
    return piece


def read_one(s: str, order: DateOrder) -> Piece | None:
    """One date expression or named period (no range, qualifier or relative phrase)."""
    return read_single(s, order) or read_period(s)


def _join(first: str, second: str, order: DateOrder) -> Piece | None:
    right = read_one(second.strip(), order)
    if right is None or right.partial:
        return None
    left = read_one(first.strip(), order)
    if left is None:
        return None
    if right.invalid or left.invalid:
        return INVALID
    if left.partial:
        completed = _complete(left, right)
        if completed is None or completed.invalid:
            return completed
        left = completed
    assert left.start is not None and right.end is not None
    issues = left.issues | right.issues
    if right.end < left.start:
        return Piece(issues=issues | {IssueCode.REVERSED_RANGE})
    return Piece(left.start, right.end, Precision.RANGE, issues=issues)


def read_range(s: str, order: DateOrder) -> Piece | None:
    """Read 'A - B', 'A to B', 'from A until B', 'between A and B', 'A-B' as one interval from A to B."""
    m = _BETWEEN.fullmatch(s)
    if m is not None:
        return _join(m["a"], m["b"], order)
    s = _FROM.sub("", s)
    for separator in (_WORD_SEPARATOR, _SPACED_DASH, _LIST):
        parts = separator.split(s)
        if len(parts) == 2:
            return _join(parts[0], parts[1], order)
    for i, char in enumerate(s):
        if char in "-/":
            piece = _join(s[:i], s[i + 1 :], order)
            if piece is not None:
                return piece
    return None


def _yearless(piece: Piece, s: str) -> Shift | None:
    """The shift of a day or month written with a month name and no year ('3rd March', 'late Feb')."""
    if piece.month is None or not _MONTH_NAME.search(s) or _MONTH_THEN_NUMBER.fullmatch(s):
        return None  # '3/4' and 'April 18' (18 April, or April 2018?) are not guessed
    if piece.day is not None and piece.day > (29 if piece.month == 2 else 30 if piece.month in (4, 6, 9, 11) else 31):
        return None
    if (piece.month, piece.day) == (2, 29):
        return None  # the year it takes could be one without a 29 February
    day = piece.day if piece.day is not None else (0 if piece.part is None else 91 + piece.part)
    weekday = 0 if piece.weekday is None else piece.weekday + 1
    return Shift(ShiftUnit.YEARLESS, yearless_code(piece.month, day, weekday))


def yearless_code(month: int, day: int, weekday: int = 0) -> int:
    """A yearless date as one number: weekday (1-7, 0 none), month, day (0 whole month, 91-93 early/mid/late)."""
    return weekday * 10000 + month * 100 + day


def _open_ended(s: str, order: DateOrder, approx: bool) -> Reading | None:
    """'after 2016', 'before May 2018': no interval; the bound is kept in the EDTF as 2016/.. or ../2018-05."""
    m = _OPEN.fullmatch(s) or _OPEN_SUFFIX.fullmatch(s)
    if m is None:
        return None
    rest, rest_approx = _strip_qualifiers(m["rest"])
    approx = approx or rest_approx
    piece = read_one(rest, order) or read_range(rest, order)
    if piece is None or piece.start is None or piece.end is None or piece.precision is None:
        return None
    starts = " ".join(m["kind"].split()) in _OPEN_START
    if piece.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        bound = format_edtf(piece.start, piece.end, piece.precision, approx)
    else:
        bound = (piece.start if starts else piece.end).isoformat() + ("~" if approx else "")
    edtf = f"{bound}/.." if starts else f"../{bound}"
    return Reading(approx=approx, issues=piece.issues | {IssueCode.OPEN_ENDED_DATE}, open_edtf=edtf)


def read_text(text: str, order: DateOrder) -> Reading:
    """Apply every rule to one text, reading numeric dates in ``order`` (DMY or MDY); no anchor applied."""
    s = normalise(text)
    if s in sp.UNDATED:
        return Reading(issues=frozenset({IssueCode.UNDATED}))
    m = _SERIAL.fullmatch(s)
    if m is not None and SERIAL_RANGE[0] <= int(m["n"]) <= SERIAL_RANGE[1]:
        day = EXCEL_DAY_ZERO + dt.timedelta(days=int(m["n"]))
        return Reading(day, day, Precision.DAY, issues=frozenset({IssueCode.EXCEL_SERIAL}))
    s, approx = _strip_qualifiers(s)
    shift = read_relative(s)
    if shift is not None:
        return Reading(approx=approx, shift=shift)
    piece = read_one(s, order)
    if piece is not None and piece.partial:
        shift = _yearless(piece, s)
        if shift is not None:
            return Reading(approx=approx, shift=shift)
    if piece is None or piece.partial:
        piece = read_range(s, order)
    if piece is None or piece.partial:
        reading = _open_ended(s, order, approx)
        if reading is not None:
            return reading
        piece = read_with_dateparser(text.strip())
    if piece is None or piece.partial:
        return Reading(approx=approx, issues=frozenset({IssueCode.UNPARSED_DATE}))
    if piece.invalid:
        return Reading(approx=approx, issues=frozenset({IssueCode.INVALID_DATE}))
    return Reading(
        piece.start, piece.end, piece.precision, approx, piece.time, piece.issues, split_year=piece.split_year
    )
