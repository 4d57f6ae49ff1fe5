"""Checks across rows and against the case: dates outside a life or the review period, possible duplicates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.case.model import Case
from chronolane.schema.characters import BIDI_BYTES, BIDI_CONTROLS
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
    block_size = np.bincount(block)[block]
    unchecked = dated & (block_size > max_block)
    shared = dated & (block_size > 1) & ~unchecked
    if not shared.any():
        return result, unchecked
    pos = np.flatnonzero(shared)
    slot = block[pos]
    text = pc.utf8_lower(pa.array(frame[Column.DESCRIPTION].iloc[pos].astype("str")))
    key, key_chars, word_row, word = _words_of(text, start[pos] == end[pos])
    exact = pd.DataFrame({"slot": slot, "key": key, "i": np.arange(len(pos))})[key_chars >= 8]
    pairs = exact.merge(exact, on=["slot", "key"], suffixes=("_a", "_b"))[["i_a", "i_b"]]

    # Words as integer codes: each row's distinct words, paired with the same words of its slot's other rows.
    tokens = pd.DataFrame({"i": word_row, "word": word}).drop_duplicates()
    if len(tokens):
        size = np.bincount(tokens["i"].to_numpy(), minlength=len(pos))
        # (slot, word) and (row, row) as single integers: merging and grouping on one column is faster.
        tokens["word"] = slot[tokens["i"].to_numpy()] * (int(word.max()) + 1) + tokens["word"].to_numpy()
        common = tokens.merge(tokens, on="word", suffixes=("_a", "_b"))
        pair = common["i_a"].to_numpy() * len(pos) + common["i_b"].to_numpy()
        counted = pd.Series(pair[common["i_a"].to_numpy() != common["i_b"].to_numpy()]).value_counts(sort=False)
        shared_words = pd.DataFrame(
            {
                "i_a": counted.index.to_numpy() // len(pos),
                "i_b": counted.index.to_numpy() % len(pos),
                "n": counted.to_numpy(),
            }
        )
        smaller = np.minimum(size[shared_words["i_a"].to_numpy()], size[shared_words["i_b"].to_numpy()])
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


#: What separates words of a description for the duplicate check (everything but letters and digits).
_NOT_ALNUM = r"[^\pL\pN]+"
#: Bytes of ASCII letters and digits (the lower-cased texts have no capitals left).
_ALNUM_BYTES = np.zeros(256, dtype=bool)
_ALNUM_BYTES[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789", dtype=np.uint8)] = True


def _words_of(text: pa.Array, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Of lower-cased texts: each one's key (its letters and digits) as a code, equal keys equal codes, and the
    key's length; and the words of the ``wanted`` texts, as (text position, code) per word.

    ASCII texts are cut on their bytes in NumPy (no regular expression, no Python string per word); the
    others by a Unicode pattern. Codes are shared across both, so an ASCII text and another can match."""
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    ascii_rows = pc.string_is_ascii(text).to_numpy(zero_copy_only=False)
    fast = np.flatnonzero(ascii_rows)
    slow = np.flatnonzero(~ascii_rows)
    keys, key_chars, word_arrays, word_rows = [], np.zeros(len(text), dtype=np.int64), [], []
    if len(fast):
        key, words, rows = _ascii_words(text.take(pa.array(fast)))
        keys.append(key)
        key_chars[fast] = pc.binary_length(key).to_numpy(zero_copy_only=False)
        keep = wanted[fast][rows]
        word_arrays.append(words.filter(pa.array(keep)))
        word_rows.append(fast[rows[keep]])
    if len(slow):
        part = text.take(pa.array(slow))
        key = pc.replace_substring_regex(part, _NOT_ALNUM, "")
        keys.append(key)
        key_chars[slow] = pc.utf8_length(key).to_numpy(zero_copy_only=False)
        split = pc.split_pattern_regex(part.filter(pa.array(wanted[slow])), _NOT_ALNUM)
        words = pc.list_flatten(split)
        rows = slow[wanted[slow]][pc.list_parent_indices(split).to_numpy()]
        nonempty = pc.greater(pc.binary_length(words), 0)
        word_arrays.append(words.filter(nonempty))
        word_rows.append(rows[nonempty.to_numpy(zero_copy_only=False)])
    key_codes = np.empty(len(text), dtype=np.int64)
    key_codes[np.concatenate([fast, slow])] = _codes(keys)
    return key_codes, key_chars, np.concatenate(word_rows), _codes(word_arrays)


def _codes(arrays: list[pa.Array]) -> np.ndarray:
    """One integer per distinct string across the arrays, in their order."""
    joined = pa.concat_arrays([a.cast(pa.large_string()) for a in arrays])
    return pc.dictionary_encode(joined).indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _ascii_words(text: pa.Array) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """For ASCII texts: each text's letters and digits (its key); its words; and each word's text position."""
    text = text.cast(pa.large_string())
    _, offsets_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]] if data_buffer else np.zeros(0, np.uint8)
    )
    offsets = offsets - offsets[0]
    alnum = _ALNUM_BYTES[data]
    # A word is a run of letters and digits inside one text: it starts after anything else or at the text's
    # start, and ends before anything else or at the text's end.
    firsts, lasts = offsets[:-1][offsets[:-1] < offsets[1:]], offsets[1:][offsets[:-1] < offsets[1:]] - 1
    begins, ends = alnum.copy(), alnum.copy()
    begins[1:] &= ~alnum[:-1]
    begins[firsts] = alnum[firsts]
    ends[:-1] &= ~alnum[1:]
    ends[lasts] = alnum[lasts]
    starts = np.flatnonzero(begins)
    lengths = np.flatnonzero(ends) - starts + 1
    rows = np.searchsorted(offsets, starts, side="right") - 1
    # Kept bytes, words and keys alike, lie one after another in key_data.
    key_data = data[alnum]
    word_offsets = np.concatenate([[0], np.cumsum(lengths)])
    key_offsets = np.concatenate([[0], np.cumsum(np.bincount(rows, weights=lengths, minlength=len(text)))])
    key = pa.Array.from_buffers(
        pa.large_string(), len(text), [None, pa.py_buffer(key_offsets.astype(np.int64)), pa.py_buffer(key_data)]
    )
    words = pa.Array.from_buffers(
        pa.large_string(), len(starts), [None, pa.py_buffer(word_offsets.astype(np.int64)), pa.py_buffer(key_data)]
    )
    return key, words, rows


def bidi_mask(frame: pd.DataFrame) -> np.ndarray:
    """True for rows where any text column holds a bidirectional override or isolate character."""
    mask = np.zeros(len(frame), dtype=bool)
    for name in frame.columns:
        column = frame[name]
        if name.startswith("_") or not (pd.api.types.is_string_dtype(column.dtype) or column.dtype == object):
            continue
        text = pa.chunked_array([pa.array(column.astype("str"))]) if column.dtype == object else pa.array(column)
        chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
        if any(BIDI_BYTES.search(memoryview(c.buffers()[2])) for c in chunks if c.buffers()[2] is not None):
            hits = pc.match_substring_regex(text, f"[{BIDI_CONTROLS}]")
            mask |= pc.fill_null(hits, False).to_numpy(zero_copy_only=False)
    return mask
