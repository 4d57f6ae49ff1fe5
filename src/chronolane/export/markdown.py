"""Markdown export for drafts: a pipe table with every markdown-active character escaped."""

from __future__ import annotations

import re

import pandas as pd

from chronolane.chronology.numbering import event_numbers
from chronolane.dates.labels import date_labels
from chronolane.export.common import Prepared, map_unique, source_text
from chronolane.schema.columns import Column

#: The draft table's columns: heading -> column of the text frame.
COLUMNS: dict[str, str] = {
    "No.": "number",
    "Date": "date",
    "Agency": Column.AGENCY,
    "Subject": Column.SUBJECT,
    "Type": Column.EVENT_TYPE,
    "Event": Column.DESCRIPTION,
    "Source": "source",
    "Issues": Column.ISSUES,
}

#: Characters that start inline markup, links, autolinks, HTML, entities, maths or tables.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#+!|~&@:$^=])")
_WWW = re.compile(r"(?i)\b(www)\.")
LINE_BREAK = "<br>"


def escape_markdown(text: str) -> str:
    """Text safe inside a table cell: active characters backslash-escaped, line breaks as <br>."""
    escaped = _WWW.sub(r"\1\\.", _ACTIVE.sub(r"\\\1", text))
    return escaped.replace("\r\n", "\n").replace("\n", LINE_BREAK)


def unescape_markdown(cell: str) -> str:
    """The text of a cell written by ``escape_markdown`` (for reading drafts back)."""
    return re.sub(r"\\(.)", r"\1", cell.replace(LINE_BREAK, "\n"))


def to_markdown(prepared: Prepared) -> bytes:
    """The draft: a heading and one pipe table, as UTF-8 bytes."""
    dates = prepared.typed.assign(**{Column.DATE_TEXT.value: prepared.text[Column.DATE_TEXT]})
    text = prepared.text.assign(
        number=event_numbers(prepared.typed).astype("str"), date=date_labels(dates), source=source_text(prepared.text)
    )
    header = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "|".join("---" for _ in COLUMNS) + "|"
    rows = pd.Series("|", index=text.index, dtype="str")
    for column in COLUMNS.values():
        cells = map_unique(text[column], lambda t: (escape_markdown(t), 0))[0]
        rows = rows + " " + cells + " |"
    title = escape_markdown(prepared.title)
    body = "\n".join([f"# {title}", "", header, rule, *rows.tolist()])
    return (body + "\n").encode("utf-8")
