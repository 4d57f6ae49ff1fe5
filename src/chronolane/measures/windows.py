"""Observation windows for gap and schedule measures: review period, a subject's life, or explicit dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.dates.bounds import DateLike, date_bounds
from chronolane.dates.calendar import EPOCH_ORDINAL, NO_DAY
from chronolane.dates.model import ParsedDate
from chronolane.errors import MissingDetailsError, UsageError
from chronolane.schema.measures import Window

if TYPE_CHECKING:
    from chronolane.case.model import Case, Subject


#: Columns of a window table: one row per (case, subject) window; day numbers, NO_DAY when unknown.
WINDOW_COLUMNS = ("case_id", "subject", "start_lo", "start_hi", "end_lo", "end_hi")


def subject_keys(subject: Subject) -> set[str]:
    """The casefolded id, name and aliases a row's subject column may use for ``subject``."""
    return {subject.id.casefold(), subject.name.casefold(), *(a.casefold() for a in subject.aliases)}


def build_windows(
    case_ids: list[str],
    cases: Mapping[str, Case] | None,
    window: Window,
    *,
    start: DateLike = None,
    end: DateLike = None,
    subject: str | None = None,
) -> pd.DataFrame:
    """One window per case (review, none) or per subject with a birth date (life), sorted by case and subject.

    Explicit ``start`` and ``end`` replace the window's own edges. A case with no subject born (life) falls
    back to its review period, with an empty subject. This loops over case metadata, never over rows.
    """
    window = Window(window)
    given_start = date_bounds(start, parameter="start")
    given_end = date_bounds(end, parameter="end")
    # Dates are gathered here and read after the loop, a parsed interval directly (no date_bounds call each).
    dates = _Dates()
    none = dates.add(None, "")
    rows: list[tuple[str, str, int, int]] = []
    found_subject = subject is None or not cases
    for case_id in case_ids:
        case = (cases or {}).get(case_id)
        review_start = dates.add(case.review_start, "review start") if case else none
        review_end = dates.add(case.review_end, "review end") if case else none
        named = case.subject(subject) if case is not None and subject is not None else None
        found_subject = found_subject or named is not None
        label = named.id if named is not None else (subject or "")
        spans: list[tuple[str, int, int]] = []
        if window == Window.LIFE and case is not None:
            people = [named] if named is not None else ([] if subject is not None else list(case.subjects))
            for person in people:
                if person is not None and person.born is not None and person.born.start is not None:
                    died = dates.add(person.died, "death date") if person.died else review_end
                    spans.append((person.id, dates.add(person.born, "birth date"), died))
        if not spans:
            edges = (review_start, review_end) if window != Window.NONE else (none, none)
            spans.append((label, *edges))
        rows.extend((case_id, who, lo, hi) for who, lo, hi in spans)
    lows, highs = dates.bounds()
    table = {
        "case_id": [r[0] for r in rows],
        "subject": [r[1] for r in rows],
        "start_lo": np.full(len(rows), given_start[0]) if start is not None else lows[[r[2] for r in rows]],
        "start_hi": np.full(len(rows), given_start[1]) if start is not None else highs[[r[2] for r in rows]],
        "end_lo": np.full(len(rows), given_end[0]) if end is not None else lows[[r[3] for r in rows]],
        "end_hi": np.full(len(rows), given_end[1]) if end is not None else highs[[r[3] for r in rows]],
    }
    if window == Window.LIFE and subject is None and not any(len(r[1]) for r in rows):
        from chronolane.case.details import HOW_TO_GIVE

        raise MissingDetailsError(
            f"window 'life': no case has a subject with a birth date, so there is no life to measure. {HOW_TO_GIVE}",
            parameter="cases",
        )
    if not found_subject:
        raise UsageError(
            f"subject {subject!r} is not listed under [[subjects]] in any case.toml. "
            "Give a subject id, name or alias from case.toml."
        )
    frame = pd.DataFrame(table, columns=list(WINDOW_COLUMNS))
    for name in WINDOW_COLUMNS[2:]:
        frame[name] = frame[name].astype(np.int64)
    return frame.sort_values(["case_id", "subject"], kind="stable", ignore_index=True)


class _Dates:
    """Dates of case metadata, gathered while the cases are walked and read as day bounds afterwards."""

    def __init__(self) -> None:
        self.values: list[ParsedDate | None] = []
        self.what: list[str] = []

    def add(self, value: ParsedDate | None, what: str) -> int:
        """Keep a date for conversion; its position."""
        self.values.append(value)
        self.what.append(what)
        return len(self.values) - 1

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last possible day of every date kept (NO_DAY for None), as ``date_bounds`` gives them:
        a parsed interval read directly, anything else (and any error) through ``date_bounds``."""
        lows = np.full(len(self.values), NO_DAY, dtype=np.int64)
        highs = lows.copy()
        for i, value in enumerate(self.values):
            if value is None:
                continue
            if type(value) is ParsedDate and value.start is not None and value.end is not None:
                lows[i], highs[i] = value.start.toordinal() - EPOCH_ORDINAL, value.end.toordinal() - EPOCH_ORDINAL
            else:
                lows[i], highs[i] = date_bounds(value, what=self.what[i])
        return lows, highs
