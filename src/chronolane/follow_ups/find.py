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
from chronolane.follow_ups.rules import EventMatch, FollowUpRule, RuleSet, load_rules
from chronolane.measures.contact import did_not_happen
from chronolane.measures.lanes import day_numbers
from chronolane.measures.windows import DateLike, date_bounds
from chronolane.schema.columns import Column

if TYPE_CHECKING:
    from chronolane.case.model import Case

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
    POSSIBLY_LATE = "possibly-late"  # a follow-up came; vague dates allow on time and late, or before the trigger
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


def _happened(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row is an event that took place: a missed, cancelled or rescheduled one never follows up
    (a referral or notification, attendance ``not-applicable``, did take place)."""
    return ~did_not_happen(frame)


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
    rows = _Rows(frame)
    ends = _window_ends(rows, cases or {}, end)
    from_day = date_bounds(start, what="--from date")[0] if start is not None else NO_DAY
    every = [(rule_set.name, rule) for rule_set in sets for rule in rule_set.rules]
    parts = [_measure(rows, name, rule, order, ends, from_day) for order, (name, rule) in enumerate(every)]
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
    groups = follow_ups.groupby(keys, sort=False)
    counts = groups["outcome"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(columns=[o.value for o in FollowUpOutcome], fill_value=0)
    counts.columns = [c.replace("-", "_") for c in counts.columns]
    lags = groups[["lag_min_days", "lag_max_days"]].max()
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


class _Rows:
    """What follow-ups read from a chronology, prepared once for every rule: codes and day numbers per row."""

    def __init__(self, frame: pd.DataFrame) -> None:
        from chronolane.schema.agencies import agency_key, agency_table

        self.frame = frame
        self.case, self.case_ids = pd.factorize(frame[Column.CASE_ID].astype("str").fillna(""))
        self.case = self.case.astype(np.int64)
        self.lo = day_numbers(frame[Column.DATE_START])
        hi = day_numbers(frame[Column.DATE_END])
        self.hi = np.where(hi == NO_DAY, self.lo, np.maximum(hi, self.lo))
        has_type = Column.EVENT_TYPE.value in frame.columns
        kinds = frame[Column.EVENT_TYPE] if has_type else pd.Series([""] * len(frame), dtype="str")
        self.type_codes, self.types = pd.factorize(kinds.astype("str").fillna(""))
        self.agency_codes, agencies = pd.factorize(frame[Column.AGENCY].astype("str").fillna(""))
        table = agency_table()
        self.agency_keys = np.array([agency_key(table.get(agency_key(str(a)), str(a))) for a in agencies], dtype=object)
        self.happened = _happened(frame) if has_type else np.ones(len(frame), dtype=bool)
        self._text: pa.Array | None = None
        self._found: dict[EventMatch, np.ndarray] = {}

    @property
    def text(self) -> pa.Array:
        """The type wording and description of every row, joined by a space (built on first use)."""
        if self._text is None:
            parts = [
                pa.array(self.frame[c].astype("str").fillna(""), type=pa.string())
                for c in (Column.TYPE_TEXT, Column.DESCRIPTION)
                if c.value in self.frame.columns
            ]
            if not parts:
                parts = [pa.array([""] * len(self.frame), type=pa.string())]
            self._text = pc.binary_join_element_wise(*parts, " ") if len(parts) > 1 else parts[0]
        return self._text

    def matching(self, match: EventMatch) -> np.ndarray:
        """Positions of the rows matching one end of a rule: its types, agencies and words all hold."""
        if match not in self._found:
            self._found[match] = self._match(match)
        return self._found[match]

    def _match(self, match: EventMatch) -> np.ndarray:
        from chronolane.schema.agencies import agency_key, agency_table

        mask = np.ones(len(self.lo), dtype=bool)
        if match.types:
            mask &= np.isin(self.types.astype(object), list(match.types))[self.type_codes]
        if match.agencies:
            table = agency_table()
            wanted = {agency_key(table.get(agency_key(a), a)) for a in match.agencies}
            mask &= np.isin(self.agency_keys, list(wanted))[self.agency_codes]
        found = np.flatnonzero(mask)
        for words, keep in ((match.words, True), (match.without, False)):
            if words and len(found):
                hit = pc.match_substring_regex(self.text.take(pa.array(found)), _pattern(words), ignore_case=True)
                found = found[np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool) == keep]
        return found


def _window_ends(rows: _Rows, cases: Mapping[str, Case], end: DateLike) -> tuple[np.ndarray, np.ndarray]:
    """Per case code, the window's first and last possible end day: ``end``, review end, else latest row."""
    n = len(rows.case_ids)
    if end is not None:
        given = date_bounds(end, what="--to date")
        return np.full(n, given[0], dtype=np.int64), np.full(n, given[1], dtype=np.int64)
    dated = rows.lo != NO_DAY
    last = np.full(n, NO_DAY, dtype=np.int64)
    np.maximum.at(last, rows.case[dated], rows.hi[dated])
    end_lo, end_hi = last.copy(), last.copy()
    for code, case_id in enumerate(rows.case_ids):  # case metadata only, never rows
        case = cases.get(case_id)
        if case is not None and case.review_end is not None:
            end_lo[code], end_hi[code] = date_bounds(case.review_end, what="review end")
    return end_lo, end_hi


def _pattern(words: tuple[str, ...]) -> str:
    import re

    return "|".join(rf"\b{re.escape(w.strip())}\b" for w in words)


def _measure(
    rows: _Rows,
    rule_set: str,
    rule: FollowUpRule,
    order: int,
    ends: tuple[np.ndarray, np.ndarray],
    from_day: int,
) -> pd.DataFrame:
    """The outcome of every trigger of one rule, all cases at once."""
    t_at = rows.matching(rule.trigger)
    f_at = rows.matching(rule.follow_up)
    lo, hi, case = rows.lo, rows.hi, rows.case
    t_at = t_at[(hi[t_at] >= from_day) | (lo[t_at] == NO_DAY)]
    f_at = f_at[(lo[f_at] != NO_DAY) & rows.happened[f_at]]
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
            # on time only if surely after the trigger too: a row that may precede it may not answer it
            got & (f_hi <= due_lo) & (f_lo >= t_hi),
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
    frame = rows.frame
    f_pos = np.maximum(chosen, 0)
    none = np.array("", dtype=object)

    def take(column: str, at: np.ndarray) -> np.ndarray:
        return frame[column].iloc[at].astype("str").fillna("").to_numpy(dtype=object)

    return pd.DataFrame(
        {
            "case_id": np.asarray(rows.case_ids, dtype=object)[case[t_at]],
            "rule_set": rule_set,
            "rule": rule.id,
            "label": rule.label,
            "expected": rule.expected,
            "local": rule.local,
            "trigger_event_id": take(Column.EVENT_ID, t_at),
            "trigger_agency": take(Column.AGENCY, t_at),
            "trigger_start": t_lo,
            "trigger_end": np.where(dated, t_hi, NO_DAY),
            "due_by_min": np.where(dated, due_lo, NO_DAY),
            "due_by_max": np.where(dated, due_hi, NO_DAY),
            "follow_up_event_id": np.where(got, take(Column.EVENT_ID, f_pos), none),
            "follow_up_agency": np.where(got, take(Column.AGENCY, f_pos), none),
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


def _pair(t_at: np.ndarray, f_at: np.ndarray, rows: _Rows, rule: FollowUpRule) -> np.ndarray:
    """For each trigger (in trigger order), the position of its follow-up, or -1.

    A trigger's follow-up is the first candidate (by latest possible day, then source order) that may come
    after it, up to ``late_until``; candidates certainly before the trigger never count, nor does the trigger
    itself. A shared rule takes it with one ``merge_asof`` over all cases. Otherwise each candidate serves one
    trigger, the earlier trigger first (``_serve_in_turn``).
    """
    lo, hi, case = rows.lo, rows.hi, rows.case
    f_at = f_at[np.lexsort((f_at, lo[f_at], hi[f_at]))]
    scale = np.int64(1) << np.int64(max(len(f_at), 1).bit_length())
    f_key = hi[f_at] * scale + np.arange(len(f_at), dtype=np.int64)
    rank_of = np.full(len(lo), -1, dtype=np.int64)
    rank_of[f_at] = np.arange(len(f_at))
    own = rank_of[t_at]
    # A trigger that is itself a candidate looks past itself; otherwise at every candidate that may follow.
    key = np.where(own >= 0, f_key[np.maximum(own, 0)], lo[t_at] * scale - 1)
    never = np.iinfo(np.int64).max
    horizon = rule.late_until.add_to(hi[t_at]) if rule.late_until is not None else np.full(len(t_at), never)
    t_case, f_case, f_lo = case[t_at], case[f_at], lo[f_at]
    if rule.shared:
        left = pd.DataFrame({"key": key, "case": t_case, "t": np.arange(len(t_at))}).sort_values("key", kind="stable")
        right = pd.DataFrame({"key": f_key, "case": f_case, "f": np.arange(len(f_at))})
        found = pd.merge_asof(left, right, on="key", by="case", direction="forward", allow_exact_matches=False)
        chosen = np.full(len(t_at), -1, dtype=np.int64)
        f = found["f"].fillna(-1).to_numpy(dtype=np.int64)
        chosen[found["t"].to_numpy(dtype=np.int64)] = f
    else:
        chosen = _serve_in_turn(key, t_case, f_key, f_case)
        late = (chosen >= 0) & (f_lo[np.maximum(chosen, 0)] > horizon)
        if late.any():
            chosen = _serve_within(key, t_case, f_key, f_case, f_lo, horizon)
    chosen = np.where((chosen >= 0) & (f_lo[np.maximum(chosen, 0)] > horizon), -1, chosen)
    return np.where(chosen >= 0, f_at[np.maximum(chosen, 0)], -1)


def _serve_in_turn(t_key: np.ndarray, t_case: np.ndarray, f_key: np.ndarray, f_case: np.ndarray) -> np.ndarray:
    """Each trigger's candidate (index, or -1) when triggers take, in key order, the first free candidate after them.

    That is a queue per case: a candidate serves the earliest trigger still waiting. The queue's length is a
    running sum reflected at zero (``S - min(0, cummin(S))``), so the whole pass is vectorised over cases; the
    k-th candidate that finds the queue non-empty serves the case's k-th trigger.
    """
    n_t = len(t_key)
    case = np.concatenate([t_case, f_case])
    key = np.concatenate([t_key, f_key])
    is_trigger = np.concatenate([np.ones(n_t, dtype=bool), np.zeros(len(f_key), dtype=bool)])
    index = np.concatenate([np.arange(n_t), np.arange(len(f_key))])
    order = np.lexsort((is_trigger, key, case))  # a candidate at a trigger's own key comes first: never itself
    case, is_trigger, index = case[order], is_trigger[order], index[order]
    step = np.where(is_trigger, 1, -1).astype(np.int64)
    group = np.cumsum(np.r_[True, case[1:] != case[:-1]]) - 1 if len(case) else np.zeros(0, dtype=np.int64)
    total = np.cumsum(step)
    start = np.flatnonzero(np.r_[True, case[1:] != case[:-1]]) if len(case) else np.zeros(0, dtype=np.int64)
    total = total - (total[start] - step[start])[group]
    waiting = total - np.minimum(pd.Series(total).groupby(group).cummin().to_numpy(), 0)
    before = np.r_[0, waiting[:-1]] if len(waiting) else waiting
    before[start] = 0
    serves = ~is_trigger & (before > 0)
    served = pd.DataFrame({"group": group[serves], "f": index[serves]})
    served["turn"] = served.groupby("group").cumcount()
    triggers = pd.DataFrame({"group": group[is_trigger], "t": index[is_trigger]})
    triggers["turn"] = triggers.groupby("group").cumcount()
    pairs = triggers.merge(served, on=["group", "turn"], how="inner")
    chosen = np.full(n_t, -1, dtype=np.int64)
    chosen[pairs["t"].to_numpy(dtype=np.int64)] = pairs["f"].to_numpy(dtype=np.int64)
    return chosen


def _serve_within(
    t_key: np.ndarray, t_case: np.ndarray, f_key: np.ndarray, f_case: np.ndarray, f_lo: np.ndarray, horizon: np.ndarray
) -> np.ndarray:
    """As ``_serve_in_turn``, but a trigger whose turn comes only after its ``late_until`` takes nothing.

    In rounds over all cases: triggers before a case's first one served too late keep their candidates; that
    one gets none; the rest of the case waits for the next round with the candidates still free.
    """
    chosen = np.full(len(t_key), -1, dtype=np.int64)
    pending = np.ones(len(t_key), dtype=bool)
    free = np.ones(len(f_key), dtype=bool)
    first_key = np.full(int(max(t_case.max(initial=0), f_case.max(initial=0))) + 1, 0, dtype=np.int64)
    waiting_case = np.zeros(len(first_key), dtype=bool)
    while pending.any():
        tp = np.flatnonzero(pending)
        waiting_case[:] = False
        waiting_case[t_case[tp]] = True
        fp = np.flatnonzero(free & waiting_case[f_case])  # only the cases still waiting
        got = _serve_in_turn(t_key[tp], t_case[tp], f_key[fp], f_case[fp])
        got = np.where(got >= 0, fp[np.maximum(got, 0)], -1)
        late = (got >= 0) & (f_lo[np.maximum(got, 0)] > horizon[tp])
        first_key[:] = np.iinfo(np.int64).max
        np.minimum.at(first_key, t_case[tp[late]], t_key[tp[late]])
        cut = first_key[t_case[tp]]
        settle = t_key[tp] < cut
        settle_none = (t_key[tp] == cut) & late
        chosen[tp[settle]] = got[settle]
        free[got[settle & (got >= 0)]] = False
        pending[tp[settle | settle_none]] = False
        if not late.any():
            break
    return chosen


def _dates(days: np.ndarray) -> np.ndarray:
    out = days.astype("datetime64[D]").astype("datetime64[us]")
    out[days == NO_DAY] = np.datetime64("NaT")
    return out
