"""Checks across rows and against the case: dates outside a life or the review period, possible duplicates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.case.model import Case
from chronolane.schema.columns import Column, EventType, IssueCode


def _lookup(keys: list[pd.Series], values: Mapping[tuple[str, ...], dt.date | None]) -> np.ndarray:
    """Per row, the date found for the row's key tuple, or NaT; the table is consulted once per distinct key."""
    if not any(v is not None for v in values.values()):
        return np.full(len(keys[0]), np.datetime64("NaT"), dtype="datetime64[s]")
    codes, uniques = pd.factorize(pd.MultiIndex.from_arrays(keys))
    found = np.array([np.datetime64(values.get(tuple(u)) or "NaT", "s") for u in uniques], dtype="datetime64[s]")
    return found[codes]


def life_and_period_flags(
    frame: pd.DataFrame, cases: Mapping[str, Case], today: dt.date
) -> list[tuple[np.ndarray, str]]:
    """Codes for events after today, before the subject's birth, after their death, or outside the review."""
    start = frame[Column.DATE_START].to_numpy(dtype="datetime64[s]")
    end = frame[Column.DATE_END].to_numpy(dtype="datetime64[s]")
    dated = ~np.isnat(start)
    future = dated & (start > np.datetime64(today, "s"))

    born: dict[tuple[str, ...], dt.date | None] = {}
    died: dict[tuple[str, ...], dt.date | None] = {}
    review_start: dict[tuple[str, ...], dt.date | None] = {}
    review_end: dict[tuple[str, ...], dt.date | None] = {}
    for case in cases.values():
        for s in case.subjects:
            born[(case.case_id, s.id)] = s.born.start if s.born else None
            died[(case.case_id, s.id)] = s.died.end if s.died else None
        review_start[(case.case_id,)] = case.review_start.start if case.review_start else None
        review_end[(case.case_id,)] = case.review_end.end if case.review_end else None
    by_subject = [frame[Column.CASE_ID], frame[Column.SUBJECT]]
    # Before birth: even the latest possible day of the event is before the earliest possible birth day.
    birth = _lookup(by_subject, born)
    antenatal = frame[Column.EVENT_TYPE].isin([EventType.PREGNANCY.value, EventType.BIRTH.value]).to_numpy()
    before_birth = dated & ~np.isnat(birth) & (end < birth) & ~antenatal
    death = _lookup(by_subject, died)
    after_death = dated & ~np.isnat(death) & (start > death)
    r_start = _lookup([frame[Column.CASE_ID]], review_start)
    r_end = _lookup([frame[Column.CASE_ID]], review_end)
    outside = dated & ((~np.isnat(r_start) & (end < r_start)) | (~np.isnat(r_end) & (start > r_end)))
    return [
        (future, IssueCode.FUTURE_DATE.value),
        (before_birth, IssueCode.BEFORE_BIRTH.value),
        (after_death, IssueCode.AFTER_DEATH.value),
        (outside, IssueCode.OUTSIDE_REVIEW_PERIOD.value),
    ]


#: Two same-day texts are near-identical when this share of the shorter one's words occurs in the other.
NEAR_IDENTICAL = 0.8
#: ... and the shorter one has at least this many distinct words.
MIN_WORDS = 4


def duplicate_flags(frame: pd.DataFrame, *, max_block: int) -> tuple[np.ndarray, np.ndarray]:
    """``possible-duplicate:<event_id>`` on rows that another row of the same case may record again; and a
    mask of the rows not compared because more than ``max_block`` rows share their case and interval.

    Two rows match when they have the same date interval and either the same description once case,
    punctuation and spacing are ignored, or (for exact days) near-identical descriptions: at least
    NEAR_IDENTICAL of the shorter text's distinct words occur in the other ("Police notification received:
    domestic incident ..." and "Domestic incident ..."). Both rows are kept and point at each other.
    Only rows that share a case and an interval with another row are compared, and only in blocks of at most
    ``max_block`` rows, so the cost grows with the rows times ``max_block``, never with their square.
    """
    result = np.full(len(frame), "", dtype=object)
    start = frame[Column.DATE_START].to_numpy(dtype="datetime64[s]").view(np.int64)
    end = frame[Column.DATE_END].to_numpy(dtype="datetime64[s]").view(np.int64)
    slots = pd.DataFrame({"case": pd.factorize(frame[Column.CASE_ID])[0], "start": start, "end": end})
    dated = start != np.iinfo(np.int64).min
    block = slots.groupby(["case", "start", "end"], sort=False).ngroup().to_numpy()
    size = np.bincount(block)[block]
    unchecked = dated & (size > max_block)
    shared = dated & (size > 1) & ~unchecked
    if not shared.any():
        return result, unchecked
    pos = np.flatnonzero(shared)
    slot = block[pos]
    text = pc.utf8_lower(pa.array(frame[Column.DESCRIPTION].iloc[pos].astype("str")))
    key = pc.replace_substring_regex(text, r"[^\pL\pN]+", "").to_numpy(zero_copy_only=False)
    exact = pd.DataFrame({"slot": slot, "key": key, "i": np.arange(len(pos))})
    exact = exact[exact["key"].str.len() >= 8]
    pairs = exact.merge(exact, on=["slot", "key"], suffixes=("_a", "_b"))[["i_a", "i_b"]]

    day = np.flatnonzero(start[pos] == end[pos])
    words = pc.split_pattern_regex(text.take(pa.array(day)), r"[^\pL\pN]+")
    tokens = pd.DataFrame(
        {
            "i": day[pc.list_parent_indices(words).to_numpy()],
            "word": pc.list_flatten(words).to_numpy(zero_copy_only=False),
        }
    )
    tokens = tokens[tokens["word"] != ""].drop_duplicates()
    if len(tokens):
        size = tokens.groupby("i").size()
        tokens = tokens.assign(slot=slot[tokens["i"].to_numpy()])
        common = tokens.merge(tokens, on=["slot", "word"], suffixes=("_a", "_b"))
        common = common[common["i_a"] != common["i_b"]]
        shared_words = common.groupby(["i_a", "i_b"]).size().rename("n").reset_index()
        smaller = np.minimum(size.reindex(shared_words["i_a"]).to_numpy(), size.reindex(shared_words["i_b"]).to_numpy())
        near = (smaller >= MIN_WORDS) & (shared_words["n"].to_numpy() >= NEAR_IDENTICAL * smaller)
        pairs = pd.concat([pairs, shared_words.loc[near, ["i_a", "i_b"]]], ignore_index=True)
    pairs = pairs[pairs["i_a"] != pairs["i_b"]].drop_duplicates()
    if pairs.empty:
        return result, unchecked
    ids = frame[Column.EVENT_ID].to_numpy()[pos]
    pairs = pairs.sort_values(["i_a", "i_b"])
    codes = IssueCode.POSSIBLE_DUPLICATE.value + ":" + pd.Series(ids[pairs["i_b"].to_numpy()], dtype=object)
    joined = codes.groupby(pairs["i_a"].to_numpy()).agg(";".join)
    result[pos[joined.index.to_numpy()]] = joined.to_numpy()
    return result, unchecked


#: Unicode controls that reorder how text is displayed (Trojan Source): a cell can show one thing and hold
#: another. Exports show them as visible markers.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"


#: The same characters as UTF-8 bytes, to skip in one fast pass the columns that hold none.
_BIDI_BYTES = re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")


def bidi_mask(frame: pd.DataFrame) -> np.ndarray:
    """True for rows where any text column holds a bidirectional override or isolate character."""
    mask = np.zeros(len(frame), dtype=bool)
    for name in frame.columns:
        column = frame[name]
        if name.startswith("_") or not (pd.api.types.is_string_dtype(column.dtype) or column.dtype == object):
            continue
        text = pa.chunked_array([pa.array(column.astype("str"))]) if column.dtype == object else pa.array(column)
        chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
        if any(_BIDI_BYTES.search(memoryview(c.buffers()[2])) for c in chunks if c.buffers()[2] is not None):
            hits = pc.match_substring_regex(text, f"[{BIDI_CONTROLS}]")
            mask |= pc.fill_null(hits, False).to_numpy(zero_copy_only=False)
    return mask
