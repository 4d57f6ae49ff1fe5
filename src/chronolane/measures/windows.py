"""Observation windows for gap and schedule measures: review period, a subject's life, or explicit dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.dates.bounds import DateLike, date_bounds
from chronolane.dates.calendar import NO_DAY
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
    rows: list[tuple[str, str, int, int, int, int]] = []
    found_subject = subject is None or not cases
    for case_id in case_ids:
        case = (cases or {}).get(case_id)
        review_start = date_bounds(case.review_start, what="review start") if case else (NO_DAY, NO_DAY)
        review_end = date_bounds(case.review_end, what="review end") if case else (NO_DAY, NO_DAY)
        named = case.subject(subject) if case is not None and subject is not None else None
        found_subject = found_subject or named is not None
        label = named.id if named is not None else (subject or "")
        spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
        if window == Window.LIFE and case is not None:
            people = [named] if named is not None else ([] if subject is not None else list(case.subjects))
            for person in people:
                if person is not None and person.born is not None and person.born.start is not None:
                    died = date_bounds(person.died, what="death date") if person.died else review_end
                    spans.append((person.id, date_bounds(person.born, what="birth date"), died))
        if not spans:
            edges = (review_start, review_end) if window != Window.NONE else ((NO_DAY, NO_DAY), (NO_DAY, NO_DAY))
            spans.append((label, *edges))
        for who, lo, hi in spans:
            lo = given_start if start is not None else lo
            hi = given_end if end is not None else hi
            rows.append((case_id, who, lo[0], lo[1], hi[0], hi[1]))
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
    frame = pd.DataFrame(rows, columns=list(WINDOW_COLUMNS))
    for name in WINDOW_COLUMNS[2:]:
        frame[name] = frame[name].astype(np.int64)
    return frame.sort_values(["case_id", "subject"], kind="stable", ignore_index=True)
