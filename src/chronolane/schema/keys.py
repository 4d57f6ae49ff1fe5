"""Integer keys for combinations of column values, and the first row of each: the grouping the build, the
issues column and the date columns share, on codes instead of tuples of values."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def combination_codes(*columns: Any) -> np.ndarray:
    """One integer per distinct combination of the columns' values, numbered in order of first appearance
    (each column factorised on its own, then the codes combined)."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column)
        combined = combined * (len(uniques) + 1) + codes
    return pd.factorize(combined)[0]


def first_rows(codes: np.ndarray) -> np.ndarray:
    """The first row of each code, for codes numbered in order of first appearance (as ``pd.factorize``
    numbers them): a row is a first one where the running maximum rises."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)
