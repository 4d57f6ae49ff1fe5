"""Real date spellings from published case reviews, news reports of them and guidance.

The spellings are in tests/data/practice_spellings.tsv.

Each line of the data file names the page it was copied from. The read rate measured here is quoted in the
README; texts that depend on the day they were written ("earlier this year") must stay unread.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chronolane.dates import parse_date

DATA = Path(__file__).parent / "data" / "practice_spellings.tsv"
ANCHOR = parse_date("01/06/2016")  # relative phrases need a previous dated row, as in a chronology
#: Spellings that must not be read: they depend on the day of writing, or carry no date.
NOT_DATES = {"earlier this year", "this summer", "8.43 am", "in the previous 12 months", "the previous year"}


def _spellings() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()]
    return [(row[0], row[1]) for row in rows if row[0] and not row[0].startswith("#")]


SPELLINGS = _spellings()
DISTINCT = sorted({text for text, _ in SPELLINGS})


def _read(text: str) -> bool:
    parsed = parse_date(text, after=ANCHOR)
    return parsed.is_dated or parsed.has_open_end


def test_every_collected_spelling_names_its_source() -> None:
    assert len(SPELLINGS) >= 190
    assert all(source.startswith(("http", "seed")) for _, source in SPELLINGS)


def test_the_read_rate_on_practice_spellings_is_at_least_the_one_quoted_in_the_readme() -> None:
    """The README quotes 95% of distinct spellings read (a dated interval, or an open-ended date)."""
    read = [text for text in DISTINCT if _read(text)]
    assert len(read) / len(DISTINCT) >= 0.95, sorted(set(DISTINCT) - set(read))


@pytest.mark.parametrize("text", sorted(NOT_DATES))
def test_spellings_that_depend_on_the_day_of_writing_are_not_read(text: str) -> None:
    assert text in DISTINCT
    assert not _read(text)
