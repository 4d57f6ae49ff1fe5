"""Excel workbooks (.xlsx) read as faithful text: saved values, dates as ISO text, hidden rows flagged."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from chronolane.errors import SourceError
from chronolane.ingest.formats import check_size
from chronolane.ingest.table import (
    TEXT_DTYPE,
    SourceTable,
    control_character_mask,
    count_note,
    empty_records,
    make_meta,
    record_issues,
    row_list,
    unique_headers,
)
from chronolane.limits import DEFAULT_LIMITS, Limits, raise_hint
from chronolane.schema import IssueCode

#: A workbook whose parts would unpack to more than this is refused by default (zip bomb guard).
MAX_UNCOMPRESSED_BYTES = DEFAULT_LIMITS.unpacked_bytes

_NO_VALUE = "formula-without-value"  # data type given to formula cells that have no saved value
_TRUE_ATTR = ("1", "true")


@dataclass(frozen=True)
class _Sheet:
    """A sheet as the workbook lists it."""

    name: str
    state: str  # visible, hidden or veryHidden
    part: str  # its XML part in the package
    chart: bool


class _Reader(ExcelReader):
    """openpyxl's package reader, listing the sheets without opening them.

    openpyxl's read-only mode parses each whole sheet up front when its XML lacks a <dimension> element
    (as files written by openpyxl itself do); here only the chosen sheet is parsed, once.
    """

    sheets: list[_Sheet]

    def read_worksheets(self) -> None:
        self.sheets = [
            _Sheet(sheet.name, sheet.state or "visible", rel.target, "chartsheet" in rel.Type)
            for sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files
        ]


class _Parser(WorkSheetParser):
    """openpyxl's streaming sheet parser, reading saved values and marking formulas saved without one."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["data_type"] = _NO_VALUE
        return cell


def read_workbook_source(path: Path, *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> SourceTable:
    """Read one sheet of an .xlsx workbook: every row under the header, every cell as text.

    The sheet's size is measured from the cells that hold something, never from its declared dimension.
    """
    check_size(path)
    if not openpyxl.DEFUSEDXML:
        raise SourceError(
            f"{path}: workbooks are only read with defusedxml's protection against XML attacks; install "
            "defusedxml (pip install defusedxml) and unset OPENPYXL_DEFUSEDXML."
        )
    _check_unpacked_size(path, limits.unpacked_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions: not ours to show
            reader = _Reader(path, read_only=True, data_only=True)
            reader.read()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as exc:
        raise SourceError(
            f"{path}: cannot be read as an .xlsx workbook ({exc}); open it in Excel and save it again."
        ) from exc
    try:
        chosen, notes = _choose_sheet(path, reader.sheets, sheet)
        workbook = reader.wb
        with reader.archive.open(chosen.part) as source:
            parser = _Parser(
                source,
                reader.shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            rows = _row_texts(parser.parse())
    finally:
        reader.archive.close()
    return _table(path, chosen.name, rows, parser, notes, limits)


def _check_unpacked_size(path: Path, limit: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SourceError(f"{path}: the .xlsx file is damaged ({exc}); open it in Excel and save it again.") from exc
    if total > limit:
        raise SourceError(
            f"{path}: the workbook would unpack to {total:,} bytes, over the {limit:,}-byte "
            "limit (a damaged or malicious file, or simply too large); save the sheet as CSV and use that. "
            + raise_hint("unpacked_bytes", total)
        )


def _choose_sheet(path: Path, sheets: list[_Sheet], sheet: str | None) -> tuple[_Sheet, list[str]]:
    """The sheet to read: the one named, or the only one; SourceError listing the sheets otherwise."""
    worksheets = {s.name: s for s in sheets if not s.chart}
    listing = ", ".join(f"{s.name!r}" + ("" if s.state == "visible" else f" ({s.state})") for s in sheets)
    if sheet is None:
        if len(worksheets) != 1:
            first = next(iter(worksheets), "Sheet1")
            raise SourceError(
                f"{path}: the workbook has {len(sheets)} sheets ({listing}); say which one holds the chronology "
                f'with sheet = "{first}" for this source in case.toml.'
            )
        sheet = next(iter(worksheets))
    elif sheet not in worksheets:
        raise SourceError(
            f"{path}: there is no sheet named {sheet!r}; the workbook has {listing}. "
            'Correct sheet = "..." for this source in case.toml.'
        )
    chosen = worksheets[sheet]
    notes = [f"sheet {sheet!r} read"]
    others = [s.name for s in sheets if s.name != sheet]
    if others:
        notes.append(f"other sheets not read: {', '.join(repr(o) for o in others)}")
    if chosen.state != "visible":
        notes.append(f"sheet {sheet!r} is {chosen.state} in the workbook")
    return chosen, notes


#: A sheet row with content: (row number, column -> text, columns holding a formula without saved value).
_RowText = tuple[int, dict[int, str], set[int]]


def _row_texts(rows: Iterable[tuple[int, list[dict[str, Any]]]]) -> list[_RowText]:
    """The rows that hold anything, as text, consumed as the parser streams them."""
    texts: list[_RowText] = []
    for number, cells in rows:
        row = {c["column"]: _text(c["value"]) for c in cells if c["value"] is not None}
        no_value = {c["column"] for c in cells if c["data_type"] == _NO_VALUE}
        row.update(dict.fromkeys(no_value, ""))
        if no_value or any(row.values()):
            texts.append((number, row, no_value))
    return texts


def _table(path: Path, sheet: str, texts: list[_RowText], parser: Any, notes: list[str], limits: Limits) -> SourceTable:
    """The SourceTable of a sheet's rows: header = first row with content, records = the rows below."""
    if not texts:
        notes.append("no data rows")
        return _source(path, sheet, empty_records(()), np.zeros(0, np.int64), {}, (), 0, notes)

    widths = [
        max((col for col, text in row.items() if text or col in no_value), default=0) for _, row, no_value in texts
    ]
    width = max(widths)
    if width > limits.columns:
        far = texts[widths.index(width)][0]
        raise SourceError(
            f"{path}: sheet {sheet!r} has a cell in column {get_column_letter(width)} (row {far}), so it is "
            f"{width:,} columns wide, over the limit of {limits.columns:,}. Delete stray cells far to the right "
            "of the table in Excel and save again. " + raise_hint("columns", width)
        )
    header_number, header_cells, _ = texts[0]
    headers = tuple(header_cells.get(col, "") for col in range(1, width + 1))
    names, header_notes = unique_headers(headers)
    notes.extend(header_notes)
    body = texts[1:]
    records = (
        pd.DataFrame(
            [[row.get(col, "") for col in range(1, width + 1)] for _, row, _ in body],
            columns=pd.Index(names, dtype=object),
            dtype=TEXT_DTYPE,
        )
        if body
        else empty_records(names)
    )
    source_row = np.array([number for number, _, _ in body], dtype=np.int64)
    # Rows are counted by their numbers, each once: a machine-made file can repeat or reorder them.
    numbers, counts = np.unique(source_row, return_counts=True)
    below = numbers[numbers > header_number]
    last = int(below[-1]) if len(below) else header_number
    blank_rows = (header_number - 1) + (last - header_number - len(below))
    if blank_rows:
        notes.append(f"{count_note(blank_rows, 'blank row')} skipped")
    if (counts > 1).any() or len(below) < len(numbers):
        odd = np.union1d(numbers[counts > 1], numbers[numbers <= header_number])
        notes.append(
            f"row numbers repeated or out of order in the workbook (a damaged or machine-made file): rows "
            f"{row_list(odd)}; every record kept in file order"
        )

    hidden_rows = {int(r) for r, attrs in parser.row_dimensions.items() if attrs.get("hidden") in _TRUE_ATTR}
    flags = {
        IssueCode.FORMULA_WITHOUT_VALUE: np.array([bool(no_value) for _, _, no_value in body], dtype=bool),
        IssueCode.HIDDEN_ROW: np.isin(source_row, list(hidden_rows)),
    }
    if header_number in hidden_rows:
        notes.append(f"the header row {header_number} is hidden")
    hidden_columns = [letter for letter, attrs in parser.column_dimensions.items() if attrs.get("hidden") in _TRUE_ATTR]
    if hidden_columns:
        notes.append(f"hidden columns kept: {', '.join(hidden_columns)}")
    for code, what in (
        (IssueCode.FORMULA_WITHOUT_VALUE, "with a formula cell that has no saved value (read as empty)"),
        (IssueCode.HIDDEN_ROW, "in hidden rows, kept"),
    ):
        if flags[code].any():
            notes.append(
                f"{count_note(int(flags[code].sum()), 'record')} {what}, flagged {code.value}: rows "
                f"{row_list(source_row[flags[code]])}"
            )
    if not body:
        notes.append("no data rows")
    return _source(path, sheet, records, source_row, flags, headers, blank_rows, notes)


def _source(
    path: Path,
    sheet: str,
    records: pd.DataFrame,
    source_row: np.ndarray,
    flags: dict[IssueCode, np.ndarray],
    headers: tuple[str, ...],
    blank_rows: int,
    notes: list[str],
) -> SourceTable:
    controls = control_character_mask(records)
    if controls.any():
        notes.append(
            f"{count_note(int(controls.sum()), 'record')} with control characters, flagged "
            f"{IssueCode.CONTROL_CHARACTERS.value}: rows {row_list(source_row[controls])}"
        )
    issues = record_issues(len(records), {**flags, IssueCode.CONTROL_CHARACTERS: controls})
    return SourceTable(
        path=path,
        records=records,
        meta=make_meta(source_row, None, issues),
        headers=headers,
        encoding=None,
        delimiter=None,
        sheet=sheet,
        blank_rows=blank_rows,
        notes=tuple(notes),
    )


def _text(value: Any) -> str:
    """A cell value as the text Excel shows for it, dates as ISO 8601."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_clock(value.time())}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock(value)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


def _number(value: float) -> str:
    """A float as Excel's General format shows it: 15 significant digits, no float noise, no trailing .0."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = format(value, ".15g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{exponent[0]}{exponent[1:].lstrip('0').zfill(2)}"
    return text


def _clock(value: dt.time) -> str:
    """ "14:30", or "14:30:15" when the seconds are not zero."""
    if value.second or value.microsecond:
        return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    return value.strftime("%H:%M")
