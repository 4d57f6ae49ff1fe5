"""Tests for chronolane.export: every format read back intact, safe against the data, pseudonymised, atomic."""

from __future__ import annotations

import csv
import getpass
import html.parser
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn
from openpyxl.utils import get_column_letter

from chronolane.case.model import Case, Subject
from chronolane.case.pseudonyms import Pseudonymiser
from chronolane.dates.labels import date_labels
from chronolane.errors import OutputError, UsageError
from chronolane.export import ExportFormat
from chronolane.export.common import mark_controls, prepare
from chronolane.export.docx import HEADERS as DOCX_HEADERS
from chronolane.export.docx import appendix_table
from chronolane.export.html import COLUMNS as HTML_COLUMNS
from chronolane.export.html import CSP, SCRIPT, STYLE, csp_hash
from chronolane.export.markdown import COLUMNS as MD_COLUMNS
from chronolane.export.markdown import unescape_markdown
from chronolane.export.xlsx import LABELS as XLSX_LABELS
from chronolane.export.xlsx import LONG_TEXT_SHEET, MAX_CELL
from chronolane.schema.columns import COLUMNS, Column
from chronolane.workflows import export_chronology

#: An absolute or protocol-relative URL anywhere in a page.
EXTERNAL_URL = re.compile(r"(?i)(?:https?|ftp|file|data):|(?:^|[\s\"'=(])//")

PSEUDONYMS = {"Jane Smith": "Ms X", "Frank Smith": "Child F"}

#: Descriptions that attack or trip up exporters, each on its own row.
NASTY = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "\tstarts with a tab",
    "\nstarts with a line break",
    "＝full-width equals",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "http://evil.example/page and www.example.org",
    "pipes | and *stars* and _under_ and `code` and [link](x) and \\ backslash",
    "NUL\x00 and BEL\x07 and ESC\x1b and CR\r here",
    "Jane Smith's visit; jane met Frank and JS",
    "multi\nline\ttext",
    "",
    "NA",
    "0123",
    "café ☕ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 مرحبا",
]


def make_frame(descriptions: list[str] | None = None, *, case_id: str = "case-1") -> pd.DataFrame:
    """A chronology frame following the column contract, one row per description."""
    texts = NASTY if descriptions is None else descriptions
    n = len(texts)
    agencies = ["Police", "GP", "Health visiting"]
    day = pd.to_datetime([f"2018-03-{i % 28 + 1:02d}" for i in range(n)]).astype("datetime64[s]")
    vague = np.arange(n) % 4 == 3  # every fourth row is a month, not a day
    end = day.where(~vague, pd.Timestamp("2018-03-31"))
    start = day.where(~vague, pd.Timestamp("2018-03-01"))
    frame = pd.DataFrame(
        {
            Column.EVENT_ID: [f"ev{i:04d}" for i in range(n)],
            Column.CASE_ID: case_id,
            Column.AGENCY: [agencies[i % 3] for i in range(n)],
            Column.SUBJECT: ["Jane Smith" if i % 2 else "child-f" for i in range(n)],
            Column.DATE_TEXT: np.where(vague, "March 2018", [f"{i % 28 + 1}/03/2018" for i in range(n)]),
            Column.DATE_START: start,
            Column.DATE_END: end,
            Column.DATE_PRECISION: np.where(vague, "month", "day"),
            Column.DATE_APPROX: False,
            Column.TIME: "",
            Column.EDTF: "2018-03",
            Column.RECORDED_START: pd.Series(pd.NaT, index=range(n), dtype="datetime64[s]"),
            Column.RECORDED_END: pd.Series(pd.NaT, index=range(n), dtype="datetime64[s]"),
            Column.EVENT_TYPE: "home-visit",
            Column.TYPE_TEXT: "Home visit",
            Column.ATTENDANCE: "unknown",
            Column.MODE: "face-to-face",
            Column.DESCRIPTION: texts,
            Column.SOURCE_FILE: "police.csv",
            Column.SOURCE_ROW: np.arange(2, n + 2, dtype=np.int64),
            Column.ISSUES: ["undated;possible-duplicate:ev0001" if i % 5 == 1 else "" for i in range(n)],
        }
    )
    frame["Practitioner"] = "PC Jones"
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame


def expected_text(frame: pd.DataFrame, pseudonyms: dict[str, str] | None = None) -> pd.DataFrame:
    """What every format must carry: the text cells after pseudonyms and control markers."""
    cases = {str(c): Case(case_id=str(c)) for c in frame[Column.CASE_ID].unique()}
    return prepare(frame, cases, Pseudonymiser(pseudonyms or {})).text


# ------------------------------------------------------------------------------------------ read back


def read_csv_cells(path: Path) -> list[list[str]]:
    csv.field_size_limit(2**31 - 1)  # descriptions can exceed the csv module's default 128 kB field limit
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


class TableParser(html.parser.HTMLParser):
    """The text of every table row's cell, row by row, and every tag with its attributes. The page keeps its
    rows in a template that its script draws from (only the rows near the screen are in the table)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "template":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "template":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse_html(path: Path) -> TableParser:
    parser = TableParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def split_markdown_row(line: str) -> list[str]:
    """Cells of a pipe-table row, honouring backslash escapes."""
    cells, cell, i = [], [], 1
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            cell.append(line[i : i + 2])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cell)[1:-1])  # drop the single space on each side
            cell = []
        else:
            cell.append(ch)
        i += 1
    return [unescape_markdown(c) for c in cells]


# ---------------------------------------------------------------------------------------------- tests


class TestCsv:
    def test_read_back_identical_apart_from_counted_escapes(self, tmp_path: Path) -> None:
        """Every cell reads back as written; cells starting with a formula trigger gain a ' and are counted."""
        frame = make_frame()
        report = export_chronology(frame, tmp_path / "out.csv")
        rows = read_csv_cells(report.path)
        expected = expected_text(frame)
        assert rows[0] == list(expected.columns)
        escaped = 0
        for got, want in zip(rows[1:], expected.itertuples(index=False), strict=True):
            for g, w in zip(got, want, strict=True):
                if g != w:
                    assert g == "'" + w
                    escaped += 1
        assert escaped == report.escaped_cells == 7  # = + - @ tab, line feed, full-width =

    @pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\nx", "＝1", "＋1", "－1", "＠x", "﹦1"])
    def test_formula_triggers_are_escaped(self, tmp_path: Path, text: str) -> None:
        """Each OWASP trigger, and its full-width or small-form variant, is prefixed with '."""
        report = export_chronology(make_frame([text]), tmp_path / "out.csv")
        rows = read_csv_cells(report.path)
        assert rows[1][list(COLUMNS).index(Column.DESCRIPTION)] == "'" + text
        assert report.escaped_cells == 1

    def test_every_field_quoted(self, tmp_path: Path) -> None:
        """Every field is quoted, so no line break or separator can split a record."""
        report = export_chronology(make_frame(["plain"]), tmp_path / "out.csv")
        lines = report.path.read_text(encoding="utf-8-sig").splitlines()
        assert all(re.fullmatch(r'("[^"]*",)*"[^"]*"', line) for line in lines)

    def test_integrated_csv_reads_back_with_read_chronology(self, tmp_path: Path) -> None:
        """The CSV export is an integrated chronology that chronolane reads back."""
        from chronolane.chronology.io import read_chronology

        frame = make_frame(["a", "b"])
        report = export_chronology(frame, tmp_path / "out.csv")
        back = read_chronology(report.path).frame
        assert back[Column.DESCRIPTION].tolist() == ["a", "b"]
        assert back[Column.DATE_START].equals(frame[Column.DATE_START])


class TestXlsx:
    def test_no_formula_no_hyperlink_every_text_cell_typed(self, tmp_path: Path) -> None:
        """openpyxl finds no formula and no hyperlink anywhere; every text reads back as the same string."""
        frame = make_frame()
        report = export_chronology(frame, tmp_path / "out.xlsx")
        book = openpyxl.load_workbook(report.path)
        for sheet in book.worksheets:
            assert not sheet._hyperlinks
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f" and cell.hyperlink is None
        sheet = book["Chronology"]
        headers = [c.value for c in sheet[1]]
        expected = expected_text(frame)
        typed = {Column.DATE_START, Column.DATE_END, Column.SOURCE_ROW, Column.DATE_APPROX}
        text_columns = [c for c in expected.columns if c not in typed]
        for i, row in enumerate(sheet.iter_rows(min_row=2, values_only=True)):
            got = dict(zip(headers, row, strict=True))
            for column in text_columns:
                assert got[XLSX_LABELS.get(column, column)] == expected.iloc[i][column], column
            assert got["Source row"] == frame[Column.SOURCE_ROW].iloc[i]
            assert got[Column.DATE_APPROX] is False
        assert sheet.max_row == len(frame) + 1

    def test_exact_dates_are_real_dates_beside_the_wording(self, tmp_path: Path) -> None:
        """Date is a real Excel date for an exact day and the normalised wording otherwise, after the wording."""
        frame = make_frame(["a", "b", "c", "d"])
        report = export_chronology(frame, tmp_path / "out.xlsx")
        sheet = openpyxl.load_workbook(report.path)["Chronology"]
        headers = [c.value for c in sheet[1]]
        at = headers.index("Date")
        assert headers[at - 1] == "Date as written"
        dates = [row[at] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert dates[0] == pd.Timestamp("2018-03-01").to_pydatetime()
        assert dates[3] == "Mar 2018"
        assert sheet.cell(2, at + 1).is_date and not sheet.cell(5, at + 1).is_date

    def test_columns_in_reading_order_then_technical_columns_grouped_and_collapsed(self, tmp_path: Path) -> None:
        """The panel reads number, dates, time, agency, person, event and description first; ids come last,
        hidden in a collapsed outline group, with source columns kept under their own names."""
        frame = make_frame(["a", "b"])
        cases = {"case-1": Case(case_id="case-1", subjects=(Subject(id="child-f", name="Child F"),))}
        chronology = SimpleNamespace(frame=frame, cases=cases)
        sheet = openpyxl.load_workbook(export_chronology(chronology, tmp_path / "out.xlsx").path)["Chronology"]
        headers = [c.value for c in sheet[1]]
        assert headers[:12] == [
            "No.", "Date as written", "Date", "Time", "Agency", "Person", "Event", "Attendance", "Description",
            "Source file", "Source row", "Issues",
        ]  # fmt: skip
        assert set(headers[12:]) == {c for c in frame.columns if c not in XLSX_LABELS}
        hidden, level = [False] * len(headers), [0] * len(headers)
        for dim in sheet.column_dimensions.values():  # openpyxl keeps one dimension per run of equal columns
            for i in range(dim.min, min(dim.max, len(headers)) + 1):
                hidden[i - 1], level[i - 1] = dim.hidden, dim.outline_level
        assert hidden == [False] * 12 + [True] * (len(headers) - 12)
        assert level == [0] * 12 + [1] * (len(headers) - 12)
        rows = [dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
        assert [r["No."] for r in rows] == [1, 2]
        assert [r["Person"] for r in rows] == ["Child F", "Jane Smith"]  # a name for a known id, else as written
        assert [r["Event"] for r in rows] == ["Home visit", "Home visit"]
        assert [r["Agency"] for r in rows] == ["Police", "GP"]

    def test_an_event_without_type_text_is_named_in_words_not_by_its_code(self, tmp_path: Path) -> None:
        frame = make_frame(["a"]).assign(**{Column.TYPE_TEXT: "", Column.EVENT_TYPE: "hospital-admission"})
        sheet = openpyxl.load_workbook(export_chronology(frame, tmp_path / "out.xlsx").path)["Chronology"]
        headers = [c.value for c in sheet[1]]
        assert sheet.cell(2, headers.index("Event") + 1).value == "Hospital admission"

    def test_panes_frozen_at_the_description_and_printed_a4_landscape_fit_to_width(self, tmp_path: Path) -> None:
        """Header row and the reading columns stay in view; the sheet prints on A4 landscape, one page wide,
        the header row repeated on every page, and rows tall enough for their wrapped text."""
        long = "word " * 100  # 500 characters: several lines at the description's width
        report = export_chronology(make_frame(["short", long]), tmp_path / "out.xlsx")
        book = openpyxl.load_workbook(report.path)
        sheet = book["Chronology"]
        headers = [c.value for c in sheet[1]]
        assert sheet.freeze_panes == f"{get_column_letter(headers.index('Description') + 1)}2"
        for name in ("Chronology", "Issues", "Gaps"):
            setup = book[name].page_setup
            assert (setup.paperSize, setup.orientation) == (9, "landscape"), name
            assert book[name].sheet_properties.pageSetUpPr.fitToPage, name
            assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), name  # absent width means 1
            assert book[name].print_title_rows == "$1:$1", name
        heights = [sheet.row_dimensions[r].height for r in (2, 3)]
        assert (heights[0] or 15) == 15 and heights[1] >= 15 * 500 / 60  # absent height is the default 15

    def test_sheet_layout(self, tmp_path: Path) -> None:
        """Autofilter, wrapped descriptions and agency colour bands; issues and gaps sheets."""
        report = export_chronology(make_frame(["a", "b", "c"]), tmp_path / "out.xlsx")
        book = openpyxl.load_workbook(report.path)
        assert book.sheetnames[:3] == ["Chronology", "Issues", "Gaps"]
        sheet = book["Chronology"]
        assert sheet.auto_filter.ref.startswith("A1:")
        headers = [c.value for c in sheet[1]]
        desc = sheet.cell(2, headers.index("Description") + 1)
        assert desc.alignment.wrap_text
        fills = {sheet.cell(r, 1).fill.fgColor.rgb for r in (2, 3, 4)}
        assert len(fills) == 3  # three agencies, three bands

    def test_issues_sheet_has_one_row_per_code(self, tmp_path: Path) -> None:
        """Each issue code of each row is a row of the issues sheet, with the event in words and an event id
        in the detail shown as that event's number."""
        report = export_chronology(make_frame(["a", "b"]), tmp_path / "out.xlsx")
        rows = list(openpyxl.load_workbook(report.path)["Issues"].iter_rows(values_only=True))
        headers = rows[0]
        codes = [dict(zip(headers, r, strict=True)) for r in rows[1:]]
        assert [(c["No."], c["Agency"], c["Description"], c["Issue"], c["Detail"]) for c in codes] == [
            (2, "GP", "b", "Undated", ""),
            (2, "GP", "b", "Possible duplicate", "No. 2"),
        ]
        assert codes[0]["Date"] == "2/03/2018 (2 Mar 2018)"
        assert codes[0]["Severity"] == "warning"
        ids = (codes[1]["event_id"], codes[1]["code"], codes[1]["detail"])
        assert ids == ("ev0001", "possible-duplicate", "ev0001")

    def test_gaps_sheet_names_events_in_words_with_the_threshold_chosen(self, tmp_path: Path) -> None:
        """Gaps show agency, dates and the events on either side in words; the threshold is the user's."""
        frame = make_frame(["first visit", "second visit"]).assign(**{Column.AGENCY: "Health visiting"})
        frame.loc[1, [Column.DATE_START, Column.DATE_END]] = pd.Timestamp("2018-09-03")
        frame.loc[1, Column.DATE_TEXT] = "3/09/2018"

        def gaps(threshold: str) -> list[dict]:
            path = export_chronology(frame, tmp_path / f"{threshold}.xlsx", gap_threshold=threshold).path
            rows = list(openpyxl.load_workbook(path)["Gaps"].iter_rows(values_only=True))
            return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]

        between = [g for g in gaps("3M") if g["Last event before"] and g["First event after"]]
        assert len(between) == 1
        assert between[0]["Agency"] == "Health visiting"
        assert between[0]["Last event before"] == "No. 1, 1/03/2018 (1 Mar 2018), Health visiting: first visit"
        assert between[0]["First event after"] == "No. 2, 3/09/2018 (3 Sep 2018), Health visiting: second visit"
        assert between[0]["Gap from"] == pd.Timestamp("2018-03-01").to_pydatetime()
        assert between[0]["Shortest (days)"] == 186
        assert not [g for g in gaps("7M") if g["Last event before"] and g["First event after"]]

    def test_over_long_cell_is_reported_and_kept_whole(self, tmp_path: Path) -> None:
        """Text over Excel's limit is never cut silently: counted, noted in the cell, whole in the long-text sheet."""
        long = "x" * (MAX_CELL + 10) + "END"
        report = export_chronology(make_frame([long]), tmp_path / "out.xlsx")
        assert report.over_long_cells == 1
        book = openpyxl.load_workbook(report.path)
        headers = [c.value for c in book["Chronology"][1]]
        cell = book["Chronology"].cell(2, headers.index("Description") + 1).value
        assert len(cell) <= MAX_CELL and LONG_TEXT_SHEET in cell
        parts = [r[-1] for r in book[LONG_TEXT_SHEET].iter_rows(min_row=2, values_only=True)]
        assert "".join(parts) == long


class TestDocx:
    def test_appendix_table_reads_back(self, tmp_path: Path) -> None:
        """The table has date as written, agency, event and source, every cell's text intact."""
        frame = make_frame()
        report = export_chronology(frame, tmp_path / "out.docx")
        document = docx.Document(str(report.path))
        table = document.tables[0]
        assert [c.text for c in table.rows[0].cells] == list(DOCX_HEADERS)
        cases = {"case-1": Case(case_id="case-1")}
        want = appendix_table(prepare(frame, cases, Pseudonymiser({})))
        for row, expected in zip(table.rows[1:], want[list(DOCX_HEADERS)].itertuples(index=False), strict=True):
            assert [c.text for c in row.cells] == list(expected)
        assert len(table.rows) == len(frame) + 1

    def test_landscape_caption_and_neutral_metadata(self, tmp_path: Path) -> None:
        """Landscape page, a caption, and no user name, path or generator in the document's properties."""
        report = export_chronology(make_frame(["a"]), tmp_path / "out.docx")
        document = docx.Document(str(report.path))
        section = document.sections[0]
        assert section.page_width > section.page_height
        assert document.paragraphs[0].style.name == "Caption"
        assert document.paragraphs[0].text.startswith("Table 1: ")
        props = document.core_properties
        assert props.author == "" and props.last_modified_by == "" and props.comments == ""
        with zipfile.ZipFile(report.path) as z:
            meta = z.read("docProps/core.xml").decode()
            names = set(z.namelist())
        for leak in ("python-docx", getpass.getuser(), str(tmp_path)):
            assert leak not in meta
        assert not {n for n in names if n.startswith(("customXml", "docProps/app", "docProps/thumbnail", "word/theme"))}

    def test_one_table_per_case(self, tmp_path: Path) -> None:
        """A chronology of several cases gives one captioned table per case."""
        frame = pd.concat([make_frame(["a"], case_id="c1"), make_frame(["b", "c"], case_id="c2")], ignore_index=True)
        document = docx.Document(str(export_chronology(frame, tmp_path / "out.docx").path))
        assert [len(t.rows) for t in document.tables] == [2, 3]
        assert [p.text for p in document.paragraphs if p.style.name == "Caption"] == [
            "Table 1: Integrated chronology, c1",
            "Table 2: Integrated chronology, c2",
        ]

    def test_two_exports_of_the_same_chronology_are_byte_identical(self, tmp_path: Path) -> None:
        """No timestamps anywhere in the package: the same chronology gives the same bytes."""
        first = export_chronology(make_frame(["a", "b"]), tmp_path / "a.docx").path.read_bytes()
        assert export_chronology(make_frame(["a", "b"]), tmp_path / "b.docx").path.read_bytes() == first

    def test_grid_and_cell_widths_agree_and_fill_the_landscape_a4_text_width(self, tmp_path: Path) -> None:
        """The table grid states the same width for each column as every cell in it."""
        document = docx.Document(str(export_chronology(make_frame(["a", "b"]), tmp_path / "out.docx").path))
        table = document.tables[0]
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert [h for h in DOCX_HEADERS] == ["No.", "Date", "Time", "Agency", "Event", "Source"]
        for row in table.rows:
            assert [cell.width.twips for cell in row.cells] == grid
        section = document.sections[0]
        text_width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
        assert abs(sum(grid) - text_width) <= len(grid)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert (section.page_width.cm, section.page_height.cm) == pytest.approx((29.7, 21.0), abs=0.01)

    def test_rows_never_split_and_only_the_header_repeats(self, tmp_path: Path) -> None:
        """Every row carries cantSplit; the first row alone is the repeated header."""
        document = docx.Document(str(export_chronology(make_frame(["a", "b", "c"]), tmp_path / "out.docx").path))
        rows = document.tables[0].rows
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert [r._tr.trPr.find(qn("w:tblHeader")) is not None for r in rows] == [True, False, False, False]

    def test_document_language_is_british_english(self, tmp_path: Path) -> None:
        """Spelling and dates are checked as en-GB by Word and LibreOffice."""
        report = export_chronology(make_frame(["a"]), tmp_path / "out.docx")
        with zipfile.ZipFile(report.path) as z:
            styles = z.read("word/styles.xml").decode()
        assert 'w:lang w:val="en-GB"' in styles and "en-US" not in styles

    def test_caption_number_is_a_seq_field_counting_tables(self, tmp_path: Path) -> None:
        """Each caption's number is a SEQ Table field whose shown value counts the tables."""
        frame = pd.concat([make_frame(["a"], case_id="c1"), make_frame(["b"], case_id="c2")], ignore_index=True)
        document = docx.Document(str(export_chronology(frame, tmp_path / "out.docx").path))
        captions = [p for p in document.paragraphs if p.style.name == "Caption"]
        for number, paragraph in enumerate(captions, start=1):
            instructions = [e.text for e in paragraph._p.iter(qn("w:instrText"))]
            assert [i.split() for i in instructions] == [["SEQ", "Table", "\\*", "ARABIC"]]
            assert paragraph.text.startswith(f"Table {number}: ")

    def test_undated_events_have_their_own_titled_table_in_source_order(self, tmp_path: Path) -> None:
        """Events without a date are not blank dates at the end: they follow in a titled table, by source row."""
        frame = make_frame(["dated first", "undated row 3", "dated second", "undated row 5"])
        undated = frame[Column.DESCRIPTION].str.startswith("undated")
        frame.loc[undated, [Column.DATE_START, Column.DATE_END]] = pd.NaT
        frame.loc[undated, Column.DATE_TEXT] = ""
        frame.loc[undated, Column.DATE_PRECISION] = ""
        frame = pd.concat([frame[~undated], frame[undated].iloc[::-1]], ignore_index=True)
        document = docx.Document(str(export_chronology(frame, tmp_path / "out.docx").path))
        captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
        assert captions == [
            "Table 1: Integrated chronology, case-1",
            "Table 2: Events without a date, in the order of their source files, case-1",
        ]
        dated, without = ([[c.text for c in r.cells] for r in t.rows[1:]] for t in document.tables)
        assert [r[4] for r in dated] == ["dated first", "dated second"]
        assert [r[4] for r in without] == ["undated row 3", "undated row 5"]
        assert [r[1] for r in without] == ["date not known", "date not known"]
        assert [r[0] for r in dated + without] == ["1", "2", "4", "3"]  # numbers follow the chronology's order

    def test_dates_show_the_wording_and_the_normalised_form(self, tmp_path: Path) -> None:
        """The Date column gives the date as written with its normalised form beside it."""
        document = docx.Document(str(export_chronology(make_frame(["a", "b", "c", "d"]), tmp_path / "out.docx").path))
        dates = [r.cells[1].text for r in document.tables[0].rows[1:]]
        days = ["1/03/2018 (1 Mar 2018)", "2/03/2018 (2 Mar 2018)", "3/03/2018 (3 Mar 2018)"]
        assert dates == [*days, "March 2018 (Mar 2018)"]


class TestHtml:
    def test_table_reads_back_and_script_is_escaped(self, tmp_path: Path) -> None:
        """Every description, date and agency reads back as text; <script> in the data is text, never a tag."""
        frame = make_frame()
        report = export_chronology(frame, tmp_path / "out.html", chart=False)
        parsed = parse_html(report.path)
        expected = expected_text(frame)
        headings = list(HTML_COLUMNS)
        for heading, column in (("Event", Column.DESCRIPTION), ("Date", Column.DATE_TEXT), ("Agency", Column.AGENCY)):
            assert [r[headings.index(heading)] for r in parsed.rows] == expected[column].tolist()
        page = report.path.read_text(encoding="utf-8")
        assert page.count("<script>") == 1 and "&lt;script&gt;" in page
        assert [t for t, _ in parsed.tags].count("script") == 2  # the page's script and its JSON data block
        assert "img" not in [t for t, _ in parsed.tags]
        assert not any(name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs)

    def test_table_shows_event_numbers_and_words_not_slugs(self, tmp_path: Path) -> None:
        """Rows carry the event numbers, type words, subject names and duplicates as 'of event N'."""
        from chronolane.chronology.build import Chronology

        frame = make_frame(["a", "b", "c"])
        case = Case(case_id="case-1", subjects=(Subject(id="child-f", name="Frank Smith"),), pseudonyms=PSEUDONYMS)
        report = export_chronology(Chronology(frame=frame, cases={"case-1": case}), tmp_path / "out.html")
        rows = parse_html(report.path).rows
        headings = list(HTML_COLUMNS)
        assert [r[0] for r in rows] == ["1", "2", "3"]
        assert {r[headings.index("Type")] for r in rows} == {"Home visit"}
        assert [r[headings.index("Subject")] for r in rows] == ["Child F", "Ms X", "Child F"]
        assert rows[1][headings.index("Issues")] == "undated; possible duplicate of event 2"

    def test_attendance_is_shown_when_the_chronology_has_it(self, tmp_path: Path) -> None:
        """Attendance gets its own table column, in words, before the event; a frame without it has none."""
        frame = make_frame(["a", "b"]).assign(attendance=["attended", "was-not-brought"])
        rows = parse_html(export_chronology(frame, tmp_path / "with.html").path)
        headings = [t for t, _ in rows.tags if t == "th"]
        assert len(headings) == len(HTML_COLUMNS)
        assert [r[6] for r in rows.rows] == ["attended", "was not brought"]
        assert [r[7] for r in rows.rows] == ["a", "b"]
        older = make_frame(["a"]).drop(columns=[Column.ATTENDANCE])
        plain = parse_html(export_chronology(older, tmp_path / "without.html").path)
        assert len([t for t, _ in plain.tags if t == "th"]) == len(HTML_COLUMNS) - 1

    def test_self_contained_with_strict_csp(self, tmp_path: Path) -> None:
        """No external URL; the CSP forbids loading anything and allows only the page's own script by hash."""
        report = export_chronology(make_frame(["plain"]), tmp_path / "out.html")
        page = report.path.read_text(encoding="utf-8")
        assert not EXTERNAL_URL.search(page.replace("http://www.w3.org/2000/svg", ""))  # a namespace name, not a URL
        parsed = parse_html(report.path)
        metas = [dict(a) for t, a in parsed.tags if t == "meta"]
        policy = next(m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy")
        assert policy == CSP
        assert "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert csp_hash(SCRIPT) in policy and f"<script>{SCRIPT}</script>" in page
        assert csp_hash(STYLE) in policy and f"<style>{STYLE}</style>" in page
        assert not any(name in {"src", "href"} for _, attrs in parsed.tags for name, _ in attrs)

    def test_embedded_data_cannot_close_its_script_element(self, tmp_path: Path) -> None:
        """The JSON block holds the text exactly, with no '<', '>' or '&' that could end the element."""
        import json

        text = "</script><script>alert(1)</script><!-- & \u2028 "
        report = export_chronology(make_frame([text]), tmp_path / "out.html")
        page = report.path.read_text(encoding="utf-8")
        block = page.split('<script type="application/json" id="chronolane-data">', 1)[1].split("</script>", 1)[0]
        assert not set("<>& ") & set(block)
        assert json.loads(block)["events"]["description"] == [text]

    def test_agency_filter_per_lane(self, tmp_path: Path) -> None:
        """One checkbox per agency, in lane order."""
        report = export_chronology(make_frame(["a", "b", "c", "d"]), tmp_path / "out.html", chart=False)
        parsed = parse_html(report.path)
        boxes = [dict(a) for t, a in parsed.tags if t == "input" and dict(a).get("data-group") == "lane"]
        assert [b["value"] for b in boxes] == ["0", "1", "2"]
        labels = page_labels(report.path)
        assert labels[:3] == ["GP", "Health visiting", "Police"]


def page_labels(path: Path) -> list[str]:
    """The texts of the filter checkboxes' labels, in order."""
    import re

    return [
        html.unescape(m) for m in re.findall(r'<label><input type="checkbox"[^>]*> ([^<]*)</label>', path.read_text())
    ]


class TestMarkdown:
    def test_table_reads_back_with_active_characters_escaped(self, tmp_path: Path) -> None:
        """Pipes and markdown-active characters are escaped; unescaping gives every cell's text back."""
        frame = make_frame()
        report = export_chronology(frame, tmp_path / "out.md")
        lines = report.path.read_text(encoding="utf-8").splitlines()
        assert lines[2] == "| " + " | ".join(MD_COLUMNS) + " |"
        expected = expected_text(frame).assign(
            source=lambda t: t[Column.SOURCE_FILE] + ", row " + t[Column.SOURCE_ROW],
            number=[str(i) for i in range(1, len(frame) + 1)],
            date=lambda t: date_labels(frame.assign(**{Column.DATE_TEXT: t[Column.DATE_TEXT]})),
        )[list(MD_COLUMNS.values())]
        body = lines[4:]
        assert len(body) == len(frame)
        assert [split_markdown_row(line) for line in body] == [list(r) for r in expected.itertuples(index=False)]
        assert "http://" not in report.path.read_text(encoding="utf-8")  # no live autolink


class TestControlsAndPseudonyms:
    @pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".docx", ".html", ".md"])
    def test_control_characters_become_visible_markers(self, tmp_path: Path, suffix: str) -> None:
        """NUL, BEL, ESC and CR become [U+....] markers, counted, in every format."""
        report = export_chronology(make_frame(["a\x00b\x07c\x1bd\re"]), tmp_path / f"out{suffix}", chart=False)
        assert report.control_characters == 4
        assert mark_controls("a\x00b")[0] == "a[U+0000]b"

    @pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".docx", ".html", ".md"])
    def test_pseudonyms_apply_and_the_map_never_appears(self, tmp_path: Path, suffix: str) -> None:
        """Names in descriptions, subjects, other columns and the file name are replaced; no real name remains."""
        frame = make_frame(["Jane Smith visited with Frank", "Jane's baby", "nothing"])
        frame["Practitioner"] = "met JANE"
        report = export_chronology(frame, tmp_path / f"Smith family{suffix}", pseudonyms=PSEUDONYMS, chart=False)
        assert report.path.name == f"[name] family{suffix}"  # "Smith" is shared by two people
        assert report.pseudonym_replacements >= 6
        raw = _all_text(report.path)
        assert "Ms X" in raw and "Child F" in raw
        for real in ("Jane", "JANE", "Frank", "Smith"):
            assert real not in raw

    def test_case_pseudonyms_are_used_without_an_explicit_map(self, tmp_path: Path) -> None:
        """A Chronology's cases carry their map from case.toml; export applies it."""
        from chronolane.chronology.build import Chronology

        frame = make_frame(["Jane Smith seen"])
        chronology = Chronology(frame=frame, cases={"case-1": Case(case_id="case-1", pseudonyms=PSEUDONYMS)})
        report = export_chronology(chronology, tmp_path / "out.csv")
        assert "Ms X seen" in report.path.read_text(encoding="utf-8-sig")


def _all_text(path: Path) -> str:
    """Everything a file holds as text, including every part of a zip container."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    return path.read_text(encoding="utf-8-sig")


class TestOutputSafety:
    def test_refuses_to_overwrite_an_input(self, tmp_path: Path) -> None:
        """An output path equal to an input is refused, and the input is untouched."""
        source = tmp_path / "police.csv"
        source.write_text("keep me", encoding="utf-8")
        with pytest.raises(UsageError, match="input"):
            export_chronology(make_frame(["a"]), source, inputs=[source], force=True)
        assert source.read_text(encoding="utf-8") == "keep me"

    def test_refuses_a_source_file_inside_the_case_folder(self, tmp_path: Path) -> None:
        """A CSV or XLSX written into the case folder would be read as an agency file by the next build."""
        with pytest.raises(UsageError, match="agency file"):
            export_chronology(make_frame(["a"]), tmp_path / "out.xlsx", inputs=[tmp_path])

    def test_existing_file_needs_force(self, tmp_path: Path) -> None:
        """An existing file is not overwritten without force; with force it is replaced."""
        out = tmp_path / "out.md"
        out.write_text("old", encoding="utf-8")
        with pytest.raises(UsageError, match="force=True"):
            export_chronology(make_frame(["a"]), out)
        assert out.read_text(encoding="utf-8") == "old"
        export_chronology(make_frame(["a"]), out, force=True)
        assert out.read_text(encoding="utf-8").startswith("# case-1")

    def test_unknown_extension_is_refused(self, tmp_path: Path) -> None:
        """The format comes from the extension; an unknown one is a usage error naming the choices."""
        with pytest.raises(UsageError, match=r"\.xlsx"):
            export_chronology(make_frame(["a"]), tmp_path / "out.pdf")

    def test_atomic_write_leaves_no_temporary_file(self, tmp_path: Path) -> None:
        """The folder holds only the output after an export; a failed export leaves nothing behind."""
        export_chronology(make_frame(["a"]), tmp_path / "out.csv")
        assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]

    def test_failed_export_leaves_no_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """When writing fails half-way, neither the output nor a temporary file is left."""
        import chronolane.files.output as output

        def boom(*args: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(output.os, "replace", boom)
        with pytest.raises(OutputError, match="disk full"):
            export_chronology(make_frame(["a"]), tmp_path / "out.csv")
        assert list(tmp_path.iterdir()) == []

    def test_report_format_and_rows(self, tmp_path: Path) -> None:
        """The report names the format, the rows and the path written."""
        report = export_chronology(make_frame(["a", "b"]), tmp_path / "out.htm", chart=False)
        assert report.format is ExportFormat.HTML and report.rows == 2 and report.path.is_file()
        assert any("Wrote 2 events" in line for line in report.summary())


class TestTimeline:
    def test_page_embeds_pseudonymised_timeline_data(self, tmp_path: Path) -> None:
        """The page carries the timeline's data for the browser; every name in it is pseudonymised."""
        from chronolane.chronology.build import Chronology

        frame = make_frame(["Jane Smith seen", "b", "c", "d", "e"])
        case = Case(case_id="case-1", title="Review of Jane Smith", pseudonyms=PSEUDONYMS)
        report = export_chronology(Chronology(frame=frame, cases={"case-1": case}), tmp_path / "out.html")
        assert report.charts == 1
        page = report.path.read_text(encoding="utf-8")
        assert 'id="timeline"' in page and "Review of Ms X" in page and "Jane" not in page
        assert not any(name == "style" for _, attrs in parse_html(report.path).tags for name, _ in attrs)

    def test_several_cases_get_their_own_lanes_and_numbers(self, tmp_path: Path) -> None:
        """With two cases, lanes are named after case and agency, cases in row order, and numbers restart."""
        import json

        frame = pd.concat([make_frame(["a", "b"], case_id="c2"), make_frame(["c", "d", "e"], case_id="c1")])
        frame = frame.reset_index(drop=True).assign(event_id=[f"e{i}" for i in range(5)])
        page = export_chronology(frame, tmp_path / "out.html").path.read_text(encoding="utf-8")
        data = json.loads(page.split('id="chronolane-data">', 1)[1].split("</script>", 1)[0])
        assert data["lanes"] == ["c2: GP", "c2: Police", "c1: GP", "c1: Health visiting", "c1: Police"]
        assert data["events"]["number"] == [1, 2, 1, 2, 3]
        assert [data["lanes"][i] for i in data["events"]["lane"]] == [
            "c2: Police",
            "c2: GP",
            "c1: Police",
            "c1: GP",
            "c1: Health visiting",
        ]

    def test_markers_take_the_printed_charts_shapes_and_colours(self) -> None:
        """Each event type's marker in the page has the colour and hollowness of timeline.palette.STYLES."""
        from chronolane.export.timeline import marker_table
        from chronolane.timeline.palette import STYLES

        table = {t["key"]: t for t in marker_table()}
        assert set(table) == {t.value for t in STYLES}
        for event_type, style in STYLES.items():
            assert (table[event_type.value]["colour"], table[event_type.value]["hollow"]) == (
                style.colour,
                style.hollow,
            )
        assert table["birth"]["path"] != table["death"]["path"]

    def test_a_bundled_case_page_carries_every_vague_date_as_a_span(self, tmp_path: Path) -> None:
        """Every vague dated event of the case is flagged vague, with its whole interval, in the page's data."""
        import json

        from chronolane.chronology.build import build_chronology

        chronology = build_chronology(
            Path(__file__).resolve().parents[1] / "chronologies" / "barking-dagenham-child-f-2018"
        )
        report = export_chronology(chronology, tmp_path / "child-f.html")
        page = report.path.read_text(encoding="utf-8")
        data = json.loads(page.split('id="chronolane-data">', 1)[1].split("</script>", 1)[0])
        frame = chronology.frame
        vague = frame["date_start"].notna() & ((frame["date_precision"] != "day") | frame["date_approx"])
        assert data["events"]["vague"] == vague.tolist() and vague.any()
        spans = [e - s for s, e in zip(data["events"]["start"], data["events"]["end"], strict=True) if s is not None]
        assert max(spans) > 28 and data["gaps"] and data["keys"]

    def test_case_without_dated_events_gets_a_note_not_a_chart(self, tmp_path: Path) -> None:
        """A case with no dated events has no timeline; the page says so and still lists every row."""
        frame = make_frame(["a", "b"]).assign(date_start=pd.NaT, date_end=pd.NaT, date_precision="")
        frame["date_start"] = frame["date_start"].astype("datetime64[s]")
        frame["date_end"] = frame["date_end"].astype("datetime64[s]")
        report = export_chronology(frame, tmp_path / "out.html")
        page = report.path.read_text(encoding="utf-8")
        assert report.charts == 0 and 'id="timeline"' not in page
        assert "No swimlane chart for case-1: it has no dated events." in page
        assert len(parse_html(report.path).rows) == 2

    def test_chart_can_be_left_out(self, tmp_path: Path) -> None:
        """chart=False gives the table only."""
        report = export_chronology(make_frame(["a"]), tmp_path / "out.html", chart=False)
        assert report.charts == 0 and 'id="timeline"' not in report.path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "limit", "parts"),
    [
        ("abcdef", 4, ["abcd", "ef"]),
        ("a𐀀b", 2, ["a", "𐀀", "b"]),  # a character beyond U+FFFF is two UTF-16 units and never split
        ("𐀀𐀀", 4, ["𐀀𐀀"]),
        ("", 3, []),
    ],
)
def test_split_utf16_respects_excel_units(text: str, limit: int, parts: list[str]) -> None:
    """Over-long text is split by Excel's unit (UTF-16), whole characters only, nothing lost."""
    from chronolane.export.xlsx import split_utf16

    assert split_utf16(text, limit) == parts


def test_files_the_chronology_was_read_from_are_inputs(tmp_path: Path) -> None:
    """Without being told, export refuses to overwrite a file of the case the chronology came from."""
    from chronolane.chronology.build import Chronology

    source = tmp_path / "case" / "police.csv"
    source.parent.mkdir()
    source.write_text("keep", encoding="utf-8")
    chronology = Chronology(frame=make_frame(["a"]), cases={"case-1": Case(case_id="case-1", root=source.parent)})
    with pytest.raises(UsageError, match="input"):
        export_chronology(chronology, source, force=True)
    assert source.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("suffix", [".csv", ".md", ".html", ".xlsx", ".docx"])
def test_a_bidi_override_is_shown_as_a_visible_marker_in_every_export(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    report = export_chronology(make_frame(["Paid \u202e0001\u202c to carer"]), path, chart=False)
    if suffix == ".xlsx":
        text = " ".join(str(c.value) for row in openpyxl.load_workbook(path).active.iter_rows() for c in row)
    elif suffix == ".docx":
        text = " ".join(
            cell.text for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells
        )
    else:
        text = path.read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes [ ]
    assert "[U+202E]0001[U+202C]" in text
    assert "\u202e" not in text
    assert report.path == path


def test_a_pseudonym_with_a_slash_cannot_move_the_export_to_another_folder(tmp_path: Path) -> None:
    report = export_chronology(make_frame(["a"]), tmp_path / "Smith.csv", pseudonyms={"Smith": "../../Mr X"})
    assert report.path == tmp_path / "..-..-Mr X.csv"
    assert report.path.is_file()
