"""Checking a chronology against a schedule's expected contacts, with interval arithmetic for vague dates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.dates.bounds import DateLike, date_bounds
from chronolane.dates.calendar import NO_DAY, datetimes, day_numbers
from chronolane.errors import MissingDetailsError, UsageError
from chronolane.measures.contact import happened
from chronolane.measures.windows import subject_keys
from chronolane.schedules.model import SCHEDULE_COLUMNS, Anchor, Outcome, Schedule, Who, load_schedule
from chronolane.schema.columns import Column

if TYPE_CHECKING:
    from chronolane.case.model import Case


def candidate_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns schedule checks use, with day numbers and a matching key for the subject."""
    subject = frame[Column.SUBJECT].astype("str").fillna("")
    codes, uniques = pd.factorize(subject)
    keys = np.array([str(u).strip().casefold() for u in uniques], dtype=object)
    return pd.DataFrame(
        {
            "case_id": frame[Column.CASE_ID].astype("str").fillna("").to_numpy(dtype=object),
            "event_id": frame[Column.EVENT_ID].astype("str").to_numpy(dtype=object),
            "key": keys[codes] if len(codes) else np.array([], dtype=object),
            "subject_text": subject.to_numpy(dtype=object),
            "agency": frame[Column.AGENCY].astype("str").fillna("").to_numpy(dtype=object),
            "type": frame[Column.EVENT_TYPE].astype("str").fillna("").to_numpy(dtype=object),
            "happened": happened(frame),
            "lo": day_numbers(frame[Column.DATE_START]),
            "hi": np.maximum(day_numbers(frame[Column.DATE_END]), day_numbers(frame[Column.DATE_START])),
            "pos": np.arange(len(frame)),
        }
    )


def _matching(rows: pd.DataFrame, types: frozenset[str], agencies: tuple[str, ...]) -> pd.DataFrame:
    """Dated rows of those types that happened (attended or unknown attendance), and of those agencies when
    given (matched ignoring case and punctuation): a missed, cancelled or rescheduled row never meets a contact."""
    from chronolane.schema.agencies import agency_key

    mask = rows["type"].isin(types) & (rows["lo"] != NO_DAY) & rows["happened"]
    if agencies:
        wanted = {agency_key(a) for a in agencies}
        codes, uniques = pd.factorize(rows["agency"])
        mask &= np.array([agency_key(str(u)) in wanted for u in uniques], dtype=bool)[codes]
    return rows[mask]


def _end_bounds(case: Case | None, died: tuple[int, int], given: tuple[int, int] | None, last: int) -> tuple[int, int]:
    """The window's end: the given date, else the earlier of death and review end, else the latest row."""
    if given is not None:
        return given
    review = date_bounds(case.review_end, what="review end") if case is not None else (NO_DAY, NO_DAY)
    known = [b for b in (died, review) if b[0] != NO_DAY]
    if known:
        return min(known)
    return (last, last)


def _start_day(case: Case | None, from_day: int) -> int:
    """The window's first day: the start date given, else the review period's start, else none (NO_DAY)."""
    if from_day != NO_DAY or case is None or case.review_start is None:
        return from_day
    return date_bounds(case.review_start, what="review start")[0]


def check_contacts(
    rows: pd.DataFrame,
    cases: Mapping[str, Case],
    schedule: Schedule,
    given_end: tuple[int, int] | None,
    last_day: pd.Series,
    from_day: int,
    subject: str | None,
) -> pd.DataFrame:
    """Outcomes of the one-off expected contacts, for every subject born with a role the schedule covers."""
    people = []  # one row per subject checked: metadata only, never chronology rows
    for case_id in sorted(set(rows["case_id"].unique()) | set(cases)):
        case = cases.get(case_id)
        if case is None:  # rows of a case without case.toml: no subjects, nothing expected
            continue
        for person in case.subjects:
            chosen = person is case.subject(subject) if subject is not None else person.role in schedule.roles
            if not chosen or person.born is None or person.born.start is None:
                continue
            born = date_bounds(person.born, what="birth date")
            due = date_bounds(person.due, what="due date") if person.due is not None else born
            died = date_bounds(person.died, what="death date") if person.died is not None else (NO_DAY, NO_DAY)
            obs = _end_bounds(case, died, given_end, int(last_day.get(case_id, NO_DAY)))
            win_lo = _start_day(case, from_day)
            keys = sorted(subject_keys(person) | {""})
            people.append((case_id, person.id, keys, *born, *due, *obs, win_lo, died[1]))
    columns = [
        "case_id",
        "subject",
        "keys",
        "born_lo",
        "born_hi",
        "due_lo",
        "due_hi",
        "obs_lo",
        "obs_hi",
        "win_lo",
        "died_hi",
    ]
    base = pd.DataFrame(people, columns=columns)
    results = []
    # A row can be only one expected contact: the first contact in the schedule that it serves claims it.
    # A row claimed for certain (met, late) cannot serve a later contact; a row claimed only possibly may, but
    # then at best possibly: it may have been the earlier contact instead.
    claimed = pd.DataFrame(
        {name: pd.Series(dtype=object) for name in ("case_id", "subject", "event_id")} | {"sure": pd.Series(dtype=bool)}
    )
    for order, spec in enumerate(schedule.contacts):
        want = base.copy()
        anchor_lo = (want["due_lo"] if spec.anchor == Anchor.DUE else want["born_lo"]).to_numpy(dtype=np.int64)
        anchor_hi = (want["due_hi"] if spec.anchor == Anchor.DUE else want["born_hi"]).to_numpy(dtype=np.int64)
        want["from_lo"], want["from_hi"] = spec.start.add_to(anchor_lo), spec.start.add_to(anchor_hi)
        want["by_lo"], want["by_hi"] = spec.by.add_to(anchor_lo), spec.by.add_to(anchor_hi)
        if spec.before_birth:
            want["by_lo"] = np.minimum(want["by_lo"], want["born_lo"] - 1)
            want["by_hi"] = np.minimum(want["by_hi"], want["born_hi"] - 1)
        big = np.iinfo(np.int64).max
        late = spec.late_until
        want["late_lo"] = late.add_to(anchor_lo) if late else np.full(len(want), big)
        want["late_hi"] = late.add_to(anchor_hi) if late else np.full(len(want), big)
        if spec.before_birth:  # a contact after the birth is not a late antenatal contact
            want["late_lo"], want["late_hi"] = want["by_lo"], want["by_hi"]
        want["want"] = np.arange(len(want))
        pairs = _pairs(want, _matching(rows, spec.types, spec.agencies), spec.who)
        pairs = pairs[(pairs["lo"] <= pairs["obs_hi"]) & (pairs["hi"] >= pairs["from_lo"])]
        sure = pairs.merge(claimed, on=["case_id", "subject", "event_id"], how="left")["sure"]
        contested = sure.eq(False).to_numpy()
        pairs = pairs[~sure.eq(True).to_numpy()]
        contested = contested[~sure.eq(True).to_numpy()]
        on_time_sure = (pairs["lo"] >= pairs["from_hi"]) & (pairs["hi"] <= pairs["by_lo"])
        on_time_maybe = pairs["lo"] <= pairs["by_hi"]
        late_sure = (pairs["lo"] > pairs["by_hi"]) & (pairs["hi"] <= pairs["late_lo"])
        late_maybe = (pairs["hi"] > pairs["by_lo"]) & (pairs["lo"] <= pairs["late_hi"])
        grade = np.select([on_time_sure, on_time_maybe, late_sure, late_maybe], [0, 1, 2, 3], 9)
        grade = np.where(contested & np.isin(grade, [0, 2]), grade + 1, grade)  # met -> possibly-met, late -> ...
        pairs = pairs.assign(grade=grade)[grade < 9].sort_values(["want", "grade", "lo", "hi", "pos"])
        best = pairs.drop_duplicates("want").set_index("want")
        grade_of = best["grade"].reindex(want["want"], fill_value=9).to_numpy()
        outcome = np.select(
            [
                want["from_lo"] > want["by_hi"],
                (want["died_hi"] != NO_DAY) & (want["from_lo"] > want["died_hi"]),
                (want["win_lo"] != NO_DAY) & (want["by_hi"] < want["win_lo"]),
                want["from_lo"] > want["obs_hi"],
                grade_of == 0,
                grade_of == 1,
                grade_of == 2,
                grade_of == 3,
                # An antenatal window the birth may have pre-empted: missed or not applicable, we cannot say.
                np.full(len(want), spec.before_birth) & (want["from_hi"] > want["born_lo"] - 1),
                want["by_hi"] < want["obs_lo"],
                want["by_lo"] >= want["obs_hi"],
            ],
            [
                o.value
                for o in (
                    Outcome.NOT_APPLICABLE,
                    Outcome.NOT_APPLICABLE,  # due after the subject's death
                    Outcome.OUTSIDE_WINDOW,  # due wholly before the window starts
                    Outcome.OUTSIDE_WINDOW,  # due wholly after the window ends
                    Outcome.MET,
                    Outcome.POSSIBLY_MET,
                    Outcome.LATE,
                    Outcome.POSSIBLY_LATE,
                    Outcome.POSSIBLY_MISSED,
                    Outcome.MISSED,
                    Outcome.NOT_YET_DUE,
                )
            ],
            Outcome.POSSIBLY_MISSED.value,
        )
        event = best["event_id"].reindex(want["want"], fill_value="").to_numpy(dtype=object)
        event = np.where(np.isin(outcome, [Outcome.NOT_APPLICABLE.value, Outcome.OUTSIDE_WINDOW.value]), "", event)
        used = event != ""
        newly = pd.DataFrame(
            {
                "case_id": want["case_id"].to_numpy(object)[used],
                "subject": want["subject"].to_numpy(object)[used],
                "event_id": event[used],
                "sure": np.isin(outcome[used], [Outcome.MET.value, Outcome.LATE.value]),
            }
        )
        claimed = pd.concat([claimed, newly], ignore_index=True)
        results.append(
            pd.DataFrame(
                {
                    "case_id": want["case_id"],
                    "subject": want["subject"],
                    "schedule": schedule.name,
                    "contact": spec.id,
                    "label": spec.label,
                    "expected": spec.expected,
                    "occurrence": 1,
                    "due_from": want["from_lo"],
                    "due_by": want["by_hi"],
                    "outcome": outcome,
                    "event_id": event,
                    "order": order,
                }
            )
        )
    return pd.concat(results, ignore_index=True) if results else _empty()


def _pairs(want: pd.DataFrame, matching: pd.DataFrame, who: Who) -> pd.DataFrame:
    """Every (expected contact, candidate row) pair of the same case, and for ``Who.SUBJECT`` of the subject."""
    if who == Who.ANY:
        return want.drop(columns="keys").merge(matching.drop(columns="key"), on="case_id")
    keyed = want.explode("keys").rename(columns={"keys": "key"})
    return keyed.merge(matching, on=["case_id", "key"])


def _empty() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in (*SCHEDULE_COLUMNS, "order")}).assign(
        due_from=pd.Series(dtype=np.int64), due_by=pd.Series(dtype=np.int64), occurrence=pd.Series(dtype=np.int64)
    )


_BETWEEN = (Outcome.MET, Outcome.POSSIBLY_LATE, Outcome.LATE)
_AT_END = (Outcome.NOT_YET_DUE, Outcome.POSSIBLY_MISSED, Outcome.MISSED)


def check_repeats(
    rows: pd.DataFrame,
    cases: Mapping[str, Case],
    schedule: Schedule,
    given_end: tuple[int, int] | None,
    last_day: pd.Series,
) -> pd.DataFrame:
    """Outcomes of repeating visits: one row per interval between visits from each start event.

    An episode runs from a start event to the first stop event on or after it, else to the window's end.
    Each visit is due at most ``every`` after the previous one (or the start event): met, late or
    possibly late; after the last visit the next is missed, possibly missed or not yet due at the end.
    """
    from chronolane.measures.gaps import gap_piece, group_cummax

    results = []
    for order, spec in enumerate(schedule.repeats, start=len(schedule.contacts)):
        starts = rows[rows["type"].isin(spec.start_types) & (rows["lo"] != NO_DAY)]
        episodes = starts[["case_id", "key", "subject_text", "lo", "hi", "pos"]].sort_values("lo", kind="stable")
        ends = pd.DataFrame(
            [
                (c, *_end_bounds(cases.get(c), (NO_DAY, NO_DAY), given_end, int(last_day.get(c, NO_DAY))))
                for c in sorted(set(episodes["case_id"]))
            ],
            columns=["case_id", "end_lo", "end_hi"],
        )
        episodes = episodes.merge(ends, on="case_id", how="left")
        stops = rows[rows["type"].isin(spec.stop_types) & (rows["lo"] != NO_DAY)][["case_id", "lo", "hi"]]
        stops = stops.rename(columns={"lo": "stop_lo", "hi": "stop_hi"}).sort_values("stop_lo")
        episodes = pd.merge_asof(
            episodes.sort_values("lo"),
            stops,
            left_on="lo",
            right_on="stop_lo",
            by="case_id",
            direction="forward",
        )
        stopped = episodes["stop_lo"].notna() & (episodes["stop_hi"].fillna(0) <= episodes["end_hi"])
        episodes["end_lo"] = np.where(stopped, episodes["stop_lo"].fillna(0), episodes["end_lo"]).astype(np.int64)
        episodes["end_hi"] = np.where(stopped, episodes["stop_hi"].fillna(0), episodes["end_hi"]).astype(np.int64)
        episodes = episodes.sort_values(["case_id", "lo", "pos"], ignore_index=True)
        episodes["episode"] = np.arange(len(episodes))
        want = episodes.rename(columns={"lo": "ep_lo", "hi": "ep_hi", "pos": "ep_pos"}).assign(
            keys=lambda f: f["key"].map(lambda k: sorted({k, ""}))
        )[["case_id", "keys", "key", "episode", "ep_lo", "ep_hi", "end_lo", "end_hi"]]
        want = want.rename(columns={"key": "subject"})
        pairs = _pairs(want, _matching(rows, spec.types, spec.agencies), spec.who)
        pairs = pairs[(pairs["hi"] >= pairs["ep_lo"]) & (pairs["lo"] <= pairs["end_hi"])]
        pairs = pairs.sort_values(["episode", "lo", "hi", "pos"], ignore_index=True)
        ep = pairs["episode"].to_numpy(dtype=np.int64)
        lo, hi, ids = pairs["lo"].to_numpy(), pairs["hi"].to_numpy(), pairs["event_id"].to_numpy(dtype=object)
        first = np.r_[True, ep[1:] != ep[:-1]] if len(ep) else np.zeros(0, dtype=bool)
        last = np.r_[ep[1:] != ep[:-1], True] if len(ep) else np.zeros(0, dtype=bool)
        latest = group_cummax(hi, first)
        e_lo, e_hi = episodes["lo"].to_numpy()[ep], episodes["hi"].to_numpy()[ep]
        x_lo, x_hi = episodes["end_lo"].to_numpy()[ep], episodes["end_hi"].to_numpy()[ep]
        rank = np.arange(len(ep), dtype=np.int64) * 3
        inner = np.flatnonzero(~first)
        opening, closing = np.flatnonzero(first), np.flatnonzero(last)
        empty = np.setdiff1d(episodes["episode"].to_numpy(), ep)
        every = spec.every
        ep_lo, ep_hi = episodes["lo"].to_numpy(), episodes["hi"].to_numpy()
        ep_end_lo, ep_end_hi = episodes["end_lo"].to_numpy(), episodes["end_hi"].to_numpy()
        none_c, none_e = np.full(len(closing), "", dtype=object), np.full(len(empty), "", dtype=object)
        pieces = [  # (gaps, latest end the deadline counts from, whether the gap runs to the window's end)
            (
                gap_piece(
                    ep[inner],
                    ids[inner - 1],
                    ids[inner],
                    lo[inner - 1],
                    hi[inner],
                    latest[inner - 1],
                    lo[inner],
                    rank[inner] + 1,
                    every,
                ),
                latest[inner - 1],
                False,
            ),
            (
                gap_piece(
                    ep[opening],
                    ids[opening],
                    ids[opening],
                    e_lo[opening],
                    hi[opening],
                    e_hi[opening],
                    lo[opening],
                    rank[opening],
                    every,
                ),
                e_hi[opening],
                False,
            ),
            (
                gap_piece(
                    ep[closing],
                    ids[closing],
                    none_c,
                    lo[closing],
                    x_hi[closing],
                    latest[closing],
                    x_lo[closing],
                    rank[closing] + 2,
                    every,
                ),
                latest[closing],
                True,
            ),
            (
                gap_piece(
                    empty,
                    none_e,
                    none_e,
                    ep_lo[empty],
                    ep_end_hi[empty],
                    ep_hi[empty],
                    ep_end_lo[empty],
                    np.zeros(len(empty), dtype=np.int64),
                    every,
                ),
                ep_hi[empty],
                True,
            ),
        ]
        for piece, counted_from, at_end in pieces:
            names = _AT_END if at_end else _BETWEEN
            outcome = np.array([o.value for o in names], dtype=object)[piece["exceeds"]]
            results.append(
                pd.DataFrame(
                    {
                        "episode": piece["key"],
                        "rank": piece["rank"],
                        "contact": spec.id,
                        "label": spec.label,
                        "expected": spec.expected,
                        "due_from": piece["start"],
                        "due_by": every.add_to(counted_from),
                        "outcome": outcome,
                        "event_id": piece["to"] if not at_end else "",
                        "order": order,
                    }
                )
            )
        if results:
            found = pd.concat(results[-4:], ignore_index=True).sort_values(["episode", "rank"], ignore_index=True)
            found["occurrence"] = found.groupby("episode").cumcount() + 1
            info = episodes[["episode", "case_id", "subject_text"]].rename(columns={"subject_text": "subject"})
            results[-4:] = [found.merge(info, on="episode").assign(schedule=schedule.name)]
    if not results:
        return _empty()
    return pd.concat(results, ignore_index=True).drop(columns=["episode", "rank"])


def _require_births(case_ids: set[str], cases: Mapping[str, Case], schedule: Schedule) -> None:
    """MissingDetailsError when no case has a subject with a birth date and a role the schedule covers, so
    that no expected contact could be checked (an empty table would read as nothing to find)."""
    for case_id in case_ids:
        case = cases.get(case_id)
        for person in case.subjects if case is not None else ():
            if person.role in schedule.roles and person.born is not None and person.born.start is not None:
                return
    from chronolane.case.details import HOW_TO_GIVE

    roles = " or ".join(sorted(r.value for r in schedule.roles))
    raise MissingDetailsError(
        f"schedule {schedule.title!r}: no case has a subject ({roles}) with a birth date, so no expected contact "
        f"can be checked. {HOW_TO_GIVE}",
        parameter="cases",
    )


def check_schedule(
    frame: pd.DataFrame,
    cases: Mapping[str, Case] | None,
    schedule: Schedule | str | Path,
    *,
    start: DateLike = None,
    end: DateLike = None,
    subject: str | None = None,
    require_births: bool = True,
) -> pd.DataFrame:
    """Each expected contact of each subject born (or each repeating visit) with its outcome in the window.

    Every case in the frame or in ``cases`` is checked. The window ends at ``end``, else at the subject's
    death or the review period's end (the earlier), else at the case's latest dated row; it starts at
    ``start``, else at the review period's start. Expected contacts wholly outside the window are
    ``outside-window``; those due after the subject's death ``not-applicable``. Only rows that happened
    (attendance attended or unknown) can meet an expected contact. Columns: ``SCHEDULE_COLUMNS`` (docs/gaps.md).
    When the schedule has one-off contacts and no case has a subject born with a role it covers, raises
    MissingDetailsError (an empty table would read as "nothing to find") unless ``require_births`` is false.
    """
    if not isinstance(schedule, Schedule):
        schedule = load_schedule(schedule)
    if subject is not None and not any(c.subject(subject) for c in (cases or {}).values()):
        raise UsageError(
            f"subject {subject!r} is not listed under [[subjects]] in any case.toml. "
            "Give a subject id, name or alias from case.toml."
        )
    for name in (
        Column.CASE_ID,
        Column.EVENT_ID,
        Column.SUBJECT,
        Column.AGENCY,
        Column.DATE_START,
        Column.DATE_END,
        Column.EVENT_TYPE,
    ):
        if name.value not in frame.columns:
            raise UsageError(f"the chronology has no column {name.value!r}. Build it with `chronolane build`.")
    rows = candidate_rows(frame)
    if schedule.contacts and subject is None and require_births:
        _require_births(set(rows["case_id"].unique()) | set(cases or {}), cases or {}, schedule)
    last_day = rows[rows["lo"] != NO_DAY].groupby("case_id")["hi"].max()
    given_end = date_bounds(end, parameter="end") if end is not None else None
    from_day = date_bounds(start, parameter="start")[0] if start is not None else NO_DAY
    parts = [
        check_contacts(rows, cases or {}, schedule, given_end, last_day, from_day, subject),
        check_repeats(rows, cases or {}, schedule, given_end, last_day),
    ]
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["case_id", "subject", "order", "occurrence"], kind="stable", ignore_index=True)
    for day_column in ("due_from", "due_by"):
        out[day_column] = datetimes(out[day_column].to_numpy(dtype=np.int64))
    for text_column in ("case_id", "subject", "schedule", "contact", "label", "expected", "outcome", "event_id"):
        out[text_column] = out[text_column].astype("str")
    out["occurrence"] = out["occurrence"].astype(np.int64)
    return out[list(SCHEDULE_COLUMNS)]
