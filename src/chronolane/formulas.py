"""Cells a spreadsheet would run as formulas: one rule for every CSV chronolane writes, and its undoing."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

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
    codes, uniques = pd.factorize(series.astype("str").str.slice(0, 1), use_na_sentinel=False)
    escape = np.array([_needs_escape(str(u)) for u in uniques], dtype=bool)
    mask = escape[codes] if len(codes) else np.zeros(0, dtype=bool)
    if not mask.any():
        return series, 0
    return series.where(~mask, ESCAPE + series.astype("str")).astype("str"), int(mask.sum())


def unescape_formulas(series: pd.Series) -> pd.Series:
    """Undo :func:`escape_formulas`: drop one leading ``'`` from every cell that has one."""
    text = series.astype("str")
    escaped = text.str.startswith(ESCAPE)
    if not escaped.any():
        return text
    return text.where(~escaped, text.str.slice(1))
