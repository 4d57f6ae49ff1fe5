"""Combination keys: one integer per distinct combination of values, the first row holding each, and spans of
rows that keep groups whole."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chronolane.schema.keys import combination_codes, first_rows, spans


def test_rows_with_the_same_values_in_every_column_share_a_code_numbered_by_first_appearance() -> None:
    case = pd.Series(["b", "a", "b", "b", "a"])
    day = np.array([3, 3, 3, 4, 3])
    assert combination_codes(case, day).tolist() == [0, 1, 0, 2, 1]


def test_values_that_differ_in_one_column_only_get_different_codes() -> None:
    assert combination_codes(np.array([1, 1]), np.array([True, False])).tolist() == [0, 1]
    assert combination_codes(np.array([1, 2]), np.array([True, True])).tolist() == [0, 1]


def test_the_first_row_of_each_code_in_code_order() -> None:
    assert first_rows(np.array([0, 1, 0, 2, 1, 2])).tolist() == [0, 1, 3]
    assert first_rows(np.array([0, 0, 0])).tolist() == [0]
    assert first_rows(np.array([], dtype=np.int64)).tolist() == []


def _group_starts(blocks: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.r_[True, blocks[1:] != blocks[:-1]]) if len(blocks) else blocks


def test_spans_of_text_cover_every_row_once_in_about_the_bytes_asked() -> None:
    """Classification reads descriptions in spans of about so many bytes (each row weighs its text)."""
    lengths = np.array([4, 0, 2, 6, 1, 0])  # "aaaa", "", "bb", "cccccc", "d", "": 13 bytes
    assert spans(lengths, 5) == [(0, 3), (3, 4), (4, 6)]
    assert spans(lengths, 100) == [(0, 6)]
    assert spans(lengths, 1) == [(0, 1), (1, 3), (3, 4), (4, 5), (5, 6)]
    assert spans(lengths[3:], 100) == [(0, 3)]
    assert spans(np.array([], dtype=np.int64), 5) == []
    assert spans(np.array([0, 0]), 5) == [(0, 2)]


def test_spans_hold_whole_blocks_of_about_the_weight_asked() -> None:
    """The duplicate check compares blocks in spans: a span is cut only where a block starts."""
    blocks = np.array([0, 0, 0, 1, 1, 2, 3, 3, 3, 3])
    starts = _group_starts(blocks)
    ones = np.ones(len(blocks), dtype=np.int64)
    assert spans(ones, 3, starts=starts) == [(0, 3), (3, 6), (6, 10)]
    assert spans(ones, 4, starts=starts) == [(0, 5), (5, 10)]
    assert spans(ones, 100, starts=starts) == [(0, 10)]
    assert spans(np.array([10, 0, 0, 1, 1, 1, 1, 1, 1, 1]), 10, starts=starts) == [(0, 3), (3, 10)]  # heavy block
    assert spans(np.array([9, 0, 0, 1, 1, 1, 1, 1, 1, 1]), 10, starts=starts) == [(0, 5), (5, 10)]  # one more
    assert spans(np.ones(3, dtype=np.int64), 1, starts=_group_starts(np.array([5, 5, 5]))) == [(0, 3)]
    assert spans(np.array([], dtype=np.int64), 3, starts=_group_starts(np.array([], dtype=np.int64))) == []
