"""Which rows are contact: a contact type that happened (attended or unknown), in a counted mode (docs/gaps.md).

Chronologies without ``attendance`` or ``mode`` columns (built before they existed, or made by a script) read
as ``unknown`` for both, except ``missed-appointment`` rows, which did not happen.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from chronolane.errors import UsageError
from chronolane.schema.columns import (
    DEFAULT_CONTACT_MODES,
    DEFAULT_CONTACT_TYPES,
    DID_NOT_HAPPEN,
    DID_NOT_HAPPEN_TYPES,
    HAPPENED,
    MISSED,
    Attendance,
    Column,
    Mode,
)

__all__ = [
    "attendance_of",
    "contact_modes",
    "did_not_happen",
    "happened",
    "is_contact",
    "is_missed",
    "mode_of",
    "remote",
]


def attendance_of(frame: pd.DataFrame) -> pd.Series:
    """The attendance column as text; ``unknown`` (``did-not-attend`` for missed-appointment rows) when absent."""
    if Column.ATTENDANCE.value in frame.columns:
        values = frame[Column.ATTENDANCE].astype("str").fillna("")
        return values.where(values != "", Attendance.UNKNOWN.value)
    legacy = frame[Column.EVENT_TYPE].astype("str").isin([t.value for t in DID_NOT_HAPPEN_TYPES])
    return pd.Series(
        np.where(legacy.to_numpy(), Attendance.DID_NOT_ATTEND.value, Attendance.UNKNOWN.value),
        index=frame.index,
        dtype="str",
    )


def mode_of(frame: pd.DataFrame) -> pd.Series:
    """The mode column as text; ``unknown`` when absent or empty."""
    if Column.MODE.value not in frame.columns:
        return pd.Series(Mode.UNKNOWN.value, index=frame.index, dtype="str")
    values = frame[Column.MODE].astype("str").fillna("")
    return values.where(values != "", Mode.UNKNOWN.value)


def happened(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row may have happened: attendance ``attended`` or ``unknown`` and not a missed-appointment row."""
    kind = frame[Column.EVENT_TYPE].astype("str").fillna("")
    legacy = kind.isin([t.value for t in DID_NOT_HAPPEN_TYPES]).to_numpy()
    return attendance_of(frame).isin([a.value for a in HAPPENED]).to_numpy() & ~legacy


def did_not_happen(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row records a planned contact that did not happen (missed, cancelled, rescheduled)."""
    kind = frame[Column.EVENT_TYPE].astype("str").fillna("")
    legacy = kind.isin([t.value for t in DID_NOT_HAPPEN_TYPES]).to_numpy()
    return attendance_of(frame).isin([a.value for a in DID_NOT_HAPPEN]).to_numpy() | legacy


def is_missed(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row counts as a missed appointment: did not happen, and not cancelled by the service."""
    return attendance_of(frame).isin([a.value for a in MISSED]).to_numpy()


def remote(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row's mode is telephone, video or letter (not face to face, not unknown)."""
    return mode_of(frame).isin([Mode.TELEPHONE.value, Mode.VIDEO.value, Mode.LETTER.value]).to_numpy()


def contact_modes(modes: Collection[str] | None) -> frozenset[str]:
    """The mode values counted as contact: ``modes`` (checked) with face-to-face and unknown always included."""
    known = {m.value for m in Mode}
    for value in modes or ():
        if str(value) not in known:
            raise UsageError(f"contact mode {str(value)!r} is not known. Use one of: {', '.join(sorted(known))}.")
    return frozenset({m.value for m in DEFAULT_CONTACT_MODES} | {str(m) for m in modes or ()})


def is_contact(
    frame: pd.DataFrame,
    *,
    types: Collection[str] = DEFAULT_CONTACT_TYPES,
    modes: Collection[str] | None = None,
) -> np.ndarray:
    """Whether each row is contact: its type is a contact type, it happened, and its mode is counted.

    ``modes`` widens the default (face-to-face and unknown) to telephone, video or letter.
    """
    kind = frame[Column.EVENT_TYPE].astype("str").fillna("")
    return (
        kind.isin([str(t) for t in types]).to_numpy()
        & happened(frame)
        & mode_of(frame).isin(contact_modes(modes)).to_numpy()
    )
