"""Benchmark: export a synthetic 50,000-row chronology to DOCX and XLSX, each beside its floor in the same run.

DOCX floor: the same table's cells escaped and joined into WordprocessingML in one pass and zipped, with
nothing else. XLSX floor: XlsxWriter alone writing the same cells (every cell of the workbook's chronology
sheet, as text, one format) to an in-memory workbook. Prints seconds, median of runs.

Run: nice python benchmarks/bench_export.py [--rows 50000] [--runs 3] [--formats docx xlsx]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import xlsxwriter

from chronolane.case.model import Case
from chronolane.export import export_chronology
from chronolane.export.common import prepare
from chronolane.export.docx import appendix_table
from chronolane.export.xlsx import reading_frame
from chronolane.privacy.pseudonyms import Pseudonymiser
from chronolane.schema.columns import COLUMNS, Column

AGENCIES = ("Police", "GP", "Health visiting", "Hospital", "Children's social care", "Housing", "School")


def synthetic_chronology(n: int, seed: int = 17) -> pd.DataFrame:
    """``n`` rows over ten years: days, months and seasons, descriptions of 20 to 400 characters."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2010-01-01") + rng.integers(0, 3650, size=n).astype("timedelta64[D]")
    vague = rng.random(n) < 0.2
    start = np.where(vague, start.astype("datetime64[M]").astype("datetime64[D]"), start)
    end = np.where(vague, (start.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1, start)
    order = np.argsort(start, kind="stable")
    start, end, vague = start[order], end[order], vague[order]
    words = rng.integers(3, 60, size=n)
    frame = pd.DataFrame(
        {
            Column.EVENT_ID: [f"{i:012x}" for i in range(n)],
            Column.CASE_ID: "bench",
            Column.AGENCY: np.array(AGENCIES)[rng.integers(0, len(AGENCIES), size=n)],
            Column.SUBJECT: "child-a",
            Column.DATE_TEXT: pd.Series(start).dt.strftime("%d/%m/%Y").where(~vague, "spring 2015").to_numpy(),
            Column.DATE_START: start.astype("datetime64[s]"),
            Column.DATE_END: end.astype("datetime64[s]"),
            Column.DATE_PRECISION: np.where(vague, "month", "day"),
            Column.DATE_APPROX: False,
            Column.TIME: "",
            Column.EDTF: "",
            Column.EVENT_TYPE: "home-visit",
            Column.TYPE_TEXT: "Home visit",
            Column.DESCRIPTION: ["Visit and words " * int(w // 3 + 1) for w in words],
            Column.SOURCE_FILE: "police.csv",
            Column.SOURCE_ROW: np.arange(2, n + 2, dtype=np.int64),
            Column.ISSUES: "",
            "Practitioner": "PC Jones",
        }
    )
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype("str")
    return frame[[*COLUMNS, "Practitioner"]]


def docx_floor(rows: pd.DataFrame) -> bytes:
    """The table's cells escaped and joined into one document part, zipped: the least a DOCX writer does."""
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(v)}</w:t></w:r></w:p></w:tc>" for v in row) + "</w:tr>"
        for row in rows.itertuples(index=False)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("word/document.xml", f"<w:document><w:body><w:tbl>{cells}</w:tbl></w:body></w:document>")
    return buffer.getvalue()


def xlsx_floor(cells: list[list[object]]) -> bytes:
    """XlsxWriter alone writing the same cells, column by column, with one format."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet()
    fmt = book.add_format({"text_wrap": True})
    for col, values in enumerate(cells):
        for row, value in enumerate(values, start=1):
            sheet.write(row, col, value, fmt)
    book.close()
    return buffer.getvalue()


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["docx", "xlsx"], choices=["docx", "xlsx"])
    args = parser.parse_args()
    frame = synthetic_chronology(args.rows)
    prepared = prepare(frame, {"bench": Case(case_id="bench")}, Pseudonymiser({}))
    table = appendix_table(prepared)[["No.", "Date", "Time", "Agency", "Event", "Source"]]
    cells = [values.tolist() for _, values in reading_frame(prepared, {}).items()]
    print(f"{args.rows} rows, {frame.shape[1]} columns; {sum(len(c) for c in cells)} cells in the XLSX floor")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for fmt in args.formats:
            own, floor = [], []
            for run in range(args.runs):
                target = out / f"run{run}.{fmt}"
                own.append(timed(lambda target=target: export_chronology(frame, target, gaps=False)))
                floor.append(timed(lambda fmt=fmt: docx_floor(table) if fmt == "docx" else xlsx_floor(cells)))
            mo, mf = statistics.median(own), statistics.median(floor)
            print(
                f"{fmt}: chronolane {mo:.2f} s (runs {', '.join(f'{t:.2f}' for t in own)}); "
                f"floor {mf:.2f} s (runs {', '.join(f'{t:.2f}' for t in floor)}); overhead {mo - mf:+.2f} s "
                f"({(mo - mf) / mf:+.0%} of the floor)"
            )


if __name__ == "__main__":
    main()
