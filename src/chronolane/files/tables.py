"""Writing measure tables (gaps, lane summaries, schedule outcomes) as CSV, JSON or Parquet."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.errors import UsageError
from chronolane.export.common import safe_output
from chronolane.files.formulas import csv_bytes, escape_formulas
from chronolane.files.output import atomic_path, write_atomic
from chronolane.files.parquet import is_parquet_name, write_parquet

SUFFIXES = (".csv", ".json", ".parquet")


def table_text(frame: pd.DataFrame, *, as_json: bool = False) -> str:
    """The table as CSV (every field quoted, dates ISO, formula triggers escaped) or JSON records."""
    text = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            text[name] = column.dt.strftime("%Y-%m-%d").astype("str").fillna("")
        elif pd.api.types.is_bool_dtype(column.dtype):
            text[name] = column.map({True: "true", False: "false"}).astype("str")
        elif pd.api.types.is_numeric_dtype(column.dtype):
            text[name] = column.astype("Int64").astype("str").fillna("")
        else:
            text[name] = column.astype("str")
    if as_json:
        columns = {name: _json_values(frame[name], text[name]) for name in frame.columns}
        records = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
        return json.dumps(records, ensure_ascii=False, indent=1)
    for name in text.columns:
        text[name], _ = escape_formulas(text[name])
    return csv_bytes(text).decode("utf-8")


def _json_values(column: pd.Series, text: pd.Series) -> list[object]:
    """A column as JSON-ready Python values: dates as ISO text, numbers as int, missing values as None."""
    missing = column.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        values = text.to_numpy(dtype=object)
    elif pd.api.types.is_bool_dtype(column.dtype):
        values = column.to_numpy(dtype=object)
    elif pd.api.types.is_integer_dtype(column.dtype):
        values = column.astype("Int64").fillna(0).to_numpy(dtype=np.int64).tolist()
        values = np.array(values, dtype=object)
    else:
        values = column.astype("str").fillna("").to_numpy(dtype=object)
    return [
        None if gone else (v.item() if isinstance(v, np.generic) else v)
        for v, gone in zip(values, missing, strict=True)
    ]


def write_table(
    frame: pd.DataFrame, out: Path | None = None, *, inputs: Iterable[Path | str] = (), force: bool = False
) -> None:
    """Write the table to ``out`` (.csv, .json or .parquet, atomically, never over an input) or as CSV to stdout.

    Parquet keeps the column types (dates as dates, counts as integers) and order."""
    if out is None:
        sys.stdout.write(table_text(frame))
        return
    if out.suffix.lower() not in SUFFIXES:
        raise UsageError(f"{out}: give an output file ending in .csv, .json or .parquet.")
    path = safe_output(out, inputs=inputs, force=force)
    if is_parquet_name(path):
        with atomic_path(path) as tmp:
            write_parquet(frame, tmp)
        return
    write_atomic(path, table_text(frame, as_json=out.suffix.lower() == ".json").encode("utf-8"))
