"""Event numbers shared by every output: the table, the workbook and the chart's callouts."""

from __future__ import annotations

import pandas as pd

from chronolane.schema.columns import Column


def event_numbers(frame: pd.DataFrame) -> pd.Series:
    """1-based position of each row in the integrated chronology's row order, counted within its case_id.

    The frame's row order is the chronology order, so every output that numbers events from the same frame
    gives an event the same number.
    """
    if Column.CASE_ID not in frame.columns:
        return pd.Series(range(1, len(frame) + 1), index=frame.index, dtype="int64", name="number")
    numbers = frame.groupby(Column.CASE_ID.value, sort=False, dropna=False).cumcount() + 1
    return numbers.astype("int64").rename("number")
