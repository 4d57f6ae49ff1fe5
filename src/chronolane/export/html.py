"""HTML export: one self-contained page with the interactive timeline and the table, under a strict
Content-Security-Policy (only this page's own script and style, by hash; nothing loads from anywhere)."""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import pandas as pd

from chronolane.export.common import map_unique
from chronolane.export.timeline import ATTENDANCE, marker_table, script_json
from chronolane.schema.columns import Column

#: The table's columns: heading -> (column of the table text, sort key of the page's script).
COLUMNS: dict[str, str] = {
    "No.": "number",
    "Date": Column.DATE_TEXT,
    "Time": Column.TIME,
    "Agency": Column.AGENCY,
    "Subject": Column.SUBJECT,
    "Type": Column.EVENT_TYPE,
    "Attendance": ATTENDANCE,
    "Event": Column.DESCRIPTION,
    "Source": "source",
    "Issues": Column.ISSUES,
}
_SORT_KEYS = {"number": "number", Column.DATE_TEXT: "date", Column.EVENT_TYPE: "type", "source": "source"}


def _asset(name: str) -> str:
    return resources.files("chronolane.export").joinpath(name).read_text(encoding="utf-8")


#: The page's script and style, inline; the CSP allows exactly these by their hashes.
SCRIPT = _asset("timeline.js")
STYLE = _asset("timeline.css") + "".join(
    f"tr.t-{t['key']}>td:first-child{{border-left-color:{t['colour']}}}" for t in marker_table()
)


def csp_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


#: Nothing may load; only this page's own script and style may run.
CSP = (
    f"default-src 'none'; script-src {csp_hash(SCRIPT)}; style-src {csp_hash(STYLE)}; "
    "base-uri 'none'; form-action 'none'"
)


def _escape(series: pd.Series) -> pd.Series:
    return map_unique(series, lambda t: (html.escape(t, quote=True), 0))[0]


def _columns(table: pd.DataFrame) -> dict[str, str]:
    """The table's columns; Attendance only when the chronology has one (frames made before it was added)."""
    return {h: c for h, c in COLUMNS.items() if c != ATTENDANCE or ATTENDANCE in table.columns}


def _rows(table: pd.DataFrame, types: pd.Series) -> str:
    """The table body, built column-wise: every cell escaped, every attribute quoted."""
    position = pd.Series(range(len(table)), index=table.index).astype("str")
    rows = (
        '<tr data-i="'
        + position
        + '" class="t-'
        + _escape(types)
        + '" tabindex="0" data-source="'
        + _escape(table["source"])
        + '">'
    )
    for column in _columns(table).values():
        rows = rows + "<td>" + _escape(table[column]) + "</td>"
    return "\n".join((rows + "</tr>").tolist())


def _checkboxes(group: str, legend: str, items: Sequence[tuple[str, str]]) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-group="{group}" value="{html.escape(value, quote=True)}" checked> '
        f"{html.escape(text)}</label>"
        for value, text in items
    )
    buttons = (
        f'<button type="button" data-group="{group}" data-all="true">All</button> '
        f'<button type="button" data-group="{group}" data-all="false">None</button>'
    )
    return f"<fieldset><legend>{html.escape(legend)}</legend>{buttons}<br>{boxes}</fieldset>"


def _filters(data: Mapping[str, Any]) -> str:
    events = data["events"]
    types = data["types"]
    used_types = sorted(set(events["type"]))
    subjects = sorted(set(events["subject"]))
    return (
        '<div class="controls filters" role="group" aria-label="Filters">'
        + _checkboxes("lane", "Agencies", [(str(i), name) for i, name in enumerate(data["lanes"])])
        + _checkboxes("type", "Event types", [(str(i), types[i]["label"]) for i in used_types])
        + _checkboxes("subject", "Subjects", [(s, s or "(none)") for s in subjects])
        + '<fieldset><legend><label for="search">Search the text</label></legend>'
        '<input id="search" type="search" size="24"></fieldset></div>'
    )


def _legend(data: Mapping[str, Any]) -> str:
    """One legend for the markers: the printed chart's shapes and colours, for the types in the case."""
    items = []
    for i in sorted(set(data["events"]["type"])):
        t = data["types"][i]
        edged = t["hollow"] or t["line"]
        fill = "#FFFFFF" if t["hollow"] else "none" if t["line"] else t["colour"]
        stroke = t["colour"] if edged else "#FFFFFF"
        items.append(
            f'<span><svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true"><path d="{t["path"]}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.4"></path></svg> {html.escape(t["label"])}</span>'
        )
    extra = (
        '<span><svg width="22" height="12" aria-hidden="true"><rect x="1" y="2" width="20" height="8" '
        'fill="#999999" fill-opacity="0.3"></rect></svg> vague date: its possible dates</span>'
        '<span><svg width="22" height="12" aria-hidden="true"><rect x="1" y="1" width="20" height="10" '
        'fill="url(#gap-certain)" stroke="#7F7F7F"></rect></svg> gap in contact over '
        f"{html.escape(data['threshold'])}</span>"
        '<span><svg width="22" height="12" aria-hidden="true"><rect x="1" y="1" width="20" height="10" '
        'fill="url(#gap-possible)" stroke="#7F7F7F" stroke-dasharray="3 2"></rect></svg> possible gap</span>'
        '<span><svg width="12" height="14" aria-hidden="true"><line x1="6" x2="6" y1="0" y2="14" stroke="#404040">'
        "</line></svg> key date</span>"
    )
    return f'<div class="legend" aria-label="Legend">{"".join(items)}{extra}</div>'


_DEFS = (
    '<defs><pattern id="gap-certain" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#FFF4C2"></rect>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#B0A070" stroke-width="1"></line></pattern>'
    '<pattern id="gap-possible" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<rect width="5" height="5" fill="#FFFBEA"></rect><circle cx="2.5" cy="2.5" r="0.7" fill="#B0A070"></circle>'
    "</pattern></defs>"
)


def _timeline(data: Mapping[str, Any]) -> str:
    return (
        '<div class="zoom" role="toolbar" aria-label="Timeline view">'
        '<button type="button" id="zoom-in" aria-label="Zoom in">+</button>'
        '<button type="button" id="zoom-out" aria-label="Zoom out">\u2212</button>'
        '<button type="button" id="pan-left" aria-label="Earlier">\u2190</button>'
        '<button type="button" id="pan-right" aria-label="Later">\u2192</button>'
        '<button type="button" id="fit">Fit all</button>'
        '<label>From <input type="date" id="from"></label> <label>to <input type="date" id="to"></label>'
        '<span id="view-state" aria-live="polite"></span></div>'
        '<div id="timeline" tabindex="0" role="group" aria-roledescription="timeline" '
        'aria-label="Swimlane timeline. Plus and minus zoom, arrow keys move earlier or later, 0 fits all; '
        'Tab reaches the events, arrow keys move between them, Enter shows the event in the table.">'
        f'<svg tabindex="-1">{_DEFS}</svg>'
        '<div id="tip" role="tooltip" hidden></div></div>' + _legend(data)
    )


def _spacer(name: str, span: int) -> str:
    """A row group standing for the table rows not near the screen (the page's script sets its height)."""
    return f'<tbody id="{name}" class="spacer" aria-hidden="true"><tr><td colspan="{span}"></td></tr></tbody>'


def to_html(table: pd.DataFrame, data: Mapping[str, Any], notes: Sequence[str] = (), timeline: bool = True) -> bytes:
    """The page as UTF-8 bytes: ``table`` the reader's table (timeline.table_text), ``data`` what the script
    draws (timeline.timeline_data), ``notes`` plain texts shown above the table."""
    title = html.escape(data["title"], quote=True)
    n = len(table)
    columns = _columns(table)
    headings = "".join(
        f'<th scope="col" data-key="{_SORT_KEYS.get(c, c)}"><button type="button">{html.escape(h)}</button></th>'
        for h, c in columns.items()
    )
    cols = "".join(f'<col class="c-{c}">' for c in columns.values())
    types = pd.Series([data["types"][i]["key"] for i in data["events"]["type"]], index=table.index, dtype="str")
    body = _timeline(data) if timeline else ""
    notes_html = "".join(f"<p>{html.escape(note)}</p>" for note in notes)
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style></head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p id="status" role="status" aria-live="polite"><span id="shown">{n}</span> of {n} events shown.</p>\n'
        f'<p id="filter-state"></p><p id="selection" class="sr" aria-live="polite"></p>\n'
        f"{_filters(data)}\n{body}\n{notes_html}\n"
        f'<table aria-label="Integrated chronology"><colgroup>{cols}</colgroup><thead><tr>{headings}</tr></thead>\n'
        f'{_spacer("rows-above", len(columns))}<tbody id="rows"></tbody>{_spacer("rows-below", len(columns))}</table>\n'
        f'<template id="row-source">\n{_rows(table, types)}\n</template>\n'
        "<noscript><p>The table and the timeline are drawn by the page's own script, which this viewer does not "
        "run: open the file in a current web browser, or use the DOCX or XLSX export.</p></noscript>\n"
        f'<script type="application/json" id="chronolane-data">{script_json(data)}</script>\n'
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
    return page.encode("utf-8")
