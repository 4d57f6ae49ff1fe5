"""Delimited text files (comma, semicolon, tab, pipe) read as faithful text, parsed by pyarrow."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from chronolane.errors import SourceError
from chronolane.ingest.encoding import decode_text, holds_controls, line_at, line_breaks
from chronolane.ingest.formats import check_size
from chronolane.ingest.source import (
    TEXT_DTYPE,
    SourceTable,
    count_note,
    empty_records,
    row_list,
    source_table,
    unique_headers,
)
from chronolane.schema.characters import CONTROL_CHARACTERS_RE
from chronolane.schema.columns import IssueCode
from chronolane.schema.limits import DEFAULT_LIMITS, Limits, raise_hint

#: Delimiters considered when the file does not name one on a ``sep=`` first line, in order of preference.
DELIMITERS = (",", ";", "\t", "|")
#: pyarrow parse block: a single record (or an unterminated quote) longer than this cannot be parsed.
BLOCK_BYTES = 16 * 1024**2
_SAMPLE_BYTES = 64 * 1024
_QUOTE = ord('"')
_CR, _LF = ord("\r"), ord("\n")

_SEP_LINE = re.compile(rb'"?sep=([^\r\n"])"?(\r\n|\r|\n|\Z)', re.IGNORECASE)
_BLANK_LINES = re.compile(rb"(?:\r\n|\r|\n)*")

#: A record with text after a quoted cell: its raw text, and (column, exact cell text) of each such cell.
Stray = tuple[str, tuple[tuple[int, str], ...]]
#: A record pyarrow rejected for its field count: (record number after the header, raw text, field count).
Invalid = tuple[int, str, int]


def read_text_source(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> SourceTable:
    """Read a delimited text file: every record, every cell as the exact text it holds."""
    check_size(path)
    body, encoding, notes = decode_text(path, path.read_bytes())

    pos, delimiter = 0, None
    if sep := _SEP_LINE.match(body):
        delimiter, pos = sep.group(1).decode(), sep.end()
        del sep  # a match keeps the whole text alive
        notes.append(f"first line 'sep={delimiter}' honoured (not read as the header)")
    after_blank = _BLANK_LINES.match(body, pos).end()  # type: ignore[union-attr]  # a starred pattern always matches
    leading_blank = line_breaks(body, pos, after_blank)
    pos = after_blank
    header_row = 1 + leading_blank
    if leading_blank:
        notes.append(f"{count_note(leading_blank, 'blank line')} before the header, so the header is row {header_row}")
    if pos == len(body):
        return _no_rows(path, (), encoding, delimiter or ",", leading_blank, notes)

    if delimiter is None:
        delimiter = _detect_delimiter(body, pos, notes)
    header_end, data_start = _record_end(path, body, pos, delimiter)
    headers = tuple(
        cell.replace("\r\n", "\n").replace("\r", "\n")
        for cell in next(csv.reader(io.StringIO(body[pos:header_end].decode(), newline=""), delimiter=delimiter))
    )
    if len(headers) > limits.columns:
        raise SourceError(
            f"{path}: the header row has {len(headers):,} columns, over the limit of {limits.columns:,}; check "
            f"that the delimiter {delimiter!r} is right and the first line is the header. "
            + raise_hint("columns", len(headers))
        )
    names, header_notes = unique_headers(headers)
    notes.extend(header_notes)
    if data_start >= len(body):
        return _no_rows(path, headers, encoding, delimiter, leading_blank, notes)

    has_cr = b"\r" in body
    has_controls = holds_controls(body)
    first_line = line_at(body, data_start)
    quoted = body.find(b'"', data_start) >= 0
    table, invalid = _parse(path, pa.py_buffer(body).slice(data_start), first_line, len(names), delimiter, quoted)
    _check_closed_quotes(path, body, data_start, table, invalid, delimiter)
    strays = _stray_quotes(body, data_start, delimiter) if not (has_cr and _has_lone_cr(body)) else {}
    del body  # the parsed table holds its own copy of the text

    blank = _blank_mask(table)
    numbers = _valid_row_numbers(table.num_rows, invalid)
    if blank.any():
        table = table.filter(pa.array(~blank))
    source_row = header_row + numbers[~blank]
    blank_rows = leading_blank + int(blank.sum())
    raw_record = None
    if invalid:
        bad, bad_rows, bad_raw, bad_blank = _malformed(invalid, len(names), delimiter)
        blank_rows += bad_blank
        table, source_row, raw_record = _merge(table, source_row, bad, header_row + bad_rows, bad_raw)
        if len(bad_rows):
            notes.append(
                f"{count_note(len(bad_rows), 'malformed record')} (wrong number of fields) kept with raw text "
                f"and flagged {IssueCode.MALFORMED_ROW.value}: rows {row_list(header_row + bad_rows)}"
            )
    malformed = raw_record != "" if raw_record is not None else np.zeros(table.num_rows, dtype=bool)
    stray = np.isin(source_row, header_row + np.fromiter(strays, dtype=np.int64, count=len(strays))) & ~malformed
    if stray.any():
        raw_record = np.full(table.num_rows, "", dtype=object) if raw_record is None else raw_record
        raw_record[stray] = [strays[int(r) - header_row][0] for r in source_row[stray]]
        notes.append(
            f'{count_note(int(stray.sum()), "record")} with text after a quoted cell ("quoted" trailing) kept '
            f"with raw text and flagged {IssueCode.STRAY_QUOTE.value}: rows {row_list(source_row[stray])}"
        )
    if blank_rows:
        notes.append(f"{count_note(blank_rows, 'blank row')} skipped")
    if has_cr:
        table = _normalise_line_breaks(table, notes)
    controls = np.zeros(table.num_rows, dtype=bool)
    if has_controls:
        for column in table.columns:
            controls |= pc.match_substring_regex(column, CONTROL_CHARACTERS_RE).to_numpy(zero_copy_only=False)
    records = _to_frame(table, names)
    del table
    for position in np.flatnonzero(stray):  # the cell keeps the characters the parser took away
        for column, cell in strays[int(source_row[position]) - header_row][1]:
            if column < len(names):
                records.iat[int(position), column] = cell
    if len(records) == 0:
        notes.append("no data rows")
    return source_table(
        path,
        records,
        source_row,
        {IssueCode.MALFORMED_ROW: malformed, IssueCode.STRAY_QUOTE: stray, IssueCode.CONTROL_CHARACTERS: controls},
        raw_record=raw_record,
        headers=headers,
        notes=notes,
        blank_rows=blank_rows,
        encoding=encoding,
        delimiter=delimiter,
    )


def _detect_delimiter(body: bytes, pos: int, notes: list[str]) -> str:
    """The delimiter among ``DELIMITERS`` whose field counts agree best over the first records."""
    chunk = body[pos : pos + _SAMPLE_BYTES]
    truncated = pos + _SAMPLE_BYTES < len(body)
    sample = codecs.getincrementaldecoder("utf-8")().decode(chunk, final=not truncated)
    best: tuple[float, int, int] | None = None
    chosen = DELIMITERS[0]
    for rank, delimiter in enumerate(DELIMITERS):
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(r)]
        except csv.Error:
            continue
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        agree = sum(len(r) == width for r in rows[1:]) / max(1, len(rows) - 1)
        score = (agree, width, -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    if best is None:
        notes.append("no delimiter (comma, semicolon, tab or |) in the header: read as a single column")
    return chosen


def _record_end(path: Path, body: bytes, start: int, delimiter: str) -> tuple[int, int]:
    """End of the record starting at ``start`` and start of the next one, honouring quoted line breaks."""
    i, n, field_start, sep = start, len(body), True, ord(delimiter)
    while i < n:
        c = body[i]
        if field_start and c == _QUOTE:
            j = i + 1
            while True:
                k = body.find(b'"', j)
                if k < 0:
                    raise _unterminated(path, body, i)
                if body[k + 1 : k + 2] == b'"':
                    j = k + 2
                    continue
                break
            i, field_start = k + 1, False
        elif c == sep:
            i, field_start = i + 1, True
        elif c in (_CR, _LF):
            return i, i + (2 if body[i : i + 2] == b"\r\n" else 1)
        else:
            i, field_start = i + 1, False
    return n, n


def _unterminated(path: Path, body: bytes, offset: int) -> SourceError:
    return SourceError(
        f'{path}: line {line_at(body, offset)}: a quoted cell starts here but its closing quote (") is '
        "missing, so the rest of the file would be read as one cell. Add the closing quote, or double a "
        'quote meant as text ("").'
    )


def _parse(
    path: Path, region: pa.Buffer, first_line: int, width: int, delimiter: str, quoted: bool = True
) -> tuple[pa.Table, list[Invalid]]:
    """Records with ``width`` fields as a string table, and the (row number, raw text, fields) of all others.

    A parallel parse serves well-formed files; it stops at the first rejected record, because only a
    serial parse numbers the records it rejects, and the file is parsed again that way. Without a quote
    (``quoted`` false) no cell can hold a line break, and the parser splits the text faster.
    """
    stopped: list[int] = []

    def stop(row: pa_csv.InvalidRow) -> str:
        stopped.append(row.actual_columns)
        return "error"

    try:
        return _read_strings(region, width, delimiter, use_threads=True, on_invalid=stop, quoted=quoted), []
    except pa.ArrowInvalid as exc:
        if not stopped:
            raise _parse_error(path, region, first_line, delimiter, exc) from exc
    invalid: list[Invalid] = []

    def keep(row: pa_csv.InvalidRow) -> str:
        invalid.append((row.number, row.text, row.actual_columns))
        return "skip"

    try:
        return _read_strings(region, width, delimiter, use_threads=False, on_invalid=keep, quoted=quoted), invalid
    except pa.ArrowInvalid as exc:
        raise _parse_error(path, region, first_line, delimiter, exc) from exc


def _parse_error(path: Path, region: pa.Buffer, first_line: int, delimiter: str, exc: pa.ArrowInvalid) -> SourceError:
    if "straddl" in str(exc):
        located = _locate_open_quote(path, region, first_line, delimiter)
        if located:
            return located
    return SourceError(
        f"{path}: cannot be parsed as delimited text: {exc}. A quoted cell may be missing its closing "
        f'quote ("), or a single record is larger than {BLOCK_BYTES // 1024**2} MB.'
    )


def _read_strings(
    data: pa.Buffer,
    width: int,
    delimiter: str,
    *,
    use_threads: bool = False,
    on_invalid: object = None,
    quoted: bool = True,
) -> pa.Table:
    """pyarrow's CSV parse of ``data`` into ``width`` string columns: no type inference, no nulls."""
    columns = [f"c{i}" for i in range(width)]
    return pa_csv.read_csv(
        data,
        read_options=pa_csv.ReadOptions(column_names=columns, use_threads=use_threads, block_size=BLOCK_BYTES),
        parse_options=pa_csv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=quoted,
            ignore_empty_lines=False,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _locate_open_quote(path: Path, region: pa.Buffer, first_line: int, delimiter: str) -> SourceError | None:
    """The error naming the line where an unclosed quote starts, found by a slower record-by-record scan."""
    data = region.to_pybytes()
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    line_before = 0
    old_limit = csv.field_size_limit(BLOCK_BYTES)
    try:
        for _ in reader:
            line_before = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc) and "field larger" not in str(exc):
            return None
        if "field larger" in str(exc) and not _opens_quoted_cell(data, line_before, delimiter):
            return SourceError(
                f"{path}: line {first_line + line_before}: a cell in the record starting here is longer than "
                f"{BLOCK_BYTES // 1024**2} MB, more than one record may hold. Check that line in the file; a "
                "chronology row is never that long."
            )
        return SourceError(
            f"{path}: line {first_line + line_before}: a quoted cell in the record starting here has no "
            'closing quote ("), so the rest of the file would be read as one cell. Add the closing quote, or '
            'double a quote meant as text ("").'
        )
    finally:
        csv.field_size_limit(old_limit)
    return None


def _opens_quoted_cell(data: bytes, lines_before: int, delimiter: str) -> bool:
    """Whether the record after ``lines_before`` lines starts a quoted cell within its first line."""
    start = 0
    for _ in range(lines_before):  # the records before parsed, so their lines are few enough to walk
        start = data.index(b"\n", start) + 1
    end = data.find(b"\n", start)
    line = data[start : end if end >= 0 else len(data)]
    return line.startswith(b'"') or f'{delimiter}"'.encode() in line


def _check_closed_quotes(
    path: Path, body: bytes, data_start: int, table: pa.Table, invalid: list[Invalid], delimiter: str
) -> None:
    """SourceError when the last record's last cell is a quoted cell left open until the end of the file."""
    last_invalid = max(invalid, default=None)
    if last_invalid is not None and last_invalid[0] == table.num_rows + len(invalid):
        cell = _fields([last_invalid], delimiter)[0][-1]
    elif table.num_rows:
        cell = table.column(table.num_columns - 1)[-1].as_py()
    else:
        return
    escaped = cell.replace('"', '""').encode()
    trimmed = len(body)
    while trimmed > data_start and body[trimmed - 1] in (_CR, _LF):  # the handler's text lacks the line end
        trimmed -= 1
    for end in (len(body), trimmed):
        start = end - len(escaped) - 1
        if (
            start >= data_start
            and body[start] == _QUOTE
            and body.startswith(escaped, start + 1, end)
            and (start == data_start or body[start - 1] in (ord(delimiter), _CR, _LF))
        ):
            raise _unterminated(path, body, start)


def _has_lone_cr(body: bytes) -> bool:
    return body.count(b"\r") != body.count(b"\r\n")


def _stray_quotes(body: bytes, data_start: int, delimiter: str) -> dict[int, Stray]:
    """Records (numbered from 1 after the header) where a quoted cell is followed by more text, as in
    ``"quoted" trailing``, which parsers silently turn into ``quoted trailing``: their raw text, and each
    such cell's column and exact text.

    Vectorised over the quote characters: quotes pair up in file order (an escaped quote is a doubled
    one), a pair opening at the start of a cell is a quoted cell, and a line break after an even number of
    quotes ends a record.
    """
    if body.find(b'"', data_start) < 0:
        return {}
    data = np.frombuffer(body, dtype=np.uint8)[data_start:]
    quotes = np.flatnonzero(data == _QUOTE)
    if len(quotes) < 2:
        return {}
    last = len(data) - 1
    ends_cell = np.frombuffer(f"{delimiter}\r\n".encode(), dtype=np.uint8)
    # Quotes alternate opening and closing; a doubled (escaped) quote is a closing one followed at once by an
    # opening one. A closing quote followed by text other than the end of the cell is a candidate.
    closing = quotes[1::2]
    next_char = data[np.minimum(closing + 1, last)]
    candidate = (closing < last) & (next_char != _QUOTE) & ~np.isin(next_char, ends_cell)
    pairs = []
    for k in (2 * np.flatnonzero(candidate) + 1).tolist():  # few in a sound file: only the candidates
        j = k - 1
        while j >= 2 and quotes[j] - quotes[j - 1] == 1:  # back over doubled quotes to the opening one
            j -= 2
        opener = int(quotes[j])
        if opener == 0 or data[opener - 1] in ends_cell:  # a quoted cell, not quotes inside plain text
            pairs.append((opener, int(quotes[k])))
    if not pairs:
        return {}
    breaks = np.flatnonzero(data == _LF)
    record_ends = breaks[np.searchsorted(quotes, breaks) % 2 == 0]
    delimiters = np.flatnonzero(data == ord(delimiter))
    outside = delimiters[np.searchsorted(quotes, delimiters) % 2 == 0]
    found: dict[int, Stray] = {}
    for opener, close in pairs:
        k = int(np.searchsorted(record_ends, opener))
        start = int(record_ends[k - 1]) + 1 if k else 0
        end = int(record_ends[k]) if k < len(record_ends) else len(data)
        after = np.flatnonzero(np.isin(data[close + 1 : end], ends_cell))
        cell_end = close + 1 + int(after[0]) if len(after) else end
        column = int(np.searchsorted(outside, opener) - np.searchsorted(outside, start))
        cell = bytes(data[opener:cell_end]).decode()
        raw, cells = found.get(k + 1, (bytes(data[start:end]).decode().removesuffix("\r"), ()))
        found[k + 1] = (raw.replace("\r\n", "\n"), (*cells, (column, cell)))
    return found


def _valid_row_numbers(n_valid: int, invalid: list[Invalid]) -> np.ndarray:
    """1-based record numbers (after the header) of the rows pyarrow accepted, in order."""
    total = n_valid + len(invalid)
    taken = np.zeros(total + 1, dtype=bool)
    taken[0] = True
    taken[[number for number, _, _ in invalid]] = True
    return np.flatnonzero(~taken).astype(np.int64)


def _fields(invalid: list[Invalid], delimiter: str) -> list[list[str]]:
    """The fields of each rejected record, parsed by pyarrow in batches of records of equal width."""
    fields: list[list[str]] = [[] for _ in invalid]
    by_width: dict[int, list[int]] = {}
    for i, (_, _, width) in enumerate(invalid):
        by_width.setdefault(width, []).append(i)
    for width, members in by_width.items():
        data = "\n".join(invalid[i][1] for i in members).encode()
        table = _read_strings(pa.py_buffer(data), width, delimiter)
        if table.num_rows != len(members):  # a text that is not one whole record on its own
            for i in members:
                reader = csv.reader(io.StringIO(invalid[i][1], newline=""), delimiter=delimiter)
                fields[i] = [field for row in reader for field in row]
            continue
        columns = [table.column(c).to_pylist() for c in range(width)]
        for row, i in enumerate(members):
            fields[i] = [column[row] for column in columns]
    return fields


def _malformed(invalid: list[Invalid], width: int, delimiter: str) -> tuple[pa.Table, np.ndarray, np.ndarray, int]:
    """Records with the wrong number of fields, their fields mapped onto the columns left to right."""
    rows, numbers, raws, blank = [], [], [], 0
    invalid = sorted(invalid)
    for (number, text, _), fields in zip(invalid, _fields(invalid, delimiter), strict=True):
        if not any(fields):
            blank += 1
            continue
        rows.append((fields + [""] * width)[:width])
        numbers.append(number)
        raws.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    columns = {f"c{i}": pa.array([row[i] for row in rows], pa.string()) for i in range(width)}
    return pa.table(columns), np.asarray(numbers, dtype=np.int64), np.asarray(raws, dtype=object), blank


def _merge(
    good: pa.Table, good_rows: np.ndarray, bad: pa.Table, bad_rows: np.ndarray, bad_raw: np.ndarray
) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """Well-formed and malformed records interleaved back into file order."""
    rows = np.concatenate([good_rows, bad_rows])
    raw = np.concatenate([np.full(good.num_rows, "", dtype=object), bad_raw])
    order = np.argsort(rows, kind="stable")
    both = pa.concat_tables([good, bad]).take(pa.array(order))
    return both, rows[order], raw[order]


def _blank_mask(table: pa.Table) -> np.ndarray:
    """True for records whose every cell is empty (blank lines, or delimiters only)."""
    lengths = pc.binary_length(table.column(0))
    for i in range(1, table.num_columns):
        lengths = pc.add(lengths, pc.binary_length(table.column(i)))
    return pc.equal(lengths, 0).to_numpy(zero_copy_only=False)


def _to_frame(table: pa.Table, names: list[str]) -> pd.DataFrame:
    frame = table.to_pandas(types_mapper={pa.string(): TEXT_DTYPE}.get)
    frame.columns = pd.Index(names, dtype=object)
    return frame


def _normalise_line_breaks(table: pa.Table, notes: list[str]) -> pa.Table:
    """CR and CRLF inside cells become LF, so that every exporter writes the same line break."""
    changed = False
    for i, column in enumerate(table.columns):
        if pc.any(pc.match_substring(column, "\r")).as_py():
            table = table.set_column(i, table.field(i), pc.replace_substring_regex(column, r"\r\n?", "\n"))
            changed = True
    if changed:
        notes.append("line breaks inside cells written as CR or CRLF normalised to LF")
    return table


def _no_rows(
    path: Path, headers: tuple[str, ...], encoding: str, delimiter: str, blank: int, notes: list[str]
) -> SourceTable:
    names, header_notes = unique_headers(headers)
    notes.extend(header_notes)
    if blank:
        notes.append(f"{count_note(blank, 'blank row')} skipped")
    notes.append("no data rows")
    empty = np.zeros(0, dtype=np.int64)
    return source_table(
        path,
        empty_records(names),
        empty,
        {},
        headers=headers,
        notes=notes,
        blank_rows=blank,
        encoding=encoding,
        delimiter=delimiter,
    )
