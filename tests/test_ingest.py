"""Reading agency files: every record kept once with the exact text of every cell, problems flagged."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chronolane import ingest
from chronolane.errors import SourceError
from chronolane.export.common import mark_controls
from chronolane.ingest import encoding as ingest_encoding
from chronolane.ingest import formats as ingest_formats
from chronolane.ingest import read_source, sniff_format
from chronolane.ingest import text as ingest_text
from chronolane.schema.characters import CONTROL_CHARACTERS_RE
from chronolane.schema.columns import RAW_RECORD, IssueCode
from chronolane.schema.limits import Limits

MESSY = Path(__file__).parent / "data" / "messy-case"
MALFORMED = IssueCode.MALFORMED_ROW.value


def write(tmp_path: Path, data: bytes | str, name: str = "source.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def cells(table: ingest.SourceTable) -> list[list[str]]:
    return table.records.astype(object).values.tolist()


def column(table: ingest.SourceTable, name: str) -> list[object]:
    return table.meta[name].tolist()


# --- the messy case: every file, every cell ------------------------------------------------------------

# (source_row, record_issues, raw_record, cells) for every record of every agency file.
MESSY_EXPECTED: dict[str, dict[str, object]] = {
    "police.csv": {
        "encoding": "utf-8-sig",
        "delimiter": ",",
        "sheet": None,
        "headers": ("Date", "Time", "Incident Type", "Details", "Officer", "Ref"),
        "blank_rows": 2,
        "records": [
            (
                2,
                "",
                "",
                [
                    "14/11/2014",
                    "23:10",
                    "Domestic incident",
                    "Officers attended home address after 999 call from neighbour reporting shouting. "
                    "Kayleigh Marsh (KM) had a cut lip; Dean Foster (DF) had left before arrival. "
                    "DASH completed: medium risk.",
                    "PC 2231 Hughes",
                    "0123",
                ],
            ),
            (
                3,
                "",
                "",
                [
                    "late 2014",
                    "",
                    "Intelligence",
                    "Anonymous information that DF is dealing drugs from the address.",
                    "n/k",
                    "NA",
                ],
            ),
            (
                5,
                "",
                "",
                [
                    "03/04/2018",
                    "14:30",
                    "Concern for welfare",
                    'Call from KM\'s mother: KM heavily pregnant and "not coping".\n'
                    "Officers attended; KM calm, flat clean, no further action.",
                    "PC 1187 Ahmed",
                    "1e5",
                ],
            ),
            (
                6,
                "",
                "",
                [
                    "14/06/2018",
                    "02:15",
                    "Domestic incident",
                    "Domestic incident at home address: DF arrested for assault on KM, baby Ellie present. "
                    "DASH high risk, referral to MARAC.",
                    "PS 907 Clarke",
                    "null",
                ],
            ),
            (
                7,
                MALFORMED,
                "20/06/2018,10:00,Strategy discussion,Strategy discussion with CSC and health, section 47 enquiry "
                "agreed,DS 455 Patel,None",
                [
                    "20/06/2018",
                    "10:00",
                    "Strategy discussion",
                    "Strategy discussion with CSC and health",
                    " section 47 enquiry agreed",
                    "DS 455 Patel",
                ],
            ),
            (
                8,
                "",
                "",
                [
                    "12/03/2018 - 16/03/2018",
                    "",
                    "Missing person",
                    "Tyler (3) wandered from home while KM asleep.\nFound by neighbour within the hour.",
                    "PC 2231 Hughes",
                    "N/A",
                ],
            ),
            (9, MALFORMED, "autumn 2018,,Domestic incident", ["autumn 2018", "", "Domestic incident", "", "", ""]),
            (11, "", "", ["n/k", "", "Warning marker", "Address flagged: risk to officers (DF).", "", "#N/A"]),
        ],
    },
    "gp.csv": {
        "encoding": "cp1252",
        "delimiter": ",",
        "sheet": None,
        "headers": ("Date of contact", "Contact type", "Summary", "Clinician", "Read code"),
        "blank_rows": 0,
        "records": [
            (
                2,
                "",
                "",
                [
                    "02/10/2017",
                    "Booking",
                    "Antenatal booking: KM 10 weeks pregnant. Says she’s “happy but "
                    "anxious”. Smoker, advised re: cessation.",
                    "Dr Okafor",
                    "62B..",
                ],
            ),
            (
                3,
                "",
                "",
                [
                    "15/01/2018",
                    "Appointment",
                    "Low mood; sertraline 50mg started. Discussed £300 debt worries – referred to Citizens Advice.",
                    "Dr Okafor",
                    "1e5",
                ],
            ),
            (4, "", "", ["03/04/2018", "DNA", "Did not attend medication review.", "Dr Okafor", "None"]),
            (
                5,
                "",
                "",
                [
                    "21/05/2018",
                    "Birth notification",
                    "Birth of Ellie Marsh at 39+2 weeks, 3.1 kg. Discharged home day 2.",
                    "Midwife Zoë Blake",
                    "0123",
                ],
            ),
            (
                6,
                "",
                "",
                [
                    "six months later",
                    "Letter",
                    "Letter to KM re: missed immunisations for Ellie (8 and 12 weeks).",
                    "Admin",
                    "NA",
                ],
            ),
            (
                7,
                "",
                "",
                [
                    "Mon 2 July 2018",
                    "Appointment",
                    "Ellie seen with nappy rash; mum tearful, said “it’s all too much”.",
                    "Dr Singh",
                    "null",
                ],
            ),
        ],
    },
    "health_visiting.csv": {
        "encoding": "utf-8",
        "delimiter": ";",
        "sheet": None,
        "headers": ("Event date", "Type", "Notes", "Practitioner", "Setting"),
        "blank_rows": 1,
        "records": [
            (
                2,
                "",
                "",
                [
                    "12/03/2018 - 16/03/2018",
                    "Antenatal contact",
                    "Antenatal visit attempted twice; no access on both occasions.",
                    "HV Jones",
                    "Home",
                ],
            ),
            (
                3,
                "",
                "",
                [
                    "30/05/2018",
                    "New birth visit",
                    "New birth visit: Ellie weight 3,2 kg, feeding well (formula). Home cluttered, two dogs.",
                    "HV Jones",
                    "Home",
                ],
            ),
            (
                4,
                "",
                "",
                [
                    "14.06.18",
                    "Telephone",
                    'Mum phoned, upset: "partner arrested last night". Advised to contact police/IDVA.',
                    "HV Jones",
                    "Phone",
                ],
            ),
            (6, "", "", ["August 2018", "6-8 week review", "Was not brought. Letter sent.", "NA", "null"]),
            (
                7,
                MALFORMED,
                "20/02/2019;Home visit;Home conditions improved; new carpet fitted.;HV Osei;Home",
                ["20/02/2019", "Home visit", "Home conditions improved", " new carpet fitted.", "HV Osei"],
            ),
            (
                8,
                "",
                "",
                [
                    "early 2019",
                    "Home visit",
                    "Seen at home with Ellie (8 months).\nDevelopmental review: all areas on track.",
                    "HV Osei",
                    "Home",
                ],
            ),
        ],
    },
    "housing.csv": {
        "encoding": "utf-16",
        "delimiter": "\t",
        "sheet": None,
        "headers": ("When", "Service", "Event", "Notes", "Officer"),
        "blank_rows": 0,
        "records": [
            (
                2,
                "",
                "",
                [
                    "2016",
                    "Tenancy",
                    "Tenancy start",
                    "Sole tenancy granted to KM, 2-bed flat, Flat 4 Elm Court.",
                    "J. Reid",
                ],
            ),
            (
                3,
                "",
                "",
                [
                    "09/2017",
                    "Repairs",
                    "Repair request",
                    "Damp in back bedroom reported; contractor booked.",
                    "J. Reid",
                ],
            ),
            (
                4,
                "",
                "",
                ["01/02/2018", "Rent", "Arrears letter", "Rent arrears £412.50; payment plan offered.", "J. Reid"],
            ),
            (
                5,
                "",
                "",
                ["14/06/2018", "ASB", "Complaint", "Neighbour complaint: shouting and banging at 2am.", "M. Grant"],
            ),
            (
                6,
                "",
                "",
                [
                    "winter 2018",
                    "Tenancy",
                    "Home visit",
                    "Property in poor condition, dog mess in hallway.\nTenancy warning given.",
                    "M. Grant",
                ],
            ),
            (7, "", "", ["0123", "Rent", "Note", "nan", "#N/A"]),
        ],
    },
    "childrens_social_care.xlsx": {
        "encoding": None,
        "delimiter": None,
        "sheet": "Chronology",
        "headers": ("Date", "Time", "Event type", "Summary", "Worker", "Child seen", "Hours", "Outcome"),
        "blank_rows": 1,
        "records": [
            (
                2,
                "",
                "",
                [
                    "2018-06-14",
                    "09:40",
                    "Contact",
                    "Police notification received: domestic incident at "
                    "home address: DF arrested for assault on KM, baby Ellie present. DASH high risk, referral "
                    "to MARAC.",
                    "SW Brennan",
                    "FALSE",
                    "0.5",
                    "Progress to strategy",
                ],
            ),
            (
                3,
                "",
                "",
                [
                    "2018-06-15 11:00",
                    "",
                    "Strategy discussion",
                    "Strategy discussion with police and health visiting; section 47 enquiry agreed.",
                    "TM Lowe",
                    "",
                    "0.3",
                    "S47",
                ],
            ),
            (
                4,
                "",
                "",
                [
                    "43271",
                    "14:00",
                    "Home visit",
                    "Joint visit with police. Ellie seen and observed asleep in cot.\nKM engaged.",
                    "SW Brennan",
                    "TRUE",
                    "1.5",
                    "NFA",
                ],
            ),
            (
                6,
                IssueCode.FORMULA_WITHOUT_VALUE.value,
                "",
                [
                    "autumn 2018",
                    "",
                    "Child protection conference",
                    "Initial child protection conference: Ellie and Tyler made subject to plans (neglect).",
                    "Chair: IRO Patel",
                    "TRUE",
                    "2",
                    "",
                ],
            ),
            (
                7,
                IssueCode.HIDDEN_ROW.value,
                "",
                ["n/k", "", "Case note", "Case note entered in error; see next entry.", "0123", "NA", "1e5", "#N/A"],
            ),
            (
                8,
                "",
                "",
                [
                    "2019-03-01",
                    "",
                    "Core group",
                    "Core group meeting; Tyler's attendance at nursery 62%.",
                    "SW Brennan",
                    "TRUE",
                    "43193",
                    "null",
                ],
            ),
        ],
    },
}


@pytest.mark.parametrize("name", sorted(MESSY_EXPECTED))
def test_messy_case_file_is_read_record_for_record_and_cell_for_cell(name: str) -> None:
    """Each agency file of the messy case: format facts, headers, counts, and every cell's exact text."""
    expected = MESSY_EXPECTED[name]
    table = read_source(MESSY / name, sheet="Chronology" if name.endswith(".xlsx") else None)
    rows = expected["records"]
    assert (table.encoding, table.delimiter, table.sheet) == (
        expected["encoding"],
        expected["delimiter"],
        expected["sheet"],
    )
    assert table.headers == expected["headers"]
    assert list(table.records.columns) == list(expected["headers"])
    assert table.blank_rows == expected["blank_rows"]
    assert len(table.records) == len(rows)
    assert column(table, "source_row") == [r[0] for r in rows]
    assert column(table, "record_issues") == [r[1] for r in rows]
    assert column(table, RAW_RECORD) == [r[2] for r in rows]
    assert cells(table) == [r[3] for r in rows]


def test_messy_case_holds_every_kind_of_bad_input_the_issue_lists() -> None:
    """The messy case covers BOM, cp1252, UTF-16, ';' with sep=, tab, XLSX, blanks, malformed and NA-likes."""
    tables = {
        name: read_source(MESSY / name, sheet="Chronology" if name.endswith(".xlsx") else None)
        for name in MESSY_EXPECTED
    }
    assert {t.encoding for t in tables.values()} >= {"utf-8-sig", "cp1252", "utf-16", "utf-8", None}
    assert {t.delimiter for t in tables.values()} >= {",", ";", "\t"}
    text = "\n".join("\n".join(map("\t".join, cells(t))) for t in tables.values())
    for value in (
        "NA",
        "None",
        "null",
        "0123",
        "1e5",
        "N/A",
        "#N/A",
        "nan",
        "n/k",
        "late 2014",
        "autumn 2018",
        "six months later",
        "12/03/2018 - 16/03/2018",
        "03/04/2018",
        "£",
        "“",
    ):
        assert value in text
    issues = "".join(t.meta["record_issues"].sum() for t in tables.values())
    assert MALFORMED in issues and "formula-without-value" in issues and "hidden-row" in issues
    assert sum(t.blank_rows for t in tables.values()) >= 3


def test_messy_workbook_needs_its_sheet_named() -> None:
    """The messy workbook has two sheets, so reading it without a sheet name is an error listing both."""
    with pytest.raises(SourceError, match=r"'Chronology', 'Lookups'.*sheet = \"Chronology\""):
        read_source(MESSY / "childrens_social_care.xlsx")


# --- encodings ---------------------------------------------------------------------------------------------

TEXT = "Date,Details\n03/04/2018,Mum said “it’s fine” – £5 café\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_encodings_are_decoded_strictly_and_reported(tmp_path: Path, data: bytes, encoding: str) -> None:
    """UTF-8 with or without BOM, cp1252 and UTF-16 all give the same text, the BOM gone from the header."""
    table = read_source(write(tmp_path, data))
    assert table.encoding == encoding
    assert table.headers == ("Date", "Details")
    assert cells(table) == [["03/04/2018", "Mum said “it’s fine” – £5 café"]]
    assert "\ufffd" not in "".join(cells(table)[0])


def test_cp1252_fallback_is_noted_with_where_utf8_failed(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, TEXT.encode("cp1252")))
    assert any("cp1252" in note and "line 2" in note for note in table.notes)


def test_undecodable_byte_stops_with_byte_offset_and_line(tmp_path: Path) -> None:
    """0x81 is neither UTF-8 nor cp1252: the error gives its offset and line."""
    data = b"Date,Details\n01/01/2018,ok\n02/01/2018,bad \x81 byte\n"
    with pytest.raises(SourceError, match=r"source\.csv: byte 42 \(line 3\) is 0x81"):
        read_source(write(tmp_path, data))


def test_mixed_utf8_and_cp1252_is_refused_rather_than_garbled(tmp_path: Path) -> None:
    data = "Date,Details\n01/01/2018,café\n".encode() + "02/01/2018,café\n".encode("cp1252")
    with pytest.raises(SourceError, match=r"mixed encodings: byte 44 \(line 3\).*line 2 holds UTF-8"):
        read_source(write(tmp_path, data))


def test_invalid_utf8_after_a_utf8_bom_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"byte 9 \(line 2\) is not valid UTF-8 although the file starts"):
        read_source(write(tmp_path, codecs.BOM_UTF8 + b"a,b\n1,\x81\n"))


# --- delimiters and structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected_among_the_four(tmp_path: Path, delimiter: str) -> None:
    """Each delimiter is found even when cells contain the other candidates."""
    rows = [["Date", "Details", "Worker"], ["03/04/2018", "seen, well; ok|fine\tx", "HV"], ["n/k", "a,b;c|d", "SW"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    table = read_source(write(tmp_path, buffer.getvalue()))
    assert table.delimiter == delimiter
    assert cells(table) == rows[1:]


@pytest.mark.parametrize("line", ["sep=|", "SEP=|", '"sep=|"'])
def test_excel_sep_line_is_honoured_and_not_a_header(tmp_path: Path, line: str) -> None:
    table = read_source(write(tmp_path, f"{line}\r\nDate|Notes, more;x\r\n01/02/2019|a,b;c\r\n"))
    assert table.delimiter == "|"
    assert table.headers == ("Date", "Notes, more;x")
    assert cells(table) == [["01/02/2019", "a,b;c"]]
    assert column(table, "source_row") == [2]
    assert any("sep=|" in note for note in table.notes)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lf_crlf_and_cr_line_ends_give_the_same_records(tmp_path: Path, newline: str) -> None:
    text = newline.join(["Date,Notes", "01/01/2018,a", '02/01/2018,"two\nlines"', "03/01/2018,c"]) + newline
    table = read_source(write(tmp_path, text))
    assert cells(table) == [["01/01/2018", "a"], ["02/01/2018", "two\nlines"], ["03/01/2018", "c"]]
    assert column(table, "source_row") == [2, 3, 4]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_file_without_quotes_is_read_with_the_same_records_and_rows(tmp_path: Path, newline: str) -> None:
    """No quote, no cell with a line break: the faster split gives the records a quoted file would."""
    text = newline.join(["Date,Notes", "01/01/2018,a", "", "02/01/2018,b,extra", "03/01/2018,c"]) + newline
    table = read_source(write(tmp_path, text))
    assert cells(table) == [["01/01/2018", "a"], ["02/01/2018", "b"], ["03/01/2018", "c"]]
    assert column(table, "source_row") == [2, 4, 5]
    assert column(table, RAW_RECORD) == ["", "02/01/2018,b,extra", ""]
    assert table.blank_rows == 1


def test_multiline_cells_are_one_record_and_one_spreadsheet_row(tmp_path: Path) -> None:
    """A quoted cell spanning lines (LF, CRLF, lone CR) is one record; later rows keep spreadsheet numbering."""
    text = 'Date,Notes\r\n1,"a\r\nb\r\nc"\r\n\r\n2,"x\ry"\r\n3,"p\nq"\r\n4,z\r\n'
    table = read_source(write(tmp_path, text))
    assert cells(table) == [["1", "a\nb\nc"], ["2", "x\ny"], ["3", "p\nq"], ["4", "z"]]
    assert column(table, "source_row") == [2, 4, 5, 6]
    assert table.blank_rows == 1


@pytest.mark.parametrize(
    "value",
    ["NA", "None", "null", "N/A", "nan", "NaN", "#N/A", "0123", "1e5", "-", " ", "TRUE", "1.50", "00:00", "=1+1"],
)
def test_na_like_and_numeric_looking_text_is_kept_exactly(tmp_path: Path, value: str) -> None:
    table = read_source(write(tmp_path, f"Date,Ref\nn/k,{value}\n"))
    assert cells(table) == [["n/k", value]]
    assert table.records["Ref"].dtype == "str"


def test_too_many_fields_are_kept_with_raw_text_and_flagged(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Type,Notes\n01/01/2018,visit,ok\n02/01/2018,visit,seen, well,extra\n"))
    assert cells(table) == [["01/01/2018", "visit", "ok"], ["02/01/2018", "visit", "seen"]]
    assert column(table, RAW_RECORD) == ["", "02/01/2018,visit,seen, well,extra"]
    assert column(table, "record_issues") == ["", MALFORMED]
    assert column(table, "source_row") == [2, 3]


def test_too_few_fields_are_flagged_never_padded_silently(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Type,Notes\n01/01/2018\n02/01/2018,visit,ok\n"))
    assert cells(table) == [["01/01/2018", "", ""], ["02/01/2018", "visit", "ok"]]
    assert column(table, "record_issues") == [MALFORMED, ""]
    assert column(table, RAW_RECORD) == ["01/01/2018", ""]


def test_malformed_multiline_record_keeps_its_place_and_raw_text(tmp_path: Path) -> None:
    text = 'Date,Notes\r\n1,a\r\n2,"b\r\nc",extra\r\n3,d\r\n4\r\n'
    table = read_source(write(tmp_path, text))
    assert cells(table) == [["1", "a"], ["2", "b\nc"], ["3", "d"], ["4", ""]]
    assert column(table, RAW_RECORD) == ["", '2,"b\nc",extra', "", "4"]
    assert column(table, "source_row") == [2, 3, 4, 5]
    assert any("rows 3, 5" in note for note in table.notes)


def test_blank_rows_are_counted_not_returned(tmp_path: Path) -> None:
    """Empty lines and delimiter-only lines are blank rows; they shift later rows' numbers as in Excel."""
    table = read_source(write(tmp_path, "\n\nDate,Notes\n\n1,a\n,\n\n2,b\n,,\n\n"))
    assert cells(table) == [["1", "a"], ["2", "b"]]
    assert column(table, "source_row") == [5, 8]
    assert table.blank_rows == 7
    assert any("7 blank rows" in note for note in table.notes)


def test_whitespace_only_line_is_a_malformed_record_not_a_blank_row(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Notes\n   \n1,a\n"))
    assert cells(table) == [["   ", ""], ["1", "a"]]
    assert column(table, "record_issues") == [MALFORMED, ""]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('Date,Notes\n1,a\n2,"never closed\n3,c\n4,d\n', 3),
        ('Date,Notes\n1,a\n2,"never ""closed""', 3),
        ('Date,Notes\n1,"oops,x\n2,b\n', 2),
        ('Date,"Notes\n1,a\n', 1),
    ],
)
def test_unterminated_quote_is_an_error_naming_the_line_it_starts(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(SourceError, match=rf"source\.csv: line {line}: a quoted cell starts here"):
        read_source(write(tmp_path, text))


def test_quotes_inside_unquoted_cells_are_text(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, 'Date,Notes\n1,said "no"\n2,5\'11"\n'))
    assert cells(table) == [["1", 'said "no"'], ["2", "5'11\""]]


@pytest.mark.parametrize(
    "data", [b"", codecs.BOM_UTF8, b"\r\n\r\n", b"Date,Notes\r\n", b"Date,Notes", b"Date,Notes\n\n"]
)
def test_empty_or_header_only_file_has_no_records_and_says_so(tmp_path: Path, data: bytes) -> None:
    table = read_source(write(tmp_path, data))
    assert len(table.records) == 0
    assert len(table.meta) == 0
    assert "no data rows" in table.notes
    if data.strip(codecs.BOM_UTF8 + b"\r\n"):
        assert table.headers == ("Date", "Notes")


def test_duplicate_and_blank_headers_are_made_unique_and_reported(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Notes,,Notes,Notes (2)\n1,a,b,c,d\n"))
    assert table.headers == ("Date", "Notes", "", "Notes", "Notes (2)")
    assert list(table.records.columns) == ["Date", "Notes", "column 3", "Notes (3)", "Notes (2)"]
    assert cells(table) == [["1", "a", "b", "c", "d"]]
    assert any("header 3 is blank" in note for note in table.notes)
    assert any("'Notes' repeated: column 4 named 'Notes (3)'" in note for note in table.notes)


def test_control_characters_are_flagged_and_kept(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Notes\n1,nul\x00here\n2,tab\tok\n3,bell\x07\n"))
    assert cells(table) == [["1", "nul\x00here"], ["2", "tab\tok"], ["3", "bell\x07"]]
    assert column(table, "record_issues") == [IssueCode.CONTROL_CHARACTERS.value, "", "control-characters"]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\x9b", "\ufffe", "\uffff"])
def test_every_control_character_an_export_marks_is_flagged_at_ingest(tmp_path: Path, char: str) -> None:
    """C1 controls and XML's non-characters too: a marker in an export always has a flag on its row."""
    table = read_source(write(tmp_path, f"Date,Notes\n1,a{char}b\n2,a\tb\n"))
    assert cells(table) == [["1", f"a{char}b"], ["2", "a\tb"]]
    assert column(table, "record_issues") == [IssueCode.CONTROL_CHARACTERS.value, ""]
    assert [mark_controls(text)[1] for text in table.records["Notes"]] == [1, 0]


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("plain ASCII, tabs\tand\nline ends\r\n", False),
        ("£20 café, naïve “quotes” Ā ｾ \u2028", False),  # continuation bytes 0x80-0x9f inside other characters
        ("ascii with a bell\x07", True),
        ("ascii with DEL\x7f", True),
        ("£20 and a C1 control\x85", True),
        ("£20 and a non-character \ufffe", True),
        ("café\uffff", True),
        ("café and a NUL\x00", True),
    ],
)
def test_the_whole_file_check_for_control_characters_sees_exactly_the_flagged_ones(text: str, holds: bool) -> None:
    """The fast check that skips the per-cell search agrees with the per-cell pattern, ASCII or not."""
    assert ingest_encoding.holds_controls(text.encode()) is holds
    assert bool(re.search(CONTROL_CHARACTERS_RE, text.replace("\r", ""))) is holds


@pytest.mark.parametrize("char", ["\x07", "\x85", "\ufffe"])
def test_control_characters_in_a_data_frame_are_flagged_like_those_in_a_file(char: str) -> None:
    table = ingest.frame_table(pd.DataFrame({"Date": ["1", "2"], "Notes": [f"a{char}b", "a\tb"]}))
    assert column(table, "record_issues") == [IssueCode.CONTROL_CHARACTERS.value, ""]


def test_issue_codes_on_one_record_are_joined_with_semicolons(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Notes\n1,a\x01,extra\n"))
    assert column(table, "record_issues") == ["malformed-row;control-characters"]


def test_records_and_meta_share_a_range_index_and_text_dtypes(tmp_path: Path) -> None:
    table = read_source(write(tmp_path, "Date,Notes\n1,a\n2,b,c\n3,c\n"))
    assert isinstance(table.records.index, pd.RangeIndex)
    assert table.records.index.equals(table.meta.index)
    assert list(table.meta.columns) == ["source_row", RAW_RECORD, "record_issues"]
    assert table.meta["source_row"].dtype == "int64"
    assert (table.records.dtypes == "str").all()
    assert (table.meta[[RAW_RECORD, "record_issues"]].dtypes == "str").all()


def test_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_formats, "MAX_FILE_BYTES", 10)
    with pytest.raises(SourceError, match=r"source\.csv: 17 bytes is over the 10-byte limit"):
        read_source(write(tmp_path, "Date,Notes\n1,abc\n"))


def test_sheet_setting_on_a_text_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="delimited text, not a workbook"):
        read_source(write(tmp_path, "Date\n1\n"), sheet="Sheet1")


# --- formats from first bytes ------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def _ole2(path: Path, stream: str) -> Path:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(header + stream.encode("utf-16-le") + b"\x00\x00" + b"\x00" * 100)
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: _zip(p, {"notes.txt": "x"}), "zip archive"),
        (lambda p: _zip(p, {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), ".odt"),
        (lambda p: _ole2(p, "EncryptedPackage"), "password-protected"),
        (lambda p: _ole2(p, "WordDocument"), r"Word document \(\.doc\)"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n..."), "PDF"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n...."), "PNG image"),
        (lambda p: p.write_bytes(b"<html><table><tr><td>1</td></tr></table></html>"), "HTML page"),
        (lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 100), "binary file"),
    ],
)
def test_renamed_binary_files_are_recognised_and_named(tmp_path: Path, make, kind: str) -> None:
    path = tmp_path / "police.csv"
    make(path)
    with pytest.raises(SourceError, match=rf"police\.csv: this is (a|an) .*{kind}"):
        sniff_format(path)
    with pytest.raises(SourceError, match=kind):
        read_source(path)


@pytest.mark.parametrize(
    ("make", "kind", "message"),
    [
        (lambda p: _zip(p, {"word/document.xml": "<w/>"}), "docx", "cannot be read as a Word document"),
        (lambda p: _ole2(p, "Workbook"), "xls", "cannot be read as an .xls workbook"),
    ],
)
def test_renamed_word_and_xls_files_are_read_as_what_they_are_and_damage_is_named(
    tmp_path: Path, make, kind: str, message: str
) -> None:
    """Issue 10 made .docx and .xls readable: a renamed one is read by its content; a damaged one names the file."""
    path = tmp_path / "police.csv"
    make(path)
    assert sniff_format(path) == kind
    with pytest.raises(SourceError, match=rf"police\.csv: {message}"):
        read_source(path)


def test_sniff_format_reads_content_not_extension(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "book.csv")
    assert sniff_format(tmp_path / "book.csv") == "xlsx"
    assert sniff_format(write(tmp_path, "Date\n1\n", "text.xlsx")) == "csv"
    table = read_source(tmp_path / "text.xlsx")
    assert cells(table) == [["1"]]
    assert any("holds delimited text" in note for note in table.notes)


# --- workbooks ---------------------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], **sheets: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    for row in rows:
        sheet.append(row)
    for title, extra in sheets.items():
        other = workbook.create_sheet(title)
        for row in extra:
            other.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (dt.datetime(2018, 4, 3), "dd/mm/yyyy", "2018-04-03"),
        (dt.datetime(2018, 4, 3, 14, 30), "dd/mm/yyyy hh:mm", "2018-04-03 14:30"),
        (dt.datetime(2018, 4, 3, 14, 30, 15), "dd/mm/yyyy hh:mm:ss", "2018-04-03 14:30:15"),
        (dt.date(2018, 4, 3), "yyyy-mm-dd", "2018-04-03"),
        (dt.time(9, 5), "hh:mm", "09:05"),
        (43193, "General", "43193"),
        (43193.0, "General", "43193"),
        (1.5, "General", "1.5"),
        (0.1 + 0.2, "General", "0.3"),
        (-2.25, "General", "-2.25"),
        (1e20, "General", "1E+20"),
        (True, "General", "TRUE"),
        (False, "General", "FALSE"),
        ("0123", "@", "0123"),
        ("NA", "General", "NA"),
        ("two\r\nlines", "General", "two\nlines"),
    ],
)
def test_workbook_cells_become_the_text_excel_shows(
    tmp_path: Path, value: object, number_format: str, text: str
) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Value"])
    sheet.append(["n/k", value])
    sheet["B2"].number_format = number_format
    workbook.save(path)
    table = read_source(path)
    assert cells(table) == [["n/k", text]]
    assert table.sheet == "Sheet"


def test_workbook_with_several_sheets_requires_a_named_one(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "csc.xlsx", [["Date"], ["1"]], Lookups=[["x"]], Notes=[["y"]])
    with pytest.raises(SourceError, match=r"csc\.xlsx: the workbook has 3 sheets \('Chronology', 'Lookups', 'Notes'\)"):
        read_source(path)
    with pytest.raises(SourceError, match=r"no sheet named 'Chronolgy'; the workbook has 'Chronology', 'Lookups'"):
        read_source(path, sheet="Chronolgy")
    table = read_source(path, sheet="Lookups")
    assert table.headers == ("x",) and len(table.records) == 0
    assert any("other sheets not read: 'Chronology', 'Notes'" in note for note in table.notes)


def test_hidden_sheets_are_listed_as_hidden(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Chronology"
    workbook.create_sheet("Old").sheet_state = "hidden"
    workbook.save(tmp_path / "book.xlsx")
    with pytest.raises(SourceError, match=r"2 sheets \('Chronology', 'Old' \(hidden\)\)"):
        read_source(tmp_path / "book.xlsx")


def test_workbook_rows_keep_spreadsheet_numbers_and_blank_rows_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A3"], sheet["B3"] = "Date", "Notes"
    sheet["A4"], sheet["B4"] = "01/01/2018", "a"
    sheet["B7"] = "b"
    sheet["A9"] = ""
    workbook.save(path)
    table = read_source(path)
    assert table.headers == ("Date", "Notes")
    assert cells(table) == [["01/01/2018", "a"], ["", "b"]]
    assert column(table, "source_row") == [4, 7]
    assert table.blank_rows == 4


def test_workbook_data_wider_than_the_header_gets_named_columns(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["Date", "Notes"], ["1", "a", "stray"]])
    table = read_source(path)
    assert list(table.records.columns) == ["Date", "Notes", "column 3"]
    assert cells(table) == [["1", "a", "stray"]]
    assert any("header 3 is blank" in note for note in table.notes)


def test_hidden_rows_are_kept_flagged_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (["Date", "Notes"], ["1", "a"], ["2", "b"], ["3", "c"]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["B"].hidden = True
    workbook.save(path)
    table = read_source(path)
    assert cells(table) == [["1", "a"], ["2", "b"], ["3", "c"]]
    assert column(table, "record_issues") == ["", IssueCode.HIDDEN_ROW.value, ""]
    assert any("1 record in hidden rows" in note and "rows 3" in note for note in table.notes)
    assert any("hidden columns kept: B" in note for note in table.notes)


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give formula cell ``cell`` a saved value, as Excel does when it saves a workbook."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, n = re.subn(rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", sheet)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formula_cells_give_their_saved_value_or_are_flagged(tmp_path: Path) -> None:
    """A formula with a saved value reads as that value; one without is "" and flagged, never silently blank."""
    path = _workbook(tmp_path / "book.xlsx", [["Date", "Total"], ["1", "=2+3"], ["2", "=2+4"]])
    _with_cached_value(path, "B2", "5")
    table = read_source(path)
    assert cells(table) == [["1", "5"], ["2", ""]]
    assert column(table, "record_issues") == ["", IssueCode.FORMULA_WITHOUT_VALUE.value]
    assert any("formula cell that has no saved value" in note and "rows 3" in note for note in table.notes)


def test_workbook_over_the_unpacked_size_limit_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["Date"], ["1"]])
    with pytest.raises(SourceError, match=r"book\.xlsx: the workbook would unpack to [\d,]+ bytes, over the 1,000"):
        read_source(path, limits=Limits(unpacked_bytes=1000))


def test_workbooks_are_parsed_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_empty_workbook_has_no_data_rows(tmp_path: Path) -> None:
    table = read_source(_workbook(tmp_path / "book.xlsx", []))
    assert len(table.records) == 0 and "no data rows" in table.notes


# --- properties --------------------------------------------------------------------------------------------

CELL = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


def _expected(rows: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """Rows that are not blank, line breaks normalised, and their spreadsheet row numbers."""
    kept = [(i, r) for i, r in enumerate(rows) if any(r)]
    return [[c.replace("\r\n", "\n").replace("\r", "\n") for c in r] for _, r in kept], [i + 2 for i, _ in kept]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    width=st.integers(2, 4),
    data=st.data(),
)
def test_any_cell_text_written_by_csv_writer_reads_back_identical(
    tmp_path: Path, delimiter: str, width: int, data: st.DataObject
) -> None:
    """Quotes, delimiters, line breaks, unicode: csv.writer's output reads back cell for cell (sep= line)."""
    headers = data.draw(
        st.lists(st.text("abcdefgh", min_size=1, max_size=5), min_size=width, max_size=width, unique=True)
    )
    rows = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=8))
    buffer = io.StringIO(newline="")
    buffer.write(f"sep={delimiter}\r\n")
    csv.writer(buffer, delimiter=delimiter).writerows([headers, *rows])
    table = read_source(write(tmp_path, buffer.getvalue()))
    expected, numbers = _expected(rows)
    assert table.headers == tuple(headers)
    assert cells(table) == expected
    assert column(table, "source_row") == numbers
    assert table.blank_rows == len(rows) - len(expected)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.lists(
            st.text(st.characters(exclude_categories=("Cs",), exclude_characters=";\t|"), max_size=10),
            min_size=3,
            max_size=3,
        ),
        max_size=8,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_comma_files_are_detected_and_read_back_identical(tmp_path: Path, rows: list[list[str]], encoding: str) -> None:
    """Without a sep= line, a comma-delimited file in any supported encoding reads back cell for cell."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["Date", "Agency", "Details"], *rows])
    table = read_source(write(tmp_path, buffer.getvalue().encode(encoding)))
    expected, numbers = _expected(rows)
    assert table.delimiter == ","
    assert cells(table) == expected
    assert column(table, "source_row") == numbers


def test_unterminated_quote_in_a_large_file_is_located_by_a_record_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the open cell outgrows pyarrow's parse block, a slower scan still names the line."""
    monkeypatch.setattr(ingest_text, "BLOCK_BYTES", 4096)
    text = "Date,Notes\n" + "".join(f"{i},note {i}\n" for i in range(50)) + '50,"open\n' + "x,y\n" * 2000
    with pytest.raises(SourceError, match=r"source\.csv: line 52: a quoted cell in the record starting here"):
        read_source(write(tmp_path, text))


# ------------------------------------------------------------------------------------- broken and hostile files


def test_text_after_a_quoted_cell_keeps_its_characters_and_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_bytes(
        b'Date,Details,Agency\r\n01/02/2018,"quoted" trailing,Police\r\n'
        b'02/02/2018,He said "hi" ok,GP\r\n03/02/2018,"fine, ""quoted""",GP\r\n'
    )
    table = read_source(path)
    assert table.records["Details"].tolist() == ['"quoted" trailing', 'He said "hi" ok', 'fine, "quoted"']
    assert table.meta["record_issues"].tolist() == [IssueCode.STRAY_QUOTE.value, "", ""]
    assert table.meta[RAW_RECORD].tolist() == ['01/02/2018,"quoted" trailing,Police', "", ""]
    assert any("flagged stray-quote: rows 2" in note for note in table.notes)


def test_a_stray_quote_after_a_multi_line_cell_is_found_in_the_right_record(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text('Date,Details\n01/02/2018,"two\nlines"\n02/02/2018,"x"y\n', encoding="utf-8")
    table = read_source(path)
    assert table.records["Details"].tolist() == ["two\nlines", '"x"y']
    assert table.meta["source_row"].tolist() == [2, 3]
    assert table.meta["record_issues"].tolist() == ["", IssueCode.STRAY_QUOTE.value]


def test_a_cell_longer_than_a_parse_block_is_not_called_an_unclosed_quote(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_bytes(b"Date,Details\n01/02/2018,ok\n02/02/2018," + b"x" * (2 * ingest_text.BLOCK_BYTES) + b"\n")
    with pytest.raises(SourceError, match=r"police\.csv: line 3: a cell in the record starting here is longer") as e:
        read_source(path)
    assert "closing quote" not in str(e.value)


def test_an_unclosed_quote_in_a_long_file_is_still_reported_as_one(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_bytes(b'Date,Details\n01/02/2018,ok\n02/02/2018,"' + b"x" * (2 * ingest_text.BLOCK_BYTES) + b"\n")
    with pytest.raises(SourceError, match=r"line 3: a quoted cell .*closing quote"):
        read_source(path)


def _rewrite_sheet(path: Path, old: bytes, new: bytes) -> None:
    """Replace bytes in the first sheet's XML, as a damaged or machine-made workbook would have them."""
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            archive.writestr(info, data)


def test_a_workbook_with_a_repeated_row_number_never_reports_negative_blank_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["Date", "Details"], ["01/02/2018", "a"], ["02/02/2018", "b"]])
    _rewrite_sheet(path, b'<row r="3"', b'<row r="2"')
    table = read_source(path)
    assert len(table.records) == 2 and table.blank_rows == 0
    assert not any("-1" in note for note in table.notes)
    assert any("row numbers repeated or out of order" in note for note in table.notes)


def test_a_shared_string_index_out_of_range_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["Date", "Details"], ["01/02/2018", "a"]])
    _rewrite_sheet(path, b'<c r="B2" t="inlineStr"><is><t>a</t></is>', b'<c r="B2" t="s"><v>99999</v>')
    with pytest.raises(SourceError, match=r"book\.xlsx: cannot be read: the file is damaged .*save it again"):
        read_source(path)


def test_a_workbook_with_a_bad_checksum_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["Date", "Details"], ["01/02/2018", "a" * 500]])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError, match=r"book\.xlsx: "):
        read_source(path)
