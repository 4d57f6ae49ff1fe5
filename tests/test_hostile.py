"""Hostile inputs end, through the real command, with a named message or a flagged row: never an internal error,
and within a small memory and CPU budget (set with resource.setrlimit in a subprocess; a guard against blow-ups
in time or memory, not a speed test)."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

#: Address space and CPU seconds allowed to one command run on a hostile input.
MEMORY_BYTES = 1536 * 1024**2
CPU_SECONDS = 60


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_limited(*args: str) -> Run:
    """``chronolane <args>`` in a subprocess under the memory and CPU budget."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))

    done = subprocess.run(
        [sys.executable, "-m", "chronolane", *args], preexec_fn=limit, capture_output=True, text=True, timeout=600
    )
    assert done.returncode >= 0, f"killed by signal {-done.returncode} (over the CPU budget?)"
    assert "Internal error" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-500:]
    return Run(done.returncode, done.stdout, done.stderr)


def test_the_budget_is_tight_enough_to_catch_a_blow_up(tmp_path: Path) -> None:
    script = "x = bytearray(2 * 1024**3)"
    done = subprocess.run(
        [sys.executable, "-c", script],
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES)),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "MemoryError" in done.stderr


def test_thousands_of_rows_on_one_date_skip_the_duplicate_check_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text("Date,Details\n" + "01/02/2018,Home visit with mother and baby seen today\n" * 8_000)
    assert path.stat().st_size > 384_000
    run = run_limited("build", str(path), "-o", str(tmp_path / "out.csv"))
    assert run.code == 0
    assert "8000 rows share their case and date with more than 200 others" in run.err


def test_two_hundred_thousand_rows_on_28_dates_build_within_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    days = [f"{d:02d}/02/2018" for d in range(1, 29)]
    path.write_text("Date,Details\n" + "".join(f"{days[i % 28]},Contact {i % 7} noted\n" for i in range(200_000)))
    run = run_limited("build", str(path), "-o", str(tmp_path / "out.csv"))
    assert run.code == 0
    assert "duplicate-check-skipped 200000" in run.err


@pytest.mark.parametrize("columns", [10_000, 100_000])
def test_a_csv_with_a_huge_number_of_columns_is_refused_at_once(tmp_path: Path, columns: int) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Date," + ",".join(f"c{i}" for i in range(columns)) + "\n01/02/2018" + ",x" * columns + "\n")
    run = run_limited("build", str(path))
    assert run.code == 1 and f"the header row has {columns + 1:,} columns, over the limit of 1,000" in run.err


def test_a_small_workbook_with_one_cell_in_the_last_column_is_refused_at_once(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Details"])
    sheet.append(["01/02/2018", "Visit"])
    sheet["XFD1048576"] = "x"
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    assert path.stat().st_size < 10_000
    run = run_limited("build", str(path))
    assert run.code == 1 and "column XFD (row 1048576), so it is 16,384 columns wide" in run.err


def test_a_fifty_thousand_character_date_cell_is_flagged_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text("Date,Details\n" + "1" * 50_000 + ",Visit\n01/02/2018,Visit\n")
    run = run_limited("build", str(path), "-o", str(tmp_path / "out.csv"))
    assert run.code == 0 and "date-too-long 1" in run.err


def test_deeply_nested_case_toml_is_a_named_error(tmp_path: Path) -> None:
    (tmp_path / "case.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (tmp_path / "police.csv").write_text("Date,Details\n01/02/2018,Visit\n")
    run = run_limited("build", str(tmp_path))
    assert run.code == 1 and "case.toml: nested too deeply to read" in run.err


def _workbook_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Date", "Details"])
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_an_entity_expansion_sheet_is_a_named_error(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    path = _workbook_with_sheet(tmp_path / "book.xlsx", xml)
    run = run_limited("build", str(path))
    assert run.code == 1 and "book.xlsx: cannot be read" in run.err


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    xml = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    xml += b"<sheetData/>" + b" " * (3 * 1024**3 // 1024) + b"</worksheet>"  # 3 MB of spaces, compresses to KBs
    path = _workbook_with_sheet(tmp_path / "book.xlsx", xml)
    run = run_limited("build", str(path), "--limit", "unpacked_bytes=1000000")
    assert run.code == 1 and "over the 1,000,000-byte limit" in run.err


def test_a_deeply_nested_schedule_file_is_a_named_error(tmp_path: Path) -> None:
    (tmp_path / "police.csv").write_text("Date,Details\n01/02/2018,Visit\n")
    schedule = tmp_path / "deep.toml"
    schedule.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    run = run_limited("gaps", str(tmp_path), "--schedule", str(schedule))
    assert run.code == 2 and "deep.toml: not a UTF-8 TOML file" in run.err


def _ods_with(path: Path, old: str, new: str) -> Path:
    """A three-row .ods sheet ("Log": Date, Type, Details) with one piece of its content.xml rewritten."""
    import pandas as pd

    rows = [["Date", "Type", "Details"], ["June 2018", "Incident", "Seen"], ["July 2018", "Note", "Seen"]]
    pd.DataFrame(rows).to_excel(path, engine="odf", header=False, index=False, sheet_name="Log")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    content = parts["content.xml"].decode()
    assert old in content
    parts["content.xml"] = content.replace(old, new, 1).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


_LAST_ROW = '<table:table-row><table:table-cell office:value-type="string" office:string-value="July 2018">'
_A_CELL = '<table:table-cell office:value-type="string" office:string-value="Seen">'


def test_an_ods_cell_repeated_a_billion_times_across_is_refused_before_it_is_read(tmp_path: Path) -> None:
    repeated = _A_CELL.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="1000000000" ')
    path = _ods_with(tmp_path / "school.ods", _A_CELL, repeated)
    run = run_limited("build", str(path))
    assert run.code == 1 and "sheet 'Log' has a row 1,000,000,002 cells wide" in run.err
    assert "--limit columns=" in run.err and "Traceback" not in run.err


def test_an_ods_row_repeated_a_billion_times_down_is_refused_before_it_is_read(tmp_path: Path) -> None:
    repeated = _LAST_ROW.replace("<table:table-row>", '<table:table-row table:number-rows-repeated="1000000000">')
    path = _ods_with(tmp_path / "school.ods", _LAST_ROW, repeated)
    run = run_limited("build", str(path))
    assert run.code == 1 and "sheet 'Log' holds 1,000,000,002 rows of 3 cells" in run.err
    assert "over the limit of 20,000,000 cells" in run.err and "--limit sheet_cells=3000000006" in run.err


@pytest.mark.parametrize(("limit", "read"), [(9, True), (8, False)])
def test_the_ods_cell_limit_counts_rows_times_the_widest_row(tmp_path: Path, limit: int, read: bool) -> None:
    from chronolane.errors import SourceError
    from chronolane.ingest import read_source
    from chronolane.schema.limits import Limits

    path = _ods_with(tmp_path / "school.ods", _A_CELL, _A_CELL)  # 3 rows of 3 cells: 9
    if read:
        assert len(read_source(path, limits=Limits(sheet_cells=limit)).records) == 2
    else:
        with pytest.raises(SourceError, match="holds 3 rows of 3 cells"):
            read_source(path, limits=Limits(sheet_cells=limit))


def test_empty_rows_and_cells_repeated_to_the_sheets_edge_are_not_counted(tmp_path: Path) -> None:
    """LibreOffice ends a sheet with an empty row repeated to row 1,048,576, each empty cell repeated to the
    last column: nothing in them is read, so the sheet is read as its three rows."""
    from chronolane.ingest import read_source

    edge = (
        '<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated='
        '"16384"/></table:table-row></table:table>'
    )
    path = _ods_with(tmp_path / "school.ods", "</table:table>", edge)
    assert read_source(path).records["Type"].tolist() == ["Incident", "Note"]


def test_an_ods_repeat_count_that_is_no_number_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    bad = _A_CELL.replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="lots" ')
    path = _ods_with(tmp_path / "school.ods", _A_CELL, bad)
    run = run_limited("build", str(path))
    assert run.code == 1 and "school.ods: cannot be read as an .ods spreadsheet" in run.err
    assert "'lots' is not a whole number" in run.err and "Traceback" not in run.err
