"""Real date spellings from published case reviews, news reports of them and guidance.

The spellings are in tests/data/practice_spellings.tsv.

Each line of the data file names the page it was copied from. The read rate measured here is quoted in the
README. The spellings chronolane does not read are listed below with the reason; every other one is read.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from chronolane.dates import parse_date
from chronolane.schema.columns import IssueCode

DATA = Path(__file__).parent / "data" / "practice_spellings.tsv"
ANCHOR = parse_date("01/06/2016")  # relative phrases need a previous dated row, as in a chronology
_YEARLESS_SPAN = "a span of two dates without a year: the year of each end is not inferred"
#: The collected spellings chronolane leaves unread (kept and flagged unparsed-date), and why.
KNOWN_UNREAD = {
    "earlier this year": "depends on the day it was written",
    "this summer": "depends on the day it was written",
    "in the previous 12 months": "depends on the day it was written",
    "the previous year": "depends on the day it was written",
    "8.43 am": "a time with no date",
    "months earlier": "says no number of months",
    "the week before": "no whole-week-before shift; one week before would invent a day",
    "two weeks later in 2021": "a relative phrase and a year at once: which one rules is not guessed",
    "in the year prior to the birth": "relative to an event named in the text, not to the previous row",
    "for the 12 months from October 2019": "a duration from a date inside a sentence",
    "First few days in September 2013": "'first few days' has no agreed length",
    "on March 8": "month then a bare number: 8 March or March 2008 ('April 18' in docs/dates.md)",
    "22.05/16": "mixed separators: a typing slip is flagged, not repaired",
    "10/16/2015": "month-first: invalid day-first; read when the file's dates are month-first",
    "Friday 20th July at 2.00pm": "a yearless date with a time",
    "Thursday 21st December 2023 (1.30pm closure)": "a note in brackets after the date",
    "Sept 4th  to Oct 20th": _YEARLESS_SPAN,
    "Oct 30 to Dec 15th": _YEARLESS_SPAN,
    "Jan 2nd  to Feb 9th": _YEARLESS_SPAN,
    "Feb 19th to March 29th": _YEARLESS_SPAN,
    "April 16th  to May 25th": _YEARLESS_SPAN,
    "Jun 4th to Jul 25th": _YEARLESS_SPAN,
}
README = Path(__file__).resolve().parents[1] / "README.md"
_README_FIGURES = re.compile(
    r"On (?P<distinct>[\d,]+) distinct date spellings \((?P<all>[\d,]+) in all\).*?"
    r"chronolane reads (?P<read>[\d,]+) \((?P<rate>[\d.]+)%\)",
    re.DOTALL,
)


def _spellings() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()]
    return [(row[0], row[1]) for row in rows if row[0] and not row[0].startswith("#")]


SPELLINGS = _spellings()
DISTINCT = sorted({text for text, _ in SPELLINGS})


def _read(text: str) -> bool:
    parsed = parse_date(text, after=ANCHOR)
    return parsed.is_dated or parsed.has_open_end


def test_at_least_400_distinct_spellings_are_collected_each_naming_its_source() -> None:
    assert len(DISTINCT) >= 400
    assert all(source.startswith(("http", "seed")) for _, source in SPELLINGS)


def test_every_collected_spelling_is_read_except_the_known_unread_ones() -> None:
    unread = {text for text in DISTINCT if not _read(text)}
    assert unread == set(KNOWN_UNREAD)


def test_the_readme_quotes_the_measured_counts_and_read_rate() -> None:
    """The README's figures are those measured here: distinct and all spellings, how many read, the rate."""
    m = _README_FIGURES.search(README.read_text(encoding="utf-8"))
    assert m is not None
    read = sum(_read(text) for text in DISTINCT)
    quoted = {key: int(m[key].replace(",", "")) for key in ("distinct", "all", "read")}
    assert quoted == {"distinct": len(DISTINCT), "all": len(SPELLINGS), "read": read}
    assert m["rate"] == f"{100 * read / len(DISTINCT):.1f}"


@pytest.mark.parametrize("text", sorted(KNOWN_UNREAD))
def test_known_unread_spellings_are_kept_and_flagged_unparsed_or_invalid(text: str) -> None:
    parsed = parse_date(text, after=ANCHOR)
    assert parsed.text == text
    assert set(parsed.issues) & {IssueCode.UNPARSED_DATE, IssueCode.INVALID_DATE}


def test_the_month_first_spelling_reads_when_its_file_is_month_first() -> None:
    parsed = parse_date("10/16/2015", order="mdy")
    assert (parsed.start, parsed.end) == (dt.date(2015, 10, 16), dt.date(2015, 10, 16))
