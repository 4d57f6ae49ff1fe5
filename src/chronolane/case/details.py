"""Case details for long-format data: one row per case and subject, giving what case.toml gives one case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.model import Case, Role, Subject
from chronolane.dates import ParsedDate, parse_date
from chronolane.errors import CaseError
from chronolane.ingest import frame_table, read_source
from chronolane.schema.columns import DateOrder


class Detail(StrEnum):
    """The columns of a case details table (only case_id is required; blank cells mean unknown)."""

    CASE_ID = "case_id"
    SUBJECT = "subject"
    ROLE = "role"
    NAME = "name"
    BORN = "born"
    DIED = "died"
    REVIEW_START = "review_start"
    REVIEW_END = "review_end"


_DATES = (Detail.BORN, Detail.DIED, Detail.REVIEW_START, Detail.REVIEW_END)
_PER_CASE = (Detail.REVIEW_START, Detail.REVIEW_END)

#: What ``cases=`` accepts: a case details file (CSV, Excel, Parquet, ...), a DataFrame, or cases already made.
CaseDetails = Path | str | pd.DataFrame | Mapping[str, Case]


def read_case_details(details: CaseDetails, *, order: DateOrder | str = DateOrder.AUTO) -> dict[str, Case]:
    """The cases described by a case details table, by case_id: subjects (with role, name, birth and death)
    and review period. Dates may be written in any spelling chronolane reads (``order`` for numeric ones).

    CaseError names the row and column of a value that cannot be used (an unreadable date, an unknown role,
    two review periods for one case).
    """
    if isinstance(details, Mapping):
        return dict(details)
    if isinstance(details, pd.DataFrame):
        table, name = frame_table(details, name="the case details"), "the case details"
    else:
        table = read_source(Path(details))
        name = str(details)
    rows = table.records
    headers = {h.strip().casefold(): h for h in rows.columns}
    if Detail.CASE_ID.value not in headers:
        raise CaseError(
            f"{name}: no case_id column. Case details have one row per case and subject with the columns "
            f"{', '.join(d.value for d in Detail)} (only case_id is required)."
        )
    text = {d: rows[headers[d.value]].str.strip() if d.value in headers else _blank(len(rows)) for d in Detail}
    lines = table.meta["source_row"].to_numpy()
    dates = {d: _dates(text[d], lines, name, d, DateOrder(order)) for d in _DATES}
    roles = _roles(text[Detail.ROLE], lines, name)
    ids = text[Detail.CASE_ID]
    if (ids == "").any():
        row = lines[int(np.flatnonzero((ids == "").to_numpy())[0])]
        raise CaseError(f"{name}: row {row}: case_id is blank. Give every row its case's id.")
    subjects = text[Detail.SUBJECT]
    has_subject = (subjects != "").to_numpy()
    _check_unique(ids, subjects, has_subject, lines, name)
    personal = (text[Detail.NAME] != "").to_numpy() | np.array(
        [b is not None or d is not None for b, d in zip(dates[Detail.BORN], dates[Detail.DIED], strict=True)], bool
    )
    if (personal & ~has_subject).any():
        row = lines[int(np.flatnonzero(personal & ~has_subject)[0])]
        raise CaseError(
            f"{name}: row {row}: a name, birth or death without a subject id. Give the subject column (for "
            "example child, mother)."
        )
    reviews = {d: _one_per_case(ids, text[d], dates[d], lines, name, d) for d in _PER_CASE}
    people: dict[str, list[Subject]] = {case_id: [] for case_id in pd.unique(ids)}
    names, id_list, subject_list = text[Detail.NAME].tolist(), ids.tolist(), subjects.tolist()
    for position in np.flatnonzero(has_subject).tolist():
        people[id_list[position]].append(
            Subject(
                id=subject_list[position],
                name=names[position],
                role=roles[position],
                born=dates[Detail.BORN][position],
                died=dates[Detail.DIED][position],
            )
        )
    return {
        case_id: Case(
            case_id=case_id,
            title=case_id,
            subjects=tuple(found),
            review_start=reviews[Detail.REVIEW_START].get(case_id),
            review_end=reviews[Detail.REVIEW_END].get(case_id),
        )
        for case_id, found in people.items()
    }


def _check_unique(ids: pd.Series, subjects: pd.Series, has_subject: np.ndarray, lines: np.ndarray, name: str) -> None:
    """CaseError naming the first row that lists a case's subject again."""
    repeated = pd.DataFrame({"c": ids, "s": subjects.str.casefold()}).duplicated().to_numpy() & has_subject
    if repeated.any():
        k = int(np.flatnonzero(repeated)[0])
        raise CaseError(
            f"{name}: row {lines[k]}: subject {subjects.iat[k]!r} of case {ids.iat[k]!r} is listed twice. "
            "Give one row per case and subject."
        )


def _one_per_case(
    ids: pd.Series, texts: pd.Series, dates: list[ParsedDate | None], lines: np.ndarray, name: str, detail: Detail
) -> dict[str, ParsedDate]:
    """The one date per case of a per-case column (blank cells ignored); CaseError for two different ones."""
    given = (texts != "").to_numpy()
    pairs = pd.DataFrame({"c": ids[given], "t": texts[given]}).drop_duplicates()
    clash = pairs["c"].duplicated()
    if clash.any():
        case_id = pairs["c"][clash].iat[0]
        both = pairs.loc[pairs["c"] == case_id, "t"].tolist()[:2]
        row = lines[int(np.flatnonzero((ids == case_id).to_numpy() & (texts == both[1]).to_numpy())[0])]
        raise CaseError(
            f"{name}: row {row}: case {case_id!r} has two {detail.value} values ({both[0]!r} and {both[1]!r}). "
            "Give one review period per case."
        )
    id_list = ids.tolist()
    return {id_list[k]: dates[k] for k in pairs.index.tolist()}


def merge_case_details(cases: Mapping[str, Case], details: Mapping[str, Case]) -> tuple[dict[str, Case], list[str]]:
    """``cases`` (one per case_id of the rows) with the subjects and review period of their details; and a
    note naming how many detailed cases have no rows."""
    merged = {}
    for case_id, case in cases.items():
        known = details.get(case_id)
        if known is None:
            merged[case_id] = case
            continue
        merged[case_id] = replace(
            case,
            subjects=known.subjects or case.subjects,
            review_start=known.review_start or case.review_start,
            review_end=known.review_end or case.review_end,
        )
    absent = sorted(set(details) - set(cases))
    notes = [f"{len(absent)} case(s) of the case details have no rows in the data."] if absent else []
    return merged, notes


#: How to give case details, for the message of a measure that lacks them.
HOW_TO_GIVE = (
    "Give them in case.toml ([[subjects]] with born; [review_period]) or, for long-format data, as case details: "
    "--cases cases.csv (cases= in Python) with the columns case_id, subject, role, name, born, died, "
    "review_start, review_end."
)


def _blank(n: int) -> pd.Series:
    return pd.Series([""] * n, dtype="str")


def _dates(
    column: pd.Series, lines: np.ndarray, name: str, detail: Detail, order: DateOrder
) -> list[ParsedDate | None]:
    """Each cell's date (None when blank); CaseError for the first that cannot be read. Parses distinct values."""
    codes, uniques = pd.factorize(column)
    parsed = [parse_date(text, order=order) if text else None for text in uniques]
    for k, date in enumerate(parsed):
        if date is not None and date.start is None:
            row = lines[int(np.flatnonzero(codes == k)[0])]
            raise CaseError(
                f"{name}: row {row}: {detail.value} {uniques[k]!r} is not a date chronolane can read "
                '(exact or vague: "12/04/2015", "April 2015", "2015"). Correct it or leave it blank.'
            )
    return [parsed[c] for c in codes]


def _roles(column: pd.Series, lines: np.ndarray, name: str) -> list[Role]:
    """Each cell's role (blank: other); CaseError naming an unknown one and the roles known."""
    known = {r.value: r for r in Role}
    codes, uniques = pd.factorize(column.str.casefold())
    for k, text in enumerate(uniques):
        if text and text not in known:
            row = lines[int(np.flatnonzero(codes == k)[0])]
            raise CaseError(
                f"{name}: row {row}: role {text!r} is not one of {', '.join(known)}. Correct it or leave it blank."
            )
    roles = [known.get(text, Role.OTHER) for text in uniques]
    return [roles[c] for c in codes]
