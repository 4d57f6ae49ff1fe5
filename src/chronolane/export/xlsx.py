"""XLSX export: the chronology, issues, gaps and follow-ups sheets, every text cell a typed string (never a formula)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from chronolane.chronology.numbering import event_numbers
from chronolane.dates.labels import date_labels
from chronolane.errors import UsageError
from chronolane.export.common import Prepared
from chronolane.schema.columns import ISSUE_SEPARATOR, ISSUES, Column, IssueCode, Precision

#: Excel's limits.
MAX_CELL = 32_767
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

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
            elif kind == "centre":
                props["align"] = "center"
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


#: Columns of the integrated chronology shown to readers, under these headings.
LABELS: dict[str, str] = {
    Column.DATE_TEXT.value: "Date as written",
    Column.TIME.value: "Time",
    Column.AGENCY.value: "Agency",
    "attendance": "Attendance",
    Column.DESCRIPTION.value: "Description",
    Column.SOURCE_FILE.value: "Source file",
    Column.SOURCE_ROW.value: "Source row",
    Column.ISSUES.value: "Issues",
}
NUMBER, DATE, PERSON, EVENT = "No.", "Date", "Person", "Event"
#: The chronology sheet in reading order; every other column follows, grouped and collapsed.
READING = (NUMBER, "Date as written", DATE, "Time", "Agency", PERSON, EVENT, "Attendance", "Description")
AFTER_DESCRIPTION = ("Source file", "Source row", "Issues")
_READING_WIDTHS = {
    NUMBER: 5,
    "Date as written": 18,
    DATE: 13,
    "Time": 7,
    "Agency": 18,
    PERSON: 14,
    EVENT: 20,
    "Source file": 22,
}
_LINE_HEIGHT = 15.0  # points per wrapped line at the default 11 pt
_MAX_ROW_HEIGHT = 409.0  # Excel's limit


def slug_label(slug: str) -> str:
    """A code as words: "hospital-admission" -> "Hospital admission"."""
    return slug.replace("-", " ").capitalize()


def _labels(series: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    """``fn`` applied once per distinct value of a text column."""
    codes, uniques = pd.factorize(series.astype("str"), use_na_sentinel=False)
    return pd.Series(pd.Index([fn(u) for u in uniques], dtype="str")[codes], index=series.index, dtype="str")


def reading_frame(prepared: Prepared, subjects: Mapping[str, str]) -> pd.DataFrame:
    """The chronology as the panel reads it: number, dates, time, agency, person, event, description, source,
    then every other column under its own name. Date is a real date for an exact day, else the normalised
    wording ("Sep–Nov 2018"); both are text in this frame, the typed values stay in ``prepared.typed``."""
    text, typed = prepared.text, prepared.typed
    dates = typed.assign(**{Column.DATE_TEXT.value: "", Column.ISSUES.value: typed[Column.ISSUES]})
    type_words = _labels(text[Column.EVENT_TYPE], slug_label)
    columns: dict[str, pd.Series] = {
        NUMBER: event_numbers(typed).astype("str"),
        "Date as written": text[Column.DATE_TEXT],
        DATE: date_labels(dates),
        PERSON: _labels(text[Column.SUBJECT], lambda s: subjects.get(s, s)),
        EVENT: text[Column.TYPE_TEXT].where(text[Column.TYPE_TEXT] != "", type_words),
    }
    for name, label in LABELS.items():
        if name in text:
            columns[label] = text[name]
    ordered = [c for c in (*READING, *AFTER_DESCRIPTION) if c in columns]
    technical = [c for c in text.columns if c not in LABELS]
    return pd.DataFrame({**{c: columns[c] for c in ordered}, **{c: text[c] for c in technical}})


def _row_heights(frame: pd.DataFrame, widths: Mapping[str, int]) -> np.ndarray:
    """Row heights in points fitting the longest wrapped cell of each row (approximately: one line per
    column width of characters, plus each line break)."""
    lines = np.ones(len(frame))
    for name, width in widths.items():
        if name in frame:
            cells = frame[name]
            lines = np.maximum(lines, np.ceil(cells.str.len().to_numpy() / width) + cells.str.count("\n").to_numpy())
    return np.minimum(lines * _LINE_HEIGHT, _MAX_ROW_HEIGHT)


def _print_setup(sheet: Worksheet, rows: int, columns: int) -> None:
    """A4 landscape, fitted to the page width, the header row repeated on every printed page."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_area(0, 0, max(rows, 1), max(columns - 1, 0))


def _write_column(
    sheet: Worksheet, cells: _Cells, col: int, name: str, values: pd.Series, formats: list[Format], event_ids: list
) -> None:
    """Write one text column as typed strings; only cells near Excel's limit take the slow, checked path."""
    long = values.str.len().to_numpy() > MAX_CELL // 2
    write = sheet.write_string
    for row, (value, fmt) in enumerate(zip(values.tolist(), formats, strict=True), start=1):
        write(row, col, value, fmt)
    for i in np.flatnonzero(long).tolist():
        cells.text(sheet, i + 1, col, values.iloc[i], formats[i], ("Chronology", event_ids[i], name))


def _chronology_sheet(book: Any, cells: _Cells, prepared: Prepared, subjects: Mapping[str, str]) -> None:
    text, typed = prepared.text, prepared.typed
    frame = reading_frame(prepared, subjects)
    sheet = book.add_worksheet("Chronology")
    headers = list(frame.columns)
    _check_size(len(frame), len(headers), "chronology")
    _header(sheet, cells, headers, len(frame))
    technical = headers.index(AFTER_DESCRIPTION[-1]) + 1 if AFTER_DESCRIPTION[-1] in headers else len(headers)
    for i, name in enumerate(headers):
        width = _READING_WIDTHS.get(name) or _WIDE.get(LABELS_BACK.get(name, name)) or 12  # type: ignore[call-overload]
        options = {"level": 1, "hidden": True} if i >= technical else {}
        sheet.set_column(i, i, width, None, options)
    if technical < len(headers):
        sheet.set_column(len(headers), len(headers), None, None, {"collapsed": True})
    described = headers.index("Description") if "Description" in headers else 0
    sheet.freeze_panes(1, described)
    _print_setup(sheet, len(frame), technical)
    sheet.outline_settings(True, False, True, False)

    wrapped = {"Description": _WIDE[Column.DESCRIPTION], "Date as written": 18, EVENT: 20}
    for row, height in enumerate(_row_heights(frame, wrapped).tolist(), start=1):
        sheet.set_row(row, height)

    lane_of = {lane: i for i, lane in enumerate(prepared.lanes)}
    bands = text[Column.AGENCY].map(lane_of).fillna(0).astype(int).to_numpy()
    kinds = ("plain", "wrap", "date", "centre")
    band_formats = {kind: [cells.fmt(b, kind) for b in range(len(BANDS))] for kind in kinds}
    by_row = {kind: [fmts[b % len(BANDS)] for b in bands.tolist()] for kind, fmts in band_formats.items()}
    event_ids = text[Column.EVENT_ID].tolist()
    exact = typed[Column.DATE_PRECISION].eq(Precision.DAY) & typed[Column.DATE_START].eq(typed[Column.DATE_END])
    exact = exact.fillna(False).to_numpy(dtype=bool).tolist()
    for col, name in enumerate(headers):
        column = LABELS_BACK.get(name, name)
        if name == NUMBER:
            _write_each(sheet.write_number, col, event_numbers(typed).tolist(), by_row["centre"])
        elif name == DATE:
            days = _datetimes(typed[Column.DATE_START])
            values = [day if is_exact else label for day, label, is_exact in zip(days, frame[DATE], exact, strict=True)]
            formats = [
                d if is_exact else w for d, w, is_exact in zip(by_row["date"], by_row["wrap"], exact, strict=True)
            ]
            _write_each(sheet.write, col, values, formats)
        elif column in (Column.DATE_START, Column.DATE_END):
            _write_each(sheet.write, col, _datetimes(typed[column]), by_row["date"])
        elif column == Column.SOURCE_ROW and pd.api.types.is_integer_dtype(typed[column]):
            _write_each(sheet.write_number, col, typed[column].tolist(), by_row["plain"])
        elif column in typed and pd.api.types.is_bool_dtype(typed[column]):
            _write_each(sheet.write_boolean, col, typed[column].tolist(), by_row["plain"])
        else:
            kind = "wrap" if name in wrapped else "plain"
            _write_column(sheet, cells, col, column, frame[name], by_row[kind], event_ids)


def _write_each(write: Callable[..., Any], col: int, values: list[Any], formats: list[Format]) -> None:
    """One column, row by row from the second: ``write`` is a typed Worksheet method (None writes a blank)."""
    for row, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
        write(row, col, value, fmt)


#: Heading -> the chronology column it shows.
LABELS_BACK = {label: name for name, label in LABELS.items()}


def _event_words(prepared: Prepared) -> pd.Series:
    """Each event for a cross-reference, indexed by event_id: "No. 3, March 2018 (Mar 2018), GP: text"."""
    text, typed = prepared.text, prepared.typed
    dates = typed.assign(**{Column.DATE_TEXT.value: text[Column.DATE_TEXT]})
    words = (
        "No. "
        + event_numbers(typed).astype("str")
        + ", "
        + date_labels(dates)
        + ", "
        + text[Column.AGENCY]
        + ": "
        + text[Column.DESCRIPTION]
    )
    return pd.Series(words.to_numpy(), index=text[Column.EVENT_ID].to_numpy(), dtype="str")


def issues_table(prepared: Prepared) -> pd.DataFrame:
    """One row per (event, issue code): the event's number, date, agency and description, the issue, its
    detail (an event id as its number), severity and meaning, the source; then the ids."""
    text, typed = prepared.text, prepared.typed
    dates = typed.assign(**{Column.DATE_TEXT.value: text[Column.DATE_TEXT]})
    shown = pd.DataFrame(
        {
            NUMBER: event_numbers(typed).to_numpy(),
            DATE: date_labels(dates).to_numpy(),
            "Agency": text[Column.AGENCY].to_numpy(),
            "Description": text[Column.DESCRIPTION].to_numpy(),
            Column.ISSUES.value: text[Column.ISSUES].to_numpy(),
            "Source file": text[Column.SOURCE_FILE].to_numpy(),
            "Source row": pd.to_numeric(typed[Column.SOURCE_ROW], errors="coerce").to_numpy(),
            Column.EVENT_ID.value: text[Column.EVENT_ID].to_numpy(),
            Column.CASE_ID.value: text[Column.CASE_ID].to_numpy(),
        }
    )
    flagged = shown[shown[Column.ISSUES] != ""]
    long = flagged.assign(issue=flagged[Column.ISSUES].str.split(ISSUE_SEPARATOR)).explode("issue")
    long = long[long["issue"].astype("str") != ""]
    parts = long["issue"].astype("str").str.partition(":").reindex(columns=[0, 1, 2])  # no columns when empty
    code = parts[0].astype("str")
    detail = parts[2].astype("str")
    number_of = pd.Series(shown[NUMBER].to_numpy(), index=shown[Column.EVENT_ID].to_numpy())
    number_of = number_of[~number_of.index.duplicated()]
    refers = detail.map(number_of)
    known = {c.value: ISSUES[c] for c in IssueCode}
    return pd.DataFrame(
        {
            NUMBER: long[NUMBER],
            DATE: long[DATE],
            "Agency": long["Agency"],
            "Description": long["Description"],
            "Issue": _labels(code, slug_label),
            "Detail": detail.where(refers.isna(), "No. " + refers.astype("Int64").astype("str")).astype("str"),
            "Severity": code.map(lambda c: known[c].severity.value if c in known else "").astype("str"),
            "Meaning": code.map(lambda c: known[c].meaning if c in known else "").astype("str"),
            "Source file": long["Source file"],
            "Source row": long["Source row"],
            Column.EVENT_ID.value: long[Column.EVENT_ID],
            Column.CASE_ID.value: long[Column.CASE_ID],
            "code": code,
            "detail": detail,
        }
    ).reset_index(drop=True)


def gaps_table(prepared: Prepared, gaps: pd.DataFrame, subjects: Mapping[str, str]) -> pd.DataFrame:
    """The contact gaps as a panel reads them: agency, person, when, how long, and the events on either
    side in words; then the ids."""
    words = _event_words(prepared)
    words = words[~words.index.duplicated()]

    def event(ids: pd.Series) -> pd.Series:
        return ids.astype("str").map(words).fillna("").astype("str")

    def label(values: pd.Series) -> pd.Series:
        return _labels(values.fillna(""), lambda v: prepared.label(subjects.get(v, v)))

    return pd.DataFrame(
        {
            "Agency": label(gaps["lane"]),
            PERSON: label(gaps["subject"]),
            "Gap from": gaps["gap_start"],
            "Gap to": gaps["gap_end"],
            "Shortest (days)": gaps["gap_min_days"],
            "Longest (days)": gaps["gap_max_days"],
            "Exceeds threshold": _labels(gaps["exceeds"], slug_label),
            "Last event before": event(gaps["from_event_id"]),
            "First event after": event(gaps["to_event_id"]),
            "Undated contacts": gaps["undated_contacts"],
            **{c: label(gaps[c]) for c in gaps.columns if gaps[c].dtype.kind in "OTU" or gaps[c].dtype == "str"},
        }
    )


def _table_sheet(book: Any, cells: _Cells, name: str, table: pd.DataFrame, technical: int) -> None:
    """A sheet of a table: dates as real dates, numbers as numbers, text typed; columns from ``technical``
    on grouped and collapsed; frozen header, printed A4 landscape."""
    sheet = book.add_worksheet(name)
    headers = [str(c) for c in table.columns]
    _check_size(len(table), len(headers), name)
    _header(sheet, cells, headers, len(table))
    wrap, top = cells.fmt(None, "wrap"), cells.fmt(None, "plain")
    sheet.set_row(0, 2 * _LINE_HEIGHT)  # headers wrap onto two lines
    wide = [c for c in ("Description", "Meaning", "Last event before", "First event after") if c in headers]
    for row, height in enumerate(_row_heights(table[wide].astype("str"), dict.fromkeys(wide, 60)), start=1):
        sheet.set_row(row, height)
    for i, column in enumerate(headers):
        width = 60 if column in wide else 14
        options = {"level": 1, "hidden": True} if i >= technical else {}
        sheet.set_column(i, i, width, wrap if width == 60 else None, options)
    if technical < len(headers):
        sheet.set_column(len(headers), len(headers), None, None, {"collapsed": True})
    _print_setup(sheet, len(table), min(technical, len(headers)))
    for col, column in enumerate(headers):
        series = table[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            fmt = cells.fmt(None, "date")
            for row, value in enumerate(_datetimes(series), start=1):
                if value is not None:
                    sheet.write_datetime(row, col, value, fmt)
        elif pd.api.types.is_bool_dtype(series):
            for row, value in enumerate(series.tolist(), start=1):
                sheet.write_boolean(row, col, bool(value), top)
        elif pd.api.types.is_numeric_dtype(series):
            for row, value in enumerate(series.tolist(), start=1):
                if pd.notna(value):
                    sheet.write_number(row, col, value, top)
        else:
            fmt = wrap if col < technical else cells.fmt(None, "plain")
            for row, value in enumerate(series.fillna("").astype("str").tolist(), start=1):
                cells.text(sheet, row, col, value, fmt, (name, str(row), column))


def to_xlsx(
    prepared: Prepared,
    gaps: pd.DataFrame | None,
    subjects: Mapping[str, str] | None = None,
    follow_ups: pd.DataFrame | None = None,
) -> tuple[bytes, int]:
    """The workbook as bytes, and the number of cells too long for Excel (kept whole in the long-text sheet).

    ``subjects`` maps subject ids to the names shown (already pseudonymised); ``follow_ups`` adds a
    Follow-ups sheet (``chronolane.follow_ups.find.find_follow_ups``)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    book.set_properties({"title": prepared.title, "author": "", "company": "", "comments": ""})
    cells = _Cells(book)
    subjects = subjects or {}
    _chronology_sheet(book, cells, prepared, subjects)
    _table_sheet(book, cells, "Issues", issues_table(prepared), technical=10)
    if gaps is not None:
        _table_sheet(book, cells, "Gaps", gaps_table(prepared, gaps, subjects), technical=10)
    if follow_ups is not None:
        _table_sheet(book, cells, "Follow-ups", follow_ups, technical=len(follow_ups.columns))
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
