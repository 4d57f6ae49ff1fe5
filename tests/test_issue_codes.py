"""The issues column: codes joined per row in a fixed order, however many flags there are."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chronolane.schema.issue_codes import join_issues


def test_codes_come_in_order_text_columns_then_flags_then_details() -> None:
    texts = [pd.Series(["a", "", "a;b", ""], dtype="str")]
    flags = [(np.array([1, 0, 0, 1], bool), "x"), (np.array([0, 0, 1, 1], bool), "y")]
    joined = join_issues(texts, flags, np.array(["", "", "", "d:1"]))
    assert joined.tolist() == ["a;x", "", "a;b;y", "x;y;d:1"]


def test_more_flags_than_fit_in_one_key_are_all_kept() -> None:
    """Flags join the row key twenty at a time; the 21st and later ones must not be lost or mixed up."""
    n_flags = 45
    rng = np.random.default_rng(7)
    masks = rng.random((n_flags, 200)) < 0.1
    flags = [(masks[i], f"f{i}") for i in range(n_flags)]
    joined = join_issues([pd.Series([""] * 200, dtype="str")], flags)
    expected = [";".join(f"f{i}" for i in range(n_flags) if masks[i, row]) for row in range(200)]
    assert joined.tolist() == expected
