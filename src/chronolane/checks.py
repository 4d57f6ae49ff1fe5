"""Checks across rows and against the case: dates outside a life or the review period, possible duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from chronolane.case import Case
from chronolane.issues import flag
from chronolane.schema import Column, EventType, IssueCode


def _bound(case_ids: pd.Series, values: Mapping[tuple[str, str], dt.date | None], subjects: pd.Series) -> np.ndarray:
    """Per row, the date looked up for (case_id, subject), or NaT."""
    if not values:
        return np.full(len(case_ids), np.datetime64("NaT"), dtype="datetime64[s]")
    keys = pd.MultiIndex.from_arrays([case_ids.to_numpy(object), subjects.to_numpy(object)])
    table = pd.Series(
        [np.datetime64(v, "s") if v is not None else np.datetime64("NaT") for v in values.values()],
        index=pd.MultiIndex.from_tuples(list(values)),
        dtype="datetime64[s]",
    )
    return table.reindex(keys).to_numpy(dtype="datetime64[s]")


def life_and_period_flags(frame: pd.DataFrame, cases: Mapping[str, Case], today: dt.date) -> list[np.ndarray]:
    """Codes for events after today, before the subject's birth, after their death, or outside the review."""
    start = frame[Column.DATE_START].to_numpy(dtype="datetime64[s]")
    end = frame[Column.DATE_END].to_numpy(dtype="datetime64[s]")
    dated = ~np.isnat(start)
    future = dated & (start > np.datetime64(today, "s"))

    born_end: dict[tuple[str, str], dt.date | None] = {}
    died_start: dict[tuple[str, str], dt.date | None] = {}
    review: dict[tuple[str, str], dt.date | None] = {}
    review_end: dict[tuple[str, str], dt.date | None] = {}
    for case in cases.values():
        for s in case.subjects:
            born_end[(case.case_id, s.id)] = s.born.start if s.born else None
            died_start[(case.case_id, s.id)] = s.died.end if s.died else None
        review[(case.case_id, "")] = case.review_start.start if case.review_start else None
        review_end[(case.case_id, "")] = case.review_end.end if case.review_end else None
    case_ids, subjects = frame[Column.CASE_ID], frame[Column.SUBJECT]
    no_subject = pd.Series("", index=frame.index)
    # Before birth: even the latest possible day of the event is before the earliest possible birth day.
    born = _bound(case_ids, born_end, subjects)
    antenatal = frame[Column.EVENT_TYPE].isin([EventType.PREGNANCY.value, EventType.BIRTH.value]).to_numpy()
    before_birth = dated & ~np.isnat(born) & (end < born) & ~antenatal
    died = _bound(case_ids, died_start, subjects)
    after_death = dated & ~np.isnat(died) & (start > died)
    r_start = _bound(case_ids, review, no_subject)
    r_end = _bound(case_ids, review_end, no_subject)
    outside = dated & ((~np.isnat(r_start) & (end < r_start)) | (~np.isnat(r_end) & (start > r_end)))
    return [
        flag(future, IssueCode.FUTURE_DATE),
        flag(before_birth, IssueCode.BEFORE_BIRTH),
        flag(after_death, IssueCode.AFTER_DEATH),
        flag(outside, IssueCode.OUTSIDE_REVIEW_PERIOD),
    ]


def duplicate_flags(frame: pd.DataFrame) -> np.ndarray:
    """``possible-duplicate:<event_id>`` where another row of the case has the same interval and the same
    description once case, punctuation and spacing are ignored; both rows are kept and point at each other."""
    result = np.full(len(frame), "", dtype=object)
    start = frame[Column.DATE_START]
    key = frame[Column.DESCRIPTION].str.casefold().str.replace(r"[\W_]+", "", regex=True)
    candidates = start.notna() & (key.str.len() >= 8)
    if not candidates.any():
        return result
    cand = pd.DataFrame(
        {
            "case": frame.loc[candidates, Column.CASE_ID],
            "start": start[candidates],
            "end": frame.loc[candidates, Column.DATE_END],
            "key": key[candidates],
            "id": frame.loc[candidates, Column.EVENT_ID],
            "pos": np.flatnonzero(candidates.to_numpy()),
        }
    )
    groups = cand.groupby(["case", "start", "end", "key"], sort=False, observed=True)
    cand = cand[groups["id"].transform("size").to_numpy() > 1]
    if cand.empty:
        return result
    groups = cand.groupby(["case", "start", "end", "key"], sort=False, observed=True)
    gid = groups.ngroup().to_numpy()
    rank = groups.cumcount().to_numpy()
    first_id = groups["id"].transform("first").to_numpy(object)
    second = pd.Series(cand["id"].to_numpy(object)[rank == 1], index=gid[rank == 1])
    other = np.where(rank == 0, second.reindex(gid).to_numpy(object), first_id)
    result[cand["pos"].to_numpy()] = (IssueCode.POSSIBLE_DUPLICATE.value + ":") + other.astype(object)
    return result
