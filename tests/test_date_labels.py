"""The date and the number people see everywhere (dates.labels, chronology.numbering)."""

from __future__ import annotations

import pandas as pd
import pytest

from chronolane.chronology.numbering import event_numbers
from chronolane.dates.labels import NOT_KNOWN, NOT_READ, date_labels, normalised_date
from chronolane.schema.columns import Column


def frame_of(rows: list[tuple[str, str | None, str | None, str, bool, str]]) -> pd.DataFrame:
    """A chronology frame with only the date columns: (text, start, end, precision, approx, issues)."""
    text, start, end, precision, approx, issues = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            Column.DATE_TEXT: list(text),
            Column.DATE_START: pd.to_datetime(list(start)),
            Column.DATE_END: pd.to_datetime(list(end)),
            Column.DATE_PRECISION: list(precision),
            Column.DATE_APPROX: list(approx),
            Column.ISSUES: list(issues),
        }
    )


@pytest.mark.parametrize(
    ("row", "label"),
    [
        (("14/06/2018", "2018-06-14", "2018-06-14", "day", False, ""), "14/06/2018 (14 Jun 2018)"),
        (("43271", "2018-06-20", "2018-06-20", "day", False, "excel-serial"), "43271 (20 Jun 2018)"),
        (("In February 2018", "2018-02-01", "2018-02-28", "month", False, ""), "In February 2018 (Feb 2018)"),
        (("autumn 2018", "2018-09-01", "2018-11-30", "season", False, ""), "autumn 2018 (Sep–Nov 2018)"),
        (("winter 2017", "2017-12-01", "2018-02-28", "season", False, ""), "winter 2017 (Dec 2017–Feb 2018)"),
        (("c. 2015", "2015-01-01", "2015-12-31", "year", True, ""), "c. 2015 (about 2015)"),
        (("2018", "2018-01-01", "2018-12-31", "year", False, ""), "2018"),
        (("in 2002", "2002-01-01", "2002-12-31", "year", False, ""), "in 2002"),
        (("1-7 June 2018", "2018-06-01", "2018-06-07", "range", False, ""), "1-7 June 2018 (1–7 Jun 2018)"),
        (("2010s", "2010-01-01", "2019-12-31", "decade", False, ""), "2010s (2010–2019)"),
        (
            ("six months later", "2015-10-01", "2015-10-31", "month", False, "relative-date"),
            "six months later (Oct 2015)",
        ),
        (("", None, None, "", False, "undated"), NOT_KNOWN),
        (("unknown", None, None, "", False, "undated"), f"unknown ({NOT_KNOWN})"),
        (("31/02/2020", None, None, "", False, "invalid-date"), f"31/02/2020 ({NOT_READ})"),
        (("when he was small", None, None, "", False, "unparsed-date"), f"when he was small ({NOT_READ})"),
    ],
)
def test_a_date_is_shown_as_written_with_its_normalised_form(row: tuple, label: str) -> None:
    assert date_labels(frame_of([row])).tolist() == [label]


def test_a_week_inside_one_month_keeps_its_days_and_never_becomes_one_day() -> None:
    assert normalised_date(pd.Timestamp("2018-06-04"), pd.Timestamp("2018-06-10"), "week", False) == "4–10 Jun 2018"
    assert normalised_date(pd.Timestamp("2018-06-28"), pd.Timestamp("2018-07-04"), "week", False) == "28 Jun–4 Jul 2018"


def test_every_row_gets_the_label_of_its_own_date_in_order() -> None:
    rows = [("March 2018", "2018-03-01", "2018-03-31", "month", False, ""), ("", None, None, "", False, "")]
    labels = date_labels(frame_of(rows * 3).iloc[::-1])
    assert labels.tolist() == [NOT_KNOWN, "March 2018 (Mar 2018)"] * 3
    assert labels.index.tolist() == [5, 4, 3, 2, 1, 0]


def test_event_numbers_count_rows_in_order_within_each_case() -> None:
    frame = pd.DataFrame({Column.CASE_ID: ["a", "a", "b", "a", "b"]}, index=[10, 11, 12, 13, 14])
    numbers = event_numbers(frame)
    assert numbers.tolist() == [1, 2, 1, 3, 2]
    assert numbers.index.tolist() == [10, 11, 12, 13, 14]


def test_event_numbers_without_a_case_column_run_over_the_whole_frame() -> None:
    assert event_numbers(pd.DataFrame({"x": [7, 8, 9]})).tolist() == [1, 2, 3]
