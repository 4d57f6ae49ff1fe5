"""Cells a spreadsheet would run as formulas: one rule for every CSV chronolane writes, its undoing, and the
one CSV writer (pyarrow; every field quoted)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

#: First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n")

#: The prefix that makes a spreadsheet show the cell as text.
ESCAPE = "'"


def _needs_escape(first: str) -> bool:
    """Whether a cell starting with ``first`` is escaped: a trigger, or a character that normalises to one
    (full-width and small forms), or the escape itself, so that unescaping is always exact."""
    return bool(first) and (first == ESCAPE or unicodedata.normalize("NFKC", first)[:1] in FORMULA_TRIGGERS)


def escape_formulas(series: pd.Series) -> tuple[pd.Series, int]:
    """Prefix ``'`` to cells that a spreadsheet would run, or that start with ``'``; the column and the
    number of cells escaped. First bytes are read from Arrow's buffer; only cells starting with a non-ASCII
    character are examined as text, once per distinct character. A categorical column stays one, its
    categories escaped."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return _escape_categories(series)
    text = series.astype("str")
    arrow = pa.array(text)
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    # Chunk by chunk: joining the chunks first would copy the whole column.
    masks = [_to_escape(chunk.cast(pa.large_string())) for chunk in chunks]
    mask = np.concatenate(masks) if masks else np.zeros(0, dtype=bool)
    if not mask.any():
        return series, 0
    escaped = text.copy()
    escaped[mask] = ESCAPE + text[mask]
    return escaped, int(mask.sum())


def _escape_categories(series: pd.Series) -> tuple[pd.Series, int]:
    """:func:`escape_formulas` of a categorical column, done on its categories; cells counted by their codes."""
    categories = pd.Series(series.cat.categories, dtype="str")
    escaped, _ = escape_formulas(categories)
    changed = (escaped != categories).to_numpy()
    if not changed.any():
        return series, 0
    codes = series.cat.codes.to_numpy()
    cells = np.bincount(codes[codes >= 0], minlength=len(categories))
    return series.cat.rename_categories(escaped.tolist()), int(cells[changed].sum())


#: Per first byte of a cell: whether an ASCII first character makes it escaped.
_ASCII_TRIGGER = np.zeros(256, dtype=bool)
_ASCII_TRIGGER[[ord(c) for c in (*FORMULA_TRIGGERS, ESCAPE)]] = True


def _to_escape(arrow: pa.LargeStringArray) -> np.ndarray:
    """Whether each cell (a non-null, non-empty string) starts with a character that is escaped."""
    _, offsets_buffer, data_buffer = arrow.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[arrow.offset : arrow.offset + len(arrow) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    filled = offsets[1:] > offsets[:-1]
    if arrow.null_count:
        filled &= pc.is_valid(arrow).to_numpy(zero_copy_only=False)
    first = np.zeros(len(arrow), dtype=np.uint8)
    first[filled] = data[offsets[:-1][filled]]
    mask = _ASCII_TRIGGER[first] & filled
    wide = np.flatnonzero(filled & (first >= 0x80))
    if len(wide):  # full-width and small forms normalise to triggers
        chars = pc.utf8_slice_codeunits(arrow.take(pa.array(wide)), 0, 1).dictionary_encode()
        escape = np.array([_needs_escape(str(u)) for u in chars.dictionary.to_pylist()], dtype=bool)
        mask[wide] = escape[chars.indices.to_numpy(zero_copy_only=False)]
    return mask


def unescape_formulas(series: pd.Series) -> pd.Series:
    """Undo :func:`escape_formulas`: drop one leading ``'`` from every cell that has one."""
    text = series.astype("str")
    escaped = text.str.startswith(ESCAPE)
    if not escaped.any():
        return text
    return text.where(~escaped, text.str.slice(1))


_QUOTED = pacsv.WriteOptions(quoting_style="all_valid")


def write_csv(tables: pa.Table | Iterable[pa.Table], sink: str | Any) -> None:
    """Write a table of strings, or tables of the same columns one after another (the header once), as UTF-8
    CSV: header and every field quoted, ``\\n`` line ends (pyarrow)."""
    if isinstance(tables, pa.Table):
        pacsv.write_csv(tables, sink, _QUOTED)
        return
    writer = None
    try:
        for table in tables:
            writer = writer or pacsv.CSVWriter(sink, table.schema, write_options=_QUOTED)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def csv_bytes(text: pd.DataFrame) -> bytes:
    """A frame of text columns (escape them first) as the bytes :func:`write_csv` writes; missing is ""."""
    columns = [
        pc.fill_null(pa.array(text.iloc[:, i].astype("str"), type=pa.large_string()), "") for i in range(text.shape[1])
    ]
    sink = pa.BufferOutputStream()
    write_csv(pa.table(columns, names=[str(c) for c in text.columns]), sink)
    return sink.getvalue().to_pybytes()
