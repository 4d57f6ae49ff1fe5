"""case.toml: what a case folder declares, and the errors a user gets when it is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chronolane.case.model import PeriodKind, Role, load_case
from chronolane.errors import CaseError
from chronolane.schema.columns import DateOrder

FULL = """
case_id = "demo-2018"
title = "Child F"
date_order = "dmy"
lanes = ["Family", "Health visiting", "Police"]

[review_period]
start = "December 2017"
end = "autumn 2018"

[[subjects]]
id = "child-f"
name = "Child F"
role = "child"
born = "January 2018"
died = "autumn 2018"
aliases = ["F", "Baby"]

[[subjects]]
id = "ms-x"
name = "Ms X"
role = "mother"

[agencies]
"Rapid response nurse" = "Health visiting"

[event_types]
"Core group" = "conference"

[[sources]]
file = "police.csv"
agency = "Police"
date_order = "mdy"
[sources.columns]
date = "When it happened"

[[periods]]
label = "Pregnancy"
kind = "pregnancy"
start = "spring 2017"
end = "January 2018"
subject = "ms-x"

[pseudonyms]
"Jane Smith" = "Ms X"
"""


def write_case(tmp_path: Path, text: str, files: tuple[str, ...] = ("police.csv",)) -> Path:
    (tmp_path / "case.toml").write_text(text, encoding="utf-8")
    for name in files:
        (tmp_path / name).write_text("Date,Details\n", encoding="utf-8")
    return tmp_path


def test_every_key_of_a_full_case_toml_is_read(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, FULL))
    assert case.case_id == "demo-2018"
    assert case.title == "Child F"
    assert case.date_order is DateOrder.DMY
    assert case.lanes == ("Family", "Health visiting", "Police")
    assert case.review_start is not None and case.review_start.start == dt.date(2017, 12, 1)
    assert case.review_end is not None and case.review_end.end == dt.date(2018, 11, 30)
    child = case.subject("baby")
    assert child is not None and child.id == "child-f" and child.role is Role.CHILD
    assert child.born is not None and (child.born.start, child.born.end) == (dt.date(2018, 1, 1), dt.date(2018, 1, 31))
    assert case.agencies == {"Rapid response nurse": "Health visiting"}
    assert case.event_types == {"Core group": "conference"}
    (source,) = case.sources
    assert source.agency == "Police" and source.date_order is DateOrder.MDY
    assert source.columns == {"date": "When it happened"}
    (period,) = case.periods
    assert period.kind is PeriodKind.PREGNANCY and period.end is not None
    assert case.pseudonyms == {"Jane Smith": "Ms X"}


def test_a_folder_without_case_toml_builds_with_defaults(tmp_path: Path) -> None:
    (tmp_path / "police.csv").write_text("Date,Details\n", encoding="utf-8")
    case = load_case(tmp_path)
    assert case.case_id == tmp_path.name
    assert case.source_files() == [tmp_path / "police.csv"]
    assert case.spec_for(tmp_path / "police.csv").agency is None


def test_a_single_file_is_a_case_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "gp.csv"
    path.write_text("Date,Details\n", encoding="utf-8")
    case = load_case(path)
    assert case.case_id == "gp" and case.source_files() == [path]


@pytest.mark.parametrize(
    ("text", "named_key"),
    [
        ('date_order = "ymd"', "date_order"),
        ('[[subjects]]\nname = "no id"', "subjects[0].id"),
        ('[[subjects]]\nid = "a"\nborn = "sometime"', "subjects[0].born"),
        ('[[subjects]]\nid = "a"\nrole = "aunt-ish"', "subjects[0].role"),
        ('[[subjects]]\nid = "a"\n[[subjects]]\nid = "a"', "subjects"),
        ('lanes = "Police"', "lanes"),
        ('[event_types]\n"Visit" = "visitation"', "event_types.Visit"),
        ('[[sources]]\nfile = "police.csv"\n[sources.columns]\nwhen = "Date"', "sources[0].columns.when"),
        ('[[periods]]\nlabel = "Plan"', "periods[0].start"),
        ('colour = "red"', "colour"),
        ('[[subjects]]\nid = "a"\nlanes = ["Police"]', "subjects[0].lanes"),
        ('[[sources]]\nfile = "police.csv"\nencoding = "utf-8"', "sources[0].encoding"),
        ('[review_period]\nstart = "2018"\nfinish = "2019"', "review_period.finish"),
    ],
)
def test_invalid_case_toml_names_the_key_and_what_is_expected(tmp_path: Path, text: str, named_key: str) -> None:
    with pytest.raises(CaseError) as raised:
        load_case(write_case(tmp_path, text))
    message = str(raised.value)
    assert f"'{named_key}'" in message
    assert "case.toml" in message


def test_broken_toml_syntax_is_reported_with_the_file(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="not valid TOML"):
        load_case(write_case(tmp_path, "title = "))


def test_a_listed_source_file_that_is_missing_is_named(tmp_path: Path) -> None:
    case = load_case(write_case(tmp_path, '[[sources]]\nfile = "gp.csv"\n', files=()))
    with pytest.raises(CaseError, match=r"gp\.csv"):
        case.source_files()


def test_pseudonyms_can_live_in_a_file_beside_case_toml(tmp_path: Path) -> None:
    (tmp_path / "names.toml").write_text('[pseudonyms]\n"John Smith" = "Mr Y"\n', encoding="utf-8")
    case = load_case(write_case(tmp_path, 'pseudonyms_file = "names.toml"\n'))
    assert case.pseudonyms == {"John Smith": "Mr Y"}
