"""Combination keys: one integer per distinct combination of values, and the first row holding each."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chronolane.schema.keys import combination_codes, first_rows


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
