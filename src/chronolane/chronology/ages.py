"""Subjects' ages at each event, as intervals when birth or event dates are vague."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from chronolane.case.model import Case, Subject
from chronolane.schema.columns import AGE_PREFIX, Column

_DAYS_PER_MONTH = 365.2425 / 12


def _unit(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whole units and unit names for non-negative day counts: days, weeks, months or years."""
    weeks, months, years = days // 7, np.floor(days / _DAYS_PER_MONTH), np.floor(days / 365.2425)
    value = np.select([days < 14, days < 8 * 7, days < 24 * _DAYS_PER_MONTH], [days, weeks, months], years)
    name = np.select([days < 14, days < 8 * 7, days < 24 * _DAYS_PER_MONTH], ["day", "week", "month"], "year")
    return value.astype(np.int64), name.astype(object)


def _plural(value: np.ndarray, name: np.ndarray) -> np.ndarray:
    return np.where(value == 1, name, name + "s")


def age_text(min_days: np.ndarray, max_days: np.ndarray) -> np.ndarray:
    """Readable ages for day ranges after birth: "6 weeks", "3-5 months"; in the unit of the older bound."""
    lo = np.maximum(min_days, 0)
    hi_value, name = _unit(max_days)
    lo_value = np.select(
        [name == "day", name == "week", name == "month"],
        [lo, lo // 7, np.floor(lo / _DAYS_PER_MONTH)],
        np.floor(lo / 365.2425),
    ).astype(np.int64)
    same = lo_value == hi_value
    single = hi_value.astype(str).astype(object) + " " + _plural(hi_value, name)
    ranged = lo_value.astype(str).astype(object) + "-" + hi_value.astype(str).astype(object) + " " + name + "s"
    return np.where(same, single, ranged)


def _weeks_text(lo: np.ndarray, hi: np.ndarray, prefix: str, suffix: str = "") -> np.ndarray:
    """``prefix + weeks + suffix`` per row, weeks being "22" or "22-26" (a suffix "weeks ..." is "week ..."
    after a lone 1)."""
    lo_s, hi_s = lo.astype(str).astype(object), hi.astype(str).astype(object)
    weeks = prefix + np.where(lo == hi, lo_s, lo_s + "-" + hi_s)
    one = suffix.replace(" weeks", " week", 1)
    return weeks + np.where((lo == hi) & (lo == 1), one, suffix)


#: Days from the first day of the last menstrual period to the due date: pregnancy weeks count from it.
_TERM_DAYS = 280


def subject_ages(frame: pd.DataFrame, subject: Subject) -> pd.DataFrame:
    """Age columns for one subject over the rows of its case: min and max days since birth, and text.

    Before birth the text gives the pregnancy week when a due date is known, else weeks before birth.
    """
    start = frame[Column.DATE_START].to_numpy(dtype="datetime64[D]")
    end = frame[Column.DATE_END].to_numpy(dtype="datetime64[D]")
    dated = ~np.isnat(start)
    text = np.full(len(frame), "", dtype=object)
    lo = np.full(len(frame), np.nan)
    hi = np.full(len(frame), np.nan)
    if subject.born is not None and subject.born.start is not None and subject.born.end is not None:
        b0, b1 = np.datetime64(subject.born.start, "D"), np.datetime64(subject.born.end, "D")
        lo_d = (start - b1).astype("timedelta64[D]").astype(np.float64)
        hi_d = (end - b0).astype("timedelta64[D]").astype(np.float64)
        lo[dated], hi[dated] = lo_d[dated], hi_d[dated]
        after = dated & (hi_d >= 0)
        text[after] = age_text(lo_d[after].astype(np.int64), hi_d[after].astype(np.int64))
        before = dated & (hi_d < 0)
        if subject.due is not None and subject.due.start is not None and subject.due.end is not None:
            due0, due1 = np.datetime64(subject.due.start, "D"), np.datetime64(subject.due.end, "D")
            # Completed weeks of pregnancy (26+1 is week 26): days since the pregnancy began, floored.
            w_lo = (_TERM_DAYS - (due1 - start).astype("timedelta64[D]").astype(np.int64)) // 7
            w_hi = (_TERM_DAYS - (due0 - end).astype("timedelta64[D]").astype(np.int64)) // 7
            # An interval reaching back before the pregnancy began says so rather than claim week 0.
            during = _weeks_text(w_lo, w_hi, "pregnancy week ")
            reaching = _weeks_text(w_hi, w_hi, "before the pregnancy to pregnancy week ")
            text[before] = np.where(w_hi < 0, "before the pregnancy", np.where(w_lo < 0, reaching, during))[before]
        else:
            w_lo = ((-hi_d) // 7).astype(np.int64)
            w_hi = ((-lo_d) // 7).astype(np.int64)
            text[before] = _weeks_text(w_lo[before], w_hi[before], "", " weeks before birth")
    key = f"{AGE_PREFIX}{subject.id}"
    return pd.DataFrame(
        {
            f"{key}_min_days": pd.array(lo, dtype="Int64"),
            f"{key}_max_days": pd.array(hi, dtype="Int64"),
            key: pd.array(text, dtype="str"),
        },
        index=frame.index,
    )


def add_ages(frame: pd.DataFrame, cases: Mapping[str, Case]) -> pd.DataFrame:
    """The frame with age columns for every subject with a birth date, filled on the rows of its case."""
    columns: dict[str, pd.Series] = {}
    for case in cases.values():
        rows = frame[Column.CASE_ID] == case.case_id
        for subject in case.subjects:
            if subject.born is None:
                continue
            ages = subject_ages(frame.loc[rows], subject)
            for name in ages.columns:
                if name not in columns:
                    empty = pd.array([pd.NA] * len(frame), dtype="Int64") if name.endswith("_days") else None
                    columns[name] = (
                        pd.Series(empty, index=frame.index)
                        if empty is not None
                        else pd.Series("", index=frame.index, dtype="str")
                    )
                columns[name].loc[rows] = ages[name]
    if not columns:
        return frame
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)
