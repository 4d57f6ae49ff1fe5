"""Contact lanes: which rows count as contact, which lane each belongs to, and the windows they fall in."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.dates.bounds import DateLike
from chronolane.dates.calendar import NO_DAY, day_numbers
from chronolane.errors import UsageError
from chronolane.measures.contact import contact_and_missed
from chronolane.measures.windows import build_windows, subject_keys
from chronolane.schema.agencies import agency_key
from chronolane.schema.columns import DEFAULT_CONTACT_TYPES, Column, EventType
from chronolane.schema.measures import Lane, Window

if TYPE_CHECKING:
    from chronolane.case.model import Case


#: The lane name used with ``Lane.ALL``.
ALL_LANE = "all"

_NEEDED = (
    Column.EVENT_ID,
    Column.CASE_ID,
    Column.AGENCY,
    Column.SUBJECT,
    Column.DATE_START,
    Column.DATE_END,
    Column.EVENT_TYPE,
)


def event_types(types: Collection[str] | None, default: Collection[str]) -> frozenset[str]:
    """The event type values that count as contact: ``types`` when given (checked), else ``default``."""
    chosen = types if types else default
    known = {e.value for e in EventType}
    for value in chosen:
        if str(value) not in known:
            raise UsageError(f"event type {str(value)!r} is not known. Use one of: {', '.join(sorted(known))}.")
    return frozenset(str(v) for v in chosen)


@dataclass(frozen=True)
class LaneRows:
    """Rows that matter for gap measures, one copy per window they belong to, sorted for measuring.

    ``key`` is ``window * len(lanes) + lane``, so sorting by key sorts by case, subject and lane name.
    """

    windows: pd.DataFrame
    lanes: np.ndarray
    key: np.ndarray
    start: np.ndarray
    end: np.ndarray
    row: np.ndarray
    """Position in the frame of each row."""
    event_ids: pd.Series
    """The frame's event_id column, for looking up the few ids an output needs."""
    is_contact: np.ndarray
    gap_keys: np.ndarray
    """Keys measured for gaps: lanes with contact rows in the case, or named in the call."""
    summary_keys: np.ndarray
    """Keys summarised: the gap keys and lanes with only missed appointments."""
    undated_contacts: pd.Series
    undated_missed: pd.Series


def lane_rows(
    frame: pd.DataFrame,
    *,
    cases: Mapping[str, Case] | None,
    lane: Lane | str,
    agencies: Collection[str] | None,
    types: Collection[str] | None,
    start: DateLike,
    end: DateLike,
    window: Window | str,
    subject: str | None,
    contact_types: Collection[str],
    contact_modes: Collection[str] | None = None,
) -> LaneRows:
    """Classify, filter, window and sort the rows of ``frame`` (vectorised; loops only over case metadata)."""
    missing = [c.value for c in _NEEDED if c.value not in frame.columns]
    if missing:
        raise UsageError(
            f"the chronology has no column {missing[0]!r}. Build it with `chronolane build` or add the column."
        )
    lane = Lane(lane)
    contact = event_types(types, contact_types or DEFAULT_CONTACT_TYPES)
    is_contact, missed = contact_and_missed(frame, types=contact, modes=contact_modes)
    missed &= ~is_contact
    keep = is_contact | missed

    agency = frame[Column.AGENCY].astype("str").fillna("")
    agency_codes, agency_names = pd.factorize(agency)
    if agencies:
        codes, uniques = agency_codes, agency_names
        wanted = {agency_key(a): a for a in agencies}
        present = np.array([agency_key(u) in wanted for u in uniques], dtype=bool)
        unknown = set(wanted) - {agency_key(u) for u in uniques}
        if unknown:
            raise UsageError(
                f"agency {wanted[sorted(unknown)[0]]!r} has no rows in the chronology. "
                f"Agencies present: {', '.join(sorted(uniques))}."
            )
        keep &= present[codes] if len(codes) else keep
    if subject is not None:
        allowed = {subject.casefold(), ""}
        for case in (cases or {}).values():
            named = case.subject(subject)
            if named is not None:
                allowed |= subject_keys(named)
        codes, uniques = pd.factorize(frame[Column.SUBJECT].astype("str").fillna(""))
        match = np.array([str(u).strip().casefold() in allowed for u in uniques], dtype=bool)
        keep &= match[codes] if len(codes) else keep

    case_codes, case_ids = pd.factorize(frame[Column.CASE_ID].astype("str").fillna(""), sort=True)
    if lane == Lane.AGENCY:
        text_codes, texts = agency_codes, agency_names
    elif lane == Lane.TYPE:
        text_codes, texts = pd.factorize(frame[Column.EVENT_TYPE].astype("str").fillna(""))
    else:
        text_codes, texts = np.zeros(len(frame), dtype=np.int64), pd.Index([ALL_LANE])
    requested = _requested_lanes(lane, agency_names, agencies, types)
    # Lane names: the sorted distinct texts of kept rows and the requested lanes; rows get codes by lookup.
    used = np.zeros(len(texts), dtype=bool)
    used[text_codes[keep]] = True
    lane_names = np.array(sorted({str(t) for t in texts[used]} | set(requested)), dtype=object)
    lane_of_text = np.searchsorted(lane_names, np.asarray(texts, dtype=object)) if len(texts) else np.zeros(0, int)
    n_lanes = max(len(lane_names), 1)

    windows = build_windows(list(case_ids), cases, Window(window), start=start, end=end, subject=subject)
    win_case = case_ids.get_indexer(pd.Index(windows["case_id"]))
    first_win = np.searchsorted(win_case, np.arange(len(case_ids)), side="left")
    n_win = np.searchsorted(win_case, np.arange(len(case_ids)), side="right") - first_win

    rows = np.flatnonzero(keep)
    row_case = case_codes[rows]
    row_lane = lane_of_text[text_codes[rows]].astype(np.int64)
    if np.all(n_win == 1):  # one window per case (review, none): rows are not repeated
        win, src, key = first_win[row_case], rows, first_win[row_case] * n_lanes + row_lane
    else:
        repeat = n_win[row_case]
        take = np.repeat(np.arange(len(rows)), repeat)
        offset = np.arange(len(take)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
        win = first_win[row_case][take] + offset
        src = rows[take]
        key = win * n_lanes + row_lane[take]

    starts = day_numbers(frame[Column.DATE_START].to_numpy()[src])
    ends = day_numbers(frame[Column.DATE_END].to_numpy()[src])
    ends = np.where((ends == NO_DAY) | (ends < starts), starts, ends)
    contact_row = is_contact[src]
    dated = starts != NO_DAY
    w_lo = windows["start_lo"].to_numpy()[win]
    w_hi = windows["end_hi"].to_numpy()[win]
    inside = dated & ((w_lo == NO_DAY) | (ends >= w_lo)) & ((w_hi == NO_DAY) | (starts <= w_hi))

    undated_contacts = pd.Series(key[~dated & contact_row]).value_counts()
    undated_missed = pd.Series(key[~dated & ~contact_row]).value_counts()

    # Lanes measured per case: those with contact rows, and those named in the call.
    contact_rows = is_contact[rows]
    size = len(case_ids) * n_lanes
    case_lane = _distinct(row_case[contact_rows] * n_lanes + row_lane[contact_rows], size)
    if requested:
        names = lane_names
        if lane == Lane.AGENCY:  # a named agency is measured in the cases where it has any row
            named_rows = np.flatnonzero(agency.isin(requested).to_numpy())
            extra = case_codes[named_rows] * n_lanes + np.searchsorted(names, agency.to_numpy(dtype=object)[named_rows])
        else:
            req_codes = np.searchsorted(lane_names, np.array(requested, dtype=object)).astype(np.int64)
            extra = (np.arange(len(case_ids))[:, None] * n_lanes + req_codes[None, :]).ravel()
        case_lane = _distinct(np.concatenate([case_lane, extra]), size)
    missed_lane = _distinct(row_case[~contact_rows] * n_lanes + row_lane[~contact_rows], size)
    gap_keys = _per_window(case_lane, n_lanes, first_win, n_win)
    summary_keys = _distinct(
        np.concatenate([gap_keys, _per_window(missed_lane, n_lanes, first_win, n_win)]), len(windows) * n_lanes
    )

    pick = np.flatnonzero(inside)
    pick = pick[_sort_order(key[pick], starts[pick], ends[pick])]
    return LaneRows(
        windows=windows,
        lanes=lane_names,
        key=key[pick],
        start=starts[pick],
        end=ends[pick],
        row=src[pick],
        event_ids=frame[Column.EVENT_ID].astype("str").reset_index(drop=True),
        is_contact=contact_row[pick],
        gap_keys=gap_keys,
        summary_keys=summary_keys,
        undated_contacts=undated_contacts,
        undated_missed=undated_missed,
    )


def _requested_lanes(
    lane: Lane, agency_names: pd.Index, agencies: Collection[str] | None, types: Collection[str] | None
) -> list[str]:
    """Lane names measured even without contacts: named agencies (as written in the data) or types."""
    if lane == Lane.ALL:
        return [ALL_LANE]
    if lane == Lane.TYPE:
        return sorted({str(t) for t in types or ()})
    if not agencies:
        return []
    wanted = {agency_key(a) for a in agencies}
    return sorted({str(u) for u in agency_names if agency_key(str(u)) in wanted})


def _sort_order(key: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Positions sorting rows by key, start and end, ties kept in row order.

    The three are packed into one integer when they fit, so one stable sort (fast on rows that come nearly
    in order, as a built chronology's do) replaces a sort per column.
    """
    if not len(key):
        return np.zeros(0, dtype=np.int64)
    low = int(min(starts.min(), ends.min()))
    span = int(max(starts.max(), ends.max())) - low + 1
    if int(key.max()) + 1 >= 2**62 // (span * span):
        return np.lexsort((ends, starts, key))
    packed = (key.astype(np.int64) * span + (starts - low)) * span + (ends - low)
    return np.argsort(packed, kind="stable")


def _distinct(keys: np.ndarray, size: int) -> np.ndarray:
    """The distinct values of non-negative integer ``keys`` below ``size``, sorted: one linear pass, no hashing."""
    present = np.zeros(size, dtype=bool)
    present[keys] = True
    return np.flatnonzero(present)


def _per_window(case_lane: np.ndarray, n_lanes: int, first_win: np.ndarray, n_win: np.ndarray) -> np.ndarray:
    """Expand (case * n_lanes + lane) codes to (window * n_lanes + lane) keys for every window of the case."""
    case_lane = np.asarray(case_lane, dtype=np.int64)
    case, lane = np.divmod(case_lane, n_lanes)
    repeat = n_win[case]
    take = np.repeat(np.arange(len(case_lane)), repeat)
    offset = np.arange(len(take)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    return np.sort((first_win[case][take] + offset) * n_lanes + lane[take])
