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
from chronolane.schema.dtypes import text_array
from chronolane.schema.keys import spans


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
    Blocks, keys and words are integers compared after sorting: no hash join.
    """
    result = np.full(len(frame), "", dtype=object)
    start = frame[Column.DATE_START].to_numpy(dtype="datetime64[s]").view(np.int64)
    end = frame[Column.DATE_END].to_numpy(dtype="datetime64[s]").view(np.int64)
    dated = np.flatnonzero(start != np.iinfo(np.int64).min)
    case = pc.dictionary_encode(text_array(frame[Column.CASE_ID])).indices.to_numpy(zero_copy_only=False)
    columns = (case[dated], _days(start[dated]), _days(end[dated]))
    order = _sort_order(*columns)
    rows = dated[order]
    block = np.cumsum(_run_starts(*(c[order] for c in columns))) - 1
    size = np.bincount(block)[block]
    unchecked = np.zeros(len(frame), dtype=bool)
    unchecked[rows[size > max_block]] = True
    wanted = (size > 1) & (size <= max_block)
    pos, slot = rows[wanted], block[wanted]  # grouped by block, each block in row order
    if not len(pos):
        return result, unchecked
    description, exact = text_array(frame[Column.DESCRIPTION]), start[pos] == end[pos]
    # Blocks are compared some megabytes of text at a time: their words never all exist at once.
    weight = pc.binary_length(description).to_numpy(zero_copy_only=False)[pos] + _ROW_BYTES
    pairs = []
    for lo, hi in spans(weight, _TEXT_AT_A_TIME, starts=np.flatnonzero(_run_starts(slot))):
        text = pc.utf8_lower(description.take(pa.array(pos[lo:hi])))
        a, b = _similar(text, exact[lo:hi], slot[lo:hi])
        pairs.append((a + lo, b + lo))
    pair, _ = _counted(np.concatenate([a * len(pos) + b for a, b in pairs]))  # by row, then by partner
    if not len(pair):
        return result, unchecked
    a, b = np.divmod(pair, len(pos))
    ids = text_array(frame[Column.EVENT_ID]).take(pa.array(pos[b]))
    codes = pc.binary_join_element_wise(
        pa.scalar(IssueCode.POSSIBLE_DUPLICATE.value, ids.type), ids, pa.scalar(":", ids.type)
    )
    firsts = np.flatnonzero(_run_starts(a))
    lists = pa.ListArray.from_arrays(pa.array(np.r_[firsts, len(a)], type=pa.int32()), codes)
    result[pos[a[firsts]]] = pc.binary_join(lists, pa.scalar(";", ids.type)).to_numpy(zero_copy_only=False)
    return result, unchecked


#: Bytes of description (and ``_ROW_BYTES`` a row) whose words are cut and compared at a time by the duplicate
#: check, in whole blocks: a bound on memory, which is a few times the text.
_TEXT_AT_A_TIME = 32 * 2**20
_ROW_BYTES = 16


def _similar(text: pa.Array, exact: np.ndarray, slot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (row, partner), as positions in ``text``, of rows of one block with the same description once
    case, punctuation and spacing are ignored, or (both ``exact`` days) near-identical ones."""
    key, key_chars, word_row, word = _words_of(text, exact)
    long_enough = np.flatnonzero(key_chars >= 8)
    pairs = [_pairs_within(long_enough, slot[long_enough], key[long_enough])]
    if len(word):
        # Each row's distinct words; rows of a block sharing a word are paired, and the pairs counted.
        row, shared = _pairs_within(word_row, slot[word_row], word, distinct=True)
        words = np.bincount(_distinct_rows(word_row, word), minlength=len(text))
        pair, count = _counted(row * len(text) + shared)
        a, b = np.divmod(pair, len(text))
        smaller = np.minimum(words[a], words[b])
        near = (smaller >= MIN_WORDS) & (count >= NEAR_IDENTICAL * smaller)
        pairs.append((a[near], b[near]))
    return np.concatenate([a for a, _ in pairs]), np.concatenate([b for _, b in pairs])


def _days(seconds: np.ndarray) -> np.ndarray:
    """Seconds from the earliest, as whole days when they all are (dates are), else as they are."""
    offset = seconds - (int(seconds.min()) if len(seconds) else 0)
    days = offset / 86_400  # exact in float64 for whole days; a remainder leaves a fraction
    return days.astype(np.int64) if np.array_equal(days, np.floor(days)) else offset


def _sort_order(*columns: np.ndarray) -> np.ndarray:
    """Positions sorting rows by the non-negative integer columns in turn, ties in row order: one stable sort
    of a packed key when the columns fit in one integer, else a sort per column."""
    spans = [int(c.max()) + 1 if len(c) else 1 for c in columns]
    if np.prod([float(s) for s in spans]) >= 2**62:
        return np.lexsort(columns[::-1])
    packed = np.zeros(len(columns[0]), dtype=np.int64)
    for column, span in zip(columns, spans, strict=True):
        packed = packed * span + column
    return np.argsort(packed, kind="stable")


def _run_starts(*columns: np.ndarray) -> np.ndarray:
    """True where a row of sorted columns differs from the row before (the first row included)."""
    starts = np.zeros(len(columns[0]), dtype=bool)
    starts[:1] = True
    for column in columns:
        starts[1:] |= column[1:] != column[:-1]
    return starts


def _pairs_within(
    rows: np.ndarray, block: np.ndarray, value: np.ndarray, *, distinct: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Every ordered pair of different ``rows`` sharing a block and a value, as (rows, partners); with
    ``distinct``, a row's repeats of one value count once."""
    order = _sort_order(block, value, rows)
    rows, block, value = rows[order], block[order], value[order]
    if distinct:
        once = _run_starts(block, value, rows)
        rows, block, value = rows[once], block[once], value[once]
    first = _run_starts(block, value) if len(rows) else np.zeros(0, dtype=bool)
    run = np.cumsum(first) - 1
    run_start = np.flatnonzero(first)
    size = np.diff(np.r_[run_start, len(rows)])[run]
    paired = np.flatnonzero(size > 1)
    repeat = size[paired]
    left = np.repeat(paired, repeat)
    right = (
        np.repeat(run_start[run[paired]], repeat) + np.arange(len(left)) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    )
    other = left != right
    return rows[left[other]], rows[right[other]]


def _counted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and how often each occurs (a sort: NumPy's ``unique`` hashes, slower)."""
    values = np.sort(values)
    starts = np.flatnonzero(_run_starts(values)) if len(values) else np.zeros(0, dtype=np.int64)
    return values[starts], np.diff(np.r_[starts, len(values)])


def _distinct_rows(rows: np.ndarray, value: np.ndarray) -> np.ndarray:
    """``rows`` once per distinct (row, value)."""
    order = _sort_order(rows, value)
    return rows[order][_run_starts(rows[order], value[order])] if len(rows) else rows


#: What separates words of a description for the duplicate check (everything but letters and digits).
_NOT_ALNUM = r"[^\pL\pN]+"


#: Bytes to 1 for ASCII letters and digits, else 0 (the lower-cased texts have no capitals left): one
#: ``bytes.translate`` beats NumPy's comparisons or table lookups.
_ALNUM_TABLE = bytes(int(chr(b).isascii() and chr(b).isalnum() and not chr(b).isupper()) for b in range(256))


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
        key, words, rows = _ascii_words(text if len(fast) == len(text) else text.take(pa.array(fast)))
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
    alnum = np.frombuffer(data.tobytes().translate(_ALNUM_TABLE), dtype=bool)
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
    first_word = np.searchsorted(starts, offsets)  # per text (and one past the last), its first word
    rows = np.repeat(np.arange(len(text)), np.diff(first_word))
    # Kept bytes, words and keys alike, lie one after another in key_data.
    key_data = data[alnum]
    word_offsets = np.concatenate([[0], np.cumsum(lengths)])
    key_offsets = word_offsets[first_word]
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
