"""Gaps between contacts within a lane, bounded from vague dates, and a summary per lane (docs/gaps.md)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.dates.bounds import DateLike
from chronolane.dates.calendar import NO_DAY, datetimes
from chronolane.dates.durations import Duration, parse_duration
from chronolane.measures.lanes import LaneRows, lane_rows
from chronolane.schema.columns import DEFAULT_CONTACT_TYPES
from chronolane.schema.measures import Lane, Window

if TYPE_CHECKING:
    from chronolane.case.model import Case

__all__ = ["GAP_COLUMNS", "SUMMARY_COLUMNS", "Exceeds", "Lane", "Window", "find_gaps", "summarise_lanes"]


class Exceeds(StrEnum):
    """Whether a gap exceeds the threshold, given what its vague dates allow."""

    YES = "yes"  # even the shortest possible gap exceeds it
    POSSIBLY = "possibly"  # only the longest possible gap exceeds it
    NO = "no"  # not even the longest possible gap exceeds it


GAP_COLUMNS: tuple[str, ...] = (
    "case_id",
    "lane",
    "subject",
    "from_event_id",
    "to_event_id",
    "gap_start",
    "gap_end",
    "gap_min_days",
    "gap_max_days",
    "exceeds",
    "undated_contacts",
)

SUMMARY_COLUMNS: tuple[str, ...] = (
    "case_id",
    "lane",
    "subject",
    "contacts",
    "undated_contacts",
    "first_contact",
    "first_event_id",
    "last_contact",
    "last_event_id",
    "longest_gap_min_days",
    "longest_gap_max_days",
    "gaps_exceeding",
    "gaps_possibly_exceeding",
    "missed_appointments",
    "undated_missed_appointments",
    "longest_missed_run",
)

_EXCEEDS = np.array([Exceeds.NO.value, Exceeds.POSSIBLY.value, Exceeds.YES.value], dtype=object)


def find_gaps(
    frame: pd.DataFrame,
    *,
    cases: Mapping[str, Case] | None = None,
    lane: Lane | str = Lane.AGENCY,
    agencies: Collection[str] | None = None,
    types: Collection[str] | None = None,
    threshold: str | Duration = "6M",
    start: DateLike = None,
    end: DateLike = None,
    window: Window | str = Window.REVIEW,
    subject: str | None = None,
    contact_types: Collection[str] = DEFAULT_CONTACT_TYPES,
    contact_modes: Collection[str] | None = None,
) -> pd.DataFrame:
    """Every gap between consecutive contacts of each lane, and the open gaps at the window's edges.

    One row per gap with the columns ``GAP_COLUMNS`` (documented in docs/gaps.md), sorted by case,
    subject, lane and date. A row is contact when its type is a contact type (``types`` replaces
    ``contact_types``), it happened (attendance attended or unknown) and its mode is face-to-face or unknown
    (``contact_modes`` adds telephone, video or letter); see ``chronolane.measures.contact.is_contact``.
    """
    rows = lane_rows(
        frame,
        cases=cases,
        lane=lane,
        agencies=agencies,
        types=types,
        start=start,
        end=end,
        window=window,
        subject=subject,
        contact_types=contact_types,
        contact_modes=contact_modes,
    )
    return _gap_frame(rows, _measure(rows, parse_duration(threshold)))


def summarise_lanes(
    frame: pd.DataFrame,
    *,
    cases: Mapping[str, Case] | None = None,
    lane: Lane | str = Lane.AGENCY,
    agencies: Collection[str] | None = None,
    types: Collection[str] | None = None,
    threshold: str | Duration = "6M",
    start: DateLike = None,
    end: DateLike = None,
    window: Window | str = Window.REVIEW,
    subject: str | None = None,
    contact_types: Collection[str] = DEFAULT_CONTACT_TYPES,
    contact_modes: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per lane (per case and subject window) with the columns ``SUMMARY_COLUMNS``.

    Takes the same options as ``find_gaps``; the longest gap's minimum and maximum are each the largest
    over the lane's gaps, open edges included.
    """
    rows = lane_rows(
        frame,
        cases=cases,
        lane=lane,
        agencies=agencies,
        types=types,
        start=start,
        end=end,
        window=window,
        subject=subject,
        contact_types=contact_types,
        contact_modes=contact_modes,
    )
    gaps = _measure(rows, parse_duration(threshold))
    keys = rows.summary_keys
    contact = rows.is_contact
    ckey, cstart, cend, cid = rows.key[contact], rows.start[contact], rows.end[contact], rows.row[contact]
    first = np.r_[True, ckey[1:] != ckey[:-1]] if len(ckey) else np.zeros(0, dtype=bool)
    last = np.r_[ckey[1:] != ckey[:-1], True] if len(ckey) else np.zeros(0, dtype=bool)
    at_first = _lookup(keys, ckey[first])
    at_last = _lookup(keys, ckey[last])

    by_gap = pd.DataFrame({"key": gaps["key"], "lo": gaps["min"], "hi": gaps["max"], "ex": gaps["exceeds"]})
    grouped = by_gap.groupby("key")
    longest_lo = grouped["lo"].max().reindex(keys)
    longest_hi = grouped["hi"].max().reindex(keys)
    yes = (by_gap["ex"] == 2).groupby(by_gap["key"]).sum().reindex(keys, fill_value=0)
    maybe = (by_gap["ex"] == 1).groupby(by_gap["key"]).sum().reindex(keys, fill_value=0)

    out = _key_columns(rows, keys)
    out["contacts"] = _count(ckey, keys)
    out["undated_contacts"] = rows.undated_contacts.reindex(keys, fill_value=0).to_numpy(dtype=np.int64)
    out["first_contact"] = datetimes(_pick(cstart[first], at_first, NO_DAY))
    out["first_event_id"] = _event_ids(rows, _pick(cid[first], at_first, -1))
    out["last_contact"] = datetimes(_pick(cend[last], at_last, NO_DAY))
    out["last_event_id"] = _event_ids(rows, _pick(cid[last], at_last, -1))
    out["longest_gap_min_days"] = longest_lo.astype("Int64").array
    out["longest_gap_max_days"] = longest_hi.astype("Int64").array
    out["gaps_exceeding"] = yes.to_numpy(dtype=np.int64)
    out["gaps_possibly_exceeding"] = maybe.to_numpy(dtype=np.int64)
    out["missed_appointments"] = _count(rows.key[~contact], keys)
    out["undated_missed_appointments"] = rows.undated_missed.reindex(keys, fill_value=0).to_numpy(dtype=np.int64)
    out["longest_missed_run"] = _longest_missed_run(rows, keys)
    return pd.DataFrame(out, columns=list(SUMMARY_COLUMNS))


def _measure(rows: LaneRows, threshold: Duration) -> dict[str, np.ndarray]:
    """Gaps as arrays (key, from/to event ids, start, end, min, max, exceeds code 0/1/2), in output order.

    Inner gaps run from the contact with the latest start before the next contact; their shortest length
    is measured from the latest end of every earlier contact of the lane, so a long or vague earlier
    contact that may reach into the gap shortens it. Edges are measured from or to the window's dates.
    """
    contact = rows.is_contact
    key, s, e, ids = rows.key[contact], rows.start[contact], rows.end[contact], rows.row[contact]
    n = len(key)
    first = np.r_[True, key[1:] != key[:-1]] if n else np.zeros(0, dtype=bool)
    last = np.r_[key[1:] != key[:-1], True] if n else np.zeros(0, dtype=bool)
    latest_end = group_cummax(e, first)
    win = key // len(rows.lanes) if len(rows.lanes) else key
    windows = rows.windows
    ws_lo, ws_hi = windows["start_lo"].to_numpy()[win], windows["start_hi"].to_numpy()[win]
    we_lo, we_hi = windows["end_lo"].to_numpy()[win], windows["end_hi"].to_numpy()[win]
    # Every gap's place in the output is known from counts (a contact row gives its opening, inner and
    # closing gaps in that order; a lane without contact gives one, in key order): no sort, no concatenation.
    inner = ~first
    opening = first & (ws_lo != NO_DAY)
    closing = last & (we_lo != NO_DAY)
    empty = rows.gap_keys[_lookup(rows.gap_keys, key[first]) < 0]  # sorted keys: no hashing
    ewin = empty // len(rows.lanes) if len(rows.lanes) else empty
    bounded = (windows["start_lo"].to_numpy()[ewin] != NO_DAY) & (windows["end_lo"].to_numpy()[ewin] != NO_DAY)
    empty, ewin = empty[bounded], ewin[bounded]
    count = opening.astype(np.int64) + inner + closing
    ends_at = np.cumsum(count)
    place = ends_at - count + np.searchsorted(empty, key)  # each contact row's first gap
    before = np.searchsorted(key, empty)  # contact rows of smaller keys than each empty lane
    empty_place = np.r_[0, ends_at][before] + np.arange(len(empty))

    out: dict[str, np.ndarray] = {}

    def put(at: np.ndarray, piece: dict[str, np.ndarray]) -> None:
        for name, values in piece.items():
            if name not in out:
                out[name] = np.empty(int(count.sum()) + len(empty), dtype=values.dtype)
            out[name][at] = values

    at = np.flatnonzero(inner)
    before_row = at - 1
    put(
        place[at] + opening[at],
        gap_piece(
            key[at], ids[before_row], ids[at], s[before_row], e[at], latest_end[before_row], s[at], None, threshold
        ),
    )
    at = np.flatnonzero(opening)
    blank = np.full(len(at), -1)
    put(place[at], gap_piece(key[at], blank, ids[at], ws_lo[at], e[at], ws_hi[at], s[at], None, threshold))
    at = np.flatnonzero(closing)
    blank = np.full(len(at), -1)
    put(
        place[at] + opening[at] + inner[at],
        gap_piece(key[at], ids[at], blank, s[at], we_hi[at], latest_end[at], we_lo[at], None, threshold),
    )
    blank = np.full(len(empty), -1)
    start_lo, start_hi = windows["start_lo"].to_numpy()[ewin], windows["start_hi"].to_numpy()[ewin]
    end_lo, end_hi = windows["end_lo"].to_numpy()[ewin], windows["end_hi"].to_numpy()[ewin]
    put(empty_place, gap_piece(empty, blank, blank, start_lo, end_hi, start_hi, end_lo, None, threshold))
    return out


def gap_piece(
    key: np.ndarray,
    from_id: np.ndarray,
    to_id: np.ndarray,
    outer_start: np.ndarray,
    outer_end: np.ndarray,
    inner_start: np.ndarray,
    inner_end: np.ndarray,
    rank: np.ndarray | None,
    threshold: Duration,
) -> dict[str, np.ndarray]:
    """Gaps whose longest extent is outer_start..outer_end and shortest inner_start..inner_end.

    A gap exceeds the threshold when its end falls after its start moved on by the threshold (for days:
    when the day count is greater than the threshold's).
    """
    shortest = np.maximum(inner_end - inner_start, 0)
    longest = np.maximum(outer_end - outer_start, 0)
    yes = threshold.exceeded(inner_start, inner_end)
    possibly = threshold.exceeded(outer_start, outer_end)
    piece = {
        "key": key.astype(np.int64),
        "from": from_id,
        "to": to_id,
        "start": outer_start,
        "end": outer_end,
        "min": shortest,
        "max": longest,
        "exceeds": np.where(yes, 2, np.where(possibly, 1, 0)),
    }
    if rank is not None:
        piece["rank"] = rank.astype(np.int64)
    return piece


def group_cummax(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Running maximum of ``values`` restarting at every ``first`` (rows sorted by group)."""
    if not len(values):
        return values.copy()
    group = np.cumsum(first) - 1
    low = values.min()
    span = int(values.max() - low) + 1
    lifted = group * span + (values - low)
    return np.maximum.accumulate(lifted) - group * span + low


def _gap_frame(rows: LaneRows, gaps: dict[str, np.ndarray]) -> pd.DataFrame:
    """The gap arrays as the documented output frame."""
    out = _key_columns(rows, gaps["key"])
    out["from_event_id"] = _event_ids(rows, gaps["from"])
    out["to_event_id"] = _event_ids(rows, gaps["to"])
    out["gap_start"] = datetimes(gaps["start"])
    out["gap_end"] = datetimes(gaps["end"])
    out["gap_min_days"] = gaps["min"].astype(np.int64)
    out["gap_max_days"] = gaps["max"].astype(np.int64)
    out["exceeds"] = _take_text(_EXCEEDS, gaps["exceeds"])
    out["undated_contacts"] = rows.undated_contacts.reindex(gaps["key"], fill_value=0).to_numpy(dtype=np.int64)
    return pd.DataFrame(out, columns=list(GAP_COLUMNS))


def _key_columns(rows: LaneRows, keys: np.ndarray) -> dict[str, object]:
    """case_id, lane and subject columns for lane keys, taken from the few unique values."""
    n_lanes = max(len(rows.lanes), 1)
    win, lane = np.divmod(np.asarray(keys, dtype=np.int64), n_lanes)
    lanes = rows.lanes if len(rows.lanes) else np.array([""], dtype=object)
    return {
        "case_id": _take_text(rows.windows["case_id"].to_numpy(dtype=object), win),
        "lane": _take_text(lanes, lane),
        "subject": _take_text(rows.windows["subject"].to_numpy(dtype=object), win),
    }


def _take_text(uniques: np.ndarray, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A string column from unique values and codes, without building a Python string per row."""
    return pd.array(uniques, dtype="str").take(codes)


def _event_ids(rows: LaneRows, positions: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Event ids of frame positions; empty where the position is -1 (an open edge)."""
    taken = rows.event_ids.array.take(np.asarray(positions, dtype=np.int64), allow_fill=True)
    return taken.fillna("")


def _lookup(keys: np.ndarray, found: np.ndarray) -> np.ndarray:
    """Position in ``found`` (sorted, unique) of each key, -1 when absent."""
    pos = np.searchsorted(found, keys)
    ok = (pos < len(found)) & (found[np.minimum(pos, max(len(found) - 1, 0))] == keys) if len(found) else pos < 0
    return np.where(ok, pos, -1)


def _pick(values: np.ndarray, at: np.ndarray, missing: int) -> np.ndarray:
    """values[at], with ``missing`` where at is -1."""
    if not len(values):
        return np.full(len(at), missing, dtype=values.dtype if values.dtype != object else object)
    picked = values[np.maximum(at, 0)]
    return np.where(at >= 0, picked, missing)


def _count(found: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """How many times each of ``keys`` occurs in ``found``."""
    return pd.Series(found).value_counts().reindex(keys, fill_value=0).to_numpy(dtype=np.int64)


def _longest_missed_run(rows: LaneRows, keys: np.ndarray) -> np.ndarray:
    """Longest run of missed appointments per key, in date order; a contact of the lane ends a run."""
    key, contact = rows.key, rows.is_contact
    if not len(key):
        return np.zeros(len(keys), dtype=np.int64)
    first = np.r_[True, key[1:] != key[:-1]]
    run = np.cumsum(contact | first)
    missed = ~contact
    lengths = pd.Series(1, index=run[missed]).groupby(level=0).sum()
    run_key = pd.Series(key[missed], index=run[missed]).groupby(level=0).first()
    longest = lengths.groupby(run_key.to_numpy()).max()
    return longest.reindex(keys, fill_value=0).to_numpy(dtype=np.int64)
