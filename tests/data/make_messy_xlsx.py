"""Write tests/data/messy-case/childrens_social_care.xlsx, the messy case's workbook (run once; output committed).

Two sheets (the chronology and a lookup list), so the sheet must be named; a date column mixing datetime
cells, Excel serial numbers and text; a blank row; a hidden row; a formula never calculated (openpyxl saves
no value for it); booleans, floats with binary noise, NA-like text and a cell with a CRLF line break.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).parent / "messy-case" / "childrens_social_care.xlsx"
FIXED = dt.datetime(2020, 1, 1)  # fixed document timestamps, so the file is the same on every run

HEADER = ["Date", "Time", "Event type", "Summary", "Worker", "Child seen", "Hours", "Outcome"]
ROWS: list[list[object] | None] = [
    [
        dt.datetime(2018, 6, 14),
        dt.time(9, 40),
        "Contact",
        "Police notification received: domestic incident at home address: DF arrested for assault on KM, baby "
        "Ellie present. DASH high risk, referral to MARAC.",
        "SW Brennan",
        False,
        0.5,
        "Progress to strategy",
    ],
    [
        dt.datetime(2018, 6, 15, 11, 0),
        None,
        "Strategy discussion",
        "Strategy discussion with police and health visiting; section 47 enquiry agreed.",
        "TM Lowe",
        None,
        0.1 + 0.2,
        "S47",
    ],
    [
        43271,
        "14:00",
        "Home visit",
        "Joint visit with police. Ellie seen and observed asleep in cot.\r\nKM engaged.",
        "SW Brennan",
        True,
        1.5,
        "NFA",
    ],
    None,
    [
        "autumn 2018",
        None,
        "Child protection conference",
        "Initial child protection conference: Ellie and Tyler made subject to plans (neglect).",
        "Chair: IRO Patel",
        True,
        2,
        '=IF(F6,"CP plan","")',
    ],
    ["n/k", None, "Case note", "Case note entered in error; see next entry.", "0123", "NA", "1e5", "#N/A"],
    [
        dt.date(2019, 3, 1),
        None,
        "Core group",
        "Core group meeting; Tyler's attendance at nursery 62%.",
        "SW Brennan",
        True,
        43193.0,
        "null",
    ],
]
HIDDEN_ROW = 7  # "Case note entered in error"


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chronology"
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row or [])
    for cell in sheet["A"][1:]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "dd/mm/yyyy hh:mm" if cell.value.hour else "dd/mm/yyyy"
        elif isinstance(cell.value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    sheet.cell(row=2, column=2).number_format = "hh:mm"
    sheet.row_dimensions[HIDDEN_ROW].hidden = True
    lookups = workbook.create_sheet("Lookups")
    for name in ("Contact", "Strategy discussion", "Home visit", "Child protection conference", "Core group"):
        lookups.append([name])
    workbook.properties.creator = "chronolane tests"
    workbook.properties.created = workbook.properties.modified = FIXED
    workbook.save(OUT)


if __name__ == "__main__":
    main()
