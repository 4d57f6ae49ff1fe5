"""Contact gaps: bounds from vague dates, thresholds, open edges, caveats, summaries, many cases, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from chronolane.case.model import Case, Role, Subject
from chronolane.dates import parse_date
from chronolane.dates.durations import Duration, DurationUnit, parse_duration
from chronolane.errors import UsageError
from chronolane.measures.gaps import GAP_COLUMNS, SUMMARY_COLUMNS, find_gaps, summarise_lanes
from factories import event_frame

HV = "Health visiting"
GP = "GP"


def chronology(rows: list[tuple]) -> pd.DataFrame:
    """A frame following the column contract from (agency, date text, event type[, case_id[, subject]]) rows."""
    return event_frame(
        (row[3] if len(row) > 3 else "case-a", row[0], row[4] if len(row) > 4 else "", row[1], row[2]) for row in rows
    )


def inner(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gaps between two contacts (not the open edges)."""
    return gaps[(gaps["from_event_id"] != "") & (gaps["to_event_id"] != "")].reset_index(drop=True)


class TestGapBounds:
    @pytest.mark.parametrize(
        ("first", "second", "shortest", "longest"),
        [
            ("14/03/2018", "20/03/2018", 6, 6),  # exact dates: one number
            ("March 2018", "October 2018", 184, 244),  # the example
            ("2018-03-14", "October 2018", 201, 231),  # exact then vague
            ("March 2018", "2018-03-20", 0, 19),  # vague overlapping exact: never below 0
            ("2018-03-20", "2018-03-20", 0, 0),  # same day
        ],
    )
    def test_gap_min_and_max_come_from_the_date_intervals(self, first, second, shortest, longest) -> None:
        """gap_min_days = next start - previous end (at least 0); gap_max_days = next end - previous start."""
        gaps = inner(find_gaps(chronology([(HV, first, "health-visit"), (HV, second, "health-visit")]), window="none"))
        assert gaps[["gap_min_days", "gap_max_days"]].values.tolist() == [[shortest, longest]]

    def test_a_long_earlier_contact_reaching_into_the_gap_shortens_it_to_zero(self) -> None:
        """An admission spanning the later contacts overlaps the gap between them: no certain gap remains."""
        frame = chronology(
            [
                ("Hospital", "01/01/2018 to 31/12/2018", "hospital-admission"),
                ("Hospital", "05/03/2018", "hospital-admission"),
                ("Hospital", "10/10/2018", "hospital-admission"),
            ]
        )
        gaps = inner(find_gaps(frame, window="none"))
        assert gaps["gap_min_days"].tolist() == [0, 0]
        assert gaps["exceeds"].tolist() == ["no", "possibly"]

    def test_output_has_the_documented_columns_and_types(self) -> None:
        """Columns in the documented order; dates as datetimes; day counts as integers."""
        gaps = find_gaps(chronology([(HV, "2018-03-01", "health-visit"), (HV, "2018-05-01", "health-visit")]))
        assert tuple(gaps.columns) == GAP_COLUMNS
        assert pd.api.types.is_datetime64_any_dtype(gaps["gap_start"])
        assert gaps["gap_min_days"].dtype == "int64"


class TestThreshold:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("6M", Duration(6, DurationUnit.MONTH)),
            ("183d", Duration(183, DurationUnit.DAY)),
            ("12W", Duration(12, DurationUnit.WEEK)),
            ("1Y", Duration(1, DurationUnit.YEAR)),
            ("10WD", Duration(10, DurationUnit.WORKING_DAY)),
            ("-12W", Duration(-12, DurationUnit.WEEK)),
        ],
    )
    def test_durations_are_read_with_their_unit(self, text, expected) -> None:
        """Thresholds are a whole number and a unit: D, W, M (calendar months), Y, WD."""
        assert parse_duration(text) == expected

    @pytest.mark.parametrize("text", ["6", "six months", "6X", "", "1.5M"])
    def test_a_duration_without_a_unit_is_refused_with_the_fix(self, text) -> None:
        with pytest.raises(UsageError, match="6M, 183D, 12W"):
            parse_duration(text)

    @pytest.mark.parametrize(
        ("first", "second", "threshold", "exceeds"),
        [
            # months compare calendar dates: next contact after previous end + 6 months
            ("2018-03-01", "2018-09-01", "6M", "no"),
            ("2018-03-01", "2018-09-02", "6M", "yes"),
            ("2018-08-31", "2019-02-28", "6M", "no"),  # 31 August + 6M clips to 28 February
            ("2018-08-31", "2019-03-01", "6M", "yes"),
            # days and weeks compare the day count
            ("2018-01-01", "2018-07-03", "183D", "no"),  # 183 days
            ("2018-01-01", "2018-07-04", "183D", "yes"),  # 184 days
            ("2018-01-01", "2018-03-26", "12W", "no"),  # 84 days
            ("2018-01-01", "2018-03-27", "12W", "yes"),  # 85 days
            # vague dates: yes when even the shortest gap exceeds, possibly when only the longest does
            ("March 2018", "October 2018", "6M", "yes"),  # 31 March + 6M = 30 September < 1 October
            ("March 2018", "September 2018", "6M", "possibly"),  # on time only if 1 March .. 30 September
            ("March 2018", "August 2018", "6M", "no"),  # 31 August is not after 1 March + 6M
            ("March 2018", "October 2018", "183D", "yes"),  # 184 > 183
            ("March 2018", "October 2018", "244D", "no"),
            ("March 2018", "October 2018", "243D", "possibly"),
        ],
    )
    def test_exceeds_is_yes_possibly_or_no(self, first, second, threshold, exceeds) -> None:
        gaps = inner(
            find_gaps(chronology([(HV, first, "health-visit"), (HV, second, "health-visit")]), threshold=threshold)
        )
        assert gaps["exceeds"].tolist() == [exceeds]


class TestOpenEdges:
    def test_life_window_reports_the_gap_from_the_last_contact_to_the_death(self) -> None:
        """A baby born in January who dies in October with no health visiting after March has an open gap."""
        frame = chronology([(HV, "2018-01-20", "health-visit"), (HV, "2018-03-10", "health-visit")])
        baby = Subject(id="baby", name="Baby", role=Role.CHILD, born=parse_date("2018-01-05"),
                       died=parse_date("2018-10-15"))  # fmt: skip
        cases = {"case-a": Case(case_id="case-a", subjects=(baby,))}
        gaps = find_gaps(frame, cases=cases, window="life")
        assert gaps[["from_event_id", "to_event_id", "gap_min_days", "exceeds"]].values.tolist() == [
            ["", "e0", 15, "no"],
            ["e0", "e1", 49, "no"],
            ["e1", "", 219, "yes"],
        ]
        assert gaps["subject"].unique().tolist() == ["baby"]
        assert gaps["gap_end"].iloc[-1] == pd.Timestamp("2018-10-15")

    def test_review_period_with_vague_edges_gives_intervals_at_the_edges(self) -> None:
        """The window's vague start and end are intervals too: the edge gaps have a min and a max."""
        frame = chronology([(HV, "2018-03-15", "health-visit")])
        case = Case(case_id="case-a", review_start=parse_date("December 2017"), review_end=parse_date("autumn 2018"))
        gaps = find_gaps(frame, cases={"case-a": case})
        start_edge, end_edge = gaps.to_dict(orient="records")
        assert (start_edge["gap_min_days"], start_edge["gap_max_days"]) == (74, 104)
        autumn = parse_date("autumn 2018")
        assert end_edge["gap_min_days"] == (autumn.start - dt.date(2018, 3, 15)).days
        assert end_edge["gap_max_days"] == (autumn.end - dt.date(2018, 3, 15)).days

    def test_explicit_from_and_to_replace_the_review_period(self) -> None:
        frame = chronology([(HV, "2018-03-15", "health-visit")])
        case = Case(case_id="case-a", review_start=parse_date("2010"), review_end=parse_date("2020"))
        gaps = find_gaps(frame, cases={"case-a": case}, start="2018-03-01", end=dt.date(2018, 4, 1))
        assert gaps["gap_min_days"].tolist() == [14, 17]

    def test_a_lane_without_dated_contact_in_the_window_has_one_gap_across_it(self) -> None:
        """Contacts outside the window do not count; the whole window is one gap."""
        frame = chronology([(GP, "2017-05-01", "appointment")])
        gaps = find_gaps(frame, start="2018-01-01", end="2018-12-31")
        assert gaps[["lane", "from_event_id", "to_event_id", "gap_min_days", "exceeds"]].values.tolist() == [
            [GP, "", "", 364, "yes"]
        ]

    def test_gaps_come_by_case_lane_and_date_with_a_lane_without_contact_in_its_place(self) -> None:
        """Each gap's place is counted, not sorted: opening, inner and closing gaps of each lane in date order,
        a lane without contact as one gap between its neighbours, the next case after."""
        frame = chronology(
            [
                ("Police", "2018-05-01", "home-visit"),
                (GP, "2018-06-01", "appointment"),
                (HV, "2018-04-01", "referral"),
                (GP, "2018-03-01", "appointment"),
                (GP, "2018-02-01", "appointment", "case-b"),
            ]
        )
        gaps = find_gaps(frame, agencies=[GP, HV, "Police"], start="2018-01-01", end="2018-12-31")
        assert gaps[["case_id", "lane", "from_event_id", "to_event_id"]].values.tolist() == [
            ["case-a", GP, "", "e3"],
            ["case-a", GP, "e3", "e1"],
            ["case-a", GP, "e1", ""],
            ["case-a", HV, "", ""],
            ["case-a", "Police", "", "e0"],
            ["case-a", "Police", "e0", ""],
            ["case-b", GP, "", "e4"],
            ["case-b", GP, "e4", ""],
        ]

    def test_without_a_window_there_are_no_open_edges(self) -> None:
        frame = chronology([(HV, "2018-03-15", "health-visit"), (HV, "2018-04-15", "health-visit")])
        assert len(find_gaps(frame)) == 1


class TestContactRule:
    def test_missed_appointments_referrals_and_notifications_are_not_contacts(self) -> None:
        frame = chronology(
            [
                (HV, "2018-01-01", "health-visit"),
                (HV, "2018-03-01", "missed-appointment"),
                (HV, "2018-04-01", "referral"),
                (HV, "2018-05-01", "notification"),
                (HV, "2018-12-01", "home-visit"),
            ]
        )
        assert inner(find_gaps(frame))[["from_event_id", "to_event_id"]].values.tolist() == [["e0", "e4"]]

    @pytest.mark.parametrize(
        ("lane", "types", "expected"),
        [
            ("agency", None, [(GP, "e1", "e3"), (HV, "e0", "e2")]),
            ("type", None, [("appointment", "e1", "e3"), ("health-visit", "e0", "e2")]),
            ("all", None, [("all", "e0", "e1"), ("all", "e1", "e2"), ("all", "e2", "e3")]),
            ("agency", ["health-visit"], [(HV, "e0", "e2")]),
        ],
    )
    def test_lanes_are_agencies_types_or_all_together(self, lane, types, expected) -> None:
        frame = chronology(
            [
                (HV, "2018-01-01", "health-visit"),
                (GP, "2018-02-01", "appointment"),
                (HV, "2018-03-01", "health-visit"),
                (GP, "2018-04-01", "appointment"),
            ]
        )
        gaps = inner(find_gaps(frame, lane=lane, types=types))
        assert list(gaps[["lane", "from_event_id", "to_event_id"]].itertuples(index=False, name=None)) == expected

    def test_agency_filter_matches_names_ignoring_case_and_punctuation(self) -> None:
        frame = chronology([(HV, "2018-01-01", "health-visit"), (GP, "2018-02-01", "appointment")])
        gaps = find_gaps(frame, agencies=["health-visiting"], start="2017-12-01", end="2018-03-01")
        assert gaps["lane"].unique().tolist() == [HV]

    def test_an_agency_with_no_rows_is_refused_naming_it(self) -> None:
        with pytest.raises(UsageError, match="'Police' has no rows"):
            find_gaps(chronology([(HV, "2018-01-01", "health-visit")]), agencies=["Police"])

    def test_an_unknown_event_type_is_refused_naming_it(self) -> None:
        with pytest.raises(UsageError, match="'visits' is not known"):
            find_gaps(chronology([(HV, "2018-01-01", "health-visit")]), types=["visits"])

    def test_subject_filter_keeps_the_subjects_rows_and_family_rows(self) -> None:
        frame = chronology(
            [
                (HV, "2018-01-01", "health-visit", "case-a", "F"),
                (HV, "2018-02-01", "health-visit", "case-a", "Ms X"),
                (HV, "2018-03-01", "health-visit", "case-a", ""),
            ]
        )
        child = Subject(id="child-f", name="Child F", role=Role.CHILD, aliases=("F",))
        gaps = find_gaps(frame, cases={"case-a": Case(case_id="case-a", subjects=(child,))}, subject="child-f")
        assert inner(gaps)[["from_event_id", "to_event_id"]].values.tolist() == [["e0", "e2"]]
        assert gaps["subject"].unique().tolist() == ["child-f"]


class TestUndatedCaveats:
    def test_undated_contact_rows_of_a_lane_are_counted_on_each_of_its_gaps(self) -> None:
        """Undated rows could fall in any gap of their lane: they are reported, never ignored."""
        frame = chronology(
            [
                (HV, "2018-03-01", "health-visit"),
                (HV, "", "health-visit"),
                (HV, "not known", "home-visit"),
                (HV, "2018-10-01", "health-visit"),
                (GP, "2018-01-01", "appointment"),
                (GP, "2018-02-01", "appointment"),
                (GP, "", "referral"),  # not a contact: not a caveat
            ]
        )
        gaps = find_gaps(frame)
        assert dict(zip(gaps["lane"], gaps["undated_contacts"], strict=True)) == {GP: 0, HV: 2}
        summary = summarise_lanes(frame).set_index("lane")
        assert summary.loc[HV, "undated_contacts"] == 2

    def test_a_lane_with_only_undated_contacts_gets_a_whole_window_gap_with_the_caveat(self) -> None:
        gaps = find_gaps(chronology([(GP, "", "appointment")]), start="2018-01-01", end="2018-06-30")
        assert gaps[["lane", "gap_min_days", "undated_contacts"]].values.tolist() == [[GP, 180, 1]]


class TestSummary:
    FRAME = (
        (HV, "2018-01-01", "health-visit"),
        (HV, "2018-02-01", "missed-appointment"),
        (HV, "2018-03-01", "missed-appointment"),
        (HV, "2018-03-15", "referral"),  # not a contact: does not break the run
        (HV, "2018-04-01", "missed-appointment"),
        (HV, "2018-05-01", "health-visit"),  # a contact breaks the run
        (HV, "2018-06-01", "missed-appointment"),
        (HV, "2018-12-20", "health-visit"),
        (HV, "", "missed-appointment"),
    )

    def test_summary_counts_contacts_gaps_and_missed_appointments_per_lane(self) -> None:
        summary = summarise_lanes(chronology(list(self.FRAME)), threshold="6M")
        assert tuple(summary.columns) == SUMMARY_COLUMNS
        row = summary.iloc[0].to_dict()
        assert row["lane"] == HV
        assert row["contacts"] == 3
        assert (row["first_contact"], row["last_contact"]) == (pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-20"))
        assert (row["first_event_id"], row["last_event_id"]) == ("e0", "e7")
        assert (row["longest_gap_min_days"], row["longest_gap_max_days"]) == (233, 233)
        assert (row["gaps_exceeding"], row["gaps_possibly_exceeding"]) == (1, 0)
        assert (row["missed_appointments"], row["undated_missed_appointments"]) == (4, 1)
        assert row["longest_missed_run"] == 3

    @pytest.mark.parametrize(
        ("kinds", "run"),
        [
            (["missed-appointment"] * 4, 4),
            (["missed-appointment", "health-visit", "missed-appointment"], 1),
            (["missed-appointment", "missed-appointment", "home-visit", "missed-appointment"], 2),
            (["health-visit", "notification", "health-visit"], 0),
        ],
    )
    def test_longest_run_of_missed_appointments_is_broken_only_by_a_contact(self, kinds, run) -> None:
        rows = [(HV, f"2018-0{i + 1}-01", kind) for i, kind in enumerate(kinds)]
        assert summarise_lanes(chronology(rows))["longest_missed_run"].tolist() == [run]

    def test_a_run_of_missed_appointments_never_continues_into_the_next_lane(self) -> None:
        frame = chronology(
            [
                (GP, "2018-01-01", "appointment"),
                (GP, "2018-02-01", "missed-appointment"),
                (GP, "2018-03-01", "missed-appointment"),
                (HV, "2018-01-01", "missed-appointment"),
                (HV, "2018-02-01", "health-visit"),
            ]
        )
        summary = summarise_lanes(frame)
        assert dict(zip(summary["lane"], summary["longest_missed_run"], strict=True)) == {GP: 2, HV: 1}

    def test_a_lane_with_only_missed_appointments_is_summarised_without_gaps(self) -> None:
        frame = chronology([(HV, "2018-01-01", "health-visit"), ("Perinatal", "2018-02-01", "missed-appointment")])
        summary = summarise_lanes(frame).set_index("lane")
        assert summary.loc["Perinatal", ["contacts", "missed_appointments"]].tolist() == [0, 1]
        assert "Perinatal" not in set(find_gaps(frame)["lane"])


class TestManyCases:
    def test_each_case_is_measured_on_its_own_with_its_own_window(self) -> None:
        """Contacts of different cases never pair up; each case gets its review period's edges."""
        frame = chronology(
            [
                (HV, "2018-01-10", "health-visit", "case-b"),
                (HV, "2018-03-01", "health-visit", "case-a"),
                (HV, "2018-02-01", "health-visit", "case-b"),
                (HV, "2018-10-01", "health-visit", "case-a"),
            ]
        )
        cases = {
            "case-a": Case(case_id="case-a"),
            "case-b": Case(
                case_id="case-b", review_start=parse_date("2018-01-01"), review_end=parse_date("2018-02-28")
            ),
        }
        gaps = find_gaps(frame, cases=cases)
        got = gaps[["case_id", "from_event_id", "to_event_id", "gap_min_days", "exceeds"]].values.tolist()
        assert got == [
            ["case-a", "e1", "e3", 214, "yes"],
            ["case-b", "", "e0", 9, "no"],
            ["case-b", "e0", "e2", 22, "no"],
            ["case-b", "e2", "", 27, "no"],
        ]
        summary = summarise_lanes(frame, cases=cases)
        assert summary[["case_id", "contacts"]].values.tolist() == [["case-a", 2], ["case-b", 2]]

    def test_input_order_does_not_change_the_result(self) -> None:
        rows = [(HV, f"2018-{m:02d}-01", "health-visit", f"case-{m % 3}") for m in range(1, 13)]
        forward = find_gaps(chronology(rows))
        backward = find_gaps(chronology(rows[::-1]).iloc[::-1].reset_index(drop=True))
        assert forward.drop(columns=["from_event_id", "to_event_id"]).equals(
            backward.drop(columns=["from_event_id", "to_event_id"])
        )


class TestCommand:
    """`chronolane gaps` on an integrated chronology (needs chronolane.chronology.build)."""

    @pytest.fixture
    def integrated(self, tmp_path: Path) -> Path:
        from chronolane.chronology.io import write_chronology
        from chronolane.schema.columns import COLUMNS

        frame = chronology(
            [(HV, "March 2018", "health-visit"), (HV, "October 2018", "health-visit"), (GP, "", "appointment")]
        )
        for column in COLUMNS:
            if column not in frame.columns:
                frame[column] = 1 if column == "source_row" else (False if column == "date_approx" else "")
        path = tmp_path / "chronology.csv"
        write_chronology(frame[list(COLUMNS)], path)
        return path

    def test_gaps_are_written_as_quoted_csv_to_stdout(self, integrated: Path) -> None:
        from chronolane.cli import app

        result = CliRunner().invoke(app, ["gaps", str(integrated), "--threshold", "183D"])
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == ",".join(f'"{c}"' for c in GAP_COLUMNS)
        assert '"Health visiting","","e0","e1","2018-03-01","2018-10-31","184","244","yes"' in lines[1]

    def test_summary_is_written_as_json_records(self, integrated: Path, tmp_path: Path) -> None:
        from chronolane.cli import app

        out = tmp_path / "summary.json"
        result = CliRunner().invoke(app, ["gaps", str(integrated), "--summary", "-o", str(out)])
        assert result.exit_code == 0, result.output
        records = json.loads(out.read_text(encoding="utf-8"))
        assert [(r["lane"], r["contacts"], r["undated_contacts"]) for r in records] == [(GP, 0, 1), (HV, 2, 0)]
        assert records[1]["first_contact"] == "2018-03-01"
        assert (records[0]["longest_gap_min_days"], records[1]["longest_gap_min_days"]) == (None, 184)

    def test_a_case_folder_is_built_and_checked_against_the_bundled_schedule(self, tmp_path: Path) -> None:
        """The case's subjects and review period come from case.toml; outcomes per expected contact."""
        from chronolane.cli import app

        folder = tmp_path / "case"
        folder.mkdir()
        (folder / "case.toml").write_text(
            'case_id = "c1"\n[review_period]\nstart = "2018-01-01"\nend = "2018-12-31"\n'
            '[[subjects]]\nid = "baby"\nrole = "child"\nborn = "2018-01-01"\n'
            '[[sources]]\nfile = "hv.csv"\nagency = "Health visiting"\n',
            encoding="utf-8",
        )
        (folder / "hv.csv").write_text(
            "Date,Type,Details,Subject\n12/01/2018,Health visit,New birth visit,baby\n", encoding="utf-8"
        )
        out = tmp_path / "reviews.csv"
        result = CliRunner().invoke(app, ["gaps", str(folder), "--schedule", "hcp-england", "-o", str(out)])
        assert result.exit_code == 0, result.output
        table = pd.read_csv(out, dtype=str, keep_default_na=False)
        outcomes = dict(zip(table["contact"], table["outcome"], strict=True))
        assert outcomes == {
            "antenatal": "outside-window",  # due before the review period starts at the birth
            "new-birth-visit": "met",
            "6-8-week-review": "missed",
            "12-month-review": "not-yet-due",
            "2-year-review": "outside-window",  # due after the review period ends
        }

    def test_summary_and_schedule_together_are_refused(self, integrated: Path) -> None:
        from chronolane.cli import app

        result = CliRunner().invoke(app, ["gaps", str(integrated), "--summary", "--schedule", "hcp-england"])
        assert result.exit_code == 2
        assert "use one of them" in result.stderr

    def test_a_bad_threshold_is_a_usage_error_without_traceback(self, integrated: Path) -> None:
        from chronolane.cli import app

        result = CliRunner().invoke(app, ["gaps", str(integrated), "--threshold", "six months"])
        assert result.exit_code == 2
        assert "Error:" in result.stderr and "Traceback" not in result.stderr


def test_gaps_of_a_built_csv_use_the_case_folder_given_with_case(tmp_path: Path) -> None:
    """With --case, a chronology CSV gets its review period back, so open edges are reported."""
    from typer.testing import CliRunner

    from chronolane.cli import app

    case_dir = Path(__file__).resolve().parents[1] / "chronologies" / "barking-dagenham-child-f-2018"
    built = tmp_path / "child-f.csv"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(case_dir), "-o", str(built)]).exit_code == 0
    bare = runner.invoke(app, ["gaps", str(built)])
    with_case = runner.invoke(app, ["gaps", str(built), "--case-folder", str(case_dir)])
    assert bare.exit_code == 0 and with_case.exit_code == 0
    assert with_case.stdout.count("\n") > bare.stdout.count("\n")  # the open edges at the review period


class TestRowOrder:
    ROWS = (
        (HV, "14/03/2018", "health-visit"),
        (HV, "March 2018", "health-visit"),
        (GP, "02/01/2019", "appointment"),
        (HV, "20/10/2018", "health-visit"),
        (HV, "14/03/2018", "health-visit"),
        (GP, "2017", "appointment"),
        (HV, "01/06/1880", "health-visit"),
    )

    def test_gaps_do_not_depend_on_the_order_rows_come_in(self) -> None:
        rows = list(self.ROWS)
        forward = find_gaps(chronology(rows), window="none")
        backward = find_gaps(chronology(rows[::-1]), window="none")
        columns = ["lane", "gap_start", "gap_end", "gap_min_days", "gap_max_days"]
        assert forward[columns].equals(backward[columns])
        assert len(forward) == len(rows) - 2  # a gap between each two neighbouring contacts of a lane
