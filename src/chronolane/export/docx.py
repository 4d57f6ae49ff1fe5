"""DOCX export: a landscape chronology table for a review report's appendix, with neutral metadata."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pandas as pd
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chronolane.export.common import Prepared, source_text
from chronolane.schema import Column

#: The appendix columns: date as written, agency, event, source.
HEADERS = ("Date", "Agency", "Event", "Source")
_WIDTHS_CM = (3.5, 3.5, 15.0, 4.5)


def appendix_table(prepared: Prepared) -> pd.DataFrame:
    """The rows of the appendix table, as text: date as written, agency, event, source."""
    text = prepared.text
    return pd.DataFrame(
        {
            "Date": text[Column.DATE_TEXT],
            "Agency": text[Column.AGENCY],
            "Event": text[Column.DESCRIPTION],
            "Source": source_text(text),
            Column.CASE_ID.value: text[Column.CASE_ID],
        }
    )


def _repeat_header(row: object) -> None:
    """Mark a table row as the header row Word repeats on every page."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _neutral_properties(document: docx.document.Document, title: str) -> None:
    """No user names, paths or generator notes in the document's properties."""
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.subject = ""
    props.title = title
    props.revision = 1
    today = dt.datetime.combine(dt.date.today(), dt.time())
    props.created = today
    props.modified = today


def to_docx(prepared: Prepared) -> bytes:
    """The appendix document as bytes: one captioned landscape table per case."""
    document = docx.Document()
    _neutral_properties(document, prepared.title)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)

    table_rows = appendix_table(prepared)
    case_ids = list(pd.unique(table_rows[Column.CASE_ID]))
    for number, case_id in enumerate(case_ids or [""], start=1):
        rows = table_rows[table_rows[Column.CASE_ID] == case_id] if case_ids else table_rows
        document.add_paragraph(
            f"Table {number}: Integrated chronology, {_caption(prepared, case_id, len(case_ids))}", style="Caption"
        )
        _add_table(document, rows[list(HEADERS)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _caption(prepared: Prepared, case_id: str, cases: int) -> str:
    """The title in a table's caption: the case's when there are several, else the chronology's."""
    return prepared.case_titles.get(case_id, case_id) if cases > 1 else prepared.title


def _add_table(document: docx.document.Document, rows: pd.DataFrame) -> None:
    table = document.add_table(rows=len(rows) + 1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    all_rows = list(table.rows)
    _repeat_header(all_rows[0])
    for cell, name, width in zip(all_rows[0].cells, HEADERS, _WIDTHS_CM, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].add_run(name).bold = True
    for row, values in zip(all_rows[1:], rows.itertuples(index=False), strict=True):
        for cell, value, width in zip(row.cells, values, _WIDTHS_CM, strict=True):
            cell.width = Cm(width)
            cell.text = value
