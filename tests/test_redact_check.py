"""redact-check's word-length limits from both sides: acronyms, single letters, plural acronyms."""

from __future__ import annotations

import pandas as pd
import pytest

from chronolane.privacy.redact_check import find_identifiers


def _names(text: str) -> list[str]:
    found = find_identifiers(pd.DataFrame({"file": "f.csv", "row": [2], "column": "description", "text": [text]}))
    return found.loc[found["kind"] == "name", "text"].tolist()


@pytest.mark.parametrize(("word", "names"), [("ZRK", []), ("ZORK", ["ZORK"])])
def test_an_upper_case_word_is_a_possible_name_from_four_letters_and_an_acronym_below(
    word: str, names: list[str]
) -> None:
    assert _names(f"seen by {word}") == names


def test_a_short_upper_case_word_extends_a_name_it_follows() -> None:
    """ "ZORK ZRK" is one run (as "JOHN DOE"): the three letters are not dropped from the name."""
    assert _names("seen by ZORK ZRK") == ["ZORK ZRK"]


@pytest.mark.parametrize(("word", "names"), [("X", []), ("Xo", ["Xo"])])
def test_a_single_capital_letter_is_never_a_name_and_two_letters_can_be(word: str, names: list[str]) -> None:
    assert _names(f"seen by {word}") == names


@pytest.mark.parametrize(("word", "names"), [("ZRKs", []), ("ZORKs", ["ZORKs"])])
def test_a_plural_acronym_is_an_acronym_and_a_plural_of_four_capitals_is_a_possible_name(
    word: str, names: list[str]
) -> None:
    assert _names(f"seen by {word}") == names
