"""The cohort table: one row per case (or subject) of many cases' lane measures and outcome counts."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from chronolane.chronology.build import build_chronology
from chronolane.cli import app
from chronolane.cohort import LANE_MEASURES, summarise_cohort
from chronolane.errors import MissingDetailsError, UsageError
from chronolane.files.parquet import read_parquet_table
from chronolane.follow_ups.find import find_follow_ups
from chronolane.measures.gaps import summarise_lanes
from chronolane.schedules.checks import check_schedule

runner = CliRunner()


def extract(n_cases: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A generated long-format extract of health visiting and GP rows, and its case details."""
    rng = np.random.default_rng(seed)
    born = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 365, n_cases), unit="D")
    rows = []
    for k in range(n_cases):
        days = np.sort(rng.integers(5, 700, rng.integers(1, 8)))
        for d in days:
            when = born[k] + pd.Timedelta(days=int(d))
            vague = rng.random() < 0.2
            rows.append(
                {
                    "case_id": f"C{k:04d}",
                    "subject": "child",
                    "Date": when.strftime("%B %Y") if vague else when.strftime("%d/%m/%Y"),
                    "Agency": "Health visiting" if rng.random() < 0.7 else "GP",
                    "Type": "Home visit" if rng.random() < 0.8 else "Appointment",
                    "Outcome": "Was not brought" if rng.random() < 0.15 else "",
                    "Description": "contact",
                }
            )
    details = pd.DataFrame(
        {
            "case_id": [f"C{k:04d}" for k in range(n_cases)],
            "subject": "child",
            "role": "child",
            "born": born.strftime("%Y-%m-%d"),
            "review_start": born.strftime("%Y-%m-%d"),
            "review_end": (born + pd.Timedelta(days=730)).strftime("%Y-%m-%d"),
        }
    )
    return pd.DataFrame(rows), details


@pytest.fixture(scope="module")
def cohort_case():
    """Twenty generated cases built with their case details."""
    long, details = extract(20)
    return build_chronology(long, cases=details)


def test_the_cohort_has_one_row_per_case_in_case_order(cohort_case) -> None:
    table = summarise_cohort(cohort_case.frame, cases=cohort_case.cases)
    assert table["case_id"].tolist() == list(pd.unique(cohort_case.frame["case_id"]))
    assert (table["subject"] == "").all()


def test_each_lane_measure_is_the_lane_summary_of_that_case(cohort_case) -> None:
    table = summarise_cohort(cohort_case.frame, cases=cohort_case.cases, threshold="3M").set_index("case_id")
    lanes = summarise_lanes(cohort_case.frame, cases=cohort_case.cases, threshold="3M")
    assert len(lanes) > 20
    for row in lanes.itertuples(index=False):
        for measure in LANE_MEASURES:
            got, want = table.loc[row.case_id, f"{row.lane}: {measure}"], getattr(row, measure)
            assert (pd.isna(got) and pd.isna(want)) or got == want, (row.case_id, row.lane, measure)


def test_schedule_and_follow_up_outcomes_are_counted_per_case(cohort_case) -> None:
    table = summarise_cohort(cohort_case.frame, cases=cohort_case.cases, rules=["sharing"]).set_index("case_id")
    outcomes = check_schedule(cohort_case.frame, cohort_case.cases, "hcp-england")
    expected = outcomes.groupby(["case_id", "outcome"]).size()
    for (case_id, outcome), n in expected.items():
        assert table.loc[case_id, f"schedule: {outcome}"] == n
    schedule_columns = [c for c in table.columns if c.startswith("schedule: ")]
    assert table[schedule_columns].to_numpy().sum() == len(outcomes)
    follow_ups = find_follow_ups(cohort_case.frame, "sharing", cases=cohort_case.cases)
    follow_columns = [c for c in table.columns if c.startswith("follow-ups: ")]
    assert table[follow_columns].to_numpy().sum() == len(follow_ups)


def test_a_lane_a_case_has_no_rows_in_counts_zero_contacts_and_leaves_gap_measures_blank() -> None:
    long = pd.DataFrame(
        {
            "case_id": ["A", "A", "B"],
            "Date": ["2020-01-01", "2020-09-01", "2020-02-01"],
            "Agency": ["Health visiting", "Health visiting", "GP"],
            "Type": ["Home visit", "Home visit", "Appointment"],
        }
    )
    chronology = build_chronology(long)
    table = summarise_cohort(chronology.frame, cases=chronology.cases, schedule=None, rules=()).set_index("case_id")
    assert table.loc["B", "Health visiting: contacts"] == 0
    assert pd.isna(table.loc["B", "Health visiting: longest_gap_max_days"])
    assert pd.isna(table.loc["B", "Health visiting: gaps_exceeding"])
    assert table.loc["A", "Health visiting: gaps_exceeding"] == 1
    assert not any(c.startswith(("schedule", "follow-ups")) for c in table.columns)


def test_the_life_window_gives_one_row_per_subject_born(cohort_case) -> None:
    table = summarise_cohort(cohort_case.frame, cases=cohort_case.cases, window="life", rules=())
    assert (table["subject"] == "child").all() and table["case_id"].is_unique


def test_without_case_details_the_schedule_columns_say_what_is_missing() -> None:
    long, _ = extract(3)
    chronology = build_chronology(long)
    with pytest.raises(MissingDetailsError, match="no case has a subject"):
        summarise_cohort(chronology.frame, cases=chronology.cases)


def test_the_cohort_command_reads_a_parquet_extract_with_case_details(tmp_path: Path) -> None:
    long, details = extract(5)
    long.to_parquet(tmp_path / "long.parquet", index=False)
    details.to_csv(tmp_path / "cases.csv", index=False)
    out = tmp_path / "cohort.parquet"
    args = ["cohort", str(tmp_path / "long.parquet"), "--cases", str(tmp_path / "cases.csv"), "--threshold", "3M"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = read_parquet_table(out)
    assert table["case_id"].tolist() == [f"C{k:04d}" for k in range(5)]
    assert table["Health visiting: contacts"].dtype == np.int64
    result = runner.invoke(app, ["cohort", str(tmp_path / "long.parquet")])
    assert result.exit_code == 1 and "--cases" in result.stderr


def test_the_cohort_command_draws_the_longest_gap_chart_when_asked(tmp_path: Path) -> None:
    long, details = extract(8)
    long.to_csv(tmp_path / "long.csv", index=False)
    details.to_csv(tmp_path / "cases.csv", index=False)
    chart = tmp_path / "longest.svg"
    args = ["cohort", str(tmp_path / "long.csv"), "--cases", str(tmp_path / "cases.csv"), "--no-follow-ups"]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "c.csv"), "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    svg = chart.read_text(encoding="utf-8")
    assert 'id="longest-gap-exact' in svg or 'id="longest-gap-ranges' in svg
    result = runner.invoke(app, [*args, "--chart", str(tmp_path / "c.txt")])
    assert result.exit_code == 2 and ".png, .svg or .pdf" in result.stderr


def test_the_cohort_command_draws_the_chart_kind_asked_for(tmp_path: Path) -> None:
    long, details = extract(8)
    long.to_csv(tmp_path / "long.csv", index=False)
    details.to_csv(tmp_path / "cases.csv", index=False)
    args = ["cohort", str(tmp_path / "long.csv"), "--cases", str(tmp_path / "cases.csv"), "--no-follow-ups"]
    args += ["-o", str(tmp_path / "c.csv"), "--force"]
    result = runner.invoke(app, [*args, "--chart", str(tmp_path / "s.svg"), "--chart-kind", "schedule"])
    assert result.exit_code == 0, result.output
    assert 'id="schedule-' in (tmp_path / "s.svg").read_text(encoding="utf-8")
    result = runner.invoke(app, [*args, "--chart", str(tmp_path / "m.svg"), "--chart-kind", "swimlanes"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.svg").read_text(encoding="utf-8").count('id="panel-anchor') == 8
    result = runner.invoke(app, [*args, "--chart", str(tmp_path / "x.svg"), "--chart-kind", "pie"])
    assert result.exit_code == 2 and "pie" in result.stderr


def test_swimlanes_of_more_cases_than_a_page_holds_go_to_the_pages_of_a_pdf_only(tmp_path: Path) -> None:
    long, details = extract(13)
    long.to_csv(tmp_path / "long.csv", index=False)
    details.to_csv(tmp_path / "cases.csv", index=False)
    args = ["cohort", str(tmp_path / "long.csv"), "--cases", str(tmp_path / "cases.csv"), "--no-follow-ups"]
    args += ["-o", str(tmp_path / "c.csv"), "--force", "--chart-kind", "swimlanes"]
    result = runner.invoke(app, [*args, "--chart", str(tmp_path / "m.png")])
    assert result.exit_code == 2 and ".pdf" in result.stderr
    assert not (tmp_path / "m.png").exists()
    result = runner.invoke(app, [*args, "--chart", str(tmp_path / "m.pdf")])
    assert result.exit_code == 0, result.output
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", (tmp_path / "m.pdf").read_bytes())) == 2
    result = runner.invoke(app, [*args, "--chart-size", "a3", "--chart", str(tmp_path / "m3.png")])
    assert result.exit_code == 0, result.output


def test_draw_cohort_chart_gives_one_page_per_chart_and_names_what_it_cannot_draw(cohort_case) -> None:
    from chronolane.swimlane.cohort_figures import draw_cohort_chart

    (fig,) = draw_cohort_chart(cohort_case, "longest-gaps", threshold="3M")
    assert "over 3M" in fig.axes[0].get_title()
    (fig,) = draw_cohort_chart(cohort_case, "schedule")
    assert "20 subject(s) in 20 case(s)" in fig.axes[0].get_title()
    assert len(draw_cohort_chart(cohort_case, "swimlanes")) == 2  # 20 cases, 12 a page
    with pytest.raises(UsageError, match="needs a schedule"):
        draw_cohort_chart(cohort_case, "schedule", schedule=None)
    with pytest.raises(UsageError, match="choose one of longest-gaps, schedule, swimlanes"):
        draw_cohort_chart(cohort_case, "pie")


def test_in_the_life_window_a_case_has_rows_only_for_its_own_subjects() -> None:
    long, details = extract(4)
    details.loc[0, "born"] = ""  # C0000: no child born, so one row over its review period with no subject
    built = build_chronology(long, cases=details)
    table = summarise_cohort(built.frame, cases=built.cases, window="life")
    assert list(zip(table["case_id"], table["subject"], strict=True)) == [
        ("C0000", ""),
        ("C0001", "child"),
        ("C0002", "child"),
        ("C0003", "child"),
    ]
