"""The Dask engine: the per-case measures on a Dask DataFrame partitioned by case equal pandas' on the same rows.

Runs on a distributed.LocalCluster of 2 in-process workers (processes=False: threads talking through in-memory
queues, so the suite's socket block holds and start-up stays under a second).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason='the Dask engine is not installed (pip install ".[dask]")')

import dask.dataframe as dd
from distributed import Client, LocalCluster

from chronolane.chronology.build import build_chronology
from chronolane.chronology.io import write_chronology
from chronolane.cli import app
from chronolane.cohort import summarise_cohort
from chronolane.engines import dask as engine
from chronolane.errors import MissingDetailsError, OutputError, SourceError, UsageError
from chronolane.files.parquet import read_parquet_table
from chronolane.follow_ups.find import find_follow_ups, summarise_follow_ups
from chronolane.measures.gaps import find_gaps, summarise_lanes
from chronolane.schedules.checks import check_schedule

runner = CliRunner()


def extract(n_cases: int, *, seed: int = 11, born_from: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A long-format extract of many cases (health visiting, GP and children's social care rows; exact and
    vague dates; missed appointments; referrals and assessments) and its case details. Cases before
    ``born_from`` have a review period but no child with a birth date."""
    rng = np.random.default_rng(seed)
    born = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 700, n_cases), unit="D")
    rows = []
    for k in range(n_cases):
        case_id = f"C{k:03d}"
        for day in np.sort(rng.integers(-60, 800, rng.integers(2, 12))):
            when = born[k] + pd.Timedelta(days=int(day))
            agency, kind = ("Health visiting", "Home visit") if rng.random() < 0.6 else ("GP", "Appointment")
            rows.append(
                {
                    "case_id": case_id,
                    "subject": "child",
                    "Date": when.strftime("%B %Y") if rng.random() < 0.25 else when.strftime("%d/%m/%Y"),
                    "Agency": agency,
                    "Type": kind,
                    "Outcome": "Was not brought" if rng.random() < 0.15 else "",
                    "Description": "contact",
                }
            )
        if rng.random() < 0.5:
            referred = born[k] + pd.Timedelta(days=int(rng.integers(30, 400)))
            rows.append({"case_id": case_id, "Date": referred.strftime("%d/%m/%Y"), "Agency": "Children's social care",
                         "Type": "Referral", "Description": "referral received"})  # fmt: skip
            if rng.random() < 0.6:
                done = referred + pd.Timedelta(days=int(rng.integers(1, 90)))
                rows.append({"case_id": case_id, "Date": done.strftime("%d/%m/%Y"), "Agency": "Children's social care",
                             "Type": "Assessment", "Description": "assessment completed"})  # fmt: skip
    ids = [f"C{k:03d}" for k in range(n_cases)]
    details = pd.DataFrame(
        {
            "case_id": ids,
            "subject": "child",
            "role": "child",
            "born": [b.strftime("%Y-%m-%d") if k >= born_from else "" for k, b in enumerate(born)],
            "review_start": (born - pd.Timedelta(days=90)).strftime("%Y-%m-%d"),
            "review_end": (born + pd.Timedelta(days=820)).strftime("%Y-%m-%d"),
        }
    )
    return pd.DataFrame(rows).fillna(""), details


def write_parts(frame: pd.DataFrame, folder: Path, groups: list[list[str]]) -> Path:
    """The rows of each group of cases as one Parquet file of ``folder``, in group order."""
    folder.mkdir()
    for k, group in enumerate(groups):
        write_chronology(frame[frame["case_id"].isin(group)].reset_index(drop=True), folder / f"p{k}.parquet")
    return folder


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """24 cases built with their details, written as 3 Parquet files of 8 cases; the first 8 cases (the first
    file) have no child with a birth date. Gives the dataset folder, the rows as pandas reads them back in file
    order, their cases and the details table."""
    long, details = extract(24, born_from=8)
    built = build_chronology(long, cases=details)
    ids = sorted(built.cases)
    folder = write_parts(built.frame, tmp_path_factory.mktemp("cohort") / "data", [ids[0:8], ids[8:16], ids[16:]])
    rows = pd.concat([read_parquet_table(p) for p in sorted(folder.glob("*.parquet"))], ignore_index=True)
    return folder, rows, dict(built.cases), details


def same(got: dd.DataFrame, want: pd.DataFrame) -> None:
    """A Dask result equals the pandas one: same dtypes declared and computed, same rows in the same order."""
    assert isinstance(got, dd.DataFrame)
    pd.testing.assert_series_equal(got.dtypes, want.dtypes)
    pd.testing.assert_frame_equal(got.compute().reset_index(drop=True), want)


@pytest.mark.parametrize("window", ["review", "life", "none"])
def test_gaps_on_dask_equal_gaps_on_pandas_in_every_window(client, cohort, window) -> None:
    folder, rows, cases, details = cohort
    want = find_gaps(rows, cases=cases, window=window, threshold="3M")
    assert len(want) > 50 and (want["exceeds"] == "possibly").any()
    same(engine.find_gaps(engine.read_dataset(folder), cases=details, window=window, threshold="3M"), want)


@pytest.mark.parametrize("window", ["review", "life"])
def test_lane_summaries_on_dask_equal_pandas_with_missed_appointments(client, cohort, window) -> None:
    folder, rows, cases, details = cohort
    want = summarise_lanes(rows, cases=cases, window=window)
    assert want["missed_appointments"].sum() > 0
    same(engine.summarise_lanes(engine.read_dataset(folder), cases=details, window=window), want)


def test_schedule_outcomes_on_dask_equal_pandas_though_one_partition_has_no_births(client, cohort) -> None:
    folder, rows, cases, details = cohort
    want = check_schedule(rows, cases, "hcp-england")
    assert want["case_id"].nunique() == 16
    same(engine.check_schedule(engine.read_dataset(folder), details, "hcp-england"), want)


def test_follow_ups_and_their_summary_on_dask_equal_pandas(client, cohort) -> None:
    folder, rows, cases, details = cohort
    want = find_follow_ups(rows, ["wt2023"], cases=cases)
    assert len(want) > 10 and want["outcome"].nunique() > 1
    got = engine.find_follow_ups(engine.read_dataset(folder), ["wt2023"], cases=details)
    same(got, want)
    same(engine.summarise_follow_ups(got), summarise_follow_ups(want))


@pytest.mark.parametrize("window", ["review", "life"])
def test_the_cohort_table_on_dask_equals_pandas_and_has_every_lanes_columns(client, cohort, window) -> None:
    folder, rows, cases, details = cohort
    want = summarise_cohort(rows, cases=cases, window=window)
    assert {"GP: contacts", "Children's social care: contacts", "schedule: met"} <= set(want.columns)
    same(engine.summarise_cohort(engine.read_dataset(folder), cases=details, window=window), want)


def test_the_cohort_with_lanes_named_has_blank_gaps_for_a_lane_without_rows_and_equals_pandas(client, cohort) -> None:
    folder, rows, cases, details = cohort
    lanes = ["Children's social care", "GP", "Health visiting", "Police"]
    got = engine.summarise_cohort(engine.read_dataset(folder), cases=details, lanes=lanes)
    assert got.dask is not None and "Police: contacts" in got.columns  # a graph, not yet computed
    table = got.compute().reset_index(drop=True)
    assert (table["Police: contacts"] == 0).all() and table["Police: longest_gap_min_days"].isna().all()
    want = summarise_cohort(rows, cases=cases)
    pd.testing.assert_series_equal(got.dtypes[list(want.columns)], want.dtypes)
    pd.testing.assert_frame_equal(table[list(want.columns)], want)


def test_a_long_format_dataset_is_built_partition_by_partition_to_the_same_cohort(client, tmp_path) -> None:
    long, details = extract(12, seed=3)
    folder = tmp_path / "long"
    folder.mkdir()
    for k, group in enumerate((long["case_id"] < "C006", long["case_id"] >= "C006")):
        long[group].to_parquet(folder / f"p{k}.parquet", index=False)
    want = summarise_cohort(
        build_chronology(long, cases=details).frame, cases=build_chronology(long, cases=details).cases
    )
    same(engine.summarise_cohort(engine.read_dataset(folder), cases=details), want)


def test_a_case_split_over_two_partitions_is_refused_naming_the_case_and_partitions(client, cohort, tmp_path) -> None:
    _, rows, _, details = cohort
    ids = sorted(rows["case_id"].unique())
    folder = write_parts(rows, tmp_path / "split", [ids[:5], ids[4:]])
    with pytest.raises(SourceError, match=r"case 'C004' is split over partitions 0 and 1.*partitioned by case_id"):
        engine.find_gaps(engine.read_dataset(folder), cases=details)


def test_a_dataset_without_any_birth_is_refused_in_the_life_window_as_in_pandas(client, cohort, tmp_path) -> None:
    _, rows, cases, details = cohort
    first = sorted(rows["case_id"].unique())[:8]  # the cases without a birth date
    folder = write_parts(rows, tmp_path / "unborn", [first[:4], first[4:]])
    alone = rows[rows["case_id"].isin(first)]
    with pytest.raises(MissingDetailsError):
        find_gaps(alone, cases={c: cases[c] for c in first}, window="life")
    with pytest.raises(MissingDetailsError, match="no case has a subject with a birth date"):
        engine.find_gaps(engine.read_dataset(folder), cases=details, window="life")
    with pytest.raises(MissingDetailsError, match="no case has a subject"):
        engine.check_schedule(engine.read_dataset(folder), details, "hcp-england")


def test_named_agencies_are_measured_where_present_and_one_absent_everywhere_is_refused(
    client, cohort, tmp_path
) -> None:
    _, rows, cases, details = cohort
    ids = sorted(rows["case_id"].unique())
    social_care = rows["agency"] == "Children's social care"
    rows = rows[~(social_care & rows["case_id"].isin(ids[:12]))].reset_index(drop=True)  # none in the first file
    folder = write_parts(rows, tmp_path / "data", [ids[:12], ids[12:]])
    named = ["Children's social care", "Health visiting"]
    want = summarise_lanes(rows, cases=cases, agencies=named)
    assert set(want["lane"]) == set(named)
    same(engine.summarise_lanes(engine.read_dataset(folder), cases=details, agencies=named), want)
    only = ["Children's social care"]
    same(
        engine.find_gaps(engine.read_dataset(folder), cases=details, agencies=only),
        find_gaps(rows, cases=cases, agencies=only),
    )
    with pytest.raises(UsageError, match="agency 'Police' has no rows in the dataset"):
        engine.find_gaps(engine.read_dataset(folder), cases=details, agencies=["GP", "Police"])


def test_subject_is_refused_by_the_dask_engine(client, cohort) -> None:
    folder, *_, details = cohort
    with pytest.raises(UsageError, match="subject="):
        engine.find_gaps(engine.read_dataset(folder), cases=details, subject="child")


def test_a_missing_or_empty_dataset_is_named_in_the_error(tmp_path) -> None:
    with pytest.raises(SourceError, match="no Parquet files"):
        engine.read_dataset(tmp_path)


def test_measure_dataset_writes_one_parquet_file_per_partition_that_reads_back_as_pandas_gave_it(
    client, cohort, tmp_path
) -> None:
    folder, rows, cases, details = cohort
    out = tmp_path / "gaps"
    assert engine.measure_dataset(folder, out, "gaps", cases=details, scheduler=client.scheduler.address) == 3
    assert sorted(p.name for p in out.iterdir()) == [f"part.0000{k}.parquet" for k in range(3)]
    got = pd.concat([read_parquet_table(p) for p in sorted(out.iterdir())], ignore_index=True)
    want = find_gaps(rows, cases=cases)
    pd.testing.assert_frame_equal(got, read_parquet_table_of(want, tmp_path))


def read_parquet_table_of(table: pd.DataFrame, tmp_path: Path) -> pd.DataFrame:
    """A pandas table as it reads back from the Parquet file the pandas engine writes."""
    from chronolane.files.parquet import write_parquet

    write_parquet(table, tmp_path / "pandas.parquet")
    return read_parquet_table(tmp_path / "pandas.parquet")


def test_an_output_folder_holding_files_is_refused_unless_forced_and_then_only_part_files_go(
    client, cohort, tmp_path
) -> None:
    folder, *_, details = cohort
    out = tmp_path / "out"
    out.mkdir()
    (out / "part.00007.parquet").write_bytes(b"old")
    with pytest.raises(OutputError, match=r"not empty.*--force"):
        engine.measure_dataset(folder, out, "lane-summary", cases=details, scheduler=client.scheduler.address)
    engine.measure_dataset(folder, out, "lane-summary", cases=details, scheduler=client.scheduler.address, force=True)
    assert sorted(p.name for p in out.iterdir()) == [f"part.0000{k}.parquet" for k in range(3)]
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="other files"):
        engine.measure_dataset(folder, out, "gaps", scheduler=client.scheduler.address, force=True)
    with pytest.raises(OutputError, match="is the input dataset"):
        engine.measure_dataset(folder, folder, "gaps", scheduler=client.scheduler.address, force=True)


@pytest.mark.parametrize(
    ("command", "extra", "pandas_table"),
    [
        (["gaps"], ["--threshold", "3M"], lambda rows, cases: find_gaps(rows, cases=cases, threshold="3M")),
        (["gaps", "--summary"], [], lambda rows, cases: summarise_lanes(rows, cases=cases)),
        (["gaps", "--schedule", "hcp-england"], [], lambda rows, cases: check_schedule(rows, cases, "hcp-england")),
        (["follow-ups", "--rules", "wt2023"], [], lambda rows, cases: find_follow_ups(rows, ["wt2023"], cases=cases)),
        (["cohort"], ["--window", "life"], lambda rows, cases: summarise_cohort(rows, cases=cases, window="life")),
    ],
)
def test_each_command_with_engine_dask_writes_the_pandas_table_as_a_parquet_dataset(
    client, cohort, tmp_path, command, extra, pandas_table
) -> None:
    folder, rows, cases, details = cohort
    details.to_csv(tmp_path / "cases.csv", index=False)
    out = tmp_path / "out"
    args = [*command, str(folder), *extra, "--cases", str(tmp_path / "cases.csv"), "-o", str(out)]
    result = runner.invoke(app, [*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert result.exit_code == 0, result.output
    got = pd.concat([read_parquet_table(p) for p in sorted(out.iterdir())], ignore_index=True)
    pd.testing.assert_frame_equal(got, read_parquet_table_of(pandas_table(rows, cases), tmp_path))


def test_engine_dask_needs_an_output_folder_and_says_so_in_one_line(cohort) -> None:
    folder, *_ = cohort
    result = runner.invoke(app, ["gaps", str(folder), "--engine", "dask"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: --engine dask writes a folder of Parquet files: give it with -o FOLDER."


def test_an_unreachable_scheduler_is_named_in_a_one_line_error(cohort, tmp_path) -> None:
    folder, *_ = cohort
    args = ["gaps", str(folder), "--engine", "dask", "--scheduler", "inproc://nowhere/1/2", "-o", str(tmp_path / "o")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "cannot reach the Dask scheduler at 'inproc://nowhere/1/2'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_without_dask_installed_the_engine_says_how_to_install_it(monkeypatch, cohort, tmp_path) -> None:
    folder, *_ = cohort
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = runner.invoke(app, ["cohort", str(folder), "--engine", "dask", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: " + engine.INSTALL


def test_the_help_of_the_commands_imports_no_dask() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "chronolane", "gaps", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert "chronolane" in modules and not {"dask", "distributed"} & modules
