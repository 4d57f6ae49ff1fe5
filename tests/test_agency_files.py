"""Agency files as they arrive: Word tables, .xls, .ods, title rows, merged cells, wide headers, files not read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
import xlwt

from chronolane.chronology.build import build_chronology
from chronolane.errors import SourceError
from chronolane.ingest import read_source
from chronolane.ingest.fields import Field, field_of
from chronolane.schema.columns import Column, IssueCode

HEADER = ["Date", "Contact type", "Summary of event", "Practitioner"]


def _word(path: Path, tables: list[list[list[str]]], *, paragraph: str = "Health visiting chronology") -> Path:
    """A .docx with a paragraph, then each table (first row its header)."""
    document = docx.Document()
    document.add_paragraph(paragraph)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph("")
    document.save(str(path))
    return path


def _merge_down(path: Path, table: int, column: int, top: int, bottom: int) -> None:
    """Merge a Word table's cells vertically (python-docx keeps the top cell's text)."""
    document = docx.Document(str(path))
    t = document.tables[table]
    t.cell(top, column).merge(t.cell(bottom, column))
    # python-docx moves the covered cells' paragraphs into the merged cell; keep only the top text.
    t.cell(top, column).text = t.cell(top, column).paragraphs[0].text
    document.save(str(path))


def _hv_word(path: Path) -> Path:
    first = [
        HEADER,
        ["03/04/2018", "Home visit", "New birth visit, baby weighed", "HV Patel"],
        ["17/04/2018", "Telephone", "Mother called about feeding", "HV Patel"],
    ]
    continued = [
        HEADER,
        ["02/05/2018", "Clinic", "Baby seen at clinic", "HV Patel"],
        ["", "Clinic", "Second child seen the same day", "HV Patel"],
    ]
    _word(path, [first, continued])
    _merge_down(path, 1, 0, 1, 2)
    return path


def test_a_word_table_continued_over_pages_is_one_table_with_rows_numbered_on(tmp_path: Path) -> None:
    table = read_source(_hv_word(tmp_path / "hv.docx"))
    assert table.sheet == "table 1"
    assert table.records["Summary of event"].tolist() == [
        "New birth visit, baby weighed",
        "Mother called about feeding",
        "Baby seen at clinic",
        "Second child seen the same day",
    ]
    assert table.meta["source_row"].tolist() == [2, 3, 5, 6]
    assert table.blank_rows == 0
    assert any("table 2 continues table 1" in note for note in table.notes)
    assert any("repeated header rows not read: 4" in note for note in table.notes)


def test_a_date_merged_over_two_word_rows_dates_both_and_is_flagged(tmp_path: Path) -> None:
    table = read_source(_hv_word(tmp_path / "hv.docx"))
    assert table.records["Date"].tolist()[2:] == ["02/05/2018", "02/05/2018"]
    assert table.meta["record_issues"].tolist() == ["", "", "merged-cell", "merged-cell"]


def test_word_paragraph_text_is_counted_not_read(tmp_path: Path) -> None:
    table = read_source(_hv_word(tmp_path / "hv.docx"))
    assert any("1 paragraph of text outside the tables (3 words)" in note for note in table.notes)


def test_several_different_word_tables_are_chosen_like_sheets(tmp_path: Path) -> None:
    rows = [HEADER, ["2018", "Visit", "Seen", "A"]]
    path = _word(tmp_path / "gp.docx", [rows, [["Date", "Event"], ["2019", "Other"]]])
    with pytest.raises(SourceError, match=r"gp\.docx: the document has 2 tables \('table 1', 'table 2'\)"):
        read_source(path)
    assert read_source(path, sheet="table 2").records["Event"].tolist() == ["Other"]


def test_a_word_table_without_a_date_header_is_not_chosen_over_the_chronology(tmp_path: Path) -> None:
    cover = [["Agency", "Author"], ["GP", "Dr A"]]
    path = _word(tmp_path / "gp.docx", [cover, [HEADER, ["2018", "Visit", "Seen", "A"]]])
    table = read_source(path)
    assert table.sheet == "table 2" and table.records["Summary of event"].tolist() == ["Seen"]
    assert any("other tables not read: 'table 1'" in note for note in table.notes)


def _title_workbook(path: Path) -> Path:
    """Two title rows and merged group headers above the real header, a date merged over two rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Children's Social Care Chronology"
    sheet["A2"] = "Child: Child F   DOB: 01/01/2018"
    sheet["A3"], sheet["C3"] = "Contact", "Outcome and analysis"
    sheet.merge_cells("A3:B3")
    sheet.merge_cells("C3:D3")
    for row in (
        ["Date of contact", "Consultation type", "Details of contact", "Outcome / Decision"],
        ["05/06/2018", "Strategy discussion", "Strategy held", "S47"],
        [None, "Home visit", "Visit the same day", "NFA"],
        ["07/06/2018", "Assessment", "Assessment started", ""],
    ):
        sheet.append(row)
    sheet.merge_cells("A5:A6")
    workbook.save(path)
    return path


def test_the_header_is_found_under_a_title_block_and_rows_above_are_reported(tmp_path: Path) -> None:
    table = read_source(_title_workbook(tmp_path / "csc.xlsx"))
    assert table.headers == ("Date of contact", "Consultation type", "Details of contact", "Outcome / Decision")
    assert table.meta["source_row"].tolist() == [5, 6, 7]
    assert any("header is row 4" in note and "3 rows above it not read: 1, 2, 3" in note for note in table.notes)


def test_header_row_overrides_the_detection(tmp_path: Path) -> None:
    table = read_source(_title_workbook(tmp_path / "csc.xlsx"), header_row=3)
    assert table.headers[0] == "Contact" and table.meta["source_row"].tolist() == [4, 5, 6, 7]
    with pytest.raises(SourceError, match="header_row = 40 is set"):
        read_source(tmp_path / "csc.xlsx", header_row=40)


def test_a_merged_workbook_date_dates_both_rows_and_is_flagged(tmp_path: Path) -> None:
    table = read_source(_title_workbook(tmp_path / "csc.xlsx"))
    assert table.records["Date of contact"].tolist() == ["05/06/2018", "05/06/2018", "07/06/2018"]
    assert table.meta["record_issues"].tolist() == ["merged-cell", "merged-cell", ""]


def _xls(path: Path) -> Path:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Chronology")
    sheet.write(0, 0, "Ambulance service chronology")
    for c, text in enumerate(["Date/Time", "Source / Type", "Entry", "Clinician"]):
        sheet.write(2, c, text)
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    sheet.write(3, 0, pd.Timestamp("2018-02-14").to_pydatetime(), dates)
    sheet.write(3, 1, "999 call")
    sheet.write(3, 2, "Called to address, child 0123")
    sheet.write(3, 3, 42)
    sheet.write_merge(4, 5, 0, 0, "March 2018")
    sheet.write(4, 2, "Conveyed to hospital")
    sheet.write(5, 2, "Handover to A&E")
    book.save(str(path))
    return path


def test_xls_cells_read_as_text_with_dates_iso_and_merges_filled(tmp_path: Path) -> None:
    table = read_source(_xls(tmp_path / "ambulance.xls"))
    assert table.sheet == "Chronology" and table.headers == ("Date/Time", "Source / Type", "Entry", "Clinician")
    assert table.records.values.tolist() == [
        ["2018-02-14", "999 call", "Called to address, child 0123", "42"],
        ["March 2018", "", "Conveyed to hospital", ""],
        ["March 2018", "", "Handover to A&E", ""],
    ]
    assert table.meta["source_row"].tolist() == [4, 5, 6]
    assert table.meta["record_issues"].tolist() == ["", "merged-cell", "merged-cell"]


def _ods(path: Path) -> Path:
    frame = pd.DataFrame(
        [["Date of occurrence", "Occurrence type", "Narrative"], ["June 2018", "Incident", "NA"], ["", "Note", "1e5"]]
    )
    frame.to_excel(path, engine="odf", header=False, index=False, sheet_name="Log")
    return path


def test_ods_is_read_with_every_cell_as_text(tmp_path: Path) -> None:
    table = read_source(_ods(tmp_path / "school.ods"))
    assert table.sheet == "Log" and table.headers == ("Date of occurrence", "Occurrence type", "Narrative")
    assert table.records.values.tolist() == [["June 2018", "Incident", "NA"], ["", "Note", "1e5"]]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Entry", Field.DESCRIPTION),
        ("Summary", Field.DESCRIPTION),
        ("Summary of event", Field.DESCRIPTION),
        ("Event", Field.DESCRIPTION),
        ("Concern / Event", Field.DESCRIPTION),
        ("Details of contact", Field.DESCRIPTION),
        ("Narrative", Field.DESCRIPTION),
        ("Consultation type", Field.TYPE),
        ("Contact type", Field.TYPE),
        ("Source / Type", Field.TYPE),
        ("Occurrence type", Field.TYPE),
        ("Practitioner", Field.PRACTITIONER),
        ("Clinician", Field.PRACTITIONER),
        ("Officer", Field.PRACTITIONER),
        ("Venue", Field.LOCATION),
        ("Occurrence date", Field.DATE),
        ("Date of occurrence", Field.DATE),
        ("DATE OF  OCCURRENCE:", Field.DATE),
        ("Date/Time", Field.DATE),
        ("Reported date", Field.RECORDED),
        ("Date recorded", Field.RECORDED),
    ],
)
def test_headers_real_chronologies_use_are_recognised_by_their_words(header: str, field: Field) -> None:
    assert field_of(header) == field


@pytest.mark.parametrize("header", ["Outcome", "Outcome / Decision", "Action taken"])
def test_outcome_columns_are_read_for_attendance(header: str) -> None:
    assert field_of(header) == Field.OUTCOME


@pytest.mark.parametrize("header", ["Chronology", "Analysis"])
def test_analysis_columns_are_not_mapped_to_a_field(header: str) -> None:
    """Analysis is kept apart from the facts: an ordinary source column, kept as it is."""
    assert field_of(header) is None


def _police(path: Path) -> Path:
    path.write_text(
        "Occurrence date,Reported date,Occurrence type,Concern / Event,Officer\n"
        "12/10/2015,14/10/2015,Domestic,Neglectful conditions found,PC 1\n"
        ",20/12/2017,Domestic,Hammer mentioned,PC 2\n"
        "sometime,January 2018,Concern,Unclear,PC 3\n",
        encoding="utf-8",
    )
    return path


def test_events_are_dated_by_occurrence_and_fall_back_to_the_reported_date_flagged(tmp_path: Path) -> None:
    _police(tmp_path / "police.csv")
    frame = build_chronology(tmp_path).frame.set_index(Column.DESCRIPTION)
    first, second, third = (frame.loc[d] for d in ("Neglectful conditions found", "Hammer mentioned", "Unclear"))
    assert (first[Column.DATE_START], first[Column.RECORDED_START]) == (
        pd.Timestamp("2015-10-12"),
        pd.Timestamp("2015-10-14"),
    )
    assert IssueCode.DATED_BY_RECORD.value not in first[Column.ISSUES]
    assert second[Column.DATE_START] == pd.Timestamp("2017-12-20") == second[Column.RECORDED_START]
    assert second[Column.ISSUES] == IssueCode.DATED_BY_RECORD.value
    assert (third[Column.DATE_START], third[Column.DATE_END]) == (
        pd.Timestamp("2018-01-01"),
        pd.Timestamp("2018-01-31"),
    )
    assert third[Column.DATE_PRECISION] == "month" and third[Column.DATE_TEXT] == "sometime"
    assert IssueCode.UNPARSED_DATE.value in third[Column.ISSUES] and "dated-by-record" in third[Column.ISSUES]
    assert frame["Reported date"].tolist() == ["14/10/2015", "20/12/2017", "January 2018"]


def test_recorded_dates_are_empty_for_files_without_a_reported_date(tmp_path: Path) -> None:
    (tmp_path / "gp.csv").write_text("Date,Details\n01/02/2018,Seen\n", encoding="utf-8")
    frame = build_chronology(tmp_path).frame
    assert frame[Column.RECORDED_START].isna().all() and frame[Column.RECORDED_END].isna().all()


def _whole_case(folder: Path) -> Path:
    folder.mkdir()
    _hv_word(folder / "health_visiting.docx")
    _xls(folder / "ambulance.xls")
    _ods(folder / "school.ods")
    _title_workbook(folder / "childrens_social_care.xlsx")
    _police(folder / "police.csv")
    (folder / "README.md").write_text("Notes for the panel\n", encoding="utf-8")
    (folder / "case.toml").write_text('case_id = "f"\n', encoding="utf-8")
    return folder


def test_a_case_as_agencies_send_it_builds_with_every_record_once_and_no_column_mapping(tmp_path: Path) -> None:
    chronology = build_chronology(_whole_case(tmp_path / "case"))
    frame = chronology.frame
    per_file = frame.groupby(Column.SOURCE_FILE)[Column.SOURCE_ROW].apply(sorted).to_dict()
    assert per_file == {
        "ambulance.xls": [4, 5, 6],
        "childrens_social_care.xlsx": [5, 6, 7],
        "health_visiting.docx": [2, 3, 5, 6],
        "police.csv": [2, 3, 4],
        "school.ods": [2, 3],
    }
    assert not frame.duplicated([Column.SOURCE_FILE, Column.SOURCE_ROW]).any()
    assert (frame[Column.DESCRIPTION] != "").all()
    assert "Handover to A&E" in frame[Column.DESCRIPTION].tolist()
    assert frame.loc[frame[Column.SOURCE_FILE] == "childrens_social_care.xlsx", "Outcome / Decision"].tolist() == [
        "S47",
        "NFA",
        "",
    ]
    summary = "\n".join(chronology.summary())
    assert "README.md: not read: not a chronology file type (.md)" in summary
    assert "15 records from 5 file(s)" in summary


def test_an_unreadable_chronology_file_fails_naming_it_and_builds_once_ignored(tmp_path: Path) -> None:
    folder = _whole_case(tmp_path / "case")
    (folder / "gp.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "old.doc").write_bytes(b"x")
    with pytest.raises(SourceError) as raised:
        build_chronology(folder)
    message = str(raised.value)
    assert "2 files cannot be read" in message and "gp.pdf: this is a PDF" in message and "old.doc" in message
    assert "ignore = [" in message
    (folder / "case.toml").write_text('case_id = "f"\nignore = ["gp.pdf", "*.doc"]\n', encoding="utf-8")
    chronology = build_chronology(folder)
    assert len(chronology.frame) == 15
    summary = "\n".join(chronology.summary())
    assert "gp.pdf: not read: listed under ignore in case.toml" in summary
    assert "old.doc: not read: listed under ignore in case.toml" in summary


def test_an_encrypted_workbook_named_xlsx_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    _police(folder / "police.csv")
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    (folder / "gp.xlsx").write_bytes(ole2)
    with pytest.raises(SourceError, match=r"gp\.xlsx: this is a password-protected"):
        build_chronology(folder)


def test_problems_in_several_files_are_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Happened,Details\n2018,Seen\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("Happened,Words\n2018,Seen\n", encoding="utf-8")
    chronology = build_chronology(tmp_path)
    warned = [s.file for s in chronology.sources if s.warnings]
    assert warned == ["a.csv", "b.csv"]
    assert "no date or description or type column found" in chronology.sources[1].warnings[0]


def test_header_row_in_case_toml_is_used(tmp_path: Path) -> None:
    _title_workbook(tmp_path / "csc.xlsx")
    (tmp_path / "case.toml").write_text('[[sources]]\nfile = "csc.xlsx"\nheader_row = 4\n', encoding="utf-8")
    assert build_chronology(tmp_path).frame[Column.SOURCE_ROW].tolist() == [5, 6, 7]


def _problem_case(folder: Path) -> Path:
    folder.mkdir()
    (folder / "police.csv").write_text(
        "Occurrence date,Reported date,Occurrence type,Concern / Event\n"
        "31/02/2018,14/10/2015,Domestic,Seen\n"
        ",20/12/2017,Domestic,Heard\n",
        encoding="utf-8",
    )
    (folder / "gp.csv").write_text("Happened,Words\n2018,=1+1\n", encoding="utf-8")
    return folder


def test_check_lists_every_problem_by_file_most_serious_first_after_the_counts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronolane.cli import app

    result = CliRunner().invoke(app, ["check", str(_problem_case(tmp_path / "case"))])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("gp.csv: missing-column: no date or description or type column found")
    assert lines[1:] == [
        "gp.csv:2: undated",
        "gp.csv:2: unknown-event-type",
        "police.csv:2: invalid-date: 31/02/2018",
        "police.csv:2: dated-by-record: 31/02/2018",
        "police.csv:3: dated-by-record",
    ]
    assert "3 records from 2 file(s)" in result.stderr


def test_check_as_csv_gives_the_same_problems_as_a_table(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronolane.cli import app

    result = CliRunner().invoke(app, ["check", str(_problem_case(tmp_path / "case")), "--format", "csv"])
    table = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert list(table.columns) == ["file", "row", "severity", "code", "value"]
    assert table[["file", "row", "severity", "code"]].values.tolist()[1:] == [
        ["gp.csv", "2", "warning", "undated"],
        ["gp.csv", "2", "info", "unknown-event-type"],
        ["police.csv", "2", "error", "invalid-date"],
        ["police.csv", "2", "warning", "dated-by-record"],
        ["police.csv", "3", "warning", "dated-by-record"],
    ]
    assert result.exit_code == 1


def test_check_exits_0_when_no_problem_is_error_level(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronolane.cli import app

    (tmp_path / "gp.csv").write_text("Date,Type,Details\n,Visit,Seen\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["gp.csv:2: undated"]


def test_an_xlsm_workbook_is_read_as_xlsx(tmp_path: Path) -> None:
    path = _title_workbook(tmp_path / "csc.xlsm")
    assert read_source(path).records["Details of contact"].tolist() == [
        "Strategy held",
        "Visit the same day",
        "Assessment started",
    ]
    assert build_chronology(tmp_path).frame[Column.SOURCE_FILE].tolist() == ["csc.xlsm"] * 3


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        ([["Chronology"], ["Date", "Details"], ["2018", "Seen"]], 1),  # two known fields: the header
        ([["Chronology"], ["Date", "Whatever"], ["2018", "Seen"]], 1),  # a date counts twice
        ([["Chronology"], ["Details", "Whatever"], ["2018", "Seen"]], 0),  # one field is not enough: row 1
        ([["Date", "Type"], ["Date", "Type", "Details"]], 1),  # the best match wins
        ([["Date", "Details"], ["Date", "Details"]], 0),  # on a tie, the earliest
    ],
)
def test_the_header_is_the_row_naming_most_known_fields_and_at_least_two(rows: list[list[str]], header: int) -> None:
    from chronolane.ingest.header import find_header

    assert find_header(rows) == header


def test_a_header_below_the_searched_rows_is_not_found_without_header_row(tmp_path: Path) -> None:
    from chronolane.ingest.header import SEARCH_ROWS

    path = tmp_path / "long-title.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for i in range(SEARCH_ROWS):
        sheet.append([f"title line {i + 1}"])
    sheet.append(["Date", "Details"])
    sheet.append(["2018", "Seen"])
    workbook.save(path)
    assert read_source(path).headers == ("title line 1", "")
    assert read_source(path, header_row=SEARCH_ROWS + 1).records["Details"].tolist() == ["Seen"]


def test_a_merged_ods_cell_dates_both_rows_and_is_flagged(tmp_path: Path) -> None:
    """pandas' odf reader leaves covered cells empty; the merge is read from content.xml and filled."""
    path = _ods(tmp_path / "school.ods")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    content = parts["content.xml"].decode()
    first = '<table:table-cell office:value-type="string" office:string-value="June 2018">'
    assert first in content
    content = content.replace(
        first, first.replace("<table:table-cell ", '<table:table-cell table:number-rows-spanned="2" ')
    )
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    table = read_source(path)
    assert table.records["Date of occurrence"].tolist() == ["June 2018", "June 2018"]
    assert table.meta["record_issues"].tolist() == ["merged-cell", "merged-cell"]
