"""The integrated chronology CSV is byte-identical for the same input: speed work must not change a byte.

The pinned hash is updated only on purpose, when a change to the output is intended (say so in the commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pandas.util
import pytest

from chronolane.chronology.build import build_chronology, event_ids
from chronolane.chronology.io import read_chronology, write_chronology

WORDING = Path(__file__).resolve().parent / "data" / "event_wording.txt"

#: sha256 of the CSV built from ``make_extract(tmp_path)``, computed before the speed work of issue 16.
PINNED = "72fe194ba3bbd907472d8ca7c3bc6bf059312edbcde02acbfc3677f7d1a05a46"

DATES = (
    "03/04/2017", "2017-04-03", "3 April 2017", "April 2017", "spring 2017", "early 2016", "c. 2015", "n/k",
    "", "the following day", "six months later", "31/02/2020", "2019", "03/04/17", "2018-10-01 14:30",
    "summer 2018", "late 2014", "after 2016", "12/13/2015", "=1+2",
)  # fmt: skip
AGENCIES = ("Police", "GP", "HV", "Maternity", "CSC", "Housing", "School", "A&E", "+44 Health", "")
SUBJECTS = ("child", "mother", "father", "", "Child F", "@sibling")


def make_extract(folder: Path, rows: int = 3_000, seed: int = 16) -> Path:
    """A long-format extract mixing every wording of the event table with many date spellings and agencies."""
    wording = [
        line.split("|")[:3]
        for line in WORDING.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(wording), rows)
    case = np.sort(rng.integers(0, 7, rows))
    frame = pd.DataFrame(
        {
            "case_id": [f"case-{c}" for c in case],
            "Agency": np.asarray(AGENCIES, dtype=object)[rng.integers(0, len(AGENCIES), rows)],
            "Date": np.asarray(DATES, dtype=object)[rng.integers(0, len(DATES), rows)],
            "Type": [wording[i][0] for i in pick],
            "Outcome": [wording[i][1] for i in pick],
            "Details": [f"{wording[i][2]} (ref {r})" for i, r in zip(pick, rng.integers(0, 10**6, rows), strict=True)],
            "Subject": np.asarray(SUBJECTS, dtype=object)[rng.integers(0, len(SUBJECTS), rows)],
        }
    )
    path = folder / "extract.csv"
    frame.to_csv(path, index=False)
    return path


def built(tmp_path: Path) -> bytes:
    chronology = build_chronology(make_extract(tmp_path), today=dt.date(2026, 1, 1))
    out = tmp_path / "integrated.csv"
    write_chronology(chronology, out)
    return out.read_bytes()


def test_the_built_csv_of_a_generated_extract_is_byte_identical_to_the_pinned_output(tmp_path: Path) -> None:
    assert hashlib.sha256(built(tmp_path)).hexdigest() == PINNED


def test_an_integrated_chronology_read_back_and_written_again_is_byte_identical(tmp_path: Path) -> None:
    first = built(tmp_path)
    again = tmp_path / "again.csv"
    write_chronology(read_chronology(tmp_path / "integrated.csv"), again)
    assert again.read_bytes() == first


def test_colliding_event_ids_keep_the_first_and_append_the_source_row_to_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = pandas.util.hash_array
    calls = iter(range(4))
    # The fourth hash is the final mix: make it collide for every row.
    monkeypatch.setattr(
        pandas.util, "hash_array", lambda a, *k: np.zeros(len(a), np.uint64) if next(calls) == 3 else real(a)
    )
    ids = event_ids(pd.Series(["c", "c", "d"]), pd.Series(["f", "g", "f"]), pd.Series([4, 7, 9]))
    assert ids.tolist() == ["000000000000", "000000000000-7", "000000000000-9"]


def test_only_the_later_rows_of_a_colliding_id_are_marked_and_ids_that_differ_are_not() -> None:
    from chronolane.chronology.build import _repeats

    values = np.array([5, 3, 5, 7, 3, 5, 2**48 - 1, 2**48 - 2], dtype=np.uint64)
    assert _repeats(values).tolist() == [False, False, True, False, True, True, False, False]
    assert not _repeats(np.arange(1000, dtype=np.uint64)).any()
