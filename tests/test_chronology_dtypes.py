"""The chronology's column types: categorical columns declared once, carried by a build, and read back alike from
CSV and Parquet with the text of every cell unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chronolane.chronology.build import build_chronology
from chronolane.chronology.io import read_chronology, write_chronology
from chronolane.schema.columns import CATEGORIES, Attendance, Column, EventType, Mode, Precision
from chronolane.schema.dtypes import as_category

TODAY = dt.date(2026, 11, 22)

#: Texts that pandas and spreadsheets like to turn into something else.
TRICKY = ["", "NA", "null", "nan", "None", "#N/A", "N/A", "0123", "1e5", "=1+1", "'quoted", "TRUE", " spaced "]


@pytest.fixture
def built(tmp_path: Path) -> pd.DataFrame:
    """A chronology built from one agency file whose agency, subject and description cells are tricky texts."""
    rows = "\n".join(
        f'"0{i + 1}/03/2018","Home visit","{text.replace(chr(34), chr(34) * 2)}","{text}","{text}"'
        for i, text in enumerate(TRICKY[1:])
    )
    source = tmp_path / "case" / "health.csv"
    source.parent.mkdir()
    source.write_text(f"Date,Type,Details,Child,Agency\n{rows}\n01/04/2018,Home visit,,,\n", encoding="utf-8")
    return build_chronology(source, today=TODAY).frame


def test_closed_vocabularies_hold_every_enum_value_and_empty() -> None:
    for column, enum in (
        (Column.DATE_PRECISION, Precision),
        (Column.EVENT_TYPE, EventType),
        (Column.ATTENDANCE, Attendance),
        (Column.MODE, Mode),
    ):
        assert set(CATEGORIES[column.value] or ()) == {"", *(member.value for member in enum)}


def test_open_categorical_columns_have_exactly_the_values_present_as_categories() -> None:
    column = as_category(Column.AGENCY.value, pd.Series(["Police", "GP", "Police"], dtype="str"))
    assert list(column.categories) == ["GP", "Police"]
    assert list(column) == ["Police", "GP", "Police"]


def test_a_value_outside_a_closed_vocabulary_is_added_to_its_categories_not_lost() -> None:
    column = as_category(Column.EVENT_TYPE.value, pd.Series(["home-visit", "NA", "edited by hand"], dtype="str"))
    assert list(column) == ["home-visit", "NA", "edited by hand"]
    assert {member.value for member in EventType} < set(column.categories)


def test_categories_are_in_text_order_so_sorting_a_column_sorts_its_text() -> None:
    texts = ["school-attendance", "arrest", "", "home-visit", "Zebra"]
    column = pd.Series(as_category(Column.EVENT_TYPE.value, pd.Series(texts, dtype="str")))
    assert column.sort_values().astype("str").tolist() == sorted(texts)


def test_missing_stays_missing_in_a_categorical_column() -> None:
    column = as_category(Column.SUBJECT.value, pd.Series(["child", None], dtype="str"))
    assert column.isna().tolist() == [False, True]


def test_a_build_gives_the_declared_columns_as_categoricals_and_the_rest_their_own_types(built: pd.DataFrame) -> None:
    categorical = {name for name in built.columns if isinstance(built[name].dtype, pd.CategoricalDtype)}
    assert categorical == set(CATEGORIES)
    assert built[Column.DATE_START].dtype == "datetime64[s]"
    assert built[Column.SOURCE_ROW].dtype == "int64"
    assert built[Column.DATE_APPROX].dtype == bool
    assert built[Column.DESCRIPTION].dtype == "str"


@pytest.mark.parametrize("name", ["integrated.csv", "integrated.parquet"])
def test_build_write_and_read_give_equal_dtypes_and_equal_frames(
    built: pd.DataFrame, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    write_chronology(built, out)
    back = read_chronology(out).frame
    assert back.dtypes.to_dict() == built.dtypes.to_dict()
    pd.testing.assert_frame_equal(back, built)


@pytest.mark.parametrize("name", ["integrated.csv", "integrated.parquet"])
def test_the_text_of_every_cell_reads_back_identical(built: pd.DataFrame, tmp_path: Path, name: str) -> None:
    assert set(TRICKY) <= set(built[Column.DESCRIPTION])
    edited = built.copy()
    # Hand-edited values outside the closed vocabularies, and tricky text in every categorical column.
    for column in CATEGORIES:
        texts = (TRICKY * len(edited))[: len(edited)]
        edited[column] = pd.Series(as_category(column, pd.Series(texts, dtype="str")), index=edited.index)
    out = tmp_path / name
    write_chronology(edited, out)
    back = read_chronology(out).frame
    for column in edited.columns:
        assert back[column].astype("str").tolist() == edited[column].astype("str").tolist(), column


def test_parquet_stores_categorical_columns_as_dictionaries(built: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "integrated.parquet"
    write_chronology(built, out)
    schema = pq.read_schema(out)
    dictionaries = {name for name in schema.names if pa.types.is_dictionary(schema.field(name).type)}
    assert dictionaries == set(CATEGORIES)
    assert schema.field(Column.DESCRIPTION.value).type == pa.string()


def test_a_csv_written_with_text_columns_reads_back_with_categoricals(built: pd.DataFrame, tmp_path: Path) -> None:
    plain = built.astype({name: "str" for name in CATEGORIES})
    out = tmp_path / "integrated.csv"
    write_chronology(plain, out)
    pd.testing.assert_frame_equal(read_chronology(out).frame, built)


def test_a_parquet_chronology_with_text_columns_reads_back_with_categoricals(
    built: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "integrated.parquet"
    write_chronology(built.astype({name: "str" for name in CATEGORIES}), out)
    assert not pa.types.is_dictionary(pq.read_schema(out).field(Column.AGENCY.value).type)
    pd.testing.assert_frame_equal(read_chronology(out).frame, built)


def test_an_empty_chronology_reads_back_with_the_same_dtypes(built: pd.DataFrame, tmp_path: Path) -> None:
    empty = built.iloc[:0].copy()
    for name in ("integrated.csv", "integrated.parquet"):
        write_chronology(empty, tmp_path / name)
        back = read_chronology(tmp_path / name).frame
        assert len(back) == 0
        assert {n for n in back.columns if isinstance(back[n].dtype, pd.CategoricalDtype)} == set(CATEGORIES)


def test_the_summary_of_some_rows_counts_only_agencies_and_issues_those_rows_hold(built: pd.DataFrame) -> None:
    from chronolane.chronology.build import Chronology
    from chronolane.schema.issue_codes import count_issues

    clean = built[built[Column.ISSUES] == ""].iloc[:1]
    assert len(clean) and len(set(built[Column.ISSUES].cat.categories)) > 1 and built[Column.AGENCY].nunique() > 1
    assert count_issues(clean[Column.ISSUES]) == {}
    assert count_issues(built[Column.ISSUES]) != {}
    summary = Chronology(frame=clean, cases={}).summary()
    agencies = summary[summary.index("Records per agency:") + 1 :]
    assert agencies[:1] == [f"  {clean[Column.AGENCY].iloc[0]}: 1"] and not any(a.endswith(": 0") for a in agencies)


def test_a_categorical_keeps_only_the_categories_its_rows_hold_and_a_closed_one_its_vocabulary() -> None:
    held = pd.Categorical(["Police", None, "GP", "Police"], categories=["GP", "Housing", "Police", "School"])
    agency = as_category(Column.AGENCY.value, pd.Series(held))
    assert list(agency.categories) == ["GP", "Police"]
    assert pd.Series(agency).tolist()[:1] + pd.Series(agency).tolist()[2:] == ["Police", "GP", "Police"]
    assert pd.isna(agency[1])
    held_mode = Mode.UNKNOWN.value
    mode = as_category(Column.MODE.value, pd.Series(pd.Categorical([held_mode], categories=[held_mode, "edited"])))
    assert set(mode.categories) == {"", *(m.value for m in Mode)}
    assert list(mode) == [held_mode]


def test_files_with_their_own_case_ids_and_names_join_into_one_categorical_column(tmp_path: Path) -> None:
    """Each file's case ids and its name are categoricals of their own; joined, they stay one categorical
    holding every file's values on that file's rows (pandas alone would fall back to plain text)."""
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "police.csv").write_text("Case,Date,Details\ncase-b,01/03/2018,Incident\n", encoding="utf-8")
    (folder / "school.csv").write_text(
        "Case,Date,Details\ncase-a,02/03/2018,Absent\ncase-c,03/03/2018,Absent\n", encoding="utf-8"
    )
    frame = build_chronology(folder, today=TODAY).frame
    for column in (Column.CASE_ID, Column.SOURCE_FILE):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype)
    by_row = frame.sort_values([Column.SOURCE_FILE, Column.SOURCE_ROW])
    assert by_row[Column.SOURCE_FILE].astype("str").tolist() == ["police.csv", "school.csv", "school.csv"]
    assert by_row[Column.CASE_ID].astype("str").tolist() == ["case-b", "case-a", "case-c"]
    assert list(frame[Column.SOURCE_FILE].cat.categories) == ["police.csv", "school.csv"]


def test_joining_files_keeps_a_categorical_column_categorical_with_every_files_values() -> None:
    from chronolane.chronology.build import _concat

    first = pd.DataFrame({"file": pd.Categorical(["b.csv"]), "text": ["x"]})
    second = pd.DataFrame({"file": pd.Categorical(["a.csv", "a.csv"]), "text": ["y", "z"]})
    joined = _concat([first, second])
    assert isinstance(joined["file"].dtype, pd.CategoricalDtype)
    assert list(joined["file"].cat.categories) == ["a.csv", "b.csv"]
    assert joined["file"].astype("str").tolist() == ["b.csv", "a.csv", "a.csv"]
    assert joined["text"].tolist() == ["x", "y", "z"]
