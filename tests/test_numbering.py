"""Event numbers: one numbering shared by every output."""

from __future__ import annotations

import pandas as pd

from chronolane.chronology.numbering import event_numbers


def test_numbers_count_from_one_in_row_order_within_each_case() -> None:
    """Rows are numbered by their place in the chronology, afresh in each case, whatever the index."""
    frame = pd.DataFrame({"case_id": ["b", "a", "b", "a", "b"]}, index=[10, 4, 7, 2, 0])
    numbers = event_numbers(frame)
    assert numbers.tolist() == [1, 1, 2, 2, 3]
    assert numbers.index.tolist() == [10, 4, 7, 2, 0]


def test_a_frame_without_case_id_is_one_case() -> None:
    """Without a case_id column every row is numbered in one run."""
    assert event_numbers(pd.DataFrame({"x": [5, 6, 7]})).tolist() == [1, 2, 3]


def test_an_empty_frame_has_no_numbers() -> None:
    """No rows, no numbers."""
    assert event_numbers(pd.DataFrame({"case_id": pd.Series([], dtype="str")})).empty
