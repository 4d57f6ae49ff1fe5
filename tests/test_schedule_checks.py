"""Schedule checks on the exact day: the last day a review is on time, late, or still not yet due."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronolane.schedules.checks import check_schedule
from chronolane.schedules.model import load_schedule
from test_schedules import CP_VISITS, cases_with, chronology, outcome_of

#: Born 1 January 2018: the new birth visit is due by 15 January (14 days), late until 31 January (30 days).
BORN = "2018-01-01"


@pytest.mark.parametrize(
    ("visit", "outcome"),
    [
        ("2017-12-31", "missed"),  # the day before the birth: not a new birth visit
        ("2018-01-01", "met"),  # the birth day itself
        ("2018-01-15", "met"),  # day 14: the last day on time
        ("2018-01-16", "late"),  # day 15
        ("2018-01-31", "late"),  # day 30: the last day a visit still counts, late
        ("2018-02-01", "missed"),  # day 31: too late to count
    ],
)
def test_the_new_birth_visit_is_met_to_day_14_late_to_day_30_then_missed(visit: str, outcome: str) -> None:
    table = check_schedule(chronology([(visit, "health-visit")]), cases_with(BORN), "hcp-england")
    assert outcome_of(table, "new-birth-visit")[0] == outcome


@pytest.mark.parametrize(
    ("visit", "outcome"),
    [
        ("2018-02-11", "missed"),  # day 41: before the six weeks
        ("2018-02-12", "met"),  # day 42: six weeks
        ("2018-02-26", "met"),  # day 56: eight weeks, the last day on time
        ("2018-02-27", "late"),
        ("2018-10-01", "late"),  # nine months: still counts, late
        ("2018-10-02", "missed"),
    ],
)
def test_the_6_8_week_review_is_met_from_day_42_to_day_56_and_late_to_nine_months(visit: str, outcome: str) -> None:
    table = check_schedule(chronology([(visit, "health-visit")]), cases_with(BORN), "hcp-england")
    assert outcome_of(table, "6-8-week-review")[0] == outcome


@pytest.mark.parametrize(
    ("visit", "outcome"),
    [("2017-10-17", "missed"), ("2017-10-18", "met"), ("2017-12-31", "met"), ("2018-01-01", "missed")],
)
def test_the_antenatal_contact_counts_from_exactly_28_weeks_to_the_day_before_birth(visit: str, outcome: str) -> None:
    """Due 10 January 2018: 28 weeks of pregnancy is 18 October 2017; born 1 January 2018."""
    visits = [(visit, "health-visit", "mother")]
    table = check_schedule(chronology(visits), cases_with(BORN, due="2018-01-10"), "hcp-england")
    assert outcome_of(table, "antenatal")[0] == outcome


@pytest.mark.parametrize(
    ("end", "outcome"),
    [("2018-01-15", "not-yet-due"), ("2018-01-16", "missed")],
)
def test_a_review_becomes_missed_the_day_after_its_last_day_in_the_window(end: str, outcome: str) -> None:
    """With no visit, a window ending on day 14 leaves the new birth visit not yet due; a day later it is missed."""
    table = check_schedule(chronology([]), cases_with(BORN), "hcp-england", end=end)
    assert outcome_of(table, "new-birth-visit")[0] == outcome


@pytest.mark.parametrize(("died", "outcome"), [("2018-02-11", "not-applicable"), ("2018-02-12", "not-yet-due")])
def test_a_review_due_to_start_after_the_childs_death_is_not_applicable(died: str, outcome: str) -> None:
    """The 6-8 week review starts at day 42 (12 February): a child who died the day before never had it due."""
    table = check_schedule(chronology([]), cases_with(BORN, died), "hcp-england")
    assert outcome_of(table, "6-8-week-review")[0] == outcome


@pytest.mark.parametrize(("start", "outcome"), [("2018-01-15", "missed"), ("2018-01-16", "outside-window")])
def test_a_review_due_wholly_before_the_window_is_outside_it(start: str, outcome: str) -> None:
    table = check_schedule(chronology([]), cases_with(BORN), "hcp-england", start=start)
    assert outcome_of(table, "new-birth-visit")[0] == outcome


@pytest.mark.parametrize(("plan_end", "outcome"), [("2018-01-24", "not-yet-due"), ("2018-01-25", "missed")])
def test_the_next_repeat_visit_is_missed_only_when_the_plan_runs_past_its_deadline(
    tmp_path: Path, plan_end: str, outcome: str
) -> None:
    """Visit on Wednesday 10 January 2018: the next is due by the tenth working day after it, 24 January."""
    (tmp_path / "cp.toml").write_text(CP_VISITS, encoding="utf-8")
    csc = "Children's social care"
    rows = [("2018-01-01", "plan-start", "baby", "case-a", csc), ("2018-01-10", "home-visit", "baby", "case-a", csc)]
    rows.append((plan_end, "plan-end", "baby", "case-a", csc))
    table = check_schedule(chronology(rows), cases_with("2017-06-01"), load_schedule(tmp_path / "cp.toml"))
    assert table["outcome"].tolist() == ["met", outcome]


@pytest.mark.parametrize(("due", "outcome"), [("2015-06-24", "possibly-missed"), ("2015-06-23", "missed")])
def test_an_antenatal_contact_is_only_possibly_missed_when_the_birth_may_precede_28_weeks(
    due: str, outcome: str
) -> None:
    """Born some day in April 2015: with 28 weeks on 1 April a birth that day left no time for the contact, so
    it is only possibly missed; with 28 weeks on 31 March every possible birth day left a day for it: missed."""
    table = check_schedule(chronology([]), cases_with("April 2015", due=due), "hcp-england")
    assert outcome_of(table, "antenatal")[0] == outcome


def test_a_plan_ending_after_the_window_is_measured_to_the_windows_end(tmp_path: Path) -> None:
    """The plan ends on 1 March, after the window ends on 20 January: the visit due by 24 January is not yet due."""
    (tmp_path / "cp.toml").write_text(CP_VISITS, encoding="utf-8")
    csc = "Children's social care"
    rows = [("2018-01-01", "plan-start", "baby", "case-a", csc), ("2018-01-10", "home-visit", "baby", "case-a", csc)]
    rows.append(("2018-03-01", "plan-end", "baby", "case-a", csc))
    schedule = load_schedule(tmp_path / "cp.toml")
    table = check_schedule(chronology(rows), cases_with("2017-06-01"), schedule, end="2018-01-20")
    assert table["outcome"].tolist() == ["met", "not-yet-due"]


def test_each_repeat_visit_is_due_the_set_time_after_the_previous_one(tmp_path: Path) -> None:
    """Visits on 10 and 20 January: the second is due by 24 January (10WD after the first), met; the third by
    2 February (10WD after the second), missed when the plan runs to 28 February."""
    (tmp_path / "cp.toml").write_text(CP_VISITS, encoding="utf-8")
    csc = "Children's social care"
    rows = [("2018-01-01", "plan-start", "baby", "case-a", csc)]
    rows += [("2018-01-10", "home-visit", "baby", "case-a", csc), ("2018-01-20", "home-visit", "baby", "case-a", csc)]
    rows.append(("2018-02-28", "plan-end", "baby", "case-a", csc))
    table = check_schedule(chronology(rows), cases_with("2017-06-01"), load_schedule(tmp_path / "cp.toml"))
    found = table[["occurrence", "due_from", "due_by", "outcome", "event_id"]].astype("str").values.tolist()
    assert found == [
        ["1", "2018-01-01", "2018-01-15", "met", "e1"],
        ["2", "2018-01-10", "2018-01-24", "met", "e2"],
        ["3", "2018-01-20", "2018-02-02", "missed", ""],
    ]


def test_a_one_off_expected_contact_is_its_first_and_only_occurrence() -> None:
    table = check_schedule(chronology([]), cases_with(BORN), "hcp-england")
    assert table["occurrence"].tolist() == [1] * len(table)
