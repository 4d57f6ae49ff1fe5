"""Every row of the bundled cases cites its seed article: the cited paragraphs hold its date wording, no copied text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_bundled_cases import NAMES, ROW_IDS, SOURCE, SOURCE_ROWS

#: The seed articles live beside the project, not in it; without them the whole module skips, with one reason.
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

if not SEEDS.is_dir():
    pytest.skip(
        "seed reports not found at ../shared/seeds: the five news reports the bundled cases were built from; "
        "see docs/cases.md",
        allow_module_level=True,
    )

#: Details must be written afresh: no run of this many words may be copied from the article.
COPIED_WORDS = 7


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _paragraphs(seed: Path) -> list[str]:
    """A seed's paragraphs: its non-empty lines, numbered from 1 (docs/cases.md)."""
    return [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cited(paras: str) -> list[int]:
    numbers: list[int] = []
    for part in paras.split(", "):
        first, _, last = part.lstrip("¶").partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


@pytest.mark.parametrize(("name", "file", "row", "record"), SOURCE_ROWS, ids=ROW_IDS)
def test_row_cites_a_seed_paragraph_that_has_its_date_wording(
    name: str, file: str, row: int, record: dict[str, str]
) -> None:
    """The cited paragraphs exist in the seed, and together contain the row's date wording word for word."""
    match = SOURCE.match(record["Source"])
    assert match, record["Source"]
    seed = SEEDS / match["file"]
    assert seed.is_file(), f"{file} row {row}: no seed file {match['file']}"
    paragraphs = _paragraphs(seed)
    numbers = _cited(match["paras"])
    assert all(1 <= n <= len(paragraphs) for n in numbers), f"{file} row {row}: {match['paras']}"
    cited = _normal(" ".join(paragraphs[n - 1] for n in numbers))
    assert _normal(record["Date"]) in cited, f"{file} row {row}: {record['Date']!r} not in {match['paras']}"


@pytest.mark.parametrize("name", NAMES)
def test_case_cites_one_seed_file(name: str) -> None:
    """All rows of a case cite the same seed article."""
    files = {SOURCE.match(r["Source"])["file"] for case, _, _, r in SOURCE_ROWS if case == name}  # type: ignore[index]
    assert len(files) == 1


@pytest.mark.parametrize(("name", "file", "row", "record"), SOURCE_ROWS, ids=ROW_IDS)
def test_row_details_are_not_copied_from_the_article(name: str, file: str, row: int, record: dict[str, str]) -> None:
    """Details are written afresh: no run of seven words is taken over from the seed article."""
    match = SOURCE.match(record["Source"])
    assert match
    words = re.findall(r"[\w']+", _normal((SEEDS / match["file"]).read_text(encoding="utf-8")).replace("’", "'"))
    article = {tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)}
    mine = re.findall(r"[\w']+", _normal(record["Details"]))
    copied = [" ".join(mine[i : i + COPIED_WORDS]) for i in range(len(mine) - COPIED_WORDS + 1)]
    assert [c for c in copied if tuple(c.split()) in article] == []
