"""Formula escaping: no CSV chronolane writes can run in a spreadsheet, and the escape is exactly undone."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chronolane.files.formulas import csv_bytes, escape_formulas, unescape_formulas


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5 kg", "'-5 kg"),
        ("@mention", "'@mention"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("\nnew line", "'\nnew line"),
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),  # full-width equals sign
        ("\ufe63 small hyphen-minus", "'\ufe63 small hyphen-minus"),
        ("'quoted", "''quoted"),  # so that the escape can always be undone
        ("Home visit", "Home visit"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_prefixed_with_a_quote(cell: str, escaped: str) -> None:
    out, count = escape_formulas(pd.Series([cell], dtype="str"))
    assert out.tolist() == [escaped]
    assert count == (cell != escaped)


def test_a_categorical_column_stays_categorical_and_its_escaped_cells_are_counted_one_by_one() -> None:
    cells = ["=1+1", "Police", "=1+1", None, "'quoted", "=1+1"]
    out, count = escape_formulas(pd.Series(cells, dtype="category"))
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert out.astype("str").tolist()[:3] == ["'=1+1", "Police", "'=1+1"] and out.isna().tolist()[3]
    assert out.astype("str").tolist()[4:] == ["''quoted", "'=1+1"]
    assert count == 4


def test_a_categorical_column_with_nothing_to_escape_is_returned_unchanged() -> None:
    column = pd.Series(["Police", "GP"], dtype="category")
    out, count = escape_formulas(column)
    assert out is column and count == 0


def test_each_cell_of_a_column_is_escaped_on_its_own_and_missing_cells_stay_missing() -> None:
    cells = pd.Series(["=A1", "plain", None, "\uff1dA1", "", "é=", "-1", "x"], dtype="str")
    out, count = escape_formulas(cells)
    assert out.tolist()[:2] == ["'=A1", "plain"] and pd.isna(out.iloc[2])
    assert out.tolist()[3:] == ["'\uff1dA1", "", "é=", "'-1", "x"]
    assert count == 3


def test_a_column_held_in_several_arrow_chunks_is_escaped_in_every_chunk() -> None:
    """Text read from a large file arrives in chunks; a trigger in any chunk is escaped, in its own row."""
    column = pd.Series(pa.chunked_array([["a", "=1+1"], [], ["+c", "d", "＝full width"]]), dtype="str")
    escaped, count = escape_formulas(column)
    assert escaped.tolist() == ["a", "'=1+1", "'+c", "d", "'＝full width"]
    assert count == 3


@given(st.lists(st.text(), max_size=20))
def test_unescaping_restores_every_cell_exactly(cells: list[str]) -> None:
    series = pd.Series(cells, dtype="str")
    escaped, _ = escape_formulas(series)
    assert unescape_formulas(escaped).tolist() == cells


def test_the_one_csv_writer_quotes_every_field_exactly_as_the_csv_module_does() -> None:
    """Byte for byte what pandas' QUOTE_ALL writer gave before every CSV went through pyarrow."""
    frame = pd.DataFrame(
        {
            "a": ['x"y', "line\nbreak", "cr\rhere", "", None, "é ü 中"],
            "b,c": [1, 2, 3, 4, 5, 6],
            "d": [True, False, True, False, True, None],
        }
    )
    expected = io.StringIO()
    frame.to_csv(expected, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    assert csv_bytes(frame) == expected.getvalue().encode("utf-8")
    assert list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"), newline="")))[2] == [
        "line\nbreak",
        "2",
        "False",
    ]


def test_no_module_but_the_formulas_module_writes_csv() -> None:
    """Every CSV chronolane writes goes through the one writer, so formula escaping cannot be bypassed."""
    import re
    from pathlib import Path

    import chronolane

    root = Path(chronolane.__file__).parent
    writers = re.compile(
        r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(|pacsv\.write_csv\(|pyarrow\.csv\.write_csv\(|CSVWriter\("
    )
    writing = {str(p.relative_to(root)) for p in root.rglob("*.py") if writers.search(p.read_text(encoding="utf-8"))}
    assert writing == {"files/formulas.py"}
