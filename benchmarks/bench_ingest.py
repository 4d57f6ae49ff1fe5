"""Benchmark: read_source on 1,000,000-row long-format CSV files; prints seconds and peak memory.

Run with: nice python benchmarks/bench_ingest.py [--rows N] [--tables-only]
Also reads a 5,000-row Word table (.docx) and .xls sheet (--table-rows N); xlwt, from the test extra, writes the .xls.
Files are generated once into benchmarks/data/ (git-ignored). Each read runs in a fresh process so that
its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
AGENCIES = ["Police", "GP", "Health visiting", "Children's social care", "Housing", "School", "Maternity", "Ambulance"]
TYPES = [
    "Home visit",
    "Referral",
    "Incident",
    "DNA",
    "Strategy discussion",
    "Appointment",
    "Assessment",
    "Notification",
]
DATES = [
    "03/04/2018",
    "2018-04-03",
    "late 2014",
    "autumn 2018",
    "six months later",
    "12/03/2018 - 16/03/2018",
    "n/k",
    "April 2015",
    "43193",
    "1/2/19",
    "Mon 2 July 2018",
    "14.06.18",
]
DESCRIPTIONS = [
    "Mother seen at home with baby; home conditions cluttered, no concerns noted about feeding.",
    'Police called to address after report of shouting; "verbal argument", no injuries seen.',
    "Child not brought to 12-month review, letter sent to parent, rebook in 2 weeks.",
    "Referral to MASH from school re: bruising on forearm, explanation consistent.\nFollow-up agreed.",
    "Housing officer visited; damp reported in back bedroom, repairs ordered, arrears discussed.",
    "GP consultation: low mood, sertraline started, advised to re-attend in 4 weeks.",
]
HEADER = ["case_id", "agency", "date", "time", "type", "description", "practitioner", "subject", "location", "ref"]


def generate(path: Path, rows: int, malformed_every: int | None) -> None:
    """A long-format chronology: 5,000 cases, 8 agencies, mixed date spellings, some multi-line cells."""
    rng = np.random.default_rng(2)
    picks = {
        name: rng.integers(0, len(values), rows)
        for name, values in (("a", AGENCIES), ("t", TYPES), ("d", DATES), ("s", DESCRIPTIONS))
    }
    cases = rng.integers(0, 5000, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(rows):
            row = [
                f"C{cases[i]:05d}",
                AGENCIES[picks["a"][i]],
                DATES[picks["d"][i]],
                "14:30" if i % 3 else "",
                TYPES[picks["t"][i]],
                DESCRIPTIONS[picks["s"][i]],
                "PC 1234 Smith",
                "Child A",
                "Home address",
                f"REF-{i:07d}",
            ]
            if malformed_every and i % malformed_every == 7:
                row = row[:4] if i % 2 else [*row, "stray field"]
            writer.writerow(row)


def generate_workbook(path: Path, rows: int) -> None:
    """The same kind of rows in an .xlsx sheet, datetime cells in the date column, text as shared strings."""
    import datetime as dt

    from openpyxl import Workbook

    rng = np.random.default_rng(3)
    days = rng.integers(0, 3000, rows)
    workbook = Workbook()  # not write_only: Excel, like this, saves text as shared strings
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(HEADER)
    start = dt.datetime(2012, 1, 1)
    for i in range(rows):
        date = start + dt.timedelta(days=int(days[i])) if i % 4 else DATES[i % len(DATES)]
        sheet.append(
            [
                f"C{i % 5000:05d}",
                AGENCIES[i % 8],
                date,
                "14:30",
                TYPES[i % 8],
                DESCRIPTIONS[i % 6],
                "PC 1234 Smith",
                "Child A",
                "Home address",
                i,
            ]
        )
    workbook.save(path)


def _table_rows(rows: int) -> list[list[str]]:
    """Rows of text as a Word or .xls chronology holds them (dates typed as text)."""
    return [
        [
            f"C{i % 5000:05d}",
            AGENCIES[i % 8],
            DATES[i % len(DATES)],
            "14:30",
            TYPES[i % 8],
            DESCRIPTIONS[i % 6],
            "PC 1234 Smith",
            "Child A",
            "Home address",
            str(i),
        ]
        for i in range(rows)
    ]


def generate_docx(path: Path, rows: int) -> None:
    """A Word document: a title paragraph and one table of ``rows`` rows under its header."""
    import docx

    document = docx.Document()
    document.add_paragraph("Agency chronology")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in _table_rows(rows):
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(str(path))


def generate_xls(path: Path, rows: int) -> None:
    """An Excel 97-2003 workbook (xlwt, from the test extra) with a title row above the header."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Chronology")
    sheet.write(0, 0, "Agency chronology")
    for c, text in enumerate(HEADER):
        sheet.write(2, c, text)
    for r, row in enumerate(_table_rows(rows), start=3):
        for c, text in enumerate(row):
            sheet.write(r, c, text)
    book.save(str(path))


def read(path: Path) -> None:
    """Read one file and print its figures (runs in the child process)."""
    from chronolane.ingest import read_source

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    table = read_source(path)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peak_mb = after.ru_maxrss / 1024
    malformed = int((table.meta["raw_record"] != "").sum())
    print(
        f"{path.name}: {len(table.records):,} records ({malformed:,} malformed), {path.stat().st_size / 1e6:.0f} MB,"
        f" read in {seconds:.2f} s wall ({cpu:.2f} s CPU), peak RSS {peak_mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=50_000)
    parser.add_argument("--table-rows", type=int, default=5_000, help="rows of the .docx and .xls tables")
    parser.add_argument("--tables-only", action="store_true", help="only the .docx and .xls reads")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        read(args.read)
        return
    DATA.mkdir(exist_ok=True)
    for suffix, make in ((".docx", generate_docx), (".xls", generate_xls)):
        path = DATA / f"ingest_{args.table_rows}{suffix}"
        if not path.exists():
            make(path, args.table_rows)
        subprocess.run([sys.executable, __file__, "--read", str(path)], check=True)
    if args.tables_only:
        return
    for name, malformed_every in (("clean", None), ("malformed", 1000)):
        path = DATA / f"ingest_{name}_{args.rows}.csv"
        if not path.exists():
            generate(path, args.rows, malformed_every)
        subprocess.run([sys.executable, __file__, "--read", str(path)], check=True)
    path = DATA / f"ingest_{args.xlsx_rows}.xlsx"
    if not path.exists():
        generate_workbook(path, args.xlsx_rows)
    subprocess.run([sys.executable, __file__, "--read", str(path)], check=True)


if __name__ == "__main__":
    main()
