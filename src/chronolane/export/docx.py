"""DOCX export: a landscape A4 chronology table for a review report's appendix, written as WordprocessingML.

The package is written in one pass from whole columns (python-docx's per-cell API takes seconds per
thousand rows); python-docx is used only to read the result back in tests. The package holds only the
parts Word needs: no template leftovers (app.xml, thumbnail, customXml, theme) and neutral properties.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from chronolane.chronology.numbering import event_numbers
from chronolane.dates.labels import date_labels
from chronolane.export.common import Prepared, source_text
from chronolane.schema.columns import Column

#: The appendix columns and their widths in centimetres; they fill the 26.7 cm between A4 landscape margins.
COLUMNS_CM: dict[str, float] = {"No.": 1.2, "Date": 4.3, "Time": 1.4, "Agency": 3.6, "Event": 12.2, "Source": 4.0}
HEADERS = tuple(COLUMNS_CM)
LANGUAGE = "en-GB"
UNDATED_TITLE = "Events without a date, in the order of their source files"

_TWIPS_PER_CM = 1440 / 2.54
_PAGE_TWIPS = (16838, 11906)  # A4 landscape, width and height
_MARGIN_TWIPS = 850  # 1.5 cm
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def twips(cm: float) -> int:
    """Centimetres in twentieths of a point, Word's unit for widths."""
    return round(cm * _TWIPS_PER_CM)


def appendix_table(prepared: Prepared) -> pd.DataFrame:
    """The rows of the appendix table, as text: number, date for people, time, agency, event, source."""
    text = prepared.text
    dates = prepared.typed.assign(**{Column.DATE_TEXT.value: text[Column.DATE_TEXT], Column.ISSUES.value: ""})
    return pd.DataFrame(
        {
            "No.": event_numbers(prepared.typed).astype("str"),
            "Date": date_labels(dates),
            "Time": text[Column.TIME],
            "Agency": text[Column.AGENCY],
            "Event": text[Column.DESCRIPTION],
            "Source": source_text(text),
            Column.CASE_ID.value: text[Column.CASE_ID],
            "dated": prepared.typed[Column.DATE_START].notna().to_numpy(),
            "order": (text[Column.SOURCE_FILE] + "\x00" + text[Column.SOURCE_ROW].str.zfill(12)).to_numpy(),
        }
    )


def _runs(cells: pd.Series) -> pa.Array:
    """A column's text as runs' content: escaped, line breaks and tabs as Word's own elements."""
    text = pa.array(cells.astype("str").to_numpy(dtype=object), type=pa.large_string())
    for plain, markup in _MARKUP:
        text = pc.replace_substring(text, plain, markup)
    return text


#: Characters with a meaning in WordprocessingML, replaced in this order (ampersand first).
_MARKUP = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ("\t", '</w:t><w:tab/><w:t xml:space="preserve">'),
    ("\n", '</w:t><w:br/><w:t xml:space="preserve">'),
)


def _xml(markup: str) -> pa.Scalar:
    """Fixed markup repeated on every row, typed like the cells it is joined with."""
    return pa.scalar(markup, type=pa.large_string())


def _cell_open(width: int) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">'


_CELL_CLOSE = "</w:t></w:r></w:p></w:tc>"


def table_xml(rows: pd.DataFrame) -> str:
    """A table whose grid and cells agree on the column widths; rows never split, the header repeats."""
    widths = [twips(cm) for cm in COLUMNS_CM.values()]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr>'
        f"<w:t>{escape(name)}</w:t></w:r></w:p></w:tc>"
        for name, w in zip(HEADERS, widths, strict=True)
    )
    pieces: list[pa.Array | pa.Scalar] = [_xml("<w:tr><w:trPr><w:cantSplit/></w:trPr>")]
    for name, width in zip(HEADERS, widths, strict=True):
        pieces += [_xml(_cell_open(width)), _runs(rows[name]), _xml(_CELL_CLOSE)]
    pieces.append(_xml("</w:tr>"))
    body = pc.binary_join_element_wise(*pieces, _xml("")) if len(rows) else pa.array([], pa.large_string())
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" '
        'w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>" + "".join(body.to_pylist()) + "</w:tbl>"
    )


def caption_xml(number: int, text: str) -> str:
    """A caption "Table N: text" whose number is a SEQ field, so it renumbers when pasted into a report."""
    return (
        '<w:p><w:pPr><w:pStyle w:val="Caption"/><w:keepNext/></w:pPr>'
        '<w:r><w:t xml:space="preserve">Table </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> SEQ Table \\* ARABIC </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{number}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><w:t xml:space="preserve">: {escape(text)}</w:t></w:r></w:p>'
    )


def _document_xml(prepared: Prepared) -> str:
    table_rows = appendix_table(prepared)
    case_ids = list(pd.unique(table_rows[Column.CASE_ID])) or [""]
    parts: list[str] = []
    for case_id in case_ids:
        rows = table_rows[table_rows[Column.CASE_ID] == case_id] if len(table_rows) else table_rows
        title = _caption(prepared, case_id, len(case_ids))
        dated, undated = rows[rows["dated"]], rows[~rows["dated"]].sort_values("order", kind="stable")
        tables = [(f"Integrated chronology, {title}", dated)] if len(dated) or not len(undated) else []
        tables += [(f"{UNDATED_TITLE}, {title}", undated)] if len(undated) else []
        for caption, table in tables:
            parts += [caption_xml(len(parts) // 3 + 1, caption), table_xml(table), "<w:p/>"]
    page_w, page_h = _PAGE_TWIPS
    m = _MARGIN_TWIPS
    section = (
        f'<w:sectPr><w:pgSz w:w="{page_w}" w:h="{page_h}" w:orient="landscape"/>'
        f'<w:pgMar w:top="{m}" w:right="{m}" w:bottom="{m}" w:left="{m}" w:header="567" w:footer="567" '
        'w:gutter="0"/></w:sectPr>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_W}><w:body>'
        + "".join(parts)
        + section
        + "</w:body></w:document>"
    )


def _caption(prepared: Prepared, case_id: str, cases: int) -> str:
    """The title in a table's caption: the case's when there are several, else the chronology's."""
    return prepared.case_titles.get(case_id, case_id) if cases > 1 else prepared.title


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/>\
<w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/></w:rPr>\
</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>\
</w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr>\
<w:rPr><w:b/><w:sz w:val="20"/></w:rPr></w:style>\
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr>\
<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr>\
<w:tblBorders>{_BORDERS}</w:tblBorders></w:tblPr></w:style></w:styles>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {_W}><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>\
<w:themeFontLang w:val="{LANGUAGE}"/><w:compat><w:compatSetting w:name="compatibilityMode" \
w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/settings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
Target="docProps/core.xml"/></Relationships>"""

_DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>\
<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/></Relationships>"""


def _core_xml(title: str) -> str:
    """Neutral document properties: the title only; no author, dates, revision or generator."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:language>{LANGUAGE}</dc:language></cp:coreProperties>"
    )


def to_docx(prepared: Prepared) -> bytes:
    """The appendix document as bytes: per case, a captioned table of dated events in chronology order,
    then one of the events without a date in source order."""
    buffer = io.BytesIO()
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/core.xml": _core_xml(prepared.title),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": _document_xml(prepared),
        "word/styles.xml": _STYLES,
        "word/settings.xml": _SETTINGS,
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()
