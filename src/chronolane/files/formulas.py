"""Cells a spreadsheet would run as formulas: one rule for every CSV chronolane writes, its undoing, and the
one CSV writer (pyarrow; every field quoted)."""

from __future__ import annotations

import unicodedata
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
    number of cells escaped. The first characters are examined once per distinct character."""
    text = series.astype("str")
    arrow = pa.array(text)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    first = pc.utf8_slice_codeunits(arrow, 0, 1).dictionary_encode()
    escape = np.array([_needs_escape(str(u)) for u in first.dictionary.to_pylist()], dtype=bool)
    mask = escape[first.indices.to_numpy(zero_copy_only=False)] if len(first) else np.zeros(0, dtype=bool)
    if not mask.any():
        return series, 0
    return text.where(~mask, ESCAPE + text).astype("str"), int(mask.sum())


def unescape_formulas(series: pd.Series) -> pd.Series:
    """Undo :func:`escape_formulas`: drop one leading ``'`` from every cell that has one."""
    text = series.astype("str")
    escaped = text.str.startswith(ESCAPE)
    if not escaped.any():
        return text
    return text.where(~escaped, text.str.slice(1))


_QUOTED = pacsv.WriteOptions(quoting_style="all_valid")


def write_csv(table: pa.Table, sink: str | Any) -> None:
    """Write a table of strings as UTF-8 CSV, header and every field quoted, ``\\n`` line ends (pyarrow)."""
    pacsv.write_csv(table, sink, _QUOTED)


def csv_bytes(text: pd.DataFrame) -> bytes:
    """A frame of text columns (escape them first) as the bytes :func:`write_csv` writes; missing is ""."""
    columns = [
        pc.fill_null(pa.array(text.iloc[:, i].astype("str"), type=pa.large_string()), "") for i in range(text.shape[1])
    ]
    sink = pa.BufferOutputStream()
    write_csv(pa.table(columns, names=[str(c) for c in text.columns]), sink)
    return sink.getvalue().to_pybytes()
