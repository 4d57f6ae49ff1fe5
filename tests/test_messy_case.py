"""The deliberately messy case under tests/data: records in equal records out, and every cell's text survives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chronolane.case.model import load_case
from chronolane.chronology.build import Chronology, build_chronology
from chronolane.chronology.io import read_chronology, write_chronology
from chronolane.ingest import read_source
from chronolane.ingest.fields import CONSUMED, Field, match_fields
from chronolane.schema.columns import Column

MESSY = Path(__file__).parent / "data" / "messy-case"
FIXED_FOR = {Field.DATE: Column.DATE_TEXT, Field.TYPE: Column.TYPE_TEXT, Field.DESCRIPTION: Column.DESCRIPTION}


@pytest.fixture(scope="module")
def chronology() -> Chronology:
    return build_chronology(MESSY, today=dt.date(2026, 11, 22))


def source_records() -> list[tuple[str, int, dict[str, str]]]:
    """Every record of every file of the case, as (file, row, {header: text}), read on its own."""
    case = load_case(MESSY)
    records = []
    for path in case.source_files():
        spec = case.spec_for(path)
        table = read_source(path, sheet=spec.sheet)
        for i, row in table.records.iterrows():
            records.append((path.name, int(table.meta["source_row"].iloc[i]), row.to_dict()))
    return records


def test_records_in_equal_records_out(chronology: Chronology) -> None:
    records = source_records()
    assert len(records) == 32
    out = list(zip(chronology.frame[Column.SOURCE_FILE], chronology.frame[Column.SOURCE_ROW], strict=True))
    assert sorted(out) == sorted((file, row) for file, row, _ in records)
    assert len(set(out)) == len(out)


def test_every_cell_text_is_preserved(chronology: Chronology) -> None:
    case = load_case(MESSY)
    frame = chronology.frame.set_index([Column.SOURCE_FILE, Column.SOURCE_ROW])
    for file, row, cells in source_records():
        spec = case.spec_for(MESSY / file)
        found = match_fields(cells, spec.columns)
        out = frame.loc[(file, row)]
        for header, text in cells.items():
            field = next((f for f, h in found.items() if h == header), None)
            column = FIXED_FOR[field].value if field in CONSUMED and field in FIXED_FOR else header
            assert out[column] == text, (file, row, header)


def test_the_awkward_values_stay_exactly_as_written(chronology: Chronology) -> None:
    police = chronology.frame[chronology.frame[Column.SOURCE_FILE] == "police.csv"]
    assert {"0123", "1e5", "null", "NA", "N/A", "#N/A"} <= set(police["Ref"])
    malformed = police[police[Column.SOURCE_ROW] == 7]
    assert malformed["raw_record"].iloc[0].endswith(",None")  # too many fields: kept whole in raw_record


def test_messy_input_is_flagged_not_dropped(chronology: Chronology) -> None:
    issues = chronology.frame.set_index([Column.SOURCE_FILE, Column.SOURCE_ROW])[Column.ISSUES]
    assert "malformed-row" in issues[("police.csv", 7)] and "malformed-row" in issues[("health_visiting.csv", 7)]
    assert "formula-without-value" in issues[("childrens_social_care.xlsx", 6)]
    assert "hidden-row" in issues[("childrens_social_care.xlsx", 7)]
    assert "excel-serial" in issues[("childrens_social_care.xlsx", 4)]
    assert "invalid-date" in issues[("housing.csv", 7)]  # "0123" is a reference, not the year 123
    assert "possible-duplicate" in issues[("police.csv", 6)]
    assert "possible-duplicate" in issues[("childrens_social_care.xlsx", 2)]
    malformed = chronology.frame[chronology.frame[Column.ISSUES].str.contains("malformed-row")]
    assert (malformed["raw_record"] != "").all()


def test_the_summary_reports_encodings_delimiters_and_blank_rows(chronology: Chronology) -> None:
    summary = "\n".join(chronology.summary())
    assert "gp.csv: 6 record(s) (cp1252, delimiter ','" in summary
    assert "health_visiting.csv: 6 record(s) (utf-8, delimiter ';', 1 blank row(s) skipped)" in summary
    assert "housing.csv: 6 record(s) (utf-16, delimiter '\\t')" in summary
    assert "police.csv: 8 record(s) (utf-8-sig, delimiter ',', 2 blank row(s) skipped)" in summary
    assert "sheet 'Chronology'" in summary


def test_the_written_csv_reads_back_cell_for_cell(chronology: Chronology, tmp_path: Path) -> None:
    out = tmp_path / "messy.csv"
    write_chronology(chronology, out)
    back = read_chronology(out).frame
    text_columns = [c for c in chronology.frame.columns if chronology.frame[c].dtype == "str"]
    assert back[text_columns].equals(chronology.frame[text_columns])
