"""Follow-ups: rule files, every outcome with exact and vague dates, working days, one follow-up per trigger."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from chronolane.cli import app
from chronolane.dates.durations import parse_duration
from chronolane.errors import UsageError
from chronolane.follow_ups.find import (
    DELAY_COLUMNS,
    FOLLOW_UP_COLUMNS,
    find_follow_ups,
    summarise_follow_ups,
    summarise_recording_delays,
)
from chronolane.follow_ups.rules import BUNDLED, load_rule_set, load_rules
from factories import event_frame

ROOT = Path(__file__).resolve().parents[1]
HERTFORDSHIRE = ROOT / "chronologies" / "hertfordshire-bath-drowning-2017"
runner = CliRunner()

RULES = """
title = "Test rules"
[[rules]]
id = "notify"
label = "Notification"
cite = "local practice"
local = true
within = "{within}"
{extra}
trigger = {{ agencies = ["Police"], types = ["incident"] }}
follow_up = {{ types = ["notification"] }}
"""


def rules(tmp_path: Path, within: str = "1WD", extra: str = "") -> Path:
    """A rule file: police incident -> notification within ``within``."""
    path = tmp_path / "rules.toml"
    path.write_text(RULES.format(within=within, extra=extra), encoding="utf-8")
    return path


def chronology(rows: list[tuple[str, str, str]], *, description: list[str] | None = None) -> pd.DataFrame:
    """A one-case frame from (agency, date text, event type) rows; ids e0, e1, ..."""
    frame = event_frame(("case-a", agency, "", when, kind) for agency, when, kind in rows)
    frame["description"] = pd.array(description or [""] * len(rows), dtype="str")
    return frame


def outcomes(frame: pd.DataFrame, path: Path, **options: object) -> list[tuple[str, str, str]]:
    found = find_follow_ups(frame, path, **options)  # type: ignore[arg-type]
    return list(zip(found["trigger_event_id"], found["follow_up_event_id"], found["outcome"], strict=True))


class TestOutcomes:
    @pytest.mark.parametrize(
        ("trigger", "follow_up", "outcome"),
        [
            ("2018-03-05", "2018-03-06", "on-time"),  # Monday -> Tuesday: the next working day
            ("2018-03-05", "2018-03-05", "on-time"),  # the same day
            ("2018-03-05", "2018-03-07", "late"),
            ("2018-03-09", "2018-03-12", "on-time"),  # Friday -> Monday
            ("2018-03-09", "2018-03-13", "late"),
        ],
    )
    def test_exact_dates_give_on_time_or_late_from_the_working_day_deadline(
        self, tmp_path, trigger, follow_up, outcome
    ):
        frame = chronology([("Police", trigger, "incident"), ("Children's social care", follow_up, "notification")])
        assert outcomes(frame, rules(tmp_path), end="2019-01-01") == [("e0", "e1", outcome)]

    def test_the_lag_is_reported_in_calendar_days(self, tmp_path):
        frame = chronology([("Police", "2018-03-09", "incident"), ("School", "2018-03-16", "notification")])
        found = find_follow_ups(frame, rules(tmp_path), end="2019-01-01")
        assert (found.loc[0, "lag_min_days"], found.loc[0, "lag_max_days"]) == (7, 7)
        assert found.loc[0, "due_by_max"] == pd.Timestamp("2018-03-12")

    @pytest.mark.parametrize(
        ("trigger", "follow_up", "outcome", "lags"),
        [
            ("October 2015", "2015-10-20", "possibly-late", (0, 19)),  # the incident may have been on the 19th or 1st
            ("October 2015", "December 2015", "late", (31, 91)),
            ("2018-03-01", "early March 2018", "on-time", (0, 9)),  # within 1M: certainly by 1 April
            ("October 2015", "2015-10-01", "possibly-late", (0, 0)),  # may be before the incident: never surely on time
        ],
    )
    def test_vague_dates_give_the_shortest_and_longest_lag(self, tmp_path, trigger, follow_up, outcome, lags):
        within = "1M" if follow_up in ("early March 2018", "2015-10-01") else "1WD"
        frame = chronology([("Police", trigger, "incident"), ("Children's social care", follow_up, "notification")])
        found = find_follow_ups(frame, rules(tmp_path, within), end="2019-01-01")
        assert found.loc[0, "outcome"] == outcome
        assert (found.loc[0, "lag_min_days"], found.loc[0, "lag_max_days"]) == lags

    @pytest.mark.parametrize(
        ("trigger", "end", "outcome"),
        [
            ("2018-03-05", "2018-03-06", "missing"),  # the deadline is the window's last day
            ("2018-03-05", "2018-03-05", "outside-window"),  # the window ended before the deadline
            ("2018-03-05", "March 2018", "possibly-missing"),  # the window ends some day in March
            ("March 2018", "2018-03-15", "possibly-missing"),  # the incident may have been after the 14th
            ("March 2018", "2018-04-03", "missing"),
            ("March 2018", "2018-02-28", "outside-window"),
        ],
    )
    def test_no_follow_up_is_missing_only_when_the_deadline_surely_passed_in_the_window(
        self, tmp_path, trigger, end, outcome
    ):
        frame = chronology([("Police", trigger, "incident")])
        assert outcomes(frame, rules(tmp_path), end=end) == [("e0", "", outcome)]

    def test_the_window_ends_at_the_review_period_end_by_default(self, tmp_path):
        from chronolane.case.model import Case
        from chronolane.dates import parse_date

        frame = chronology([("Police", "2018-03-05", "incident")])
        cases = {"case-a": Case(case_id="case-a", review_end=parse_date("2018-03-31"))}
        assert outcomes(frame, rules(tmp_path), cases=cases) == [("e0", "", "missing")]
        assert outcomes(frame, rules(tmp_path)) == [("e0", "", "outside-window")]  # latest row: the trigger

    def test_an_undated_trigger_is_kept_and_reported_undated(self, tmp_path):
        frame = chronology([("Police", "", "incident"), ("School", "2018-03-06", "notification")])
        assert outcomes(frame, rules(tmp_path)) == [("e0", "", "undated")]

    def test_a_follow_up_certainly_before_the_trigger_does_not_count(self, tmp_path):
        frame = chronology([("School", "2018-03-02", "notification"), ("Police", "2018-03-05", "incident")])
        assert outcomes(frame, rules(tmp_path), end="2019-01-01") == [("e1", "", "missing")]

    def test_a_follow_up_after_late_until_does_not_count(self, tmp_path):
        frame = chronology([("Police", "2018-03-05", "incident"), ("School", "2018-07-06", "notification")])
        assert outcomes(frame, rules(tmp_path, extra='late_until = "3M"'), end="2019-01-01") == [("e0", "", "missing")]
        assert outcomes(frame, rules(tmp_path, extra='late_until = "5M"'), end="2019-01-01") == [("e0", "e1", "late")]

    def test_a_follow_up_too_late_for_an_old_trigger_stays_free_for_a_recent_one(self, tmp_path):
        frame = chronology(
            [
                ("Police", "2018-01-05", "incident"),
                ("Police", "2018-06-04", "incident"),
                ("School", "2018-06-05", "notification"),
            ]
        )
        found = outcomes(frame, rules(tmp_path, extra='late_until = "3M"'), end="2019-01-01")
        assert found == [("e0", "", "missing"), ("e1", "e2", "on-time")]

    def test_triggers_before_the_from_date_are_left_out(self, tmp_path):
        frame = chronology([("Police", "2017-03-06", "incident"), ("Police", "2018-03-05", "incident")])
        assert outcomes(frame, rules(tmp_path), start="2018", end="2019-01-01") == [("e1", "", "missing")]


class TestOneFollowUpPerTrigger:
    def test_a_follow_up_cannot_serve_two_triggers(self, tmp_path):
        frame = chronology(
            [
                ("Police", "2018-03-05", "incident"),
                ("Police", "2018-03-05", "incident"),
                ("Children's social care", "2018-03-06", "notification"),
            ]
        )
        assert outcomes(frame, rules(tmp_path), end="2019-01-01") == [("e0", "e2", "on-time"), ("e1", "", "missing")]

    def test_a_shared_rule_lets_one_follow_up_serve_several_triggers(self, tmp_path):
        frame = chronology(
            [
                ("Police", "2018-03-05", "incident"),
                ("Police", "2018-03-05", "incident"),
                ("Children's social care", "2018-03-06", "notification"),
            ]
        )
        found = outcomes(frame, rules(tmp_path, extra="shared = true"), end="2019-01-01")
        assert found == [("e0", "e2", "on-time"), ("e1", "e2", "on-time")]

    def test_the_earlier_trigger_keeps_a_contested_follow_up_and_the_later_takes_the_next(self, tmp_path):
        frame = chronology(
            [
                ("Police", "2018-03-05", "incident"),
                ("Police", "2018-03-06", "incident"),
                ("School", "2018-03-06", "notification"),
                ("School", "2018-03-08", "notification"),
                ("Police", "2018-03-20", "incident"),
                ("School", "2018-03-20", "notification"),
            ]
        )
        assert outcomes(frame, rules(tmp_path), end="2019-01-01") == [
            ("e0", "e2", "on-time"),
            ("e1", "e3", "late"),
            ("e4", "e5", "on-time"),
        ]

    def test_cases_are_paired_separately(self, tmp_path):
        frame = event_frame(
            [
                ("case-a", "Police", "", "2018-03-05", "incident"),
                ("case-b", "School", "", "2018-03-06", "notification"),
                ("case-b", "Police", "", "2018-03-05", "incident"),
            ]
        )
        found = find_follow_ups(frame, rules(tmp_path), end="2019-01-01")
        assert list(zip(found["case_id"], found["follow_up_event_id"], found["outcome"], strict=True)) == [
            ("case-a", "", "missing"),
            ("case-b", "e1", "on-time"),
        ]


class TestMissedRowsNeverFollowUp:
    def test_a_missed_appointment_is_not_a_follow_up_that_happened(self, tmp_path):
        path = tmp_path / "r.toml"
        path.write_text(
            '[[rules]]\nid = "seen"\ncite = "local"\nwithin = "7D"\n'
            'trigger = { types = ["referral"] }\nfollow_up = { types = ["appointment", "missed-appointment"] }\n',
            encoding="utf-8",
        )
        frame = chronology([("GP", "2018-03-05", "referral"), ("Hospital", "2018-03-07", "missed-appointment")])
        assert outcomes(frame, path, end="2019-01-01") == [("e0", "", "missing")]

    def test_an_attendance_column_marks_rows_that_did_not_happen(self, tmp_path):
        frame = chronology([("Police", "2018-03-05", "incident"), ("School", "2018-03-06", "notification")])
        frame["attendance"] = pd.array(["not-applicable", "cancelled-by-service"], dtype="str")
        assert outcomes(frame, rules(tmp_path), end="2019-01-01") == [("e0", "", "missing")]
        frame["attendance"] = pd.array(["not-applicable", "attended"], dtype="str")
        assert outcomes(frame, rules(tmp_path), end="2019-01-01") == [("e0", "e1", "on-time")]


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("duration", "start", "deadline"),
        [
            ("1WD", "2015-04-02", "2015-04-07"),  # Thursday before Easter: Good Friday and Easter Monday skipped
            ("1WD", "2021-12-24", "2021-12-29"),  # Christmas on a Saturday: substitute days on 27 and 28 December
            ("10WD", "2018-01-06", "2018-01-19"),  # from a Saturday: Monday is working day 1
            ("1SD", "2015-04-02", "2015-04-07"),
            ("1WD", "2015-04-01", "2015-04-02"),
        ],
    )
    def test_working_days_skip_weekends_and_england_and_wales_bank_holidays(self, duration, start, deadline):
        day = np.array([np.datetime64(start, "D").astype(np.int64)])
        assert parse_duration(duration).add_to(day)[0] == np.datetime64(deadline, "D").astype(np.int64)

    @pytest.mark.parametrize(("follow_up", "outcome"), [("2015-04-07", "on-time"), ("2015-04-08", "late")])
    def test_a_follow_up_across_a_bank_holiday_weekend_is_on_time_on_the_next_working_day(
        self, tmp_path, follow_up, outcome
    ):
        frame = chronology([("Police", "2015-04-02", "incident"), ("School", follow_up, "notification")])
        assert outcomes(frame, rules(tmp_path), end="2016-01-01") == [("e0", "e1", outcome)]


def _row_for(match, day: str) -> tuple[str, str, str, str]:
    """A row (agency, date, type, description) that an end of a rule matches."""
    kind = sorted(match.types)[0] if match.types else "other"
    agency = match.agencies[0] if match.agencies else "Police"
    return agency, day, kind, match.words[0] if match.words else "event"


@pytest.mark.parametrize(("name", "rule_id"), [(s, r.id) for s in BUNDLED for r in load_rule_set(s).rules])
def test_every_bundled_rule_finds_its_follow_up_on_time_and_reports_it_missing_without_one(name, rule_id):
    rule = next(r for r in load_rule_set(name).rules if r.id == rule_id)
    trigger, follow_up = _row_for(rule.trigger, "2018-03-05"), _row_for(rule.follow_up, "2018-03-06")
    both = chronology([t[:3] for t in (trigger, follow_up)], description=[trigger[3], follow_up[3]])
    found = find_follow_ups(both, name, end="2019-12-31")
    mine = found[found["rule"] == rule_id]
    assert (mine.iloc[0]["trigger_event_id"], mine.iloc[0]["follow_up_event_id"], mine.iloc[0]["outcome"]) == (
        "e0",
        "e1",
        "on-time",
    )
    alone = chronology([trigger[:3]], description=[trigger[3]])
    found = find_follow_ups(alone, name, end="2019-12-31")
    assert found[found["rule"] == rule_id]["outcome"].tolist() == ["missing"]


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_rule_cites_its_source_and_says_whether_it_is_local(name):
    for rule in load_rule_set(name).rules:
        assert rule.cite.strip()
        assert rule.local == (name == "sharing")
        assert rule.cite.startswith("SI 2010/959 regulation") == (name == "lac")
        assert rule.cite.startswith("Working Together 2023") == (name == "wt2023")
        assert rule.cite.startswith("local practice") == (name == "sharing")


class TestRuleFiles:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            (
                '[[rules]]\nid = "a"\nwithin = "soon"\ntrigger = {types=["incident"]}\n'
                'follow_up = {types=["referral"]}',
                "'rules[0].within' 'soon' is not a duration",
            ),
            (
                '[[rules]]\nid = "a"\nwithin = "1D"\ntrigger = {types=["incident"]}',
                "'rules[0].follow_up' must be a table",
            ),
            (
                '[[rules]]\nid = "a"\nwithin = "1D"\ntrigger = {types=["crime"]}\nfollow_up = {types=["referral"]}',
                "event type 'crime' is not known",
            ),
            (
                '[[rules]]\nid = "a"\nwithin = "1D"\nwhen = 1\ntrigger = {types=["incident"]}\n'
                'follow_up = {types=["referral"]}',
                "'rules[0].when' must be one of",
            ),
            ('title = "no rules"', "'rules' must be a non-empty list"),
        ],
    )
    def test_a_bad_rule_file_names_the_key_and_the_fix(self, tmp_path, text, message):
        path = tmp_path / "bad.toml"
        path.write_text("local = true\n" + text, encoding="utf-8")
        with pytest.raises(UsageError, match=r"bad\.toml") as error:
            load_rule_set(path)
        assert message in str(error.value)

    def test_a_rule_without_cite_must_be_local(self, tmp_path):
        path = tmp_path / "r.toml"
        path.write_text(
            '[[rules]]\nid = "a"\nwithin = "1D"\ntrigger = {types=["incident"]}\nfollow_up = {types=["referral"]}',
            encoding="utf-8",
        )
        with pytest.raises(UsageError, match=r"rules\[0\]\.cite"):
            load_rule_set(path)
        path.write_text("local = true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        assert load_rule_set(path).rules[0].cite == "local practice"

    def test_an_unknown_rule_set_lists_the_bundled_ones(self):
        with pytest.raises(UsageError, match="wt2023, lac, sharing"):
            load_rules(["nonsense"])

    def test_words_match_whole_words_in_the_description_ignoring_case(self, tmp_path):
        path = tmp_path / "r.toml"
        path.write_text(
            '[[rules]]\nid = "a"\ncite = "local"\nwithin = "1D"\n'
            'trigger = {types=["incident"], words=["child present"], without=["no child"]}\n'
            'follow_up = {types=["referral"]}',
            encoding="utf-8",
        )
        frame = chronology(
            [("Police", "2018-03-05", "incident")] * 3,
            description=["Domestic, CHILD PRESENT.", "no child present", "children presented"],
        )
        assert find_follow_ups(frame, path, end="2019-01-01")["trigger_event_id"].tolist() == ["e0"]


class TestSummaries:
    def test_the_summary_counts_each_outcome_and_the_longest_lag_per_rule(self, tmp_path):
        frame = chronology(
            [
                ("Police", "2018-03-05", "incident"),
                ("School", "2018-03-06", "notification"),
                ("Police", "2018-04-02", "incident"),
                ("School", "2018-04-12", "notification"),
                ("Police", "2018-05-01", "incident"),
            ]
        )
        summary = summarise_follow_ups(find_follow_ups(frame, rules(tmp_path), end="2019-01-01"))
        row = summary.iloc[0]
        assert (row["triggers"], row["on_time"], row["late"], row["missing"]) == (3, 1, 1, 1)
        assert (row["longest_lag_min_days"], row["longest_lag_max_days"]) == (10, 10)

    def test_recording_delays_are_summarised_per_agency_from_the_recorded_columns(self):
        frame = chronology([("Police", "2018-03-05", "incident"), ("Police", "March 2018", "incident")])
        frame["recorded_start"] = pd.to_datetime(["2018-03-08", "2018-04-10"]).astype("datetime64[us]")
        frame["recorded_end"] = frame["recorded_start"]
        delays = summarise_recording_delays(frame)
        assert list(delays.columns) == list(DELAY_COLUMNS)
        row = delays.iloc[0]
        assert (row["measured"], row["longest_delay_min_days"], row["longest_delay_max_days"]) == (2, 10, 40)
        assert row["longest_event_id"] == "e1"

    def test_recording_delays_are_empty_without_the_recorded_columns(self):
        frame = chronology([("Police", "2018-03-05", "incident")])
        assert summarise_recording_delays(frame).empty


class TestHertfordshire:
    def test_the_october_2015_police_attendance_with_no_onward_notification_is_missing(self):
        from chronolane.chronology.build import build_chronology

        built = build_chronology(HERTFORDSHIRE)
        found = find_follow_ups(built.frame, HERTFORDSHIRE / "follow-ups.toml", cases=built.cases)
        assert list(found.columns) == list(FOLLOW_UP_COLUMNS)
        text = built.frame.set_index("event_id")["date_text"]
        october = found[found["trigger_event_id"].map(text) == "In October 2015"]
        assert october[["trigger_agency", "follow_up_event_id", "outcome"]].values.tolist() == [
            ["Police", "", "missing"]
        ]

    def test_the_chart_marks_the_missing_follow_up_on_the_police_lane(self):
        from chronolane.chronology.build import build_chronology
        from chronolane.swimlane.save import draw_pages

        built = build_chronology(HERTFORDSHIRE)
        found = find_follow_ups(built.frame, HERTFORDSHIRE / "follow-ups.toml", cases=built.cases)
        missing = found.loc[found["outcome"] == "missing", "trigger_event_id"].tolist()
        paired = found.loc[found["follow_up_event_id"] != "", "trigger_event_id"].tolist()
        ax = draw_pages(built, follow_ups=found)[0].axes[0]
        gids = {a.get_gid() for a in ax.get_children() if a.get_gid()}
        assert {f"follow-up-missing:{e}" for e in missing} <= gids
        assert {f"follow-up:{e}" for e in paired} <= gids
        lag = next(t for t in ax.texts if t.get_gid() == f"follow-up-lag:{paired[0]}")
        assert lag.get_text() == "0-30 d"

    def test_the_cli_uses_the_case_folders_rule_file_and_writes_json(self, tmp_path):
        out = tmp_path / "follow-ups.json"
        result = runner.invoke(app, ["follow-ups", str(HERTFORDSHIRE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert [r["outcome"] for r in rows] == ["missing", "possibly-late"]

    def test_the_cli_asks_for_rules_when_the_case_folder_has_none(self, tmp_path):
        (tmp_path / "police.csv").write_text("Date,Type,Details\n2018-03-05,Incident,Called out\n", encoding="utf-8")
        result = runner.invoke(app, ["follow-ups", str(tmp_path)])
        assert result.exit_code != 0
        assert "no follow-ups.toml" in result.output and "--rules" in result.output


def test_the_workbook_gets_a_follow_ups_sheet_with_both_event_ids(tmp_path):
    from openpyxl import load_workbook

    from chronolane.chronology.build import build_chronology
    from chronolane.export import export_chronology

    out = tmp_path / "panel.xlsx"
    export_chronology(build_chronology(HERTFORDSHIRE), out, follow_ups=[HERTFORDSHIRE / "follow-ups.toml"])
    sheet = load_workbook(out, read_only=True)["Follow-ups"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header == list(FOLLOW_UP_COLUMNS)
    outcome, follow_up = header.index("outcome"), header.index("follow_up_event_id")
    assert [(r[outcome], bool(r[follow_up])) for r in rows[1:]] == [("missing", False), ("possibly-late", True)]


def test_the_plot_command_draws_follow_ups_from_a_rule_file(tmp_path):
    out = tmp_path / "herts.svg"
    rules_file = HERTFORDSHIRE / "follow-ups.toml"
    result = runner.invoke(app, ["plot", str(HERTFORDSHIRE), "-o", str(out), "--follow-ups", str(rules_file)])
    assert result.exit_code == 0, result.output
    assert 'id="follow-up-missing:' in out.read_text(encoding="utf-8")


def page_data(path: Path) -> dict:
    """The data block the HTML page's script draws from."""
    page = path.read_text(encoding="utf-8")
    start = page.index('id="chronolane-data">') + len('id="chronolane-data">')
    return json.loads(page[start : page.index("</script>", start)])


def test_the_html_page_carries_the_pairs_and_the_october_2015_police_concern_as_missing(tmp_path):
    """With --follow-ups the page holds the missing notification after the October 2015 police concern and the
    possibly late pair, each by its events' rows; without it, none."""
    rules_file = HERTFORDSHIRE / "follow-ups.toml"
    out = tmp_path / "herts.html"
    result = runner.invoke(app, ["export", str(HERTFORDSHIRE), "-o", str(out), "--follow-ups", str(rules_file)])
    assert result.exit_code == 0, result.output
    data = page_data(out)
    events, pairs = data["events"], data["followUps"]
    assert [(p["to"] is None, p["late"], p["vague"], p["lag"]) for p in pairs] == [
        (True, False, False, ""),
        (False, True, True, "0-30 d"),
    ]
    missing = pairs[0]
    assert events["agency"][missing["from"]] == "Police" and "2015" in events["date"][missing["from"]]
    assert f"Event {events['number'][missing['from']]} (Police): no follow-up, missing" in missing["text"]
    late = pairs[1]
    assert f"to event {events['number'][late['to']]} " in late["text"] and "0 to 30 days, possibly late" in late["text"]
    plain = tmp_path / "plain.html"
    assert runner.invoke(app, ["export", str(HERTFORDSHIRE), "-o", str(plain)]).exit_code == 0
    assert page_data(plain)["followUps"] == []
