"""CSV export: every field quoted, cells that spreadsheets would run as formulas escaped with a quote."""

from __future__ import annotations

import pandas as pd

from chronolane.export.common import Prepared
from chronolane.files.formulas import csv_bytes, escape_formulas


def to_csv(prepared: Prepared) -> tuple[bytes, int]:
    """The chronology as CSV bytes (UTF-8 with BOM so Excel reads it right) and the number of escaped cells."""
    text = prepared.text.copy()
    escaped = 0
    for column in text.columns:
        text[column], n = escape_formulas(text[column])
        escaped += n
    headers, n = escape_formulas(pd.Series(list(text.columns), dtype="str"))
    text.columns = list(headers)
    escaped += n
    return b"\xef\xbb\xbf" + csv_bytes(text), escaped
