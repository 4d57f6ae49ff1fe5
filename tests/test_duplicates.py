"""Possible duplicates: the same event recorded twice on the same day is flagged both ways, whatever its script."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from chronolane.chronology.build import build_chronology
from chronolane.schema.columns import Column

TODAY = dt.date(2026, 11, 22)


def _flags(descriptions: list[str], dates: list[str] | None = None) -> list[bool]:
    """Whether each row (one agency each, one case) is flagged as a possible duplicate."""
    frame = pd.DataFrame(
        {
            "Agency": [f"Agency {i}" for i in range(len(descriptions))],
            "Date": dates or ["03/04/2018"] * len(descriptions),
            "Details": descriptions,
        }
    )
    built = build_chronology(frame, today=TODAY).frame.sort_values(Column.SOURCE_ROW)
    return built[Column.ISSUES].str.contains("possible-duplicate").tolist()


def test_descriptions_equal_but_for_case_and_punctuation_are_duplicates() -> None:
    assert _flags(["Disturbance at the flat.", "DISTURBANCE at the flat", "Visit at home"]) == [True, True, False]


@pytest.mark.parametrize(
    ("other", "flagged"),
    [
        ("Police called to domestic incident", True),  # 4 of the shorter text's 5 words: 80%
        ("Police called to a burglary", False),  # 3 of 5: 60%
    ],
)
def test_near_identical_descriptions_share_at_least_four_fifths_of_the_shorter_ones_words(
    other: str, flagged: bool
) -> None:
    assert _flags(["Police called to domestic incident yesterday", other]) == [flagged, flagged]


def test_accented_and_ascii_descriptions_are_compared_word_by_word_alike() -> None:
    flags = _flags(
        [
            "Visite à domicile: l'enfant était absent",
            "visite a domicile lenfant etait absent",
            "Visite à domicile, l'enfant était absent!",
            "Médecin appelé pour une visite à domicile",
            "médecin appelé pour visite domicile",
        ]
    )
    assert flags == [True, False, True, True, True]


def test_rows_of_different_days_are_never_duplicates() -> None:
    assert _flags(["Disturbance at the flat"] * 2, ["03/04/2018", "04/04/2018"]) == [False, False]


def test_near_identical_texts_of_a_vague_date_are_not_compared_word_by_word() -> None:
    flags = _flags(
        ["Police called to domestic incident yesterday", "Police called to domestic incident"], ["March 2018"] * 2
    )
    assert flags == [False, False]


def test_blocks_compared_a_few_rows_at_a_time_flag_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check cuts the rows into spans of whole blocks (to bound memory): pairs are found in every span,
    whether a span holds one block or several, and the same as all at once."""
    from chronolane.chronology import cross_checks

    descriptions = ["Disturbance at the flat", "disturbance at the flat!", "Visit at home", "Police called out"] * 3
    dates = ["03/04/2018"] * 4 + ["05/04/2018"] * 4 + ["07/04/2018"] * 4
    all_at_once = _flags(descriptions, dates)
    assert all_at_once == [True, True, False, False] * 3
    for rows in (1, 3, 5):
        monkeypatch.setattr(cross_checks, "_TEXT_AT_A_TIME", rows * (len("disturbance at the flat") + 16))
        assert _flags(descriptions, dates) == all_at_once
