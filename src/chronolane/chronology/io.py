"""Reading and writing an integrated chronology (CSV or Parquet), and opening a case folder or a saved one."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from chronolane.case.details import CaseDetails, merge_case_details, read_case_details
from chronolane.case.model import Case, load_case
from chronolane.chronology.build import Chronology, build_chronology
from chronolane.errors import CaseError, SourceError
from chronolane.files.formulas import ESCAPE, escape_formulas, write_csv
from chronolane.files.output import atomic_path, output_error
from chronolane.files.parquet import is_parquet_name, read_parquet_table, write_parquet
from chronolane.schema.columns import CATEGORIES, COLUMNS, Column
from chronolane.schema.dtypes import category_dtype, with_categories

#: Fixed columns chronolane derives itself (never text from a source file), so they need no formula check.
_DERIVED = frozenset(
    {
        Column.EVENT_ID, Column.DATE_START, Column.DATE_END, Column.DATE_PRECISION, Column.DATE_APPROX,
        Column.TIME, Column.EDTF, Column.RECORDED_START, Column.RECORDED_END, Column.EVENT_TYPE,
        Column.ATTENDANCE, Column.MODE, Column.SOURCE_ROW, Column.ISSUES,
    }
)  # fmt: skip
_DATE_COLUMNS = (Column.DATE_START, Column.DATE_END, Column.RECORDED_START, Column.RECORDED_END)


#: Rows turned into text at a time when writing CSV: the text of the whole chronology is never held at once.
_BATCH_ROWS = 131_072


class _TextBatches:
    """The frame as text tables of ``_BATCH_ROWS`` rows (see ``_text_table``), the next one made on a second
    thread while the writer writes this one; ``escaped`` counts the cells escaped so far."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame, self.escaped = frame, 0

    def __iter__(self) -> Iterator[pa.Table]:
        rows = range(0, max(len(self.frame), 1), _BATCH_ROWS)  # an empty frame is one batch: the header
        parts = (self.frame.iloc[start : start + _BATCH_ROWS] for start in rows)
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead = pool.submit(_text_table, next(parts))
            for part in parts:
                current, ahead = ahead, pool.submit(_text_table, part)
                yield self._counted(current.result())
            yield self._counted(ahead.result())

    def _counted(self, made: tuple[pa.Table, int]) -> pa.Table:
        self.escaped += made[1]
        return made[0]


def _text_table(frame: pd.DataFrame) -> tuple[pa.Table, int]:
    """The frame as a table of strings (ISO dates, true/false), formula-like cells escaped; and their count."""
    columns, escaped = {}, 0
    for name in frame.columns:
        series = frame[name]
        if name in _DATE_COLUMNS:
            array = _iso_text(series)
        elif series.dtype == bool:
            array = pc.if_else(pa.array(series.to_numpy()), "true", "false")
        elif pd.api.types.is_numeric_dtype(series.dtype):
            array = pc.cast(pa.array(series, from_pandas=True), pa.string())
        elif isinstance(series.dtype, pd.CategoricalDtype):
            text, n = (series, 0) if name in _DERIVED else escape_formulas(series)
            escaped += n
            array = _decoded(text)
        elif name in _DERIVED:
            array = pa.array(series.astype("str"), type=pa.large_string())
        else:
            text, n = escape_formulas(series)
            escaped += n
            array = pa.array(text, type=pa.large_string())
        array = array.cast(pa.large_string())
        columns[name] = pc.fill_null(array, "") if array.null_count else array
    return pa.table(columns), escaped


def _iso_text(dates: pd.Series) -> pa.Array:
    """ISO dates as text, null for NaT; each distinct day formatted once (a few thousand in a million rows)."""
    codes, days = pd.factorize(dates.to_numpy(dtype="datetime64[D]").view(np.int64))
    text = pc.cast(pa.array(days.astype("datetime64[D]")), pa.string())  # NaT's bit pattern reads as null
    return text.take(pa.array(codes))


def _decoded(series: pd.Series) -> pa.Array:
    """A categorical column as plain Arrow text (the writer takes no dictionaries); missing stays null."""
    categories = pa.array(np.asarray(series.cat.categories, dtype=object), type=pa.large_string())
    codes = series.cat.codes.to_numpy()
    return categories.take(pa.array(codes, mask=codes < 0))


def _categorical(name: str, column: pa.ChunkedArray, *, escaped: bool) -> pd.Categorical:
    """A dictionary-encoded column read back as ``name``'s categorical, from its distinct values alone (the
    leading ' of :func:`write_chronology` removed from them when ``escaped``)."""
    column = column.unify_dictionaries() if column.num_chunks > 1 else column
    if not column.num_chunks:
        return pd.Categorical([], dtype=category_dtype(name, np.array([], dtype=object)))
    dictionary = column.chunk(0).dictionary.cast(pa.large_string())
    values = pd.Series(_unescaped(dictionary) if escaped else dictionary, dtype="str").to_numpy(dtype=object)
    dtype = category_dtype(name, values)
    lookup = np.append(dtype.categories.get_indexer(pd.Index(values)), -1).astype(np.int32)  # last: missing
    indices = pa.chunked_array([chunk.indices for chunk in column.chunks]).combine_chunks()
    return pd.Categorical.from_codes(lookup[pc.fill_null(indices, -1).to_numpy()], dtype=dtype)


def _unescaped(column: pa.ChunkedArray | pa.Array) -> pd.Series:
    """A text column read back, with the leading ' that :func:`write_chronology` added removed (in Arrow)."""
    escaped = pc.starts_with(column, ESCAPE)
    if pc.any(escaped).as_py():
        column = pc.if_else(escaped, pc.utf8_slice_codeunits(column, 1), column)
    return pd.Series(column, dtype="str")


def _iso_dates(column: pa.ChunkedArray) -> pd.Series:
    """ISO dates as datetime64[s], blank as NaT; through Arrow, or pandas (which blanks what it cannot read)."""
    if pa.types.is_date(column.type):
        return pd.Series(column.to_numpy().astype("datetime64[s]"))
    try:
        days = pc.cast(pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column), pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        text = pd.Series(column, dtype="str")
        return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
    return pd.Series(days.to_numpy().astype("datetime64[s]"))


def write_chronology(chronology: Chronology | pd.DataFrame, out: Path | BinaryIO | None = None) -> int:
    """Write the chronology as UTF-8 CSV (every field quoted; ISO dates) to a path, a binary stream or stdout;
    or, to a path ending in .parquet, as Parquet with its types (dates as dates) and column order.

    Cells a spreadsheet would run (see :mod:`chronolane.files.formulas`) get a leading ' in CSV;
    :func:`read_chronology` removes it. Returns how many cells were escaped (none in Parquet).
    """
    frame = chronology.frame if isinstance(chronology, Chronology) else chronology
    if isinstance(out, Path) and is_parquet_name(out):
        _make_folder(out)
        with atomic_path(out) as tmp:
            write_parquet(frame, tmp)
        return 0
    batches = _TextBatches(frame)
    if out is None:
        sink = io.BytesIO()
        write_csv(batches, sink)
        sys.stdout.buffer.write(sink.getvalue())
        sys.stdout.flush()
    elif isinstance(out, Path):
        _make_folder(out)
        with atomic_path(out) as tmp:
            write_csv(batches, str(tmp))
    else:
        write_csv(batches, out)
    return batches.escaped


def _make_folder(out: Path) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise output_error(out, error) from error


def is_integrated(path: Path) -> bool:
    """Whether a file is an integrated chronology written by ``chronolane build`` (by its header or, for
    Parquet, its columns)."""
    if path.is_file() and _starts_parquet(path):
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(path).names
        except (pa.ArrowException, OSError):
            return False
        return tuple(names[: len(COLUMNS)]) == COLUMNS
    if not path.is_file() or path.suffix.lower() != ".csv":
        return False
    try:
        with path.open("rb") as handle:
            first = handle.readline(64 * 1024).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):  # not ours; building it gives the message that names the problem
        return False
    header = next(csv.reader(io.StringIO(first)), [])
    return tuple(header[: len(COLUMNS)]) == COLUMNS


def _starts_parquet(path: Path) -> bool:
    """Whether the file starts with Parquet's magic bytes."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False


def read_chronology(
    path: Path | str, *, case: Path | str | Case | None = None, cases: CaseDetails | None = None
) -> Chronology:
    """Read an integrated chronology written by ``chronolane build`` (CSV or Parquet) back with its types.

    ``case`` (a case folder, its case.toml, or a loaded Case) supplies what the rows cannot carry: subjects,
    review period, periods and lanes, for the rows of that case_id; ``cases`` (case details) the subjects and
    review periods of the cases of long-format data.
    """
    path = Path(path)
    if not is_integrated(path):
        raise SourceError(
            f"{path}: not an integrated chronology (its header does not start with {', '.join(COLUMNS[:3])}, ...). "
            "Build one with `chronolane build`."
        )
    if _starts_parquet(path):
        try:
            frame = with_categories(read_parquet_table(path))
        except (pa.ArrowException, OSError) as error:
            raise SourceError(
                f"{path}: an integrated chronology that cannot be read back ({type(error).__name__}): it was "
                "changed after `chronolane build` wrote it, or cut short. Build it again."
            ) from error
        return _with_cases(path, frame, case, cases)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(io.StringIO(handle.readline())))
    try:
        table = _read_csv(path, header, typed=True)
    except pa.ArrowInvalid:  # a date or source row edited into something else: read as text, converted below
        table = _read_csv(path, header, typed=False)
    # The leading ' is removed where write_chronology adds it: text that can come from a source file.
    columns: dict[str, pd.Series | pd.Categorical | np.ndarray] = {}
    for name in header:
        if name in CATEGORIES:
            columns[name] = _categorical(name, table[name], escaped=name not in _DERIVED)
        elif name in _DATE_COLUMNS:
            columns[name] = _iso_dates(table[name])
        elif name == Column.DATE_APPROX:
            approx = _categorical(name, table[name], escaped=False)
            columns[name] = np.asarray(approx.categories.str.lower() == "true")[approx.codes]
        elif name == Column.SOURCE_ROW:
            columns[name] = _source_rows(path, table[name])
        elif name in _DERIVED:
            columns[name] = pd.Series(table[name], dtype="str")
        else:
            columns[name] = _unescaped(table[name])
    frame = pd.DataFrame(columns, copy=False)
    return _with_cases(path, frame, case, cases)


#: How the CSV reader types the columns: categorical ones straight into Arrow dictionaries, the rest text.
_TEXT_TYPES = {name: pa.dictionary(pa.int32(), pa.large_string()) for name in (*CATEGORIES, Column.DATE_APPROX.value)}
#: The same with dates and source rows parsed by the reader ("" as a missing date).
_TYPED = {
    **_TEXT_TYPES,
    **{name.value: pa.date32() for name in _DATE_COLUMNS},
    Column.SOURCE_ROW.value: pa.int64(),
}


def _read_csv(path: Path, header: list[str], *, typed: bool) -> pa.Table:
    """The CSV as an Arrow table: every cell's text kept ("" and "NA" are text, never missing), categorical
    columns dictionary-encoded; when ``typed``, dates and source rows parsed too (ArrowInvalid if one is not)."""
    types = _TYPED if typed else _TEXT_TYPES
    try:
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: types.get(name, pa.large_string()) for name in header},
                null_values=[""],  # for the typed columns only: text columns never hold a missing value
                strings_can_be_null=False,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, OSError) as error:
        if typed and isinstance(error, pa.ArrowInvalid):
            raise
        raise SourceError(
            f"{path}: an integrated chronology that cannot be read back ({type(error).__name__}): it was changed "
            "after `chronolane build` wrote it, or cut short. Build it again."
        ) from error


def _source_rows(path: Path, column: pa.ChunkedArray) -> np.ndarray:
    """The source_row column as integers; an error naming the first line that holds no number."""
    try:
        numbers = column if pa.types.is_integer(column.type) else pc.cast(column, pa.int64())
        if not numbers.null_count:
            return numbers.to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    bad_rows = pd.to_numeric(column.to_pandas(), errors="coerce")
    line = int(np.flatnonzero(bad_rows.isna().to_numpy())[0]) + 2
    raise SourceError(f"{path}: row {line}: source_row is not a number. Rebuild the chronology.")


def _with_cases(
    path: Path, frame: pd.DataFrame, case: Path | str | Case | None, details: CaseDetails | None
) -> Chronology:
    """The chronology of rows read back, with ``case`` giving what the rows of its case_id cannot carry."""
    known = case if isinstance(case, Case) else load_case(case) if case is not None else None
    cases = {str(c): Case(case_id=str(c), root=path) for c in pd.unique(frame[Column.CASE_ID])}
    if known is not None:
        if known.case_id not in cases:
            raise CaseError(
                f"{path}: holds no rows of case '{known.case_id}' (it holds {', '.join(sorted(cases)) or 'none'}). "
                "Give the case folder the chronology was built from."
            )
        cases[known.case_id] = known
    notes: list[str] = []
    if details is not None:
        cases, notes = merge_case_details(cases, read_case_details(details))
    return Chronology(frame=frame, cases=cases, notes=tuple(notes))


def open_chronology(
    path: Path | str, *, case: Path | str | Case | None = None, cases: CaseDetails | None = None
) -> Chronology:
    """A chronology from whatever the user points at: an integrated CSV or Parquet is read (with ``case`` for
    its case.toml), anything else is built; ``cases`` gives case details for long-format data."""
    path = Path(path)
    if is_integrated(path):
        return read_chronology(path, case=case, cases=cases)
    if case is not None:
        raise CaseError(
            f"{path}: case_folder= is only for an integrated chronology CSV; a case folder already has its case.toml.",
            parameter="case_folder",
        )
    return build_chronology(path, cases=cases)
