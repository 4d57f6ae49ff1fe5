"""Case details for long-format data: one row per case and subject, giving what case.toml gives one case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case import Case, Role, Subject
from chronolane.dates import ParsedDate, parse_date
from chronolane.errors import CaseError
from chronolane.ingest import frame_table, read_source
from chronolane.schema import DateOrder


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
    cases: dict[str, Case] = {}
    for position, case_id in enumerate(text[Detail.CASE_ID].tolist()):
        if not case_id:
            raise CaseError(f"{name}: row {lines[position]}: case_id is blank. Give every row its case's id.")
        case = cases.get(case_id) or Case(case_id=case_id, title=case_id)
        for detail, attribute in ((Detail.REVIEW_START, "review_start"), (Detail.REVIEW_END, "review_end")):
            value = dates[detail][position]
            known = getattr(case, attribute)
            if value is not None and known is not None and known.text != value.text:
                raise CaseError(
                    f"{name}: row {lines[position]}: case {case_id!r} has two {detail.value} values "
                    f"({known.text!r} and {value.text!r}). Give one review period per case."
                )
            if value is not None:
                case = replace(case, **{attribute: value})
        subject_id = text[Detail.SUBJECT].iloc[position]
        if subject_id:
            if case.subject(subject_id) is not None:
                raise CaseError(
                    f"{name}: row {lines[position]}: subject {subject_id!r} of case {case_id!r} is listed twice. "
                    "Give one row per case and subject."
                )
            person = Subject(
                id=subject_id,
                name=text[Detail.NAME].iloc[position],
                role=roles[position],
                born=dates[Detail.BORN][position],
                died=dates[Detail.DIED][position],
            )
            case = replace(case, subjects=(*case.subjects, person))
        elif (
            any(dates[d][position] is not None for d in (Detail.BORN, Detail.DIED)) or text[Detail.NAME].iloc[position]
        ):
            raise CaseError(
                f"{name}: row {lines[position]}: a name, birth or death without a subject id. Give the subject "
                "column (for example child, mother)."
            )
        cases[case_id] = case
    return cases


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
