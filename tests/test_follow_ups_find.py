"""Follow-up time limits on the exact day: the deadline, the last day a late follow-up counts, the --from day."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_follow_ups import chronology, outcomes, rules


@pytest.mark.parametrize(
    ("follow_up", "found"),
    [("2018-06-05", ("e0", "e1", "late")), ("2018-06-06", ("e0", "", "missing"))],
)
def test_a_late_follow_up_counts_up_to_the_last_day_of_late_until_and_not_a_day_after(
    tmp_path: Path, follow_up: str, found: tuple[str, str, str]
) -> None:
    """Incident on 5 March 2018, late_until 3M: a notification on 5 June is late, on 6 June it answers nothing."""
    frame = chronology([("Police", "2018-03-05", "incident"), ("School", follow_up, "notification")])
    assert outcomes(frame, rules(tmp_path, extra='late_until = "3M"'), end="2019-01-01") == [found]


@pytest.mark.parametrize(("within", "outcome"), [("2D", "on-time"), ("1D", "late")])
def test_a_follow_up_on_the_deadline_day_is_on_time_and_one_a_day_after_is_late(
    tmp_path: Path, within: str, outcome: str
) -> None:
    frame = chronology([("Police", "2018-03-05", "incident"), ("School", "2018-03-07", "notification")])
    assert outcomes(frame, rules(tmp_path, within), end="2019-01-01") == [("e0", "e1", outcome)]


@pytest.mark.parametrize(("start", "kept"), [("2018-03-05", True), ("2018-03-06", False)])
def test_a_trigger_on_the_from_day_is_measured_and_one_the_day_before_is_left_out(
    tmp_path: Path, start: str, kept: bool
) -> None:
    frame = chronology([("Police", "2018-03-05", "incident")])
    found = outcomes(frame, rules(tmp_path), start=start, end="2019-01-01")
    assert found == ([("e0", "", "missing")] if kept else [])


def test_a_vague_trigger_reaching_the_from_day_is_measured(tmp_path: Path) -> None:
    """ "March 2018" may end on 31 March: a --from of 31 March keeps it; 1 April leaves it out."""
    frame = chronology([("Police", "March 2018", "incident")])
    assert len(outcomes(frame, rules(tmp_path), start="2018-03-31", end="2019-01-01")) == 1
    assert outcomes(frame, rules(tmp_path), start="2018-04-01", end="2019-01-01") == []
