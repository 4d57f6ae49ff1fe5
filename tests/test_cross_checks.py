"""Checks across rows: which rows are flagged as possible duplicates, at each threshold and just past it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chronolane.chronology.cross_checks import duplicate_flags
from chronolane.schema.columns import Column
from factories import event_frame

#: Ten distinct words; the other row shares the first ``n`` of them.
TEN = "alpha bravo charlie delta echo foxtrot golf hotel india juliet"


def _pair(first: str, second: str, *, when: str = "01/02/2018", other: str | None = None) -> pd.DataFrame:
    """Two rows of one case (the second on ``other`` when given) with these descriptions."""
    frame = event_frame([("c", "Police", "child", when, "incident"), ("c", "GP", "child", other or when, "note")])
    frame[Column.DESCRIPTION] = pd.Series([first, second], dtype="str")
    return frame


def _flagged(frame: pd.DataFrame, *, max_block: int = 200) -> list[str]:
    return duplicate_flags(frame, max_block=max_block)[0].tolist()


def _sharing(n: int) -> str:
    """A text holding the first ``n`` words of TEN and ten - n words of its own, so both have ten words."""
    words = TEN.split()
    return " ".join(words[:n] + [f"other{i}" for i in range(10 - n)])


def test_same_day_texts_sharing_exactly_four_fifths_of_their_words_are_possible_duplicates() -> None:
    """8 of 10 distinct words in common is near-identical: both rows point at each other."""
    assert _flagged(_pair(TEN, _sharing(8))) == ["possible-duplicate:e1", "possible-duplicate:e0"]


def test_same_day_texts_sharing_less_than_four_fifths_of_their_words_are_not_duplicates() -> None:
    """7 of 10 words in common is a different event on the same day."""
    assert _flagged(_pair(TEN, _sharing(7))) == ["", ""]


def test_the_share_of_words_is_taken_of_the_shorter_text() -> None:
    """A short text wholly inside a longer one is near-identical, however long the other is."""
    longer = TEN + " " + " ".join(f"extra{i}" for i in range(30))
    assert _flagged(_pair("alpha bravo charlie delta", longer)) == ["possible-duplicate:e1", "possible-duplicate:e0"]


def test_a_shorter_text_of_exactly_four_words_can_be_a_near_duplicate() -> None:
    assert _flagged(_pair("Police attended the home", "Police attended the home today")) == [
        "possible-duplicate:e1",
        "possible-duplicate:e0",
    ]


def test_a_shorter_text_of_three_words_is_never_a_near_duplicate() -> None:
    """Too few words to judge: "Police attended home" inside a longer text is not enough."""
    assert _flagged(_pair("Police attended home", "Police attended home today late")) == ["", ""]


def test_repeated_words_count_once_towards_the_four_words() -> None:
    """ "home home home home" has one distinct word, not four."""
    assert _flagged(_pair("home home home home", "home visit at the home")) == ["", ""]


def test_texts_equal_but_for_case_punctuation_and_spacing_are_duplicates_from_eight_letters() -> None:
    """ "abcd efgh" and "ABCD-EFGH!" have the same eight letters: a duplicate, even as two words."""
    assert _flagged(_pair("abcd efgh", "ABCD-EFGH!")) == ["possible-duplicate:e1", "possible-duplicate:e0"]


def test_equal_texts_of_seven_letters_and_digits_are_too_short_to_call_duplicates() -> None:
    assert _flagged(_pair("abc defg", "ABC-DEFG")) == ["", ""]


def test_vague_dates_need_equal_texts_not_near_identical_ones() -> None:
    """Near-identical wording is compared on exact days only; in the same month only equal texts match."""
    assert _flagged(_pair(TEN, _sharing(9), when="March 2018")) == ["", ""]
    assert _flagged(_pair(TEN, TEN.upper(), when="March 2018")) == ["possible-duplicate:e1", "possible-duplicate:e0"]


def test_the_same_text_on_the_next_day_is_not_a_duplicate() -> None:
    assert _flagged(_pair(TEN, TEN, other="02/02/2018")) == ["", ""]


def test_the_same_text_in_another_case_is_not_a_duplicate() -> None:
    frame = _pair(TEN, TEN)
    frame[Column.CASE_ID] = pd.Series(["c", "d"], dtype="str")
    assert _flagged(frame) == ["", ""]


def test_undated_rows_are_never_compared() -> None:
    assert _flagged(_pair(TEN, TEN, when="", other="")) == ["", ""]


@pytest.mark.parametrize(("rows", "compared"), [(3, True), (4, False)])
def test_a_block_of_rows_on_one_date_is_compared_up_to_max_block_rows(rows: int, compared: bool) -> None:
    """A block of exactly ``max_block`` rows is compared; one more row and none of it is, and it is marked."""
    frame = event_frame([("c", "Police", "child", "01/02/2018", "incident")] * rows)
    frame[Column.DESCRIPTION] = pd.Series([TEN] * rows, dtype="str")
    flags, unchecked = duplicate_flags(frame, max_block=3)
    assert bool(all(flags)) is compared
    assert unchecked.tolist() == [not compared] * rows
    assert np.count_nonzero(flags) == (rows if compared else 0)


def test_rows_of_a_block_point_at_each_other_in_row_order_whatever_the_order_of_cases_and_dates() -> None:
    """Blocks are found by sorting; each row still lists its partners in the frame's row order."""
    frame = event_frame(
        [
            ("b", "Police", "child", "01/02/2018", "incident"),
            ("a", "GP", "child", "03/02/2018", "note"),
            ("b", "GP", "child", "01/02/2018", "note"),
            ("a", "Police", "child", "02/02/2018", "incident"),
            ("b", "School", "child", "01/02/2018", "note"),
        ]
    )
    frame[Column.DESCRIPTION] = pd.Series([TEN, TEN, TEN, TEN, TEN], dtype="str")
    assert _flagged(frame) == [
        "possible-duplicate:e2;possible-duplicate:e4",
        "",
        "possible-duplicate:e0;possible-duplicate:e4",
        "",
        "possible-duplicate:e0;possible-duplicate:e2",
    ]


@pytest.mark.parametrize("third", ["2018-03-01 10:00", "2199-03-01 10:00"])
@pytest.mark.parametrize(("second", "flagged"), [("2018-02-01 09:30", True), ("2018-02-01 09:31", False)])
def test_intervals_with_times_of_day_are_compared_only_when_equal_to_the_second(
    second: str, flagged: bool, third: str
) -> None:
    """Dates are whole days in a built chronology; other intervals still block only equal ones, whether the
    span of times fits one sort key (third row weeks later) or not (centuries later)."""
    frame = event_frame([("c", "Police", "child", "01/02/2018", "incident")] * 3)
    frame[Column.DESCRIPTION] = pd.Series([TEN] * 3, dtype="str")
    frame[Column.DATE_START] = pd.to_datetime(["2018-02-01 09:30", second, third]).astype("datetime64[us]")
    frame[Column.DATE_END] = frame[Column.DATE_START]
    expected = ["possible-duplicate:e1", "possible-duplicate:e0", ""] if flagged else ["", "", ""]
    assert _flagged(frame) == expected
