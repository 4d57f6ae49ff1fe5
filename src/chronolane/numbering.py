"""Event numbers: the one numbering of events that every output shows."""

from __future__ import annotations

import pandas as pd

from chronolane.schema import Column


def event_numbers(frame: pd.DataFrame) -> pd.Series:
    """Each row's 1-based position in the integrated chronology's row order within its case_id.

    A frame without a case_id column is one case. The result is aligned on ``frame``'s index.
    """
    if Column.CASE_ID not in frame.columns:
        return pd.Series(range(1, len(frame) + 1), index=frame.index, dtype="int64", name="number")
    numbers = frame.groupby(frame[Column.CASE_ID].astype("str"), sort=False).cumcount() + 1
    return numbers.astype("int64").rename("number")
