"""The chronology's column types on the pandas and Arrow side: categorical columns (which, and why, is
``columns.CATEGORIES``), and text columns as one Arrow array.

Kept apart from the column schema, which the command line reads for its help without loading pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from chronolane.schema.columns import CATEGORIES


def category_dtype(column: str, values: np.ndarray | pd.Index) -> pd.CategoricalDtype:
    """The categorical dtype of ``column`` for distinct text ``values``: its vocabulary (closed columns) and
    the values, in text order."""
    fixed = np.array(CATEGORIES.get(column) or (), dtype=object)
    texts = np.concatenate([fixed, np.asarray(values, dtype=object)])  # never a Python loop over the values
    return pd.CategoricalDtype(pd.Index(np.unique(texts), dtype="str"))


def as_category(column: str, values: pd.Series | pd.Categorical) -> pd.Categorical:
    """A text column (or a categorical one) as ``column``'s categorical: distinct values first, then codes
    (never a per-row conversion of text); missing stays missing."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        current = _without_unused(pd.Categorical(values))
        dtype = category_dtype(column, current.categories.astype(str))
        if current.categories.equals(dtype.categories):
            return current
        return current.set_categories(dtype.categories)
    codes, uniques = pd.factorize(values)
    dtype = category_dtype(column, np.asarray(uniques, dtype=object))
    lookup = np.append(dtype.categories.get_indexer(pd.Index(uniques)), -1).astype(np.int32)  # last: missing
    return pd.Categorical.from_codes(lookup[codes], dtype=dtype)


def _without_unused(values: pd.Categorical) -> pd.Categorical:
    """The categorical without the categories no row holds (an open column's categories are exactly its
    values); counted on the codes (pandas' remove_unused_categories sorts them, 8 times slower)."""
    used = np.zeros(len(values.categories) + 1, dtype=bool)
    used[values.codes] = True  # a missing value's code, -1, marks the extra last slot
    used = used[:-1]
    if used.all():
        return values
    return values.set_categories(values.categories[used])


def with_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its categorical columns (:data:`CATEGORIES`, those present) as categoricals, in place;
    a column already categorical is taken as it is (every one is made by :func:`as_category`)."""
    for column in CATEGORIES:
        if column in frame.columns and not isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = pd.Series(as_category(column, frame[column]), index=frame.index)
    return frame


def text_array(column: pd.Series) -> pa.Array:
    """A text column as one Arrow string array, missing as "" (no copy for an Arrow-backed column)."""
    array = pa.array(column.astype("str").fillna("").array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
