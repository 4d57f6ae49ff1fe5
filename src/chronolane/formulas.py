"""Cells a spreadsheet would run as formulas: one rule for every CSV chronolane writes, and its undoing."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
