"""Pseudonyms: real names and their variants become pseudonyms, everywhere and only as words."""

from __future__ import annotations

import pandas as pd
import pytest

from chronolane.case.pseudonyms import AMBIGUOUS, Pseudonymiser
from chronolane.errors import CaseError

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


def test_a_categorical_column_is_pseudonymised_into_new_categories_never_into_missing_values(
    pseudo: Pseudonymiser,
) -> None:
    """Names held as categories are replaced; a pseudonym not among the categories becomes one."""
    s = pd.Series(["Jane Smith", "Police", "Jane Smith", None, "Frank"], dtype="category", name="subject")
    out, n = pseudo.apply_series(s)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert out.astype("str").tolist()[:3] == ["Ms X", "Police", "Ms X"] and out.tolist()[4] == "Child F"
    assert pd.isna(out[3]) and n == 3
    assert "Jane Smith" not in set(out.cat.categories)


def test_a_chronology_is_pseudonymised_in_its_categorical_columns_too(pseudo: Pseudonymiser) -> None:
    """Agency, subject and source file are categoricals in a chronology; names in them are replaced."""
    from chronolane.case.model import Case
    from chronolane.case.pseudonyms import pseudonymise_chronology
    from chronolane.chronology.build import Chronology
    from chronolane.schema.dtypes import with_categories

    frame = with_categories(
        pd.DataFrame(
            {"case_id": ["c"], "agency": ["GP of Frank"], "subject": ["Frank"], "source_file": ["frank.csv"]},
            dtype="str",
        )
    )
    chronology = Chronology(frame=frame, cases={"c": Case(case_id="c")})
    out, n = pseudonymise_chronology(chronology, MAP)
    assert out.frame.iloc[0].tolist() == ["c", "GP of Child F", "Child F", "Child F.csv"] and n == 3
    assert all(isinstance(out.frame[c].dtype, pd.CategoricalDtype) for c in out.frame.columns)


def test_apply_frame_touches_only_given_columns(pseudo: Pseudonymiser) -> None:
    """Only the named columns change."""
    f = pd.DataFrame({"description": ["Frank seen"], "event_id": ["Frank"]})
    out, n = pseudo.apply_frame(f, ["description"])
    assert out.loc[0, "description"] == "Child F seen" and out.loc[0, "event_id"] == "Frank" and n == 1


def test_pseudonyms_lists_the_published_names(pseudo: Pseudonymiser) -> None:
    """The pseudonyms in use are available (for redact-check to allow them)."""
    assert {"Ms X", "Child F", "Mr Z", "Mr Y"} <= pseudo.pseudonyms


OVERLAPPING = {"Ann": "P1", "Anne": "P2", "Joanne": "P3", "Annie-Mae": "P4"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann, Anne, Joanne and Annie-Mae", "P1, P2, P3 and P4"),  # each whole word to its own pseudonym
        ("ANNE and joanne", "P2 and P3"),
        ("Annie Mae and Annie‑Mae", "P4 and P4"),  # a hyphen (or non-breaking hyphen) is a space between words
        ("Annie\nMae", "P4"),  # a line break inside a name
        ("Annie", "Annie"),  # not a listed name, not part of one as a whole word
        ("Anne's son; Ann's", "P2's son; P1's"),
        ("Joanne-Ann", "P3-P1"),  # hyphenated pair of listed names
        ("Annex, Annette, Joannes", "Annex, Annette, P3"),  # longer words stay; a plural is the name
    ],
)
def test_overlapping_names_each_get_their_own_pseudonym(text: str, expected: str) -> None:
    assert Pseudonymiser(OVERLAPPING).apply(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Jane), [Smith]; Jane! Smith? «Jane»", "(Ms X), [Ms X]; Ms X! Ms X? «Ms X»"),
        ('"Jane." Jane:Smith', '"Ms X." Ms X:Ms X'),
        ("Jane\r\nAnne\tSmith", "Ms X"),
        ("Jane_Smith and age_jane", "Ms X_Ms X and age_Ms X"),  # an underscore is a boundary
        ("Janes", "Ms X"),
        ("the Smiths' home", "the Ms X' home"),
    ],
)
def test_names_next_to_punctuation_and_line_breaks(pseudo: Pseudonymiser, text: str, expected: str) -> None:
    assert pseudo.apply(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail jane.smith@example.org today", "mail [email] today"),
        ("jsmith@nhs.net", "[email]"),
        ("JANE_S@council.gov.uk", "[email]"),
        ("frank99@example.org", "[email]"),
        ("duty.team@council.gov.uk", "duty.team@council.gov.uk"),  # no name in it: left for redact-check
    ],
)
def test_names_inside_email_addresses_replace_the_whole_address(
    pseudo: Pseudonymiser, text: str, expected: str
) -> None:
    assert pseudo.apply(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ｊａｎｅ Ｓｍｉｔｈ seen", "Ms X seen"),  # full-width letters (NFKC)
        ("Ja\u200bne seen", "Ms X seen"),  # zero-width space inside the name
        ("Jane Smi\u00adth", "Ms X"),  # soft hyphen
        ("Jane\u0301", "Jane\u0301"),  # a combining accent makes another name
        ("Ｃａｆé ｗｉｔｈｏｕｔ names", "Ｃａｆé ｗｉｔｈｏｕｔ names"),  # no name: the text is kept exactly
    ],
)
def test_unicode_is_normalised_before_matching(pseudo: Pseudonymiser, text: str, expected: str) -> None:
    assert pseudo.apply(text) == expected
