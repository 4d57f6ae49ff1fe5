"""Tests for chronolane.pseudonyms: real names and their variants become pseudonyms, everywhere and only as words."""

from __future__ import annotations

import pandas as pd
import pytest

from chronolane.errors import CaseError
from chronolane.pseudonyms import AMBIGUOUS, Pseudonymiser

MAP = {
    "Jane Anne Smith": "Ms X",
    "Frank": "Child F",
    "Liam O'Brien": "Mr Z",
    "James Hollis": "Mr Y",
    "Ian Stone": "Mr S",
}


@pytest.fixture
def pseudo() -> Pseudonymiser:
    return Pseudonymiser(MAP)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Anne Smith was seen", "Ms X was seen"),
        ("Jane Smith was seen", "Ms X was seen"),  # first + surname without the middle name
        ("Jane was seen", "Ms X was seen"),  # first name
        ("Smith was seen", "Ms X was seen"),  # surname
        ("JANE SMITH and jane smith", "Ms X and Ms X"),  # any letter case
        ("Jane\n  Smith", "Ms X"),  # any spacing between the words
        ("Jane's mother", "Ms X's mother"),  # possessive 's
        ("Jane’s mother", "Ms X’s mother"),  # typographic apostrophe
        ("James' dog", "Mr Y' dog"),  # possessive s'
        ("Mrs Smith said", "Ms X said"),  # a title is absorbed
        ("Dr. Hollis", "Mr Y"),
        ("JS, J.S. and J. S.", "Ms X, Ms X. and Ms X."),  # initials; the full stop after them stays
        ("JAS signed", "Ms X signed"),  # initials with the middle name
        ("Liam O’Brien", "Mr Z"),  # either apostrophe inside a name
        ("Frankly, Frank", "Frankly, Child F"),  # whole words only
        ("Janet Smithson", "Janet Smithson"),
        ("This is IS", "This is Mr S"),  # initials only in upper case: "is" is a word
        ("", ""),
    ],
)
def test_apply_replaces_names_and_variants(pseudo: Pseudonymiser, text: str, expected: str) -> None:
    """Every variant of a mapped name is replaced, in any case, only as a whole word."""
    assert pseudo.apply(text) == expected


def test_explicit_entry_wins_over_derived_variant() -> None:
    """A variant listed in the map keeps its own pseudonym even if another name derives it."""
    p = Pseudonymiser({"Jane Smith": "Ms X", "Smith": "the family"})
    assert p.apply("Smith home; Jane Smith") == "the family home; Ms X"


def test_shared_surname_becomes_neutral_marker() -> None:
    """A derived variant shared by two people with different pseudonyms is not guessed: it becomes [name]."""
    p = Pseudonymiser({"Jane Smith": "Ms X", "John Smith": "Mr Y"})
    assert p.apply("Smith family; John") == f"{AMBIGUOUS} family; Mr Y"


def test_repr_never_shows_the_map(pseudo: Pseudonymiser) -> None:
    """The map is never shown: repr holds counts only."""
    shown = repr(pseudo) + str(pseudo)
    assert all(name.split()[0] not in shown for name in MAP)


def test_empty_map_changes_nothing() -> None:
    """Without a map, texts and columns come back unchanged."""
    p = Pseudonymiser({})
    s = pd.Series(["Jane Smith"], dtype="str")
    assert not p
    assert p.apply("Jane Smith") == "Jane Smith"
    assert p.apply_series(s)[0].equals(s)


def test_empty_name_is_refused() -> None:
    """A map entry with an empty name is an error that says what to write."""
    with pytest.raises(CaseError, match="pseudonym"):
        Pseudonymiser({"  ": "Ms X"})


def test_apply_series_counts_replacements_over_repeated_values(pseudo: Pseudonymiser) -> None:
    """A column is pseudonymised through its unique values; the count covers every row; missing stays missing."""
    s = pd.Series(["Jane and Frank", "Jane and Frank", None, "nobody"], dtype="str")
    out, n = pseudo.apply_series(s)
    assert out.tolist()[:2] == ["Ms X and Child F"] * 2
    assert pd.isna(out[2]) and out[3] == "nobody"
    assert n == 4
    assert str(out.dtype) == str(s.dtype)


def test_apply_frame_touches_only_given_columns(pseudo: Pseudonymiser) -> None:
    """Only the named columns change."""
    f = pd.DataFrame({"description": ["Frank seen"], "event_id": ["Frank"]})
    out, n = pseudo.apply_frame(f, ["description"])
    assert out.loc[0, "description"] == "Child F seen" and out.loc[0, "event_id"] == "Frank" and n == 1


def test_pseudonyms_lists_the_published_names(pseudo: Pseudonymiser) -> None:
    """The pseudonyms in use are available (for redact-check to allow them)."""
    assert {"Ms X", "Child F", "Mr Z", "Mr Y"} <= pseudo.pseudonyms
