"""XLSX export: the chronology, issues, gaps and follow-ups sheets, every text cell a typed string (never a formula)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from chronolane.errors import UsageError
from chronolane.export.common import Prepared
from chronolane.schema import ISSUE_SEPARATOR, ISSUES, Column, IssueCode, Precision

#: Excel's limits.
MAX_CELL = 32_767
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

#: The column added before date_text holding the date as a real Excel date when it is an exact day.
EXACT_DATE = "exact_date"
LONG_TEXT_SHEET = "Long text"

#: Light tints of the Okabe-Ito colours, one band per agency lane (cycled).
BANDS = ("#FBE3B3", "#D3ECFA", "#C2EBDF", "#FBF7C6", "#BFDDF0", "#F5CDB3", "#F1D6E6", "#E6E6E6")

_OPTIONS = {
    "in_memory": True,  # no temporary files in the system temp folder
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
}
_WIDE = {Column.DESCRIPTION: 60, Column.TYPE_TEXT: 24, Column.ISSUES: 30}
_DATE_FORMAT = "dd/mm/yyyy"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Excel's cell limit (characters beyond U+FFFF count twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_utf16(text: str, limit: int) -> list[str]:
    """The text in consecutive parts of at most ``limit`` UTF-16 units, never splitting a character."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    ends = np.cumsum(1 + (codes > 0xFFFF))  # UTF-16 units up to and including each character
    parts, start, used = [], 0, 0
    while start < len(text):
        stop = int(np.searchsorted(ends, used + limit, side="right"))
        parts.append(text[start:stop])
        used = int(ends[stop - 1])
        start = stop
    return parts


@dataclass
class _Cells:
    """Formats by (band, kind), created once, and the over-long cells split into the long-text sheet."""

    book: Any
    cache: dict[tuple[int | None, str], Format] = field(default_factory=dict)
    long: list[tuple[str, str, str, int, str]] = field(default_factory=list)

    def fmt(self, band: int | None, kind: str) -> Format:
        key = (band, kind)
        if key not in self.cache:
            props: dict[str, Any] = {"valign": "top"}
            if band is not None:
                props["bg_color"] = BANDS[band % len(BANDS)]
            if kind == "wrap":
                props["text_wrap"] = True
            elif kind == "date":
                props["num_format"] = _DATE_FORMAT
            elif kind == "header":
                props.update(bold=True, bottom=1, text_wrap=True)
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]

    def text(self, sheet: Worksheet, row: int, col: int, value: str, fmt: Format, where: tuple[str, str, str]) -> None:
        """Write a typed string; text over Excel's cell limit goes whole to the long-text sheet, in parts."""
        if len(value) > MAX_CELL // 2 and utf16_len(value) > MAX_CELL:
            note = f" [{len(value)} characters: the full text is in sheet '{LONG_TEXT_SHEET}']"
            parts = split_utf16(value, MAX_CELL)
            self.long += [(*where, n, part) for n, part in enumerate(parts, start=1)]
            value = split_utf16(value, MAX_CELL - len(note))[0] + note
        sheet.write_string(row, col, value, fmt)


def _check_size(rows: int, columns: int, sheet: str) -> None:
    if rows + 1 > MAX_ROWS or columns > MAX_COLUMNS:
        raise UsageError(
            f"The {sheet} sheet would need {rows + 1} rows and {columns} columns; Excel holds at most "
            f"{MAX_ROWS} rows and {MAX_COLUMNS} columns. Export to CSV instead."
        )


def _widths(sheet: Worksheet, headers: list[str], text: pd.DataFrame | None = None) -> None:
    for i, name in enumerate(headers):
        width = _WIDE.get(name)  # type: ignore[call-overload]
        if width is None:
            longest = 0
            if text is not None and name in text and len(text):
                longest = int(text[name].str.len().max())
            width = int(min(40, max(10, len(name) + 2, longest + 2)))
        sheet.set_column(i, i, width)


def _header(sheet: Worksheet, cells: _Cells, headers: list[str], rows: int) -> None:
    for i, name in enumerate(headers):
        cells.text(sheet, 0, i, name, cells.fmt(None, "header"), ("", "header", str(i + 1)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, max(len(headers) - 1, 0))


def _datetimes(series: pd.Series) -> list[Any]:
    """Python datetimes (None for NaT) for write_datetime."""
    values = pd.to_datetime(series).dt.to_pydatetime()
    return [None if pd.isna(v) else v for v in values]


def _chronology_sheet(book: Any, cells: _Cells, prepared: Prepared) -> None:
    text, typed = prepared.text, prepared.typed
    sheet = book.add_worksheet("Chronology")
    columns = list(text.columns)
    at = columns.index(Column.DATE_TEXT) if Column.DATE_TEXT in columns else 0
    headers = [*columns[:at], EXACT_DATE, *columns[at:]]
    _check_size(len(text), len(headers), "chronology")
    _header(sheet, cells, headers, len(text))
    _widths(sheet, headers, text)
    sheet.set_column(at, at, 12)

    exact = typed[Column.DATE_PRECISION].eq(Precision.DAY) & typed[Column.DATE_START].eq(typed[Column.DATE_END])
    dates = {
        Column.DATE_START.value: _datetimes(typed[Column.DATE_START]),
        Column.DATE_END.value: _datetimes(typed[Column.DATE_END]),
        EXACT_DATE: _datetimes(typed[Column.DATE_START].where(exact.to_numpy())),
    }
    lane_of = {lane: i for i, lane in enumerate(prepared.lanes)}
    bands = text[Column.AGENCY].map(lane_of).fillna(0).astype(int).tolist()
    event_ids = text[Column.EVENT_ID].tolist()
    rows = np.arange(1, len(text) + 1).tolist()
    for col, name in enumerate(headers):
        writer = _column_writer(sheet, cells, name, dates, typed)
        values = dates[name] if name in dates else text[name].tolist()
        for row, value, band, event in zip(rows, values, bands, event_ids, strict=True):
            writer(row, col, value, band, event)


def _column_writer(
    sheet: Worksheet, cells: _Cells, name: str, dates: dict[str, list[Any]], typed: pd.DataFrame
) -> Callable[[int, int, Any, int, str], None]:
    """How cells of one column are written: a real date, a number, a boolean or a typed string."""
    if name in dates:

        def write_date(row: int, col: int, value: Any, band: int, event: str) -> None:
            if value is None:
                sheet.write_blank(row, col, None, cells.fmt(band, "date"))
            else:
                sheet.write_datetime(row, col, value, cells.fmt(band, "date"))

        return write_date
    if name == Column.SOURCE_ROW and pd.api.types.is_integer_dtype(typed[name]):

        def write_number(row: int, col: int, value: Any, band: int, event: str) -> None:
            sheet.write_number(row, col, int(value), cells.fmt(band, "plain"))

        return write_number
    kind = "wrap" if name == Column.DESCRIPTION else "plain"

    def write_text(row: int, col: int, value: Any, band: int, event: str) -> None:
        cells.text(sheet, row, col, value, cells.fmt(band, kind), ("Chronology", event, name))

    return write_text


def issues_table(prepared: Prepared) -> pd.DataFrame:
    """One row per (event, issue code): where it is, the code, its detail, severity and meaning."""
    text = prepared.text
    keep = [Column.EVENT_ID, Column.CASE_ID, Column.AGENCY, Column.DATE_TEXT, Column.SOURCE_FILE, Column.SOURCE_ROW]
    flagged = text.loc[text[Column.ISSUES] != "", [*keep, Column.ISSUES]]
    long = flagged.assign(issue=flagged[Column.ISSUES].str.split(ISSUE_SEPARATOR)).explode("issue")
    long = long[long["issue"].astype("str") != ""]
    parts = long["issue"].astype("str").str.partition(":").reindex(columns=[0, 1, 2])  # no columns when empty
    code = parts[0].astype("str")
    known = {c.value: ISSUES[c] for c in IssueCode}
    columns = {c.value: long[c] for c in keep}
    columns[Column.SOURCE_ROW.value] = pd.to_numeric(long[Column.SOURCE_ROW], errors="coerce")
    return pd.DataFrame(
        {
            **columns,
            "code": code,
            "detail": parts[2].astype("str"),
            "severity": code.map(lambda c: known[c].severity.value if c in known else "").astype("str"),
            "meaning": code.map(lambda c: known[c].meaning if c in known else "").astype("str"),
        }
    ).reset_index(drop=True)


def _table_sheet(book: Any, cells: _Cells, name: str, table: pd.DataFrame, label: Callable[[str], str]) -> None:
    """A plain sheet of a table: dates as real dates, numbers as numbers, text pseudonymised and typed."""
    sheet = book.add_worksheet(name)
    headers = [str(c) for c in table.columns]
    _check_size(len(table), len(headers), name)
    _header(sheet, cells, headers, len(table))
    _widths(sheet, headers)
    for col, column in enumerate(headers):
        series = table[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            fmt = cells.fmt(None, "date")
            for row, value in enumerate(_datetimes(series), start=1):
                if value is not None:
                    sheet.write_datetime(row, col, value, fmt)
        elif pd.api.types.is_bool_dtype(series):
            for row, value in enumerate(series.tolist(), start=1):
                sheet.write_boolean(row, col, bool(value))
        elif pd.api.types.is_numeric_dtype(series):
            for row, value in enumerate(series.tolist(), start=1):
                if pd.notna(value):
                    sheet.write_number(row, col, value)
        else:
            fmt = cells.fmt(None, "plain")
            for row, value in enumerate(series.fillna("").astype("str").tolist(), start=1):
                cells.text(sheet, row, col, label(value), fmt, (name, str(row), column))


def to_xlsx(prepared: Prepared, gaps: pd.DataFrame | None, follow_ups: pd.DataFrame | None = None) -> tuple[bytes, int]:
    """The workbook as bytes, and the number of cells too long for Excel (kept whole in the long-text sheet)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    book.set_properties({"title": prepared.title, "author": "", "company": "", "comments": ""})
    cells = _Cells(book)
    _chronology_sheet(book, cells, prepared)
    _table_sheet(book, cells, "Issues", issues_table(prepared), str)  # already pseudonymised
    if gaps is not None:
        _table_sheet(book, cells, "Gaps", gaps, prepared.label)
    if follow_ups is not None:
        _table_sheet(book, cells, "Follow-ups", follow_ups, prepared.label)
    if cells.long:
        long = pd.DataFrame(cells.long, columns=["sheet", "event_id or row", "column", "part", "text"])
        sheet = book.add_worksheet(LONG_TEXT_SHEET)
        _header(sheet, cells, list(long.columns), len(long))
        _widths(sheet, list(long.columns))
        plain = cells.fmt(None, "plain")
        for row, values in enumerate(long.itertuples(index=False), start=1):
            for col, value in enumerate(values):
                if isinstance(value, int):
                    sheet.write_number(row, col, value, plain)
                else:
                    sheet.write_string(row, col, value, plain)
    book.close()
    over_long = len({(s, e, c) for s, e, c, _, _ in cells.long})
    return buffer.getvalue(), over_long
