"""Which rows are contact: a contact type that happened (attended or unknown), in a counted mode (docs/gaps.md).

Chronologies without ``attendance`` or ``mode`` columns (built before they existed, or made by a script) read
as ``unknown`` for both, except ``missed-appointment`` rows, which did not happen.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa

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
    "contact_and_missed",
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
    return _text(*_attendance_codes(frame), frame.index)


def mode_of(frame: pd.DataFrame) -> pd.Series:
    """The mode column as text; ``unknown`` when absent or empty."""
    return _text(*_mode_codes(frame), frame.index)


def _codes(column: pd.Series, default: str = "") -> tuple[np.ndarray, list[str]]:
    """Per row a code, and the text of each code (``default`` for empty or missing cells): a text or
    categorical column is read once per distinct value, never compared row by row."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return np.asarray(codes), [default if pd.isna(u) or str(u) == "" else str(u) for u in uniques]


def _among(codes: np.ndarray, names: list[str], allowed: Collection[str]) -> np.ndarray:
    """Whether each row's value (a code into ``names``) is one of ``allowed``."""
    wanted = {str(a) for a in allowed}
    return np.array([n in wanted for n in names], dtype=bool)[codes] if len(codes) else np.zeros(0, dtype=bool)


def _legacy(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose event type itself says the contact did not happen (``missed-appointment``)."""
    return _among(*_codes(frame[Column.EVENT_TYPE]), [t.value for t in DID_NOT_HAPPEN_TYPES])


def _attendance_codes(frame: pd.DataFrame, legacy: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    if Column.ATTENDANCE.value in frame.columns:
        return _codes(frame[Column.ATTENDANCE], Attendance.UNKNOWN.value)
    legacy = _legacy(frame) if legacy is None else legacy
    return legacy.astype(np.int8), [Attendance.UNKNOWN.value, Attendance.DID_NOT_ATTEND.value]


def _mode_codes(frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    if Column.MODE.value not in frame.columns:
        return np.zeros(len(frame), dtype=np.int8), [Mode.UNKNOWN.value]
    return _codes(frame[Column.MODE], Mode.UNKNOWN.value)


def _text(codes: np.ndarray, names: list[str], index: pd.Index) -> pd.Series:
    """A str column of ``names[code]`` per row, taken in Arrow (no Python string a row)."""
    return pd.Series(pa.array(names, type=pa.large_string()).take(pa.array(codes)), index=index, dtype="str")


def happened(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row may have happened: attendance ``attended`` or ``unknown`` and not a missed-appointment row."""
    legacy = _legacy(frame)
    return _among(*_attendance_codes(frame, legacy), [a.value for a in HAPPENED]) & ~legacy


def did_not_happen(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row records a planned contact that did not happen (missed, cancelled, rescheduled)."""
    legacy = _legacy(frame)
    return _among(*_attendance_codes(frame, legacy), [a.value for a in DID_NOT_HAPPEN]) | legacy


def is_missed(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row counts as a missed appointment: did not happen, and not cancelled by the service."""
    return _among(*_attendance_codes(frame), [a.value for a in MISSED])


def remote(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row's mode is telephone, video or letter (not face to face, not unknown)."""
    return _among(*_mode_codes(frame), [Mode.TELEPHONE.value, Mode.VIDEO.value, Mode.LETTER.value])


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
    return contact_and_missed(frame, types=types, modes=modes)[0]


def contact_and_missed(
    frame: pd.DataFrame,
    *,
    types: Collection[str] = DEFAULT_CONTACT_TYPES,
    modes: Collection[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``is_contact`` and ``is_missed`` of each row together, each column read once."""
    kind = _codes(frame[Column.EVENT_TYPE])
    legacy = _among(*kind, [t.value for t in DID_NOT_HAPPEN_TYPES])
    attendance = _attendance_codes(frame, legacy)
    contact = (
        _among(*kind, types)
        & _among(*attendance, [a.value for a in HAPPENED])
        & ~legacy
        & _among(*_mode_codes(frame), contact_modes(modes))
    )
    return contact, _among(*attendance, [a.value for a in MISSED])
