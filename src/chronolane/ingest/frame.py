"""pandas DataFrames and Parquet files read as faithful text tables, like any agency file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.errors import SourceError
from chronolane.ingest.formats import check_size
from chronolane.ingest.source import (
    TEXT_DTYPE,
    SourceTable,
    control_character_mask,
    count_note,
    make_meta,
    record_issues,
    unique_headers,
)
from chronolane.schema.columns import IssueCode
from chronolane.schema.limits import DEFAULT_LIMITS, Limits, raise_hint

#: The source_file of the rows of a long-format DataFrame given to ``build_chronology``.
FRAME_NAME = "<DataFrame>"


def frame_table(frame: pd.DataFrame, *, name: str = FRAME_NAME, limits: Limits = DEFAULT_LIMITS) -> SourceTable:
    """Every row of ``frame`` as a record, every cell as text ("" for a missing value, dates ISO).

    ``source_row`` is the row's position counted from 1 (``frame.iloc[source_row - 1]``); a meaningful index
    (anything but 0, 1, 2, ...) is kept as leading columns. Column names become text, made unique as for a file.
    """
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        frame = frame.reset_index()
    if frame.shape[1] > limits.columns:
        raise SourceError(
            f"{name}: the frame has {frame.shape[1]:,} columns, over the limit of {limits.columns:,}. "
            + raise_hint("columns", frame.shape[1])
        )
    headers, notes = unique_headers([_header(c) for c in frame.columns])
    records = pd.DataFrame(
        {header: cell_text(frame.iloc[:, k]) for k, header in enumerate(headers)}, index=pd.RangeIndex(len(frame))
    )
    records.columns = pd.Index(headers, dtype=object)  # as the file readers make them
    n = len(records)
    controls = control_character_mask(records)
    if controls.any():
        notes.append(f"{count_note(int(controls.sum()), 'row')} with control characters, flagged")
    meta = make_meta(np.arange(1, n + 1), None, record_issues(n, {IssueCode.CONTROL_CHARACTERS: controls}))
    return SourceTable(
        path=Path(name),
        records=records,
        meta=meta,
        headers=tuple(headers) if n or headers else (),
        encoding=None,
        delimiter=None,
        sheet=None,
        blank_rows=0,
        notes=tuple(notes),
    )


def read_parquet_source(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> SourceTable:
    """A long-format Parquet file read like a CSV one: every row a record, every cell as text."""
    import pyarrow.parquet as pq

    check_size(path)
    schema = pq.read_schema(path)
    if len(schema.names) > limits.columns:
        raise SourceError(
            f"{path}: the Parquet file has {len(schema.names):,} columns, over the limit of {limits.columns:,}. "
            + raise_hint("columns", len(schema.names))
        )
    frame = pq.read_table(path).to_pandas(types_mapper=_keep_types, ignore_metadata=True)
    table = frame_table(frame, name=path.name, limits=limits)
    return SourceTable(**{**table.__dict__, "path": path})


def _keep_types(arrow_type: object) -> object:
    """Arrow strings stay pandas text; other types take pandas' defaults (then become text)."""
    import pyarrow as pa

    if arrow_type in (pa.string(), pa.large_string()):
        return TEXT_DTYPE
    return None


def _header(name: object) -> str:
    """A column name as text (a tuple of a MultiIndex joined by " / ")."""
    if isinstance(name, tuple):
        return " / ".join(str(part) for part in name)
    return str(name)


def cell_text(column: pd.Series) -> pd.Series:
    """A column as exact text: strings as they are, missing values "", dates ISO (with the time if it has one),
    numbers and other values as Python writes them. Works on the distinct values."""
    if isinstance(column.dtype, pd.StringDtype):
        return column.fillna("").astype(TEXT_DTYPE)
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        values = column.dt.tz_localize(None) if getattr(column.dt, "tz", None) is not None else column
        timed = (values.dropna() != values.dropna().dt.normalize()).any()
        text = values.dt.strftime("%Y-%m-%d %H:%M:%S" if timed else "%Y-%m-%d")
        if getattr(column.dt, "tz", None) is not None:
            text = text + " " + str(column.dt.tz)
        return text.fillna("").astype(TEXT_DTYPE)
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    texts = np.array([_value_text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(texts[codes], index=column.index, dtype=TEXT_DTYPE)


def _value_text(value: object) -> str:
    """One distinct value as text."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() or value.tzinfo else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    return str(value)
