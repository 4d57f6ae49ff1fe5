"""The cohort table: one row per case (or per case and subject) of many cases' contact measures, side by side."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.model import Case
from chronolane.follow_ups.find import FollowUpOutcome
from chronolane.measures.gaps import summarise_lanes
from chronolane.schedules.model import Outcome, Schedule
from chronolane.schema.measures import Lane, Window

#: Per-lane measures of the cohort table, taken from ``summarise_lanes``; each becomes "<lane>: <measure>".
LANE_MEASURES: tuple[str, ...] = (
    "contacts",
    "longest_gap_min_days",
    "longest_gap_max_days",
    "gaps_exceeding",
    "gaps_possibly_exceeding",
    "missed_appointments",
    "longest_missed_run",
)
#: Lane measures that are counts of rows: 0 for a lane the case has no rows in. The others (gap lengths and
#: gap counts) stay blank there: no rows in a lane may be no involvement, and is never "no gap".
_ROW_COUNTS = frozenset({"contacts", "missed_appointments", "longest_missed_run"})

KEYS = ["case_id", "subject"]


def summarise_cohort(
    frame: pd.DataFrame,
    *,
    cases: Mapping[str, Case] | None = None,
    threshold: str = "6M",
    window: Window | str = Window.REVIEW,
    lane: Lane | str = Lane.AGENCY,
    agencies: Collection[str] | None = None,
    schedule: Schedule | str | Path | None = "hcp-england",
    rules: Iterable[str | Path] = ("wt2023",),
    require_births: bool = True,
) -> pd.DataFrame:
    """One row per case (window ``review``), or per case and subject born (``life``), in case order.

    Columns: ``case_id``, ``subject`` ("" for a whole case); for each lane, ``"<lane>: <measure>"`` for the
    measures of ``LANE_MEASURES`` (as :func:`chronolane.measures.gaps.summarise_lanes` computes them with ``threshold``;
    blank for a gap measure of a lane the case has no rows in); ``"schedule: <outcome>"`` counting each
    expected-contact outcome of ``schedule`` (summed over a case's subjects in the review window);
    ``"follow-ups: <outcome>"`` counting each follow-up outcome of ``rules`` (a case's, repeated on each of
    its subjects' rows in the life window). ``schedule=None`` or ``rules=()`` leaves those columns out;
    ``require_births`` as for :func:`chronolane.schedules.model.check_schedule`.
    Computed for all cases at once; nothing loops over cases.
    """
    window = Window(window)
    lanes = summarise_lanes(
        frame, cases=cases, lane=lane, agencies=agencies, threshold=threshold, window=window
    ).reset_index(drop=True)
    order = pd.unique(frame["case_id"])
    rows = _lane_columns(lanes)
    if schedule is not None:
        from chronolane.schedules.checks import check_schedule

        outcomes = check_schedule(frame, cases, schedule, require_births=require_births)
        if window != Window.LIFE:
            outcomes = outcomes.assign(subject="")
        rows = rows.join(_counts(outcomes, "schedule", [o.value for o in Outcome]), how="outer")
    rules = list(rules)
    if rules:
        from chronolane.follow_ups.find import find_follow_ups

        found = find_follow_ups(frame, rules, cases=cases)
        per_case = _counts(found.assign(subject=""), "follow-ups", [o.value for o in FollowUpOutcome])
        per_case = per_case.droplevel("subject")
        rows = rows.join(per_case, on="case_id", how="left")
    counted = [c for c in rows.columns if c.startswith(("schedule: ", "follow-ups: "))]
    rows[counted] = rows[counted].fillna(0).astype(np.int64)
    out = rows.reset_index()
    position = pd.Series(np.arange(len(order)), index=order)
    out = out.assign(_order=out["case_id"].map(position)).sort_values(["_order", "subject"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def _lane_columns(lanes: pd.DataFrame) -> pd.DataFrame:
    """The lane summary turned wide: one row per case and subject, ``"<lane>: <measure>"`` columns by lane."""
    wide = lanes.pivot_table(index=KEYS, columns="lane", values=list(LANE_MEASURES), aggfunc="first", dropna=False)
    # dropna=False keeps all-blank measures, but also makes every case x subject pair: keep the pairs measured.
    wide = wide.reindex(pd.MultiIndex.from_frame(lanes[KEYS].drop_duplicates()))
    wide = wide.swaplevel(0, 1, axis=1)
    names = sorted(lanes["lane"].unique())
    wide = wide.reindex(columns=pd.MultiIndex.from_product([names, LANE_MEASURES]))
    for lane_name in names:
        for measure in _ROW_COUNTS:
            wide[(lane_name, measure)] = wide[(lane_name, measure)].fillna(0)
    wide = wide.astype("Int64")
    levels = wide.columns.get_level_values(0), wide.columns.get_level_values(1)
    wide.columns = [f"{lane_name}: {measure}" for lane_name, measure in zip(*levels, strict=True)]
    if not len(wide.columns):
        wide = pd.DataFrame(index=pd.MultiIndex.from_frame(lanes[KEYS].drop_duplicates()))
    return wide


def widen_lanes(table: pd.DataFrame, lanes: Sequence[str]) -> pd.DataFrame:
    """A cohort table with the columns of every lane of ``lanes`` (sorted), as if its cases were measured with
    cases that have rows in them: a lane the table lacks has 0 in its row counts and blank gap measures."""
    lane_columns = [f"{name}: {measure}" for name in lanes for measure in LANE_MEASURES]
    rest = [c for c in table.columns if str(c).startswith(("schedule: ", "follow-ups: "))]
    out = table.reindex(columns=[*KEYS, *lane_columns, *rest])
    for name in lanes:
        for measure in LANE_MEASURES:
            column = f"{name}: {measure}"
            values = out[column].fillna(0) if measure in _ROW_COUNTS else out[column]
            out[column] = values.astype("Int64")
    return out


def _counts(table: pd.DataFrame, prefix: str, outcomes: list[str]) -> pd.DataFrame:
    """Each outcome's count per case and subject, as ``"<prefix>: <outcome>"`` columns in the given order."""
    counts = table.groupby(KEYS, sort=False)["outcome"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(columns=outcomes, fill_value=0).astype(np.int64)
    counts.columns = [f"{prefix}: {outcome}" for outcome in outcomes]
    return counts
