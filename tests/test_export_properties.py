"""Property tests: arbitrary text goes through every exporter without a crash, and reads back intact."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronolane.export import export_chronology
from chronolane.export.html import COLUMNS as HTML_COLUMNS
from chronolane.export.markdown import COLUMNS as MD_COLUMNS
from chronolane.export.xlsx import LONG_TEXT_SHEET, MAX_CELL, utf16_len
from chronolane.schema.columns import Column
from test_export import expected_text, make_frame, parse_html, read_csv_cells, split_markdown_row

#: Any text a chronology column can hold (every code point but lone surrogates, which the text dtype cannot
#: store), formula prefixes, controls, markup, and very long strings.
TEXTS = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=60),
    st.text(alphabet=st.sampled_from("=+-@\t\n\r\x00\x1b\x85|<>&\"'`*_[]\\＝＠ aZ\u2028\ufffe\uffff"), max_size=30),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(MAX_CELL // 3, MAX_CELL // 2)),
)
SETTINGS = settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _export(folders: pytest.TempPathFactory, texts: list[str], suffix: str) -> Path:
    out = folders.mktemp("export") / f"out{suffix}"
    export_chronology(make_frame(texts), out, chart=False)
    return out


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md", ".csv", ".xlsx"])
@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_no_exporter_crashes_on_any_text(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, texts: list[str]
) -> None:
    """Whatever the text, every exporter writes a file."""
    assert _export(tmp_path_factory, texts, suffix).stat().st_size > 0


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_csv_reads_back_identical_apart_from_escapes(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    """Every CSV cell reads back as the prepared text, or as it with one ' in front when it is escaped."""
    out = _export(tmp_path_factory, texts, ".csv")
    rows = read_csv_cells(out)
    got = [r[list(rows[0]).index(Column.DESCRIPTION)] for r in rows[1:]]
    want = expected_text(make_frame(texts))[Column.DESCRIPTION].tolist()
    assert all(g in (w, "'" + w) for g, w in zip(got, want, strict=True))


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_xlsx_text_is_typed_and_intact(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    """Every XLSX description is a string cell (never a formula) equal to the prepared text."""
    out = _export(tmp_path_factory, texts, ".xlsx")
    book = openpyxl.load_workbook(out)
    sheet = book["Chronology"]
    headers = [c.value for c in sheet[1]]
    cells = [row[headers.index("Description")] for row in sheet.iter_rows(min_row=2)]
    events = [row[headers.index(Column.EVENT_ID)].value for row in sheet.iter_rows(min_row=2)]
    want = expected_text(make_frame(texts))[Column.DESCRIPTION].tolist()
    long = {}
    if LONG_TEXT_SHEET in book.sheetnames:
        for _, event, _, _, part in book[LONG_TEXT_SHEET].iter_rows(min_row=2, values_only=True):
            long[event] = long.get(event, "") + part
    for cell, event, w in zip(cells, events, want, strict=True):
        assert cell.data_type == "s"
        if utf16_len(w) <= MAX_CELL:
            assert cell.value == w
        else:  # too long for Excel: shortened with a note, whole in the long-text sheet
            assert utf16_len(cell.value) <= MAX_CELL and cell.value.startswith(w[:1000]) and long[event] == w


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
def test_html_and_markdown_read_back_intact(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    """The HTML table's text and the unescaped markdown cells equal the prepared text."""
    want = expected_text(make_frame(texts))[Column.DESCRIPTION].tolist()
    parsed = parse_html(_export(tmp_path_factory, texts, ".html"))
    assert [row[list(HTML_COLUMNS).index("Event")] for row in parsed.rows] == want
    lines = (
        _export(tmp_path_factory, texts, ".md").read_text(encoding="utf-8").split("\n")[4:-1]
    )  # markdown breaks lines at LF only
    event = list(MD_COLUMNS).index("Event")
    assert [split_markdown_row(line)[event] for line in lines] == want
