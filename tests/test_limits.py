"""Limits on what one build reads: each refused or flagged with a clear message just above it, and raisable."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from chronolane.chronology.build import build_chronology
from chronolane.cli import app
from chronolane.errors import SourceError, UsageError
from chronolane.ingest import read_source
from chronolane.schema.columns import Column
from chronolane.schema.limits import DEFAULT_LIMITS, Limits


def _wide_csv(path: Path, columns: int) -> Path:
    headers = ["Date", *(f"c{i}" for i in range(columns - 1))]
    path.write_text(",".join(headers) + "\n" + ",".join(["01/02/2018"] + ["x"] * (columns - 1)) + "\n")
    return path


def test_a_csv_at_the_column_limit_is_read_and_one_over_it_is_refused(tmp_path: Path) -> None:
    assert read_source(_wide_csv(tmp_path / "ok.csv", 1_000)).records.shape == (1, 1_000)
    with pytest.raises(SourceError, match=r"wide\.csv: the header row has 1,001 columns, over the limit of 1,000.*"):
        read_source(_wide_csv(tmp_path / "wide.csv", 1_001))


def test_the_column_limit_can_be_raised(tmp_path: Path) -> None:
    path = _wide_csv(tmp_path / "wide.csv", 1_001)
    assert read_source(path, limits=Limits(columns=1_001)).records.shape == (1, 1_001)


def test_a_workbook_is_measured_by_its_cells_not_its_declared_dimension(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Details"])
    sheet.append(["01/02/2018", "Visit"])
    sheet["XFD7"] = "stray"
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    with pytest.raises(SourceError, match=r"a cell in column XFD \(row 7\), so it is 16,384 columns wide"):
        read_source(path)
    del sheet["XFD7"]
    sheet["ALL9"] = "near the edge"  # column 1,000: inside the limit
    workbook.save(path)
    assert read_source(path).records.shape == (2, 1_000)


@pytest.mark.parametrize(("length", "flagged"), [(200, False), (201, True)])
def test_a_date_cell_over_the_length_limit_is_kept_and_flagged_not_read(
    tmp_path: Path, length: int, flagged: bool
) -> None:
    date = "01/02/2018" + " " * (length - 10)
    path = tmp_path / "police.csv"
    path.write_text(f"Date,Details\n{date},Visit\n")
    row = build_chronology(path).frame.iloc[0]
    assert row[Column.DATE_TEXT] == date
    assert ("date-too-long" in row[Column.ISSUES]) is flagged
    assert bool(pd.isna(row[Column.DATE_START])) is flagged


def _same_day(path: Path, rows: int) -> Path:
    body = "".join(f"01/02/2018,note{i} about{i} item{i} kind{i}\n" for i in range(rows))  # no two alike
    path.write_text("Date,Details\n" + body + "01/02/2018,Police attended the home\n" * 2)
    return path


def test_a_date_block_over_the_duplicate_limit_is_not_compared_and_says_so(tmp_path: Path) -> None:
    within = build_chronology(_same_day(tmp_path / "a.csv", 198)).frame  # 200 rows on one day
    assert within[Column.ISSUES].str.contains("possible-duplicate").sum() == 2
    assert not within[Column.ISSUES].str.contains("duplicate-check-skipped").any()
    over = build_chronology(_same_day(tmp_path / "b.csv", 199))
    assert over.frame[Column.ISSUES].str.contains("duplicate-check-skipped").sum() == 201
    assert not over.frame[Column.ISSUES].str.contains("possible-duplicate").any()
    assert any("too many to compare for duplicates" in line for line in over.summary())
    raised = build_chronology(tmp_path / "b.csv", limits=Limits(duplicate_block=201)).frame
    assert raised[Column.ISSUES].str.contains("possible-duplicate").sum() == 2


def test_limits_are_set_by_name_and_a_wrong_name_or_value_is_refused() -> None:
    assert DEFAULT_LIMITS.with_settings(["columns=5,000", "date-chars=300"]) == Limits(columns=5_000, date_chars=300)
    with pytest.raises(UsageError, match=r"unknown limit\. Known limits: columns, date_chars"):
        DEFAULT_LIMITS.with_settings(["rows=5"])
    with pytest.raises(UsageError, match="a whole number of 1 or more"):
        DEFAULT_LIMITS.with_settings(["columns=0"])


def test_the_build_command_raises_a_limit_with_limit(tmp_path: Path) -> None:
    path = _wide_csv(tmp_path / "wide.csv", 1_001)
    refused = CliRunner().invoke(app, ["build", str(path)])
    assert refused.exit_code == 1 and "--limit columns=1001" in refused.output
    assert CliRunner().invoke(app, ["build", str(path), "--limit", "columns=1001"]).exit_code == 0


def test_a_workbook_unpacking_to_exactly_the_byte_limit_is_read_and_one_byte_less_refuses_it(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Date", "Details"])
    workbook.active.append(["01/02/2018", "Visit"])
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        size = sum(member.file_size for member in archive.infolist())
    assert read_source(path, limits=Limits(unpacked_bytes=size)).records.shape == (1, 2)
    with pytest.raises(SourceError, match=f"would unpack to {size:,} bytes, over the {size - 1:,}-byte limit"):
        read_source(path, limits=Limits(unpacked_bytes=size - 1))


@pytest.mark.parametrize(("value", "accepted"), [("1", True), ("0", False), ("-1", False)])
def test_a_limit_can_be_set_as_low_as_1_and_no_lower(value: str, accepted: bool) -> None:
    if accepted:
        assert DEFAULT_LIMITS.with_settings([f"columns={value}"]).columns == 1
    else:
        with pytest.raises(UsageError, match="a whole number of 1 or more"):
            DEFAULT_LIMITS.with_settings([f"columns={value}"])
