"""Follow-ups (docs/follow-ups.md): for each trigger event, the follow-up that came on time, late or never."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.dates.calendar import NO_DAY
from chronolane.errors import UsageError
from chronolane.follow_up_rules import EventMatch, FollowUpRule, RuleSet, load_rules
from chronolane.lanes import day_numbers
from chronolane.schema import Column, EventType
from chronolane.windows import DateLike, date_bounds

if TYPE_CHECKING:
    from chronolane.case import Case

__all__ = [
    "DELAY_COLUMNS",
    "FOLLOW_UP_COLUMNS",
    "FOLLOW_UP_SUMMARY_COLUMNS",
    "FollowUpOutcome",
    "find_follow_ups",
    "summarise_follow_ups",
    "summarise_recording_delays",
]


class FollowUpOutcome(StrEnum):
    """What became of one trigger's expected follow-up."""

    ON_TIME = "on-time"  # a follow-up certainly came by the deadline
    POSSIBLY_LATE = "possibly-late"  # a follow-up came; its vague dates (or the trigger's) allow on time and late
    LATE = "late"  # a follow-up certainly came after the deadline
    MISSING = "missing"  # no follow-up, and the deadline certainly passed within the window
    POSSIBLY_MISSING = "possibly-missing"  # no follow-up, and the deadline may have passed within the window
    OUTSIDE_WINDOW = "outside-window"  # no follow-up, and the window ended before the deadline
    UNDATED = "undated"  # the trigger has no date: nothing can be measured


FOLLOW_UP_COLUMNS: tuple[str, ...] = (
    "case_id",
    "rule_set",
    "rule",
    "label",
    "expected",
    "local",
    "trigger_event_id",
    "trigger_agency",
    "trigger_start",
    "trigger_end",
    "due_by_min",
    "due_by_max",
    "follow_up_event_id",
    "follow_up_agency",
    "follow_up_start",
    "follow_up_end",
    "lag_min_days",
    "lag_max_days",
    "outcome",
)

FOLLOW_UP_SUMMARY_COLUMNS: tuple[str, ...] = (
    "case_id",
    "rule_set",
    "rule",
    "label",
    "triggers",
    "on_time",
    "possibly_late",
    "late",
    "missing",
    "possibly_missing",
    "outside_window",
    "undated",
    "longest_lag_min_days",
    "longest_lag_max_days",
)

DELAY_COLUMNS: tuple[str, ...] = (
    "case_id",
    "agency",
    "rows",
    "measured",
    "delay_min_days_median",
    "delay_max_days_median",
    "longest_delay_min_days",
    "longest_delay_max_days",
    "longest_event_id",
)

#: Attendance values (issue 11's `attendance` column) that mean the event did not take place.
_NOT_HAPPENED = frozenset(
    {
        "was-not-brought",
        "did-not-attend",
        "no-access",
        "cancelled-by-family",
        "cancelled-by-service",
        "rescheduled",
    }
)


def _happened(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row is an event that took place: a missed, cancelled or rescheduled one never follows up."""
    missed = frame[Column.EVENT_TYPE].astype("str").to_numpy(dtype=object) == EventType.MISSED_APPOINTMENT.value
    if "attendance" in frame.columns:
        missed |= frame["attendance"].astype("str").isin(_NOT_HAPPENED).to_numpy()
    return ~missed


def find_follow_ups(
    frame: pd.DataFrame,
    rules: str | Path | RuleSet | Iterable[str | Path | RuleSet],
    *,
    cases: Mapping[str, Case] | None = None,
    start: DateLike = None,
    end: DateLike = None,
) -> pd.DataFrame:
    """One row per trigger of each rule, with its follow-up (if any), the lag and the outcome.

    Every case in the frame is measured at once. The window ends at ``end``, else at the case's review
    period end, else at its latest dated row; triggers that certainly ended before ``start`` are left out.
    Columns: ``FOLLOW_UP_COLUMNS`` (docs/follow-ups.md), sorted by case, rule and trigger date.
    """
    sets = _rule_sets(rules)
    for name in (Column.CASE_ID, Column.EVENT_ID, Column.AGENCY, Column.DATE_START, Column.DATE_END):
        if name.value not in frame.columns:
            raise UsageError(f"the chronology has no column {name.value!r}. Build it with `chronolane build`.")
    rows, case_ids = _rows(frame)
    ends = _window_ends(rows, case_ids, cases or {}, end)
    from_day = date_bounds(start, what="--from date")[0] if start is not None else NO_DAY
    every = [(rule_set.name, rule) for rule_set in sets for rule in rule_set.rules]
    parts = [_measure(rows, frame, name, rule, order, ends, from_day) for order, (name, rule) in enumerate(every)]
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["case_id", "order", "t_lo", "t_pos"], kind="stable", ignore_index=True)
    for name in ("trigger_start", "trigger_end", "due_by_min", "due_by_max", "follow_up_start", "follow_up_end"):
        out[name] = _dates(out[name].to_numpy(dtype=np.int64))
    for name in ("lag_min_days", "lag_max_days"):
        out[name] = pd.array(out[name].to_numpy(dtype=np.float64), dtype="Int64")
    for name in FOLLOW_UP_COLUMNS:
        if out[name].dtype == object:
            out[name] = out[name].astype("str")
    return out[list(FOLLOW_UP_COLUMNS)]


def summarise_follow_ups(follow_ups: pd.DataFrame) -> pd.DataFrame:
    """One row per case and rule: triggers, each outcome's count and the longest lag (``FOLLOW_UP_SUMMARY_COLUMNS``)."""
    keys = ["case_id", "rule_set", "rule", "label"]
    counts = pd.crosstab([follow_ups[k] for k in keys], follow_ups["outcome"].astype("str"), dropna=False).reindex(
        columns=[o.value for o in FollowUpOutcome], fill_value=0
    )
    counts.columns = [c.replace("-", "_") for c in counts.columns]
    lags = follow_ups.groupby(keys, sort=False)[["lag_min_days", "lag_max_days"]].max()
    lags.columns = ["longest_lag_min_days", "longest_lag_max_days"]
    out = counts.join(lags).reset_index()
    out["triggers"] = counts.sum(axis=1).to_numpy()
    order = follow_ups.drop_duplicates(keys)[keys]
    out = order.merge(out, on=keys, how="left")
    for name in FOLLOW_UP_SUMMARY_COLUMNS[4:12]:
        out[name] = out[name].astype(np.int64)
    return out[list(FOLLOW_UP_SUMMARY_COLUMNS)]


def summarise_recording_delays(frame: pd.DataFrame) -> pd.DataFrame:
    """Per case and agency, the delay from an event to its recording, where ``recorded_start`` is given.

    The shortest delay runs from the event's last possible day to the recording's first, the longest from
    the event's first to the recording's last; a recording before the event counts as 0. Without the
    ``recorded_start`` and ``recorded_end`` columns (older chronologies) the table is empty.
    """
    if "recorded_start" not in frame.columns:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in DELAY_COLUMNS})
    lo, hi = day_numbers(frame[Column.DATE_START]), day_numbers(frame[Column.DATE_END])
    hi = np.where(hi == NO_DAY, lo, np.maximum(hi, lo))
    rec_lo = day_numbers(frame["recorded_start"])
    rec_hi = day_numbers(frame["recorded_end"]) if "recorded_end" in frame.columns else rec_lo
    rec_hi = np.where(rec_hi == NO_DAY, rec_lo, np.maximum(rec_hi, rec_lo))
    measured = (lo != NO_DAY) & (rec_lo != NO_DAY)
    table = pd.DataFrame(
        {
            "case_id": frame[Column.CASE_ID].astype("str").to_numpy(dtype=object),
            "agency": frame[Column.AGENCY].astype("str").to_numpy(dtype=object),
            "event_id": frame[Column.EVENT_ID].astype("str").to_numpy(dtype=object),
            "measured": measured,
            "lo": np.where(measured, np.maximum(rec_lo - hi, 0), np.nan),
            "hi": np.where(measured, np.maximum(rec_hi - lo, 0), np.nan),
        }
    )
    groups = table.groupby(["case_id", "agency"], sort=True)
    out = groups.agg(
        rows=("event_id", "size"),
        measured=("measured", "sum"),
        delay_min_days_median=("lo", "median"),
        delay_max_days_median=("hi", "median"),
        longest_delay_min_days=("lo", "max"),
        longest_delay_max_days=("hi", "max"),
    ).reset_index()
    longest = table[measured].sort_values(["hi", "lo"], ascending=False, kind="stable")
    longest = longest.drop_duplicates(["case_id", "agency"])[["case_id", "agency", "event_id"]]
    out = out.merge(longest.rename(columns={"event_id": "longest_event_id"}), on=["case_id", "agency"], how="left")
    out["longest_event_id"] = out["longest_event_id"].fillna("").astype("str")
    return out[list(DELAY_COLUMNS)]


def _rule_sets(rules: str | Path | RuleSet | Iterable[str | Path | RuleSet]) -> tuple[RuleSet, ...]:
    if isinstance(rules, str | Path | RuleSet):
        rules = [rules]
    given = list(rules)
    named = [r for r in given if not isinstance(r, RuleSet)]
    loaded = iter(load_rules(named) if named else ())
    return tuple(r if isinstance(r, RuleSet) else next(loaded) for r in given)


def _rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The columns follow-ups use (case code, day numbers, position, whether it happened), and the case ids."""
    case_codes, case_ids = pd.factorize(frame[Column.CASE_ID].astype("str").fillna(""))
    lo = day_numbers(frame[Column.DATE_START])
    hi = day_numbers(frame[Column.DATE_END])
    return pd.DataFrame(
        {
            "case": case_codes.astype(np.int64),
            "lo": lo,
            "hi": np.where(hi == NO_DAY, lo, np.maximum(hi, lo)),
            "pos": np.arange(len(frame), dtype=np.int64),
            "happened": _happened(frame) if Column.EVENT_TYPE.value in frame.columns else True,
        }
    ), np.asarray(case_ids, dtype=object)


def _window_ends(
    rows: pd.DataFrame, case_ids: np.ndarray, cases: Mapping[str, Case], end: DateLike
) -> tuple[np.ndarray, np.ndarray]:
    """Per case code, the window's first and last possible end day: ``end``, review end, else latest row."""
    n = len(case_ids)
    if end is not None:
        given = date_bounds(end, what="--to date")
        return np.full(n, given[0], dtype=np.int64), np.full(n, given[1], dtype=np.int64)
    dated = rows[rows["lo"] != NO_DAY]
    last = np.full(n, NO_DAY, dtype=np.int64)
    np.maximum.at(last, dated["case"].to_numpy(), dated["hi"].to_numpy())
    end_lo, end_hi = last.copy(), last.copy()
    for code, case_id in enumerate(case_ids):  # case metadata only, never rows
        case = cases.get(case_id)
        if case is not None and case.review_end is not None:
            end_lo[code], end_hi[code] = date_bounds(case.review_end, what="review end")
    return end_lo, end_hi


def _matching(rows: pd.DataFrame, frame: pd.DataFrame, match: EventMatch) -> np.ndarray:
    """Positions of the rows matching one end of a rule: types, agencies and words all hold."""
    from chronolane.agencies import agency_key, agency_table

    mask = np.ones(len(rows), dtype=bool)
    if match.types:
        mask &= frame[Column.EVENT_TYPE].astype("str").isin(match.types).to_numpy()
    if match.agencies:
        table = agency_table()

        def canonical(name: str) -> str:
            return agency_key(table.get(agency_key(name), name))

        wanted = {canonical(a) for a in match.agencies}
        codes, uniques = pd.factorize(frame[Column.AGENCY].astype("str").fillna(""))
        mask &= np.array([canonical(str(u)) in wanted for u in uniques], dtype=bool)[codes]
    found = np.flatnonzero(mask)
    if match.words or match.without:
        text = pa.array(_texts(frame, found), type=pa.string())
        if match.words:
            keep = pc.match_substring_regex(text, _pattern(match.words), ignore_case=True)
            found = found[np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)]
            text = pa.array(_texts(frame, found), type=pa.string())
        if match.without:
            drop = pc.match_substring_regex(text, _pattern(match.without), ignore_case=True)
            found = found[~np.asarray(drop.to_numpy(zero_copy_only=False), dtype=bool)]
    return found


def _texts(frame: pd.DataFrame, at: np.ndarray) -> np.ndarray:
    parts = [
        frame[c].astype("str").fillna("").to_numpy(dtype=object)[at]
        for c in (Column.TYPE_TEXT, Column.DESCRIPTION)
        if c.value in frame.columns
    ]
    return (
        np.array([""] * len(at), dtype=object)
        if not parts
        else (parts[0] + " " + parts[-1] if len(parts) > 1 else parts[0])
    )


def _pattern(words: tuple[str, ...]) -> str:
    import re

    return "|".join(rf"\b{re.escape(w.strip())}\b" for w in words)


def _measure(
    rows: pd.DataFrame,
    frame: pd.DataFrame,
    rule_set: str,
    rule: FollowUpRule,
    order: int,
    ends: tuple[np.ndarray, np.ndarray],
    from_day: int,
) -> pd.DataFrame:
    """The outcome of every trigger of one rule, all cases at once."""
    t_at = _matching(rows, frame, rule.trigger)
    f_at = _matching(rows, frame, rule.follow_up)
    lo, hi, case = rows["lo"].to_numpy(), rows["hi"].to_numpy(), rows["case"].to_numpy()
    t_at = t_at[(hi[t_at] >= from_day) | (lo[t_at] == NO_DAY)]
    f_at = f_at[(lo[f_at] != NO_DAY) & rows["happened"].to_numpy()[f_at]]
    t_at = t_at[np.lexsort((t_at, hi[t_at], lo[t_at], case[t_at]))]  # trigger order: case, date, source order
    dated = lo[t_at] != NO_DAY
    chosen = np.full(len(t_at), -1, dtype=np.int64)
    if dated.any() and len(f_at):
        chosen[dated] = _pair(t_at[dated], f_at, rows, rule)
    t_lo, t_hi = lo[t_at], hi[t_at]
    got = chosen >= 0
    f_lo = np.where(got, lo[np.maximum(chosen, 0)], NO_DAY)
    f_hi = np.where(got, hi[np.maximum(chosen, 0)], NO_DAY)
    due_lo = rule.within.add_to(np.where(dated, t_lo, 0))
    due_hi = rule.within.add_to(np.where(dated, t_hi, 0))
    end_lo, end_hi = ends[0][case[t_at]], ends[1][case[t_at]]
    outcome = np.select(
        [
            ~dated,
            got & (f_hi <= due_lo),
            got & (f_lo > due_hi),
            got,
            due_hi <= end_lo,
            due_lo > end_hi,
        ],
        [
            o.value
            for o in (
                FollowUpOutcome.UNDATED,
                FollowUpOutcome.ON_TIME,
                FollowUpOutcome.LATE,
                FollowUpOutcome.POSSIBLY_LATE,
                FollowUpOutcome.MISSING,
                FollowUpOutcome.OUTSIDE_WINDOW,
            )
        ],
        FollowUpOutcome.POSSIBLY_MISSING.value,
    )
    ids = frame[Column.EVENT_ID].astype("str").to_numpy(dtype=object)
    agencies = frame[Column.AGENCY].astype("str").fillna("").to_numpy(dtype=object)
    f_pos = np.maximum(chosen, 0)
    none = np.array("", dtype=object)
    return pd.DataFrame(
        {
            "case_id": frame[Column.CASE_ID].astype("str").to_numpy(dtype=object)[t_at],
            "rule_set": rule_set,
            "rule": rule.id,
            "label": rule.label,
            "expected": rule.expected,
            "local": rule.local,
            "trigger_event_id": ids[t_at],
            "trigger_agency": agencies[t_at],
            "trigger_start": t_lo,
            "trigger_end": np.where(dated, t_hi, NO_DAY),
            "due_by_min": np.where(dated, due_lo, NO_DAY),
            "due_by_max": np.where(dated, due_hi, NO_DAY),
            "follow_up_event_id": np.where(got, ids[f_pos], none),
            "follow_up_agency": np.where(got, agencies[f_pos], none),
            "follow_up_start": f_lo,
            "follow_up_end": f_hi,
            "lag_min_days": np.where(got, np.maximum(f_lo - t_hi, 0), np.nan),
            "lag_max_days": np.where(got, np.maximum(f_hi - t_lo, 0), np.nan),
            "outcome": outcome,
            "order": order,
            "t_lo": t_lo,
            "t_pos": t_at,
        }
    )


def _pair(t_at: np.ndarray, f_at: np.ndarray, rows: pd.DataFrame, rule: FollowUpRule) -> np.ndarray:
    """For each trigger (in trigger order), the position of its follow-up, or -1.

    A trigger's follow-up is the first candidate (by latest possible day, then source order) that may come
    after it, up to ``late_until``; candidates certainly before the trigger never count, nor does the trigger
    itself. Unless the rule is shared, each candidate serves one trigger: in rounds of ``merge_asof`` over all
    cases, an earlier trigger keeps a contested candidate and the later one looks further on.
    """
    lo, hi, case = rows["lo"].to_numpy(), rows["hi"].to_numpy(), rows["case"].to_numpy()
    f_at = f_at[np.lexsort((f_at, lo[f_at], hi[f_at]))]
    scale = np.int64(1) << np.int64(max(len(f_at), 1).bit_length())
    f_key = hi[f_at] * scale + np.arange(len(f_at), dtype=np.int64)
    rank_of = np.full(len(rows), -1, dtype=np.int64)
    rank_of[f_at] = np.arange(len(f_at))
    own = rank_of[t_at]
    # A trigger that is itself a candidate looks past itself; otherwise at every candidate that may follow.
    key = np.where(own >= 0, f_key[np.maximum(own, 0)], lo[t_at] * scale - 1)
    horizon = (
        rule.late_until.add_to(hi[t_at]) if rule.late_until is not None else np.full(len(t_at), np.iinfo(np.int64).max)
    )
    t_case, f_case = case[t_at], case[f_at]
    chosen = np.full(len(t_at), -1, dtype=np.int64)
    pending = np.ones(len(t_at), dtype=bool)
    free = np.ones(len(f_at), dtype=bool)
    while pending.any():
        p = np.flatnonzero(pending)
        left = pd.DataFrame({"key": key[p], "case": t_case[p], "t": p}).sort_values("key", kind="stable")
        avail = np.flatnonzero(free)
        right = pd.DataFrame({"key": f_key[avail], "case": f_case[avail], "f": avail})
        found = pd.merge_asof(left, right, on="key", by="case", direction="forward", allow_exact_matches=False)
        found = found.sort_values("t", kind="stable")
        t = found["t"].to_numpy(dtype=np.int64)
        f = found["f"].fillna(-1).to_numpy(dtype=np.int64).copy()
        f[(f >= 0) & (lo[f_at[np.maximum(f, 0)]] > horizon[t])] = -1
        if rule.shared:
            chosen[t], pending[t] = f, False
            break
        loser = (f >= 0) & pd.Series(f).duplicated().to_numpy() if len(f) else np.zeros(0, dtype=bool)
        first_loser = np.full(int(t_case.max()) + 1, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first_loser, t_case[t[loser]], t[loser])
        settled = (f < 0) | (t < first_loser[t_case[t]])
        chosen[t[settled]] = f[settled]
        pending[t[settled]] = False
        free[f[settled & (f >= 0)]] = False
        key[t[loser]] = f_key[f[loser]]  # look past the candidate an earlier trigger kept
    return np.where(chosen >= 0, f_at[np.maximum(chosen, 0)], -1)


def _dates(days: np.ndarray) -> np.ndarray:
    out = days.astype("datetime64[D]").astype("datetime64[us]")
    out[days == NO_DAY] = np.datetime64("NaT")
    return out
