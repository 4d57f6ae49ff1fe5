"""Analysts' data in and out: DataFrames as sources, Parquet files read and written with their types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from chronolane.case.details import read_case_details
from chronolane.case.model import Role
from chronolane.chronology.build import build_chronology
from chronolane.chronology.io import read_chronology, write_chronology
from chronolane.cli import app
from chronolane.errors import CaseError, MissingDetailsError, UsageError
from chronolane.files.parquet import read_parquet_table
from chronolane.files.tables import write_table
from chronolane.follow_ups.find import find_follow_ups
from chronolane.ingest import FRAME_NAME, read_source, sniff_format
from chronolane.measures.gaps import find_gaps, summarise_lanes
from chronolane.schedules.checks import check_schedule
from chronolane.schema.columns import COLUMNS

runner = CliRunner()

LONG = pd.DataFrame(
    {
        "case_id": ["A", "A", "B", "B"],
        "Date": ["01/02/2020", "", "March 2019", "2019-05-04"],
        "Agency": ["Police", "GP", "Health visiting", "Health visiting"],
        "Description": ["Visit to the home", "NA", "0123", "=1+1"],
        "Type": ["Home visit", "Note", "Home visit", "Home visit"],
    }
)

HV_CASE_TOML = (
    'case_id = "c1"\n[review_period]\nstart = "2018-01-01"\nend = "2018-12-31"\n'
    '[[sources]]\nfile = "hv.csv"\nagency = "Health visiting"\n'
)
HV_CSV = "Date,Type,Description\n2018-01-10,Home visit,Seen\n2018-09-20,Home visit,Seen again\nJune 2018,Note,Call\n"


class TestDataFrameSources:
    def test_a_long_format_dataframe_builds_with_every_record_once_and_its_text(self) -> None:
        frame = build_chronology(LONG).frame
        assert len(frame) == len(LONG)
        assert set(frame["source_file"]) == {FRAME_NAME}
        by_row = frame.set_index("source_row").sort_index()
        assert by_row.index.tolist() == [1, 2, 3, 4]
        assert by_row["description"].tolist() == ["Visit to the home", "NA", "0123", "=1+1"]
        assert by_row["case_id"].tolist() == ["A", "A", "B", "B"]
        assert by_row.loc[1, "date_start"] == pd.Timestamp("2020-02-01")
        assert by_row.loc[3, "date_end"] == pd.Timestamp("2019-03-31")
        assert "undated" in by_row.loc[2, "issues"]

    def test_typed_cells_become_text_missing_values_empty_and_dates_iso(self) -> None:
        typed = pd.DataFrame(
            {
                "Date": [pd.Timestamp("2020-03-04"), pd.NaT, pd.Timestamp("2021-01-02")],
                "Description": ["seen", None, np.nan],
                "Count": [1.5, np.nan, 3.0],
                "Flag": [True, False, True],
                "Born": [dt.date(2019, 1, 2), None, dt.date(2019, 1, 3)],
            }
        )
        frame = build_chronology(typed).frame.sort_values("source_row")
        assert frame["date_text"].tolist() == ["2020-03-04", "", "2021-01-02"]
        assert frame["date_start"].iloc[0] == pd.Timestamp("2020-03-04")
        assert frame["description"].tolist() == ["seen", "", ""]
        assert frame["Count"].tolist() == ["1.5", "", "3.0"]
        assert frame["Flag"].tolist() == ["True", "False", "True"]
        assert frame["Born"].tolist() == ["2019-01-02", "", "2019-01-03"]

    def test_a_datetime_column_with_times_keeps_the_time(self) -> None:
        typed = pd.DataFrame({"Date": [pd.Timestamp("2020-03-04 14:30"), pd.Timestamp("2020-03-05")]})
        frame = build_chronology(typed).frame.sort_values("source_row")
        assert frame["date_text"].tolist() == ["2020-03-04 14:30:00", "2020-03-05 00:00:00"]
        assert frame["time"].iloc[0] == "14:30"

    def test_a_mapping_of_agency_to_dataframe_names_each_source_by_its_agency(self) -> None:
        police = pd.DataFrame({"Date": ["2020-01-01", "2020-02-01"], "Details": ["call", "arrest"]})
        gp = pd.DataFrame({"Date": ["2020-01-05"], "Details": ["appointment"]})
        frame = build_chronology({"Police": police, "GP": gp}).frame
        assert sorted(zip(frame["source_file"], frame["source_row"], frame["agency"], strict=True)) == [
            ("GP", 1, "GP"),
            ("Police", 1, "Police"),
            ("Police", 2, "Police"),
        ]

    def test_a_meaningful_index_is_kept_as_a_column(self) -> None:
        indexed = LONG.set_index("case_id")
        frame = build_chronology(indexed).frame
        assert sorted(frame["case_id"]) == ["A", "A", "B", "B"]

    def test_a_frame_without_a_type_column_is_told_to_rename_one_not_to_edit_case_toml(self) -> None:
        summary = "\n".join(build_chronology(pd.DataFrame({"Date": ["2020-01-01"], "Note": ["x"]})).summary())
        assert "rename it in the DataFrame" in summary and "case.toml" not in summary

    def test_a_mapping_value_that_is_not_a_dataframe_is_refused(self) -> None:
        with pytest.raises(UsageError, match="'Police' is a list"):
            build_chronology({"Police": [1, 2]})  # type: ignore[dict-item]


class TestParquetIn:
    def test_a_parquet_long_file_is_read_like_the_same_csv_and_sniffed_by_its_bytes(self, tmp_path: Path) -> None:
        csv = tmp_path / "long.csv"
        LONG.to_csv(csv, index=False)
        parquet = tmp_path / "long.data"  # no .parquet extension: recognised from "PAR1"
        LONG.to_parquet(parquet, index=False)
        assert sniff_format(parquet) == "parquet"
        from_csv = read_source(csv).records
        from_parquet = read_source(parquet).records
        pd.testing.assert_frame_equal(from_parquet, from_csv)
        built = build_chronology(parquet).frame
        assert built["date_start"].notna().sum() == 3
        assert set(built["source_file"]) == {"long.data"}

    def test_a_parquet_file_in_a_case_folder_is_an_agency_file(self, tmp_path: Path) -> None:
        LONG.drop(columns="case_id").to_parquet(tmp_path / "agency.parquet", index=False)
        frame = build_chronology(tmp_path).frame
        assert len(frame) == len(LONG)


class TestParquetOut:
    def test_a_chronology_written_as_parquet_reads_back_identical_with_dates_as_dates(self, tmp_path: Path) -> None:
        chronology = build_chronology(LONG)
        out = tmp_path / "chronology.parquet"
        assert write_chronology(chronology, out) == 0
        schema = pq.read_schema(out)
        assert tuple(schema.names[: len(COLUMNS)]) == COLUMNS
        assert str(schema.field("date_start").type) == "date32[day]"
        assert str(schema.field("source_row").type) == "int64"
        assert str(schema.field("date_approx").type) == "bool"
        back = read_chronology(out)
        pd.testing.assert_frame_equal(back.frame, chronology.frame)
        assert back.frame.loc[back.frame["source_row"] == 4, "description"].item() == "=1+1"

    def test_a_table_written_as_parquet_keeps_types_and_column_order(self, tmp_path: Path) -> None:
        table = pd.DataFrame(
            {"lane": ["GP", "HV"], "gap_start": pd.to_datetime(["2020-01-01", None]).astype("datetime64[s]")}
        )
        table["gap_max_days"] = np.array([12, 30], dtype=np.int64)
        write_table(table, tmp_path / "t.parquet")
        back = read_parquet_table(tmp_path / "t.parquet")
        assert back.columns.tolist() == ["lane", "gap_start", "gap_max_days"]
        pd.testing.assert_frame_equal(back, table, check_dtype=False)
        assert back["gap_max_days"].dtype == np.int64
        assert str(pq.read_schema(tmp_path / "t.parquet").field("gap_start").type) == "date32[day]"

    def test_build_and_gaps_write_parquet_when_the_extension_says_so(self, tmp_path: Path) -> None:
        case = tmp_path / "case"
        case.mkdir()
        (case / "case.toml").write_text(HV_CASE_TOML, encoding="utf-8")
        (case / "hv.csv").write_text(HV_CSV, encoding="utf-8")
        built = tmp_path / "c.parquet"
        result = runner.invoke(app, ["build", str(case), "-o", str(built)])
        assert result.exit_code == 0, result.output
        assert len(read_chronology(built).frame) == 3
        gaps = tmp_path / "g.parquet"
        result = runner.invoke(app, ["gaps", str(case), "--threshold", "3M", "-o", str(gaps)])
        assert result.exit_code == 0, result.output
        from_parquet = read_parquet_table(gaps)
        assert str(pq.read_schema(gaps).field("gap_start").type) == "date32[day]"
        assert (from_parquet["gap_max_days"] > 0).all() and len(from_parquet) >= 2
        csv = tmp_path / "g.csv"
        runner.invoke(app, ["gaps", str(case), "--threshold", "3M", "-o", str(csv)])
        assert pd.read_csv(csv)["gap_max_days"].tolist() == from_parquet["gap_max_days"].tolist()


HV_LONG = pd.DataFrame(
    {
        "case_id": ["A", "A", "A", "B"],
        "subject": ["baby", "baby", "baby", "baby"],
        "Date": ["12/01/2020", "5 March 2020", "2020-09-01", "2019-07-15"],
        "Agency": ["Health visiting"] * 4,
        "Type": ["New birth visit", "6-8 week review", "Home visit", "Home visit"],
        "Description": ["seen"] * 4,
    }
)
DETAILS = pd.DataFrame(
    {
        "case_id": ["A", "B"],
        "subject": ["baby", "baby"],
        "role": ["child", "child"],
        "name": ["", ""],
        "born": ["01/01/2020", "May 2019"],
        "died": ["", ""],
        "review_start": ["2020-01-01", "2019"],
        "review_end": ["2020-12-31", "2019"],
    }
)


class TestCaseDetails:
    def test_case_details_give_long_format_cases_their_subjects_births_and_review_period(self) -> None:
        cases = read_case_details(DETAILS)
        assert cases["A"].subjects[0].born.start == dt.date(2020, 1, 1)
        assert cases["B"].subjects[0].born.end == dt.date(2019, 5, 31)  # vague: May 2019 stays a month
        assert cases["B"].review_start.start == dt.date(2019, 1, 1)
        assert cases["A"].subjects[0].role == Role.CHILD

    def test_a_case_details_file_in_csv_or_parquet_reads_the_same(self, tmp_path: Path) -> None:
        DETAILS.to_csv(tmp_path / "cases.csv", index=False)
        DETAILS.to_parquet(tmp_path / "cases.parquet", index=False)
        assert read_case_details(tmp_path / "cases.csv") == read_case_details(tmp_path / "cases.parquet")

    def test_schedules_work_on_long_format_data_with_case_details(self) -> None:
        chronology = build_chronology(HV_LONG, cases=DETAILS)
        outcomes = check_schedule(chronology.frame, chronology.cases, "hcp-england").set_index(["case_id", "contact"])
        assert outcomes.loc[("A", "new-birth-visit"), "outcome"] == "met"
        assert outcomes.loc[("A", "6-8-week-review"), "outcome"] == "late"
        assert outcomes.loc[("B", "new-birth-visit"), "outcome"] == "possibly-missed"

    def test_the_life_window_starts_at_the_birth_the_case_details_give(self) -> None:
        chronology = build_chronology(HV_LONG, cases=DETAILS)
        gaps = find_gaps(chronology.frame, cases=chronology.cases, window="life", threshold="3M")
        first = gaps[gaps["case_id"] == "A"].iloc[0]
        assert (first["gap_start"], first["gap_end"]) == (pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-12"))

    def test_ages_come_from_the_birth_dates_of_the_case_details(self) -> None:
        frame = build_chronology(HV_LONG, cases=DETAILS, ages=True).frame.set_index(["case_id", "source_row"])
        assert frame.loc[("A", 1), "age_baby_min_days"] == 11  # 12/01/2020, born 01/01/2020
        assert frame.loc[("B", 4), "age_baby_min_days"] == 45  # 15 July 2019, born some day in May 2019
        assert frame.loc[("B", 4), "age_baby_max_days"] == 75

    def test_without_details_a_schedule_or_life_window_says_what_is_missing(self) -> None:
        chronology = build_chronology(HV_LONG)
        with pytest.raises(MissingDetailsError, match=r"cases=cases\.csv"):
            check_schedule(chronology.frame, chronology.cases, "hcp-england")
        with pytest.raises(MissingDetailsError, match="no case has a subject with a birth date"):
            find_gaps(chronology.frame, cases=chronology.cases, window="life")

    def test_detailed_cases_without_rows_are_noted(self) -> None:
        extra = pd.concat([DETAILS, DETAILS.iloc[:1].assign(case_id="C")], ignore_index=True)
        assert "1 case(s) of the case details have no rows" in build_chronology(HV_LONG, cases=extra).notes[0]

    @pytest.mark.parametrize(
        ("column", "value", "message"),
        [
            ("born", "soonish", "row 2: born 'soonish' is not a date"),
            ("role", "uncle", "row 2: role 'uncle' is not one of"),
            ("review_start", "2018", "case 'A' has two review_start values"),
            ("case_id", "", "row 2: case_id is blank"),
        ],
    )
    def test_a_value_that_cannot_be_used_is_named_with_its_row(self, column: str, value: str, message: str) -> None:
        bad = pd.concat([DETAILS.iloc[:1].assign(subject="mum", role="mother"), DETAILS], ignore_index=True)
        bad.loc[1, column] = value
        bad.loc[1, "case_id"] = "A" if column != "case_id" else ""
        with pytest.raises(CaseError, match=message):
            read_case_details(bad)

    def test_gaps_cli_takes_case_details_for_a_long_file(self, tmp_path: Path) -> None:
        HV_LONG.to_parquet(tmp_path / "long.parquet", index=False)
        DETAILS.to_csv(tmp_path / "cases.csv", index=False)
        out = tmp_path / "schedule.csv"
        args = ["gaps", str(tmp_path / "long.parquet"), "--cases", str(tmp_path / "cases.csv"), "-o", str(out)]
        result = runner.invoke(app, [*args, "--schedule", "hcp-england"])
        assert result.exit_code == 0, result.output
        assert "met" in set(pd.read_csv(out)["outcome"])
        result = runner.invoke(app, ["gaps", str(tmp_path / "long.parquet"), "--schedule", "hcp-england"])
        assert result.exit_code == 1 and "no case has a subject" in result.stderr


@pytest.fixture(scope="module")
def chronology():
    """A long-format health visiting chronology of two cases with their case details."""
    return build_chronology(HV_LONG, cases=DETAILS)


class TestChronologyMethods:
    def test_gaps_and_lane_summary_are_the_functions_on_the_chronology_s_rows_and_cases(self, chronology) -> None:
        pd.testing.assert_frame_equal(
            chronology.gaps(threshold="3M"), find_gaps(chronology.frame, cases=chronology.cases, threshold="3M")
        )
        pd.testing.assert_frame_equal(
            chronology.lane_summary(window="life"),
            summarise_lanes(chronology.frame, cases=chronology.cases, window="life"),
        )

    def test_check_schedule_and_follow_ups_are_the_functions_with_their_defaults(self, chronology) -> None:
        pd.testing.assert_frame_equal(
            chronology.check_schedule(), check_schedule(chronology.frame, chronology.cases, "hcp-england")
        )
        pd.testing.assert_frame_equal(
            chronology.follow_ups("sharing"), find_follow_ups(chronology.frame, "sharing", cases=chronology.cases)
        )

    def test_plot_draws_one_case_on_the_axes_given_and_returns_them(self, chronology) -> None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(11.69, 8.27))
        try:
            assert chronology.plot(ax, case="A") is ax
            assert [t.get_text() for t in ax.get_yticklabels()] == ["Health visiting"]
        finally:
            plt.close(fig)

    def test_export_writes_the_format_its_extension_names(self, chronology, tmp_path: Path) -> None:
        report = chronology.export(tmp_path / "appendix.docx")
        assert report.rows == len(HV_LONG)
        assert (tmp_path / "appendix.docx").read_bytes()[:2] == b"PK"
