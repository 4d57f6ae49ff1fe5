"""Test data: chronology frames following the column contract, built from a few fields per event."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from chronolane.dates import parse_date


def event_frame(events: Iterable[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """A chronology frame from (case_id, agency, subject, date text, event type) per event; ids e0, e1, ..."""
    records = []
    for i, (case_id, agency, subject, when, kind) in enumerate(events):
        parsed = parse_date(when) if when else None
        records.append(
            {
                "event_id": f"e{i}",
                "case_id": case_id,
                "agency": agency,
                "subject": subject,
                "date_text": when,
                "date_start": pd.Timestamp(parsed.start) if parsed and parsed.start else pd.NaT,
                "date_end": pd.Timestamp(parsed.end) if parsed and parsed.end else pd.NaT,
                "event_type": kind,
            }
        )
    columns = ["event_id", "case_id", "agency", "subject", "date_text", "date_start", "date_end", "event_type"]
    frame = pd.DataFrame(records, columns=columns)
    for column in ("date_start", "date_end"):
        frame[column] = frame[column].astype("datetime64[us]")
    for column in ("event_id", "case_id", "agency", "subject", "date_text", "event_type"):
        frame[column] = frame[column].astype("str")
    return frame
