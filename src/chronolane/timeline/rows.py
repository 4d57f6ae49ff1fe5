"""Where rows sit on the time axis (matplotlib date numbers) and which rows are key dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from chronolane.ingest.fields import Field, match_fields
from chronolane.schema.columns import COLUMNS, EventType

#: Event types always treated as key dates.
KEY_TYPES = frozenset({EventType.BIRTH.value, EventType.DEATH.value})


def to_num(values: pd.Series | np.ndarray) -> np.ndarray:
    """Matplotlib date numbers (days since 1970-01-01) for datetime64 values; NaN for NaT."""
    arr = np.asarray(values, dtype="datetime64[s]")
    out = arr.astype("int64").astype(float) / 86400.0
    out[np.isnat(arr)] = np.nan
    return out


def date_num(value: dt.date | str | pd.Timestamp | np.datetime64) -> float:
    """One date as a matplotlib date number."""
    return float(to_num(np.array([pd.Timestamp(value).to_datetime64()]))[0])


def key_column(frame: pd.DataFrame) -> str | None:
    """The extra source column that marks key events ("Key event", "KPE", ...), if any."""
    extras = [c for c in frame.columns if c not in COLUMNS]
    return match_fields(extras).get(Field.KEY)
