"""Parquet tables for analysts: typed columns (dates as dates) in the table's own column order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chronolane.schema.dtypes import as_category


def is_parquet_name(path: Path) -> bool:
    """Whether an output path asks for Parquet (by its extension)."""
    return path.suffix.lower() == ".parquet"


#: How categorical columns are stored: dictionary-encoded text, read back as categoricals without conversion.
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write a table to ``path`` as Parquet in its column order: datetime columns as dates (day precision
    only: every date chronolane computes is a day), text as strings, categoricals as dictionaries, numbers and
    booleans as they are."""
    columns = {}
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            columns[str(name)] = pa.array(series.to_numpy(dtype="datetime64[D]"), type=pa.date32())
        elif isinstance(series.dtype, pd.CategoricalDtype):
            columns[str(name)] = pa.array(series, from_pandas=True).cast(_DICTIONARY)
        elif pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
            columns[str(name)] = pa.array(series, from_pandas=True)
        else:
            columns[str(name)] = pa.array(series.astype("str"), type=pa.string(), from_pandas=True)
    pq.write_table(pa.table(columns), path)


def read_parquet_table(path: Path, *, columns: list[str] | None = None) -> pd.DataFrame:
    """A Parquet table as written by :func:`write_parquet`: dates as ``datetime64[s]``, text as ``str``,
    dictionaries as categoricals (only ``columns``, in that order, when given)."""
    return parquet_frame(pq.read_table(path, columns=columns), consume=True)


def parquet_frame(table: pa.Table, *, consume: bool = False) -> pd.DataFrame:
    """An Arrow table as :func:`read_parquet_table` gives it: dates as ``datetime64[s]``, text as ``str``,
    dictionaries as categoricals (categories in text order). ``consume`` (the table is not used again) keeps
    the peak memory near one copy of the data."""
    names, kinds = table.column_names, table.schema.types  # read first: ``consume`` frees the table
    for i, kind in enumerate(kinds):  # dates to seconds in Arrow (exact): pandas then takes them as they are
        if pa.types.is_date(kind):
            table = table.set_column(i, names[i], pc.cast(table.column(i), pa.timestamp("s")))
    frame = table.to_pandas(ignore_metadata=True, date_as_object=False, split_blocks=True, self_destruct=consume)
    for name, kind in zip(names, kinds, strict=True):
        if pa.types.is_timestamp(kind):
            frame[name] = frame[name].astype("datetime64[s]")
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            frame[name] = frame[name].astype("str")
        elif pa.types.is_dictionary(kind):  # categories in text order, as every chronolane categorical has them
            frame[name] = pd.Series(as_category(name, frame[name]), index=frame.index)
    return frame
