"""The integrated chronology: building it from a case's agency files, and reading and writing it as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from chronolane.agencies import normalise_agencies
from chronolane.case import Case, SourceSpec, load_case
from chronolane.checks import duplicate_flags, life_and_period_flags
from chronolane.dates import parse_dates
from chronolane.errors import CaseError, NoDataError, SourceError
from chronolane.events import classify_events
from chronolane.fields import CONSUMED, Field, match_fields
from chronolane.ingest import SourceTable, read_source
from chronolane.issues import count_issues, error_rows, flag, join_issues
from chronolane.schema import COLUMNS, RAW_RECORD, Column, IssueCode


@dataclass(frozen=True)
class SourceSummary:
    """What was read from one agency file, for the build summary (no cell text)."""

    file: str
    records: int
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    blank_rows: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chronology:
    """An integrated chronology: the rows (schema columns, then source columns), and the cases they belong to."""

    frame: pd.DataFrame
    cases: Mapping[str, Case]
    sources: tuple[SourceSummary, ...] = ()
    #: Fixed-column names that a source column had to give way to, as (file, header, renamed to).
    renamed: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)

    @property
    def case(self) -> Case:
        """The case when the chronology holds exactly one (raises otherwise)."""
        if len(self.cases) != 1:
            raise CaseError(
                f"This chronology holds {len(self.cases)} cases; choose one (for example with --case)."
            )
        return next(iter(self.cases.values()))

    def has_errors(self) -> bool:
        """Whether any row carries an error-level issue (what ``build --strict`` fails on)."""
        return bool(error_rows(self.frame[Column.ISSUES]).any())

    def summary(self) -> list[str]:
        """A short human summary: files read, records per agency, dated/undated/invalid, issues by code."""
        f = self.frame
        lines = [f"{len(f)} records from {len(self.sources)} file(s), {len(self.cases)} case(s)."]
        for s in self.sources:
            how = f"sheet {s.sheet!r}" if s.sheet else f"{s.encoding}, delimiter {s.delimiter!r}"
            blank = f", {s.blank_rows} blank row(s) skipped" if s.blank_rows else ""
            lines.append(f"  {s.file}: {s.records} record(s) ({how}{blank})")
            lines += [f"    note: {n}" for n in s.notes]
        for file, header, new in self.renamed:
            lines.append(f"  {file}: column {header!r} kept as {new!r} (the name is a fixed column)")
        if len(f):
            lines.append("Records per agency:")
            for agency, n in f[Column.AGENCY].value_counts(sort=False).sort_index().items():
                lines.append(f"  {agency}: {n}")
        issues = count_issues(f[Column.ISSUES])
        dated = int(f[Column.DATE_START].notna().sum())
        lines.append(
            f"Dated: {dated}; undated: {issues.get(IssueCode.UNDATED, 0)}; "
            f"invalid: {issues.get(IssueCode.INVALID_DATE, 0)}; unread: {issues.get(IssueCode.UNPARSED_DATE, 0)}."
        )
        if issues:
            lines.append("Issues (rows): " + ", ".join(f"{c} {n}" for c, n in sorted(issues.items())))
        return lines


# ---------------------------------------------------------------------------------------------- building


def build_chronology(
    source: Path | str | Case, *, ages: bool = False, today: dt.date | None = None
) -> Chronology:
    """Read every agency file of a case (folder, single file or long-format file) into one chronology.

    Every input record appears exactly once, with its original text; what cannot be understood is flagged
    in the ``issues`` column. ``today`` (default: the real date) is only used to flag future dates.
    """
    case = source if isinstance(source, Case) else load_case(source)
    files = case.source_files()
    if not files:
        raise NoDataError(
            f"{case.root}: no chronology files (CSV or XLSX) found. Put one file per agency in the folder."
        )
    parts, summaries, renamed = [], [], []
    for order, path in enumerate(files):
        spec = case.spec_for(path)
        table = read_source(path, sheet=spec.sheet)
        part, moved = _source_frame(case, spec, table, order)
        parts.append(part)
        renamed += [(path.name, old, new) for old, new in moved]
        summaries.append(
            SourceSummary(
                file=path.name,
                records=len(table.records),
                encoding=table.encoding,
                delimiter=table.delimiter,
                sheet=table.sheet,
                blank_rows=table.blank_rows,
                notes=table.notes,
            )
        )
    frame = pd.concat(parts, ignore_index=True, sort=False)
    cases = _cases_of(case, frame)
    frame = _complete(frame, cases, today or dt.date.today())
    if ages:
        from chronolane.ages import add_ages

        frame = add_ages(frame, cases)
    return Chronology(frame=frame, cases=cases, sources=tuple(summaries), renamed=tuple(renamed))


_KEEP_SUFFIX = " (source)"


def _source_frame(
    case: Case, spec: SourceSpec, table: SourceTable, order: int
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One file's records with the fixed text columns filled in and the other columns kept."""
    headers = list(table.records.columns)
    try:
        found = match_fields(headers, spec.columns)
    except ValueError as error:
        raise CaseError(f"{case.root}: sources entry for {spec.file}: {error}") from None
    for name, header in found.items():
        if header not in headers:
            raise CaseError(
                f"{spec.file}: case.toml maps {name.value} to the column '{header}', which the file does not "
                f"have. Its columns are: {', '.join(repr(h) for h in headers)}."
            )
    if Field.DATE not in found:
        raise SourceError(
            f"{table.path}: no date column found. Its columns are: {', '.join(repr(h) for h in headers)}. "
            f"Name the date column in case.toml:\n\n[[sources]]\nfile = \"{table.path.name}\"\n"
            f"[sources.columns]\ndate = \"<the header of the date column>\""
        )
    rec, n = table.records, len(table.records)

    def text(f: Field) -> pd.Series:
        return rec[found[f]].astype("str") if f in found else pd.Series([""] * n, dtype="str")

    default_agency = spec.agency or Path(spec.file).stem.replace("_", " ").replace("-", " ")
    agency_text = text(Field.AGENCY) if Field.AGENCY in found else pd.Series([default_agency] * n, dtype="str")
    agency_text = agency_text.where(agency_text.str.strip() != "", default_agency)
    part = pd.DataFrame(
        {
            Column.CASE_ID.value: text(Field.CASE_ID).str.strip(),
            "_agency_text": agency_text,
            "_subject_text": text(Field.SUBJECT),
            Column.DATE_TEXT.value: text(Field.DATE),
            "_time_text": text(Field.TIME),
            Column.TYPE_TEXT.value: text(Field.TYPE),
            Column.DESCRIPTION.value: text(Field.DESCRIPTION),
            Column.SOURCE_FILE.value: table.path.name,
            Column.SOURCE_ROW.value: table.meta["source_row"].to_numpy(dtype=np.int64),
            RAW_RECORD: table.meta["raw_record"].astype("str").to_numpy(),
            "_record_issues": table.meta["record_issues"].astype("str").to_numpy(),
            "_order": (spec.date_order or case.date_order).value,
            "_source_index": order,
            "_default_subject": spec.subject or "",
        }
    )
    part[Column.CASE_ID.value] = part[Column.CASE_ID.value].where(part[Column.CASE_ID.value] != "", case.case_id)
    consumed = {found[f] for f in CONSUMED if f in found}
    moved = []
    for header in headers:
        if header in consumed:
            continue
        name = header
        if name in COLUMNS or name == RAW_RECORD or name.startswith("_"):
            name = header + _KEEP_SUFFIX
            moved.append((header, name))
        part[name] = rec[header].astype("str").to_numpy()
    return part, moved


def _cases_of(case: Case, frame: pd.DataFrame) -> dict[str, Case]:
    """The case metadata per case_id: case.toml's for its own id, bare cases for other ids in a long file."""
    ids = pd.unique(frame[Column.CASE_ID])
    return {str(cid): case if cid == case.case_id else replace(_bare(case), case_id=str(cid)) for cid in ids}


def _bare(case: Case) -> Case:
    return Case(
        case_id=case.case_id,
        root=case.root,
        agencies=case.agencies,
        event_types=case.event_types,
        lanes=case.lanes,
        date_order=case.date_order,
        pseudonyms=case.pseudonyms,
    )


def _complete(frame: pd.DataFrame, cases: Mapping[str, Case], today: dt.date) -> pd.DataFrame:
    """Dates, agencies, subjects, event types, ids, checks and issues for the concatenated records."""
    index = frame.index
    first_case = next(iter(cases.values()))
    frame[Column.AGENCY.value] = normalise_agencies(frame["_agency_text"], first_case.agencies).to_numpy()
    subjects, unknown_subject = _subjects(frame, cases)
    frame[Column.SUBJECT.value] = subjects

    source_key = (
        frame[Column.CASE_ID].astype("str") + "\x1f" + frame[Column.SOURCE_FILE] + "\x1f" + frame[Column.AGENCY]
    )
    dates = parse_dates(frame[Column.DATE_TEXT], sources=source_key, order=frame["_order"])
    for col in (
        Column.DATE_START, Column.DATE_END, Column.DATE_PRECISION, Column.DATE_APPROX, Column.TIME, Column.EDTF,
    ):
        frame[col.value] = dates[col.value].to_numpy()
    frame[Column.TIME.value] = _fill_time(frame[Column.TIME], frame["_time_text"])

    event_type, fell_back = classify_events(
        frame[Column.TYPE_TEXT], frame[Column.DESCRIPTION], first_case.event_types
    )
    frame[Column.EVENT_TYPE.value] = event_type.to_numpy()
    frame[Column.EVENT_ID.value] = event_ids(frame[Column.CASE_ID], frame[Column.SOURCE_FILE], frame[Column.SOURCE_ROW])

    frame = _sorted(frame)
    index = frame.index
    parts = [
        frame["_record_issues"].to_numpy(object),
        dates["issues"].reindex(index).to_numpy(object),
        *life_and_period_flags(frame, cases, today),
        flag(fell_back.reindex(index).to_numpy(), IssueCode.UNKNOWN_EVENT_TYPE),
        flag(unknown_subject.reindex(index).to_numpy(), IssueCode.UNKNOWN_SUBJECT),
        duplicate_flags(frame),
    ]
    frame[Column.ISSUES.value] = join_issues(parts, index).to_numpy()
    extras = [
        c
        for c in frame.columns
        if c not in COLUMNS and not c.startswith("_") and c != RAW_RECORD
    ]
    tail = [RAW_RECORD] if (frame[RAW_RECORD] != "").any() else []
    out = frame[[*COLUMNS, *extras, *tail]].reset_index(drop=True)
    return out


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Cases in order of first appearance; within a case by interval start, end, then source order."""
    case_rank = pd.Series(pd.factorize(frame[Column.CASE_ID])[0], index=frame.index)
    keys = pd.DataFrame(
        {
            "case": case_rank,
            "start": frame[Column.DATE_START],
            "end": frame[Column.DATE_END],
            "source": frame["_source_index"],
            "row": frame[Column.SOURCE_ROW],
        }
    )
    order = keys.sort_values(["case", "start", "end", "source", "row"], kind="stable", na_position="last").index
    return frame.loc[order]


def _subjects(frame: pd.DataFrame, cases: Mapping[str, Case]) -> tuple[np.ndarray, pd.Series]:
    """Subject ids from the subject column (matched to ids, names and aliases) or the source's default."""
    written = frame["_subject_text"].str.strip()
    written = written.where(written != "", frame["_default_subject"])
    pairs = pd.DataFrame({"case": frame[Column.CASE_ID], "subject": written})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(pairs))
    resolved, unknown = [], []
    for case_id, text in uniques:
        case = cases.get(case_id)
        hit = case.subject(text) if case and text else None
        resolved.append(hit.id if hit else text)
        unknown.append(bool(text) and hit is None and bool(case and case.subjects))
    values = np.asarray(resolved, dtype=object)[codes] if len(codes) else np.array([], dtype=object)
    flags = np.asarray(unknown, dtype=bool)[codes] if len(codes) else np.array([], dtype=bool)
    return values, pd.Series(flags, index=frame.index)


_TIME = re.compile(r"^\s*(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*(?:hrs|h)?\s*$", re.I)


def _normal_time(text: str) -> str:
    m = _TIME.match(text)
    if not m or (m.group(2) is None and m.group(3) is None):
        return ""
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    half = (m.group(3) or "").replace(".", "").lower()
    if half:
        if not 1 <= hour <= 12:
            return ""
        hour = hour % 12 + (12 if half == "pm" else 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""


def _fill_time(parsed: pd.Series, column: pd.Series) -> np.ndarray:
    """The time read from the date, or else from a separate time column (the column itself is kept)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    times = np.array([_normal_time(str(u)) for u in uniques], dtype=object)
    from_column = times[codes] if len(codes) else np.array([], dtype=object)
    have = parsed.to_numpy(object)
    return np.where(have != "", have, from_column)


def event_ids(case_ids: pd.Series, files: pd.Series, rows: pd.Series) -> np.ndarray:
    """Stable 12-hex-digit ids from (case, source file, source row): the same on every run and machine."""
    from pandas.util import hash_array

    h = hash_array(case_ids.to_numpy(object))
    h = h * np.uint64(0x100000001B3) ^ hash_array(files.to_numpy(object))
    h = h * np.uint64(0x100000001B3) ^ hash_array(rows.to_numpy(np.int64).astype(np.uint64))
    h = hash_array(h)
    digits = np.array(list("0123456789abcdef"))
    shifts = np.arange(44, -1, -4, dtype=np.uint64)
    nibbles = ((h[:, None] >> shifts) & np.uint64(0xF)).astype(np.intp)
    ids = np.ascontiguousarray(digits[nibbles]).view("<U12").ravel().astype(object)
    seen = pd.Series(ids).duplicated(keep="first").to_numpy()
    if seen.any():  # a 48-bit collision: disambiguate deterministically by appending the source row
        ids[seen] = ids[seen] + "-" + rows.to_numpy().astype(str)[seen]
    return ids


# ---------------------------------------------------------------------------------------- reading, writing

_BOOL_TEXT = {True: "true", False: "false"}


def write_chronology(chronology: Chronology | pd.DataFrame, out: Path | TextIO | None = None) -> None:
    """Write the chronology as CSV (every field quoted; dates ISO) to a path, a stream, or stdout."""
    frame = chronology.frame if isinstance(chronology, Chronology) else chronology
    text = frame.copy()
    for col in (Column.DATE_START, Column.DATE_END):
        text[col.value] = pd.to_datetime(frame[col]).dt.strftime("%Y-%m-%d").fillna("")
    text[Column.DATE_APPROX.value] = frame[Column.DATE_APPROX].map(_BOOL_TEXT)
    if out is None:
        text.to_csv(sys.stdout, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
        return
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp")
        text.to_csv(tmp, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n", encoding="utf-8")
        tmp.replace(out)
        return
    text.to_csv(out, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")


def is_integrated(path: Path) -> bool:
    """Whether a file is an integrated chronology written by ``chronolane build`` (by its header)."""
    if not path.is_file() or path.suffix.lower() != ".csv":
        return False
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(io.StringIO(handle.readline())), [])
    return tuple(header[: len(COLUMNS)]) == COLUMNS


def read_chronology(path: Path | str) -> Chronology:
    """Read an integrated chronology CSV written by ``chronolane build`` back with its types."""
    path = Path(path)
    if not is_integrated(path):
        raise SourceError(
            f"{path}: not an integrated chronology (its header does not start with {', '.join(COLUMNS[:3])}, ...). "
            "Build one with `chronolane build`."
        )
    frame = pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig", engine="c"
    )
    for col in (Column.DATE_START, Column.DATE_END):
        frame[col.value] = pd.to_datetime(frame[col], format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
    frame[Column.DATE_APPROX.value] = frame[Column.DATE_APPROX].str.lower().eq("true")
    bad_rows = pd.to_numeric(frame[Column.SOURCE_ROW], errors="coerce")
    if bad_rows.isna().any():
        line = int(np.flatnonzero(bad_rows.isna().to_numpy())[0]) + 2
        raise SourceError(f"{path}: row {line}: source_row is not a number. Rebuild the chronology.")
    frame[Column.SOURCE_ROW.value] = bad_rows.astype(np.int64)
    cases = {str(c): Case(case_id=str(c), root=path) for c in pd.unique(frame[Column.CASE_ID])}
    return Chronology(frame=frame, cases=cases)


def open_chronology(path: Path | str) -> Chronology:
    """A chronology from whatever the user points at: an integrated CSV is read, anything else is built."""
    path = Path(path)
    if is_integrated(path):
        return read_chronology(path)
    return build_chronology(path)
