"""Expected-contact schedules: the file format, the bundled Healthy Child Programme, and every outcome."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chronolane.case.model import Case, Role, Subject
from chronolane.dates import parse_date
from chronolane.dates.durations import Duration, DurationUnit
from chronolane.errors import UsageError
from chronolane.schedules.model import SCHEDULE_COLUMNS, Outcome, check_schedule, load_schedule
from factories import event_frame

ROOT = Path(__file__).resolve().parents[1]


def chronology(rows: list[tuple]) -> pd.DataFrame:
    """A frame following the column contract from (date text, event type[, subject[, case_id[, agency]]])."""
    return event_frame(
        (
            row[3] if len(row) > 3 else "case-a",
            row[4] if len(row) > 4 else "Health visiting",
            row[2] if len(row) > 2 else "baby",
            row[0],
            row[1],
        )
        for row in rows
    )


def cases_with(born: str, died: str | None = None, *, due: str | None = None, review_end: str = "2020-12-31"):
    baby = Subject(
        id="baby",
        name="Baby",
        role=Role.CHILD,
        born=parse_date(born),
        died=parse_date(died) if died else None,
        due=parse_date(due) if due else None,
    )
    mother = Subject(id="mother", name="Mother", role=Role.MOTHER, born=parse_date("1990"))
    return {"case-a": Case(case_id="case-a", subjects=(baby, mother), review_end=parse_date(review_end))}


def outcome_of(table: pd.DataFrame, contact: str) -> tuple[str, str]:
    row = table[table["contact"] == contact].iloc[0]
    return row["outcome"], row["event_id"]


class TestBundledSchedule:
    def test_healthy_child_programme_has_the_five_mandated_reviews(self) -> None:
        schedule = load_schedule("hcp-england")
        timing = {c.id: (c.start, c.by, c.late_until) for c in schedule.contacts}
        assert timing == {
            "antenatal": (Duration(-12, DurationUnit.WEEK), Duration(-1, DurationUnit.DAY), None),
            "new-birth-visit": (Duration(0, DurationUnit.DAY), Duration(14, DurationUnit.DAY),
                                Duration(30, DurationUnit.DAY)),
            "6-8-week-review": (Duration(6, DurationUnit.WEEK), Duration(8, DurationUnit.WEEK),
                                Duration(9, DurationUnit.MONTH)),
            "12-month-review": (Duration(9, DurationUnit.MONTH), Duration(12, DurationUnit.MONTH),
                                Duration(15, DurationUnit.MONTH)),
            "2-year-review": (Duration(24, DurationUnit.MONTH), Duration(30, DurationUnit.MONTH), None),
        }  # fmt: skip
        assert schedule.roles == {Role.CHILD, Role.SIBLING}

    def test_only_children_born_are_checked_one_row_per_expected_contact(self) -> None:
        """The mother has a birth date but not a child's role; columns are the documented ones."""
        table = check_schedule(chronology([]), cases_with("2018-01-01"), "hcp-england")
        assert tuple(table.columns) == SCHEDULE_COLUMNS
        assert table["subject"].unique().tolist() == ["baby"]
        assert table["contact"].tolist() == [c.id for c in load_schedule("hcp-england").contacts]


class TestOneOffOutcomes:
    @pytest.mark.parametrize(
        ("born", "died", "visits", "expected"),
        [
            ("2018-01-01", None, ["2018-01-12"], (Outcome.MET, "e0")),
            # a month-precision visit may be on time (by 15 January) or late
            ("2018-01-01", None, ["January 2018"], (Outcome.POSSIBLY_MET, "e0")),
            # a vague birth: a visit on 20 January is within 14 days only if the birth was on or after the 6th
            ("January 2018", None, ["2018-01-20"], (Outcome.POSSIBLY_MET, "e0")),
            ("2018-01-01", None, ["2018-01-25"], (Outcome.LATE, "e0")),  # after 14 days, within 30
            ("2018-01-01", None, ["20/01/2018 to 10/02/2018"], (Outcome.POSSIBLY_LATE, "e0")),
            ("2018-01-01", None, ["2018-03-01"], (Outcome.MISSED, "")),  # too late to count at all
            ("2018-01-01", None, [], (Outcome.MISSED, "")),
            ("2018-01-01", "January 2018", [], (Outcome.POSSIBLY_MISSED, "")),  # died before or after day 14
            ("2018-01-01", "2018-01-10", [], (Outcome.NOT_YET_DUE, "")),
        ],
    )
    def test_new_birth_visit_outcome(self, born, died, visits, expected) -> None:
        frame = chronology([(v, "health-visit") for v in visits])
        table = check_schedule(frame, cases_with(born, died), "hcp-england")
        assert outcome_of(table, "new-birth-visit") == (expected[0].value, expected[1])

    def test_the_earliest_on_time_contact_is_named_and_other_types_do_not_count(self) -> None:
        frame = chronology([("2018-01-13", "health-visit"), ("2018-01-11", "health-visit"), ("2018-01-05", "referral")])
        table = check_schedule(frame, cases_with("2018-01-01"), "hcp-england")
        assert outcome_of(table, "new-birth-visit") == ("met", "e1")

    def test_another_childs_visit_does_not_count_but_a_family_row_does(self) -> None:
        frame = chronology([("2018-01-12", "health-visit", "sibling"), ("2018-02-15", "health-visit", "")])
        table = check_schedule(frame, cases_with("2018-01-01"), "hcp-england")
        assert outcome_of(table, "new-birth-visit") == ("missed", "")
        assert outcome_of(table, "6-8-week-review") == ("met", "e1")

    @pytest.mark.parametrize(
        ("due", "visits", "expected"),
        [
            ("2018-01-10", [("2017-11-01", "health-visit", "mother")], ("met", "e0")),  # 28+ weeks, mother's row
            ("2018-01-10", [("2017-09-01", "health-visit", "mother")], ("missed", "")),  # before 28 weeks
            ("2018-01-10", [("2018-01-05", "health-visit", "baby")], ("missed", "")),  # after birth: not antenatal
            ("2018-04-01", [], ("not-applicable", "")),  # born at 26 weeks: no time from 28 weeks to birth
        ],
    )
    def test_antenatal_contact_counts_from_28_weeks_until_birth(self, due, visits, expected) -> None:
        table = check_schedule(chronology(visits), cases_with("2018-01-01", due=due), "hcp-england")
        assert outcome_of(table, "antenatal") == expected

    @pytest.mark.parametrize(
        ("born", "due", "expected"),
        [
            ("April 2015", "July 2015", "possibly-missed"),  # born 1-30 April; 28 weeks was 8 April: maybe none
            ("April 2015", "April 2015", "missed"),  # 28 weeks was in January, long before any birth day
        ],
    )
    def test_a_vague_birth_that_may_come_before_28_weeks_makes_the_antenatal_contact_uncertain(
        self, born, due, expected
    ) -> None:
        table = check_schedule(chronology([]), cases_with(born, due=due), "hcp-england")
        assert outcome_of(table, "antenatal") == (expected, "")

    def test_a_visit_that_is_certainly_one_review_is_not_counted_for_another(self) -> None:
        """At exactly nine months a visit is certainly the late 6-8 week review; it is not also the 12-month one."""
        table = check_schedule(chronology([("2018-10-01", "health-visit")]), cases_with("2018-01-01"), "hcp-england")
        assert outcome_of(table, "6-8-week-review") == ("late", "e0")
        assert outcome_of(table, "12-month-review") == ("missed", "")

    def test_a_visit_that_may_be_either_of_two_reviews_is_possibly_each(self) -> None:
        """With a vague birth and visit, one visit may be the new birth visit or the 6-8 week review: never met."""
        table = check_schedule(
            chronology([("March 2018", "health-visit")]), cases_with("winter 2017/18"), "hcp-england"
        )
        assert outcome_of(table, "new-birth-visit") == ("possibly-met", "e0")
        assert outcome_of(table, "6-8-week-review") == ("possibly-met", "e0")

    def test_expected_contacts_wholly_outside_the_window_are_outside_window_not_missed(self) -> None:
        """--to ends the window before the 12-month review is due; --from starts it after the reviews before it."""
        table = check_schedule(chronology([]), cases_with("2018-01-01"), "hcp-england", end="2018-06-30")
        assert outcome_of(table, "12-month-review") == ("outside-window", "")
        later = check_schedule(chronology([]), cases_with("2018-01-01"), "hcp-england", start="2019-06-01")
        assert later["outcome"].tolist() == ["outside-window"] * 4 + ["missed"]

    def test_every_case_of_a_multi_case_frame_is_checked(self) -> None:
        frame = chronology([("2018-01-12", "health-visit", "baby", "case-a"), ("2019-05-01", "health-visit", "b", "b")])
        cases = dict(cases_with("2018-01-01"))
        cases["b"] = Case(
            case_id="b",
            subjects=(Subject(id="b", name="B", role=Role.CHILD, born=parse_date("2019-04-25")),),
            review_end=parse_date("2019-12-31"),
        )
        table = check_schedule(frame, cases, "hcp-england")
        nbv = table[table["contact"] == "new-birth-visit"]
        assert nbv[["case_id", "subject", "outcome", "event_id"]].values.tolist() == [
            ["b", "b", "met", "e1"],
            ["case-a", "baby", "met", "e0"],
        ]


CP_VISITS = """
title = "Child protection visits every 10 working days"
roles = ["child"]

[[repeats]]
id = "cp-visit"
label = "Child protection visit"
every = "10WD"
start_types = ["plan-start"]
stop_types = ["plan-end"]
types = ["home-visit"]
agencies = ["Children's social care"]
"""


class TestRepeatingSchedule:
    @pytest.fixture
    def schedule(self, tmp_path: Path):
        path = tmp_path / "cp-visits.toml"
        path.write_text(CP_VISITS, encoding="utf-8")
        return load_schedule(path)

    @pytest.mark.parametrize(("visit", "outcome"), [("2015-04-20", "met"), ("2015-04-21", "late")])
    def test_working_days_skip_the_easter_bank_holidays(self, schedule, visit, outcome) -> None:
        # plan starts Thursday 2 April 2015: Good Friday and Easter Monday are not working days, so the
        # tenth working day is Monday 20 April
        rows = [("2015-04-02", "plan-start", "baby", "case-a", "Children's social care")]
        rows += [(visit, "home-visit", "baby", "case-a", "Children's social care")]
        rows += [("2015-04-22", "plan-end", "baby", "case-a", "Children's social care")]
        table = check_schedule(chronology(rows), cases_with("2014-06-01"), schedule)
        assert table["outcome"].tolist()[0] == outcome

    @pytest.mark.parametrize(
        ("visits", "end", "expected"),
        [
            # plan starts Monday 1 January 2018: the first visit is due by Monday 15 January (10 working days)
            (["2018-01-10"], "2018-01-20", [("met", "e1"), ("not-yet-due", "")]),
            (["2018-01-16"], "2018-01-20", [("late", "e1"), ("not-yet-due", "")]),
            # a visit some time in January: maybe late; the next one maybe overdue when the plan ended
            (["January 2018"], "2018-01-31", [("possibly-late", "e1"), ("possibly-missed", "")]),
            # after the last visit on 10 January the next was due by 24 January
            (["2018-01-10"], "2018-02-28", [("met", "e1"), ("missed", "")]),
            (["2018-01-10"], "January 2018", [("met", "e1"), ("possibly-missed", "")]),
            ([], "2018-03-01", [("missed", "")]),
        ],
    )
    def test_each_interval_between_visits_has_an_outcome(self, schedule, visits, end, expected) -> None:
        rows = [("2018-01-01", "plan-start", "baby", "case-a", "Children's social care")]
        rows += [(v, "home-visit", "baby", "case-a", "Children's social care") for v in visits]
        rows += [(end, "plan-end", "baby", "case-a", "Children's social care")]
        table = check_schedule(chronology(rows), cases_with("2017-06-01"), schedule)
        assert list(zip(table["outcome"], table["event_id"], strict=True)) == expected
        assert table["occurrence"].tolist() == list(range(1, len(expected) + 1))

    def test_visits_by_another_agency_do_not_count(self, schedule) -> None:
        rows = [
            ("2018-01-01", "plan-start", "baby", "case-a", "Children's social care"),
            ("2018-01-10", "home-visit", "baby", "case-a", "Health visiting"),
            ("2018-01-20", "plan-end", "baby", "case-a", "Children's social care"),
        ]
        table = check_schedule(chronology(rows), cases_with("2017-06-01"), schedule)
        assert table["outcome"].tolist() == ["missed"]


class TestScheduleFiles:
    def test_the_documented_example_schedule_loads(self) -> None:
        schedule = load_schedule(ROOT / "docs" / "schedule-example.toml")
        assert [r.every for r in schedule.repeats] == [
            Duration(10, DurationUnit.WORKING_DAY),
            Duration(6, DurationUnit.WEEK),
        ]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('[[contacts]]\nid = "x"\nfrom = "0D"\nby = "fortnight"\n', "not a duration"),
            ('[[contacts]]\nid = "x"\nfrom = "0D"\n', "'contacts\\[0\\].by' must be given"),
            ('[[contacts]]\nid = "x"\nfrom = "0D"\nby = "2W"\ntypes = ["visit"]\n', "'visit' is not known"),
            ('[[contacts]]\nid = "x"\nfrom = "0D"\nby = "2W"\nanchor = "conception"\n', "one of birth, due"),
            ('colour = "red"\n', "'colour' must be one of"),
            ('[[repeats]]\nid = "x"\nevery = "6W"\n', "start_types"),
            ("not toml [", "not a UTF-8 TOML file"),
        ],
    )
    def test_a_bad_schedule_file_is_refused_naming_the_file_and_key(self, tmp_path, text, message) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(UsageError, match=message) as error:
            load_schedule(path)
        assert str(path) in str(error.value)

    def test_an_unknown_subject_is_refused_naming_it(self) -> None:
        with pytest.raises(UsageError, match="'Child Z' is not listed"):
            check_schedule(chronology([]), cases_with("2018-01-01"), "hcp-england", subject="Child Z")

    def test_a_named_subject_is_checked_whatever_its_role(self) -> None:
        table = check_schedule(chronology([]), cases_with("2018-01-01"), "hcp-england", subject="Mother")
        assert table["subject"].unique().tolist() == ["mother"]

    def test_a_missing_schedule_names_the_bundled_ones(self) -> None:
        with pytest.raises(UsageError, match="hcp-england"):
            load_schedule("hcp-scotland")
