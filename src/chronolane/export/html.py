"""HTML export: one self-contained, escaped page with a strict Content-Security-Policy, filters and the chart."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pandas as pd

from chronolane.export.common import Prepared, map_unique, source_text
from chronolane.schema import Column

#: The table's columns: heading -> column of the text frame.
COLUMNS: dict[str, str] = {
    "Date": Column.DATE_TEXT,
    "Time": Column.TIME,
    "Agency": Column.AGENCY,
    "Subject": Column.SUBJECT,
    "Type": Column.EVENT_TYPE,
    "Event": Column.DESCRIPTION,
    "Source": "source",
    "Issues": Column.ISSUES,
}

BANDS = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#777777")

STYLE = (
    "body{font-family:system-ui,sans-serif;font-size:14px;margin:1.5em;color:#111}"
    "h1{font-size:1.4em}table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left;white-space:pre-wrap}"
    "th{background:#eee;position:sticky;top:0}fieldset{margin-bottom:1em}label{margin-right:1em}"
    "figure{margin:0 0 1em 0;overflow-x:auto}figure svg{max-width:100%;height:auto}"
    + "".join(f"tr.band-{i}>td:first-child{{border-left:6px solid {c}}}" for i, c in enumerate(BANDS))
)

SCRIPT = (
    "(function(){'use strict';"
    "var boxes=document.querySelectorAll('input[data-lane]');"
    "var rows=document.querySelectorAll('tbody tr[data-lane]');"
    "function update(){var on={};boxes.forEach(function(b){on[b.getAttribute('data-lane')]=b.checked;});"
    "var n=0;rows.forEach(function(r){var show=on[r.getAttribute('data-lane')]!==false;r.hidden=!show;"
    "if(show){n++;}});document.getElementById('shown').textContent=String(n);}"
    "boxes.forEach(function(b){b.addEventListener('change',update);});update();})();"
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


def _rows(prepared: Prepared) -> str:
    """The table body, built column-wise: every cell escaped, every attribute quoted."""
    text = prepared.text.assign(source=source_text(prepared.text))
    lane_of = {lane: i for i, lane in enumerate(prepared.lanes)}
    lane = text[Column.AGENCY].map(lane_of).fillna(0).astype(int)
    rows = '<tr data-lane="' + lane.astype("str") + '" class="band-' + (lane % len(BANDS)).astype("str") + '">'
    for column in COLUMNS.values():
        rows = rows + "<td>" + _escape(text[column]) + "</td>"
    return "\n".join((rows + "</tr>").tolist())


def _filters(prepared: Prepared) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-lane="{i}" checked> {html.escape(lane, quote=True)}</label>'
        for i, lane in enumerate(prepared.lanes)
    )
    return f"<fieldset><legend>Agencies shown</legend>{boxes}</fieldset>"


# ------------------------------------------------------------------------------------------- inline SVG

#: Presentation attributes that matplotlib writes inside style="..."; anything else is dropped.
_PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-opacity",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "text-anchor",
        "clip-path",
        "dominant-baseline",
        "visibility",
        "display",
    }
)
_FONTS = "'DejaVu Sans', Verdana, sans-serif"
_DROP = frozenset({"metadata", "style", "script", "title", "foreignObject"})
#: Elements replaced by their children: a link around a drawn shape must not take the shape with it.
_UNWRAP = frozenset({"a"})
_NS = re.compile(r"^\{[^}]*\}")


def _local(name: str) -> str:
    return _NS.sub("", name)


def _svg_attributes(element: ET.Element) -> dict[str, str]:
    """Attributes without namespaces, style declarations turned into presentation attributes (the CSP blocks
    style attributes), links kept only when they point inside the page."""
    attrs: dict[str, str] = {}
    for key, value in element.attrib.items():
        name = _local(key)
        if name == "style":
            for declaration in value.split(";"):
                prop, _, val = declaration.partition(":")
                prop, val = prop.strip(), val.strip()
                if prop == "font-family":
                    val = _FONTS
                if prop in _PRESENTATION and val:
                    attrs[prop] = val
        elif name == "href":
            if value.startswith("#"):
                attrs["href"] = value
        elif not name.startswith("on") and not name.startswith("xmlns"):
            attrs[name] = value
    return attrs


def _serialise(element: ET.Element, out: list[str]) -> None:
    tag = _local(element.tag)
    if tag in _DROP:
        return
    if tag in _UNWRAP:
        _serialise_content(element, out)
        return
    attrs = _svg_attributes(element)
    if tag == "svg":
        attrs.update({"stroke-linejoin": "round", "stroke-linecap": "butt", "role": "img"})
    out.append(f"<{tag}" + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()) + ">")
    _serialise_content(element, out)
    out.append(f"</{tag}>")


def _serialise_content(element: ET.Element, out: list[str]) -> None:
    """An element's text and children, escaped."""
    if element.text:
        out.append(html.escape(element.text, quote=True))
    for child in element:
        _serialise(child, out)
        if child.tail:
            out.append(html.escape(child.tail, quote=True))


def inline_svg(svg: str) -> str:
    """Matplotlib's SVG made fit to sit inside the page: no metadata, namespaces, style elements, scripts or
    external links; every text and attribute escaped again."""
    root = ET.fromstring(svg.encode("utf-8"))  # our own matplotlib output, not user input
    out: list[str] = []
    _serialise(root, out)
    return "".join(out)


def to_html(prepared: Prepared, charts: Sequence[str], notes: Sequence[str] = ()) -> bytes:
    """The page as UTF-8 bytes; ``charts`` are inline SVG fragments (already made safe by ``inline_svg``),
    ``notes`` plain texts shown above the table."""
    title = html.escape(prepared.title, quote=True)
    n = len(prepared.text)
    figures = "".join(f'<figure aria-label="Swimlane chart">{svg}</figure>' for svg in charts)
    figures += "".join(f"<p>{html.escape(note)}</p>" for note in notes)
    headings = "".join(f"<th>{html.escape(h)}</th>" for h in COLUMNS)
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style></head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p><span id="shown">{n}</span> of {n} events shown.</p>\n'
        f"{_filters(prepared)}\n{figures}\n"
        f"<table><thead><tr>{headings}</tr></thead>\n<tbody>\n{_rows(prepared)}\n</tbody></table>\n"
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )
    return page.encode("utf-8")
