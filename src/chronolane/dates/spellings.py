"""The words and regular-expression pieces of date spellings (English, any letter case)."""

from __future__ import annotations

import re
from collections.abc import Iterable

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
#: Texts (after lower-casing and collapsing spaces) that say there is no date.
UNDATED: frozenset[str] = frozenset(
    {
        "", "unknown", "not known", "n/k", "nk", "?", "??", "???", "tbc", "tba", "tbd", "-", "--", "---",
        "date unknown", "unknown date", "date not known", "no date", "not recorded", "n/a",
    }
)  # fmt: skip
#: Season name -> first month (meteorological, northern hemisphere).
SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
#: Part-of-period words -> 0 early, 1 mid, 2 late.
PARTS: dict[str, int] = {
    "early": 0, "beginning of": 0, "start of": 0, "towards the start of": 0, "towards the beginning of": 0,
    "mid": 1, "middle of": 1, "late": 2, "end of": 2, "towards the end of": 2, "toward the end of": 2,
}  # fmt: skip
#: Ordinal words of days, written as figures before any rule reads the text ("march third" -> "march 3rd").
_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DAY_WORDS: dict[str, str] = {word: _ordinal(n) for n, word in enumerate(_ORDINAL_WORDS, start=1)}
DAY_WORDS |= {f"twenty{w}": _ordinal(20 + n) for n, w in enumerate(_ORDINAL_WORDS[:9], start=1)}
DAY_WORDS |= {"thirtieth": "30th", "thirtyfirst": "31st"}
DAY_WORD = re.compile(
    r"\b(?:twenty|thirty)[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b|\b(?:"
    + "|".join(sorted(DAY_WORDS, key=len, reverse=True))
    + r")\b"
)


def day_figure(word: str) -> str:
    """The figure of an ordinal day word: 'twenty-first' -> '21st'."""
    return DAY_WORDS[re.sub(r"[- ]", "", word)]


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of words, longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


MONTH = rf"(?P<month>{alternation(MONTHS)})\.?"
WEEKDAY_PREFIX = re.compile(rf"^(?P<weekday>{alternation(WEEKDAYS)})\.?,?\s+")
ORDINAL = r"(?:st|nd|rd|th)?"
YEAR = r"(?P<year>\d{4}|\d{2})"
PART = rf"(?:the\s+)?(?P<part>{alternation(PARTS)})[\s-]*"
NUMBER = rf"(?P<n>\d+|{alternation(NUMBER_WORDS)})"

DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
SPACES = re.compile(r"\s+")
LEADING_WORDS = re.compile(
    r"^(?:date\s+of\s+publication|publication\s+date|last\s+updated|updated|published|as\s+(?:of|at)|"
    r"on|in|during|dated|date|the|later\s+in|earlier\s+in|some\s*time\s+(?:in|during)|at\s+some\s+point\s+in|sometime)\b[\s:,]*"
)
APPROX_PREFIX = re.compile(
    r"^(?:approximately|approx\.|approx|circa|ca\.|ca(?=\s|\d)|c\.|c(?=\s|\d)|around|about|roughly|estimated|"
    r"est\.|possibly|probably|maybe|perhaps|~|\?)\s*"
)
APPROX_SUFFIX = re.compile(
    r"\s*(?:\((?:approx\.?|approximate|approximately|circa|estimated|possibly|probably|est\.?|tbc|"
    r"to\s+be\s+confirmed)\)|approx\.?|tbc|"
    r"-?ish|or\s+so|\?|~)$"
)
