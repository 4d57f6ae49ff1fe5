"""Word documents (.docx): every table read as text, continued tables joined, merged cells filled and flagged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table

from chronolane.errors import SourceError
from chronolane.ingest.fields import Field, field_of
from chronolane.ingest.formats import check_size, check_unpacked_size
from chronolane.ingest.grid import GridRow, choose_part, grid_table
from chronolane.ingest.header import find_header
from chronolane.ingest.source import SourceTable, count_note
from chronolane.schema.columns import IssueCode
from chronolane.schema.limits import DEFAULT_LIMITS, Limits

_P = qn("w:p")
_T = qn("w:t")
_BREAKS = (qn("w:br"), qn("w:cr"))
_TAB = qn("w:tab")
_TR, _TC, _TRPR, _TCPR = qn("w:tr"), qn("w:tc"), qn("w:trPr"), qn("w:tcPr")
_GRID_BEFORE, _GRID_SPAN, _VMERGE, _VAL = qn("w:gridBefore"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")


@dataclass
class _Part:
    """One table as the author sees it: a Word table and the tables that continue it (header repeated)."""

    name: str
    rows: list[GridRow]
    header: int  # index in rows of the header of the first Word table
    headers: list[str]
    repeated: list[int]  # row numbers of repeated header rows (and rows above them) in continuation tables
    joined: list[str]  # names of the Word tables that continue this one


def read_word_source(
    path: Path, *, sheet: str | None = None, header_row: int | None = None, limits: Limits = DEFAULT_LIMITS
) -> SourceTable:
    """Read the chronology table of a .docx document: ``sheet`` names it ("table 2") when there are several."""
    check_size(path)
    check_unpacked_size(path, limits.unpacked_bytes, "Word document")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise SourceError(
            f"{path}: cannot be read as a Word document ({type(exc).__name__}); open it in Word and save it again "
            "as .docx."
        ) from exc
    parts: list[_Part] = []
    for index, table in enumerate(document.tables, start=1):
        rows = _table_rows(table)
        if not rows:
            continue
        width = max(max(r.cells, default=0) for r in rows)
        texts = [r.texts(width) for r in rows]
        at = find_header(texts)
        if parts and _continues(parts[-1], texts[at], width):
            _append(parts[-1], rows, at, f"table {index}")
        else:
            parts.append(_Part(f"table {index}", rows, at, texts[at], [], []))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    notes = []
    if paragraphs:
        words = sum(len(p.split()) for p in paragraphs)
        notes.append(
            f"{count_note(len(paragraphs), 'paragraph')} of text outside the tables ({count_note(words, 'word')}), "
            "not read as records"
        )
    if not parts:
        notes.append("no tables in the document")
        return grid_table(path, "", [], notes, limits=limits)
    dated = [p.name for p in parts if {Field.DATE, Field.RECORDED} & {field_of(h) for h in p.headers}]
    name, chosen_notes = choose_part(
        path,
        [(p.name, "visible") for p in parts],
        sheet,
        kind="table",
        candidates=dated if dated else [p.name for p in parts],
    )
    part = next(p for p in parts if p.name == name)
    if part.joined:
        chosen_notes.append(
            f"{', '.join(part.joined)} {'continues' if len(part.joined) == 1 else 'continue'} {part.name} "
            "(the same header); rows are numbered on through them"
        )
    if part.repeated:
        chosen_notes.append(f"repeated header rows not read: {', '.join(str(n) for n in part.repeated)}")
    return grid_table(
        path, part.name, part.rows, notes + chosen_notes, header_row=header_row, skipped=part.repeated, limits=limits
    )


def _continues(part: _Part, header: list[str], width: int) -> bool:
    """Whether a table whose header row reads ``header`` continues ``part`` (its header repeated)."""
    return [h.strip() for h in header] == [h.strip() for h in part.headers][: len(header)] and width == len(
        part.headers
    )


def _append(part: _Part, rows: list[GridRow], at: int, name: str) -> None:
    """Add a continuation table's rows to ``part``, numbered on; its header row and rows above are not records."""
    offset = part.rows[-1].number
    for i, row in enumerate(rows):
        row.number += offset
        if i <= at:
            part.repeated.append(row.number)
    part.rows.extend(rows[at + 1 :])
    part.joined.append(name)


def _table_rows(table: Table) -> list[GridRow]:
    """The rows of a Word table holding anything, numbered from 1; merged cells give their text to every cell."""
    rows: list[GridRow] = []
    above: dict[int, str] = {}
    # lxml directly: python-docx's element properties cost several times the reading itself.
    for number, tr in enumerate(table._tbl.iterchildren(_TR), start=1):
        cells: dict[int, str] = {}
        merged = False
        before = _int_property(tr.find(_TRPR), _GRID_BEFORE, 0)
        col = 1 + before
        for tc in tr.iterchildren(_TC):
            properties = tc.find(_TCPR)
            span = _int_property(properties, _GRID_SPAN, 1)
            vmerge = properties.find(_VMERGE) if properties is not None else None
            vmerge_value = None if vmerge is None else vmerge.get(_VAL, "continue")
            if vmerge_value == "continue":
                text = above.get(col, "")
                merged = merged or bool(text)
            else:
                text = _cell_text(tc)
                merged = merged or (vmerge_value == "restart" and bool(text)) or (span > 1 and bool(text))
            for c in range(col, col + span):
                above[c] = text
                if text:
                    cells[c] = text
            col += span
        for c in [c for c in above if c >= col or c < 1 + before]:
            above.pop(c)
        if cells:
            rows.append(GridRow(number, cells, {IssueCode.MERGED_CELL} if merged else set()))
    return rows


def _int_property(properties: BaseOxmlElement | None, tag: str, default: int) -> int:
    """A whole-number property such as w:gridSpan of a tcPr/trPr element, or ``default``."""
    element = properties.find(tag) if properties is not None else None
    try:
        return int(element.get(_VAL)) if element is not None else default
    except (TypeError, ValueError):
        return default


def _cell_text(tc: BaseOxmlElement) -> str:
    """The text of a cell: its paragraphs joined by line breaks, as Word shows them."""
    paragraphs = []
    for p in tc.iter(_P):
        parts = []
        for element in p.iter(_T, _TAB, *_BREAKS):
            if element.tag == _T:
                parts.append(element.text or "")
            elif element.tag == _TAB:
                parts.append("\t")
            else:
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs).strip("\n") if any(paragraphs) else ""
