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
