"""Integer keys for combinations of column values, the first row of each, and spans of rows that keep
groups whole: the grouping the build, the issues column, the date columns and the checks share, on codes
instead of tuples of values."""

from __future__ import annotations

import itertools
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


def spans(weight: np.ndarray, size: int, *, starts: np.ndarray | None = None) -> list[tuple[int, int]]:
    """(start, stop) ranges of rows of about ``size`` in ``weight`` each (at least one row), cut only at
    ``starts``: the first rows of groups, ascending from 0, so that no group is split (every row when None)."""
    if not len(weight):
        return []
    starts = np.arange(len(weight)) if starts is None else starts
    before = np.concatenate([[0], np.cumsum(weight)])[starts]  # the weight of the rows before each start
    first_at_or_after = np.searchsorted(before, np.arange(0, int(before[-1]) + 1, size))
    cuts = np.unique(starts[first_at_or_after[first_at_or_after < len(starts)]])
    return list(itertools.pairwise([*cuts.tolist(), len(weight)]))
