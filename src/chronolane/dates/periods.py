"""Named periods: school terms and half terms, academic and financial years, bank holidays, parts of decades."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

from chronolane.dates import calendar as cal
from chronolane.dates import spellings as sp
from chronolane.dates.single import Piece, months_piece
from chronolane.schema.columns import Precision

#: School terms in England, as whole months wide enough for every local authority's dates (docs/dates.md).
TERMS: dict[str, tuple[int, int]] = {"autumn": (9, 4), "spring": (1, 4), "summer": (4, 4)}
#: Half-term holidays: (first day, last day) as (month, day), wide enough for every local authority's week.
HALF_TERMS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "autumn": ((10, 15), (11, 5)),
    "october": ((10, 15), (11, 5)),
    "spring": ((2, 8), (2, 28)),
    "february": ((2, 8), (2, 28)),
}
#: First month of each kind of split year ("2018/19"): September for academic, April for financial.
YEAR_STARTS: dict[str, int] = {"academic": 9, "financial": 4}
#: Holiday words -> England bank holiday names of the ``holidays`` package, or fixed (month, day) pairs.
BANK_HOLIDAYS: dict[str, str] = {
    "good friday": "Good Friday",
    "easter monday": "Easter Monday",
    "may day": "May Day",
    "early may bank holiday": "May Day",
    "may bank holiday": "May Day",
    "spring bank holiday": "Spring Bank Holiday",
    "whitsun bank holiday": "Spring Bank Holiday",
    "late may bank holiday": "Spring Bank Holiday",
    "august bank holiday": "Late Summer Bank Holiday",
    "late august bank holiday": "Late Summer Bank Holiday",
    "summer bank holiday": "Late Summer Bank Holiday",
}
FIXED_DAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "new year's day": (1, 1),
    "new years day": (1, 1),
}
_SPLIT = r"(?P<year>\d{4})\s*[-/]\s*(?P<y2>\d{4}|\d{2})"
_SHORT_SPLIT = r"(?P<short>\d{2})\s*[-/]\s*(?P<y2>\d{2})"  # FY21/22
_ACADEMIC = r"(?:ay|academic\s+year|school\s+year)"
_FINANCIAL = r"(?:fy|financial\s+year|fiscal\s+year)"


@functools.cache
def bank_holidays(year: int) -> dict[str, dt.date]:
    """England's bank holidays of ``year`` by name, from the ``holidays`` package (Easter computed there)."""
    import holidays  # imported on first use: only holiday spellings need it

    return {name: day for day, name in holidays.country_holidays("GB", subdiv="ENG", years=year).items()}


def _span(first: dt.date, last: dt.date) -> Piece:
    return Piece(first, last, Precision.DAY if first == last else Precision.RANGE)


def _term(m: re.Match[str]) -> Piece:
    first, count = TERMS[m["term"]]
    return months_piece(int(m["year"]), first, count, Precision.RANGE)


def _term_of_year(m: re.Match[str]) -> Piece | None:
    """A term of a written academic year: autumn is in its first calendar year, spring and summer in its second."""
    year, second = int(m["year"]), int(m["y2"])
    if second not in (year + 1, (year + 1) % 100):
        return None
    first, count = TERMS[m["term"]]
    return months_piece(year if m["term"] == "autumn" else year + 1, first, count, Precision.RANGE)


def _half_term(m: re.Match[str]) -> Piece | None:
    year, term = int(m["year"]), m["term"]
    if term in ("summer", "may", "whitsun"):  # the week of the spring bank holiday, weekend to weekend
        monday = bank_holidays(year)["Spring Bank Holiday"]
        return _span(monday - dt.timedelta(days=2), monday + dt.timedelta(days=6))
    (m1, d1), (m2, d2) = HALF_TERMS[term]
    return _span(dt.date(year, m1, d1), dt.date(year, m2, d2))


def _split_year(m: re.Match[str], kind: str) -> Piece | None:
    year, second = int(m["year"] if "year" in m.re.groupindex else m["short"]), m["y2"]
    if year < 100:  # FY21/22: two-digit years, pivoting as elsewhere
        year += 2000 if year < 70 else 1900
    if int(second) not in (year + 1, (year + 1) % 100):
        return None
    return months_piece(year, YEAR_STARTS[kind], 12, Precision.RANGE)


def _holiday(m: re.Match[str]) -> Piece | None:
    year, name = int(m["year"]), m["name"]
    if not cal.FIRST_YEAR <= year <= cal.LAST_YEAR:
        return None
    days = bank_holidays(year)
    if name == "easter":  # Good Friday to Easter Monday
        return _span(days["Good Friday"], days["Easter Monday"])
    if name == "easter sunday":
        return _span(days["Good Friday"] + dt.timedelta(days=2), days["Good Friday"] + dt.timedelta(days=2))
    if name == "christmas":  # Christmas Eve to Boxing Day
        return _span(dt.date(year, 12, 24), dt.date(year, 12, 26))
    if name in FIXED_DAYS:
        month, day = FIXED_DAYS[name]
        return _span(dt.date(year, month, day), dt.date(year, month, day))
    day = days.get(BANK_HOLIDAYS[name])
    return None if day is None else _span(day, day)


def _decade_part(m: re.Match[str]) -> Piece:
    first = int(m["dec"]) + (0, 4, 7)[sp.PARTS[m["part"]]]
    last = int(m["dec"]) + (3, 6, 9)[sp.PARTS[m["part"]]]
    return months_piece(first, 1, 12 * (last - first + 1), Precision.RANGE)


_HOLIDAY_NAMES = sp.alternation([*BANK_HOLIDAYS, *FIXED_DAYS, "easter sunday", "easter", "christmas"])
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Piece | None]], ...] = tuple(
    (re.compile(pattern), reader)
    for pattern, reader in (
        (r"(?P<term>autumn|spring|summer)\s+term(?:\s+of)?\s+(?P<year>\d{4})", _term),
        (rf"(?P<term>autumn|spring|summer)\s+term(?:\s+of)?\s+(?:{_ACADEMIC}\s+)?{_SPLIT}", _term_of_year),
        (
            r"(?P<term>autumn|october|spring|february|summer|may|whitsun)\s+half[\s-]*term(?:\s+holidays?)?"
            r"(?:\s+of)?\s+(?P<year>\d{4})",
            _half_term,
        ),
        (rf"{_ACADEMIC}\s*:?\s*{_SPLIT}", lambda m: _split_year(m, "academic")),
        (rf"{_SPLIT}\s+{_ACADEMIC}", lambda m: _split_year(m, "academic")),
        (rf"{_FINANCIAL}\s*:?\s*{_SPLIT}", lambda m: _split_year(m, "financial")),
        (rf"{_FINANCIAL}\s*:?\s*{_SHORT_SPLIT}", lambda m: _split_year(m, "financial")),
        (rf"{_ACADEMIC}\s*:?\s*{_SHORT_SPLIT}", lambda m: _split_year(m, "academic")),
        (rf"{_SPLIT}\s+{_FINANCIAL}", lambda m: _split_year(m, "financial")),
        (rf"(?P<name>{_HOLIDAY_NAMES})(?:\s+of)?[\s,]+(?P<year>\d{{4}})", _holiday),
        (rf"{sp.PART}(?P<dec>\d{{3}}0)'?s", _decade_part),
    )
)


def read_period(text: str) -> Piece | None:
    """Read one normalised named period ("autumn term 2017", "FY 2018/19", "Easter 2018"); None if not one."""
    for pattern, reader in _PATTERNS:
        m = pattern.fullmatch(text)
        if m is not None:
            return reader(m)
    return None
