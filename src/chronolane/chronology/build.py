"""The integrated chronology: building it from a case's agency files (reading and writing it: chronology.io)."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from chronolane.case.details import CaseDetails, merge_case_details, read_case_details
from chronolane.case.model import Case, SourceFiles, SourceSpec, load_case
from chronolane.chronology.cross_checks import bidi_mask, duplicate_flags, life_and_period_flags
from chronolane.chronology.events import classify_rows
from chronolane.dates import parse_dates
from chronolane.dates.calendar import day_numbers
from chronolane.errors import CaseError, NoDataError, SourceError, UsageError
from chronolane.ingest import FRAME_NAME, SourceTable, frame_table, read_source
from chronolane.ingest.fields import CONSUMED, Field, match_fields
from chronolane.schema.agencies import normalise_agencies
from chronolane.schema.columns import (
    CATEGORIES,
    COLUMNS,
    DEFAULT_CONTACT_TYPES,
    RAW_RECORD,
    Column,
    IssueCode,
    YearStyle,
)
from chronolane.schema.dtypes import as_category
from chronolane.schema.issue_codes import count_issues, error_rows, join_issues
from chronolane.schema.keys import combination_codes
from chronolane.schema.limits import DEFAULT_LIMITS, Limits, raise_hint

if TYPE_CHECKING:  # the methods' option types; their modules load only when a method is called
    from matplotlib.axes import Axes

    from chronolane.dates.durations import Duration
    from chronolane.export import ExportReport
    from chronolane.follow_ups.rules import RuleSet
    from chronolane.measures.windows import DateLike
    from chronolane.schedules.model import Schedule
    from chronolane.schema.measures import Lane, Window
    from chronolane.swimlane.style import Relabel


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
    #: The full path of a file read from outside the case folder (``allow_outside``), else None.
    outside: Path | None = None
    #: Why the file was read but contributed nothing (empty, blank lines only), else "".
    skipped: str = ""
    #: File-level problems an author should fix (a column not found), with the case.toml lines to fix them.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chronology:
    """An integrated chronology: the rows (schema columns, then source columns), and the cases they belong to."""

    frame: pd.DataFrame
    cases: Mapping[str, Case]
    sources: tuple[SourceSummary, ...] = ()
    #: Fixed-column names that a source column had to give way to, as (file, header, renamed to).
    renamed: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    #: Entries of the case folder that were not read, as (name, why).
    not_read: tuple[tuple[str, str], ...] = ()
    #: Notes about the whole build (for example duplicate-check blocks too large to compare).
    notes: tuple[str, ...] = ()

    def gaps(
        self,
        *,
        lane: Lane | str = "agency",
        agencies: Collection[str] | None = None,
        types: Collection[str] | None = None,
        threshold: str | Duration = "6M",
        start: DateLike = None,
        end: DateLike = None,
        window: Window | str = "review",
        subject: str | None = None,
        contact_types: Collection[str] = DEFAULT_CONTACT_TYPES,
        contact_modes: Collection[str] | None = None,
    ) -> pd.DataFrame:
        """Every gap in contact of each lane of these rows and cases, the columns ``GAP_COLUMNS``.

        :func:`chronolane.find_gaps` with ``cases`` set to this chronology's; the options are its own.
        """
        from chronolane.measures.gaps import find_gaps

        return find_gaps(
            self.frame,
            cases=self.cases,
            lane=lane,
            agencies=agencies,
            types=types,
            threshold=threshold,
            start=start,
            end=end,
            window=window,
            subject=subject,
            contact_types=contact_types,
            contact_modes=contact_modes,
        )

    def lane_summary(
        self,
        *,
        lane: Lane | str = "agency",
        agencies: Collection[str] | None = None,
        types: Collection[str] | None = None,
        threshold: str | Duration = "6M",
        start: DateLike = None,
        end: DateLike = None,
        window: Window | str = "review",
        subject: str | None = None,
        contact_types: Collection[str] = DEFAULT_CONTACT_TYPES,
        contact_modes: Collection[str] | None = None,
    ) -> pd.DataFrame:
        """One row per lane (contacts, longest gap, gaps over ``threshold``), the columns ``SUMMARY_COLUMNS``.

        :func:`chronolane.summarise_lanes` with ``cases`` set to this chronology's; the options are its own.
        """
        from chronolane.measures.gaps import summarise_lanes

        return summarise_lanes(
            self.frame,
            cases=self.cases,
            lane=lane,
            agencies=agencies,
            types=types,
            threshold=threshold,
            start=start,
            end=end,
            window=window,
            subject=subject,
            contact_types=contact_types,
            contact_modes=contact_modes,
        )

    def check_schedule(
        self,
        schedule: Schedule | str | Path = "hcp-england",
        *,
        start: DateLike = None,
        end: DateLike = None,
        subject: str | None = None,
        require_births: bool = True,
    ) -> pd.DataFrame:
        """Each expected contact of ``schedule`` (a bundled name, a TOML file or a Schedule) and its outcome.

        :func:`chronolane.check_schedule` on these rows and cases; by default England's Healthy Child Programme.
        """
        from chronolane.schedules.checks import check_schedule

        return check_schedule(
            self.frame, self.cases, schedule, start=start, end=end, subject=subject, require_births=require_births
        )

    def follow_ups(
        self,
        rules: str | Path | RuleSet | Iterable[str | Path | RuleSet] = "wt2023",
        *,
        start: DateLike = None,
        end: DateLike = None,
    ) -> pd.DataFrame:
        """Each trigger of ``rules`` with its follow-up (if any), the lag and the outcome.

        :func:`chronolane.find_follow_ups` on these rows and cases; by default the bundled Working Together rules.
        """
        from chronolane.follow_ups.find import find_follow_ups

        return find_follow_ups(self.frame, rules, cases=self.cases, start=start, end=end)

    def plot(
        self,
        ax: Axes,
        *,
        case: Case | str | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        agencies: Sequence[str] | None = None,
        gaps: pd.DataFrame | None = None,
        follow_ups: pd.DataFrame | None = None,
        ages: str | None = None,
        title: str | None = None,
        relabel: Relabel = None,
        lanes: Sequence[str] | None = None,
        density_limit: float | None = None,
        overflow_limit: float | None = None,
        require_events: bool = True,
        list_undated: bool = True,
    ) -> Axes:
        """Draw one case's swimlane chart on ``ax`` and return ``ax``; never saves or shows.

        :func:`chronolane.draw_swimlanes` on this chronology; ``case`` picks the case when it holds several.
        """
        from chronolane.swimlane import draw_swimlanes

        return draw_swimlanes(
            ax,
            self,
            case=case,
            start=start,
            end=end,
            agencies=agencies,
            gaps=gaps,
            follow_ups=follow_ups,
            ages=ages,
            title=title,
            relabel=relabel,
            lanes=lanes,
            density_limit=density_limit,
            overflow_limit=overflow_limit,
            require_events=require_events,
            list_undated=list_undated,
        )

    def export(
        self,
        path: Path | str,
        *,
        force: bool = False,
        inputs: Iterable[Path | str] = (),
        pseudonyms: Mapping[str, str] | None = None,
        chart: bool = True,
        gaps: bool = True,
        gap_threshold: str = "6M",
        follow_ups: Iterable[str | Path] | None = None,
    ) -> ExportReport:
        """Write the chronology for readers (.docx, .xlsx, .html, .md, .csv; the format by the extension).

        :func:`chronolane.export_chronology` on this chronology: pseudonymised, written atomically, never over
        an input or an existing file unless ``force``; returns its report.
        """
        from chronolane.workflows import export_chronology

        return export_chronology(
            self,
            path,
            force=force,
            inputs=inputs,
            pseudonyms=pseudonyms,
            chart=chart,
            gaps=gaps,
            gap_threshold=gap_threshold,
            follow_ups=follow_ups,
        )

    def has_errors(self) -> bool:
        """Whether any row carries an error-level issue (what ``build --strict`` fails on)."""
        return bool(error_rows(self.frame[Column.ISSUES]).any())

    def summary(self) -> list[str]:
        """A short human summary: files read, records per agency, dated/undated/invalid, issues by code."""
        f = self.frame
        lines = [f"{len(f)} records from {len(self.sources)} file(s), {len(self.cases)} case(s)."]
        for s in self.sources:
            if s.skipped:
                lines.append(f"  {s.file}: skipped: {s.skipped}")
                continue
            how = (
                f"sheet {s.sheet!r}"
                if s.sheet
                else f"{s.encoding}, delimiter {s.delimiter!r}"
                if s.encoding
                else "typed columns read as text"
            )
            blank = f", {s.blank_rows} blank row(s) skipped" if s.blank_rows else ""
            lines.append(f"  {s.file}: {s.records} record(s) ({how}{blank})")
            if s.outside is not None:
                lines.append(f"    note: read from outside the case folder: {s.outside}")
            lines += [f"    note: {n}" for n in s.notes]
            for warning in s.warnings:
                wrapped = [part for line in warning.split("\n") for part in textwrap.wrap(line, 88) or [""]]
                lines += ["    warning: " + wrapped[0], *("      " + w for w in wrapped[1:])]
        for name, why in self.not_read:
            lines.append(f"  {name}: not read: {why}")
        lines += [f"Note: {n}" for n in self.notes]
        for file, header, new in self.renamed:
            lines.append(f"  {file}: column {header!r} kept as {new!r} (the name is a fixed column)")
        if len(f):
            lines.append("Records per agency:")
            for agency, n in f[Column.AGENCY].value_counts(sort=False).sort_index().loc[lambda n: n > 0].items():
                name = str(agency)
                name = name if len(name) <= _NAME_CHARS else name[: _NAME_CHARS - 1] + "…"
                lines.append(f"  {name}: {n}")
        issues = count_issues(f[Column.ISSUES])
        dated = int(f[Column.DATE_START].notna().sum())
        lines.append(
            f"Dated: {dated}; undated: {issues.get(IssueCode.UNDATED, 0)}; "
            f"invalid: {issues.get(IssueCode.INVALID_DATE, 0)}; unread: {issues.get(IssueCode.UNPARSED_DATE, 0)}."
        )
        if issues:
            lines.append("Issues (rows): " + ", ".join(f"{c} {n}" for c, n in sorted(issues.items())))
        return lines


#: Longest agency name the summary prints in full (an agency column can hold any text).
_NAME_CHARS = 60

# ---------------------------------------------------------------------------------------------- building


def build_chronology(
    source: Source,
    *,
    ages: bool = False,
    today: dt.date | None = None,
    pseudonymise: bool = False,
    allow_outside: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    cases: CaseDetails | None = None,
) -> Chronology:
    """Read every agency file of a case (folder, single file or long-format file) into one chronology.

    ``source`` may also be a long-format DataFrame (its rows named ``<DataFrame>`` in source_file, source_row
    counting from 1) or a mapping of agency name to that agency's DataFrame (source_file is the agency name);
    every cell is kept as text, as from a file. ``cases`` (a case details file or DataFrame, see
    :func:`chronolane.case.details.read_case_details`) gives the subjects, births, deaths and review period
    of the cases of long-format data.

    Every input record appears exactly once, with its original text; what cannot be understood is flagged
    in the ``issues`` column. ``today`` (default: the real date) is only used to flag future dates.
    ``pseudonymise`` replaces names by the case's pseudonyms everywhere (see
    :func:`chronolane.case.pseudonyms.pseudonymise_chronology`); the original text is then the pseudonymised one.
    Files must lie inside the case folder unless ``allow_outside``; ``limits`` bounds what one file may hold.
    Empty and blank-only files are skipped and reported.
    """
    details = read_case_details(cases) if cases is not None else None
    chronology = _build(source, ages=ages, today=today, allow_outside=allow_outside, limits=limits, details=details)
    if pseudonymise:
        from chronolane.case.pseudonyms import pseudonymise_chronology

        chronology, _ = pseudonymise_chronology(chronology)
    return chronology


def pseudonymised_path(source: Path | str | Case, path: Path) -> Path:
    """``path`` with the names in its file name replaced by the pseudonyms of the case at ``source``."""
    from chronolane.case.pseudonyms import Pseudonymiser, case_mapping

    case = source if isinstance(source, Case) else load_case(source)
    return path.with_name(Pseudonymiser(case_mapping([case])).apply(path.name))


#: What ``build_chronology`` reads: a case folder, file or loaded case; a long-format DataFrame; or a mapping of
#: agency name to that agency's DataFrame.
Source = Path | str | Case | pd.DataFrame | Mapping[str, pd.DataFrame]

#: The case id of rows of a DataFrame that has no case_id column.
FRAME_CASE = "dataframe"


@dataclass(frozen=True)
class _Job:
    """One source to read: its settings, how to read it, and where it lies if outside the case folder."""

    spec: SourceSpec
    read: Callable[[], SourceTable]
    outside: Path | None = None
    path: Path | None = None


def _frame_jobs(source: pd.DataFrame | Mapping[str, pd.DataFrame], limits: Limits) -> tuple[Case, list[_Job]]:
    """The case and sources of a DataFrame given to ``build_chronology`` (the agency key names each source)."""
    if isinstance(source, pd.DataFrame):
        read = partial(frame_table, source, limits=limits)
        return Case(case_id=FRAME_CASE), [_Job(SourceSpec(file=FRAME_NAME), read)]
    jobs = []
    for agency, frame in source.items():
        if not isinstance(frame, pd.DataFrame):
            raise UsageError(
                f"build_chronology: the value for agency {str(agency)!r} is a {type(frame).__name__}, not a "
                "DataFrame. Give a mapping of agency name to that agency's DataFrame."
            )
        name = str(agency)
        jobs.append(_Job(SourceSpec(file=name, agency=name), partial(frame_table, frame, name=name, limits=limits)))
    return Case(case_id=FRAME_CASE), jobs


def _file_jobs(case: Case, *, allow_outside: bool, limits: Limits) -> tuple[list[_Job], SourceFiles]:
    """The agency files of a case folder (or the single file) to read, and the folder listing."""
    listing = case.list_sources(allow_outside=allow_outside)
    jobs = []
    for path in listing.files:
        spec = case.spec_for(path)
        read = partial(read_source, path, sheet=spec.sheet, header_row=spec.header_row, limits=limits)
        jobs.append(_Job(spec, read, path.resolve() if path in listing.outside else None, path))
    return jobs, listing


def _build(
    source: Source,
    *,
    ages: bool,
    today: dt.date | None,
    allow_outside: bool,
    limits: Limits,
    details: Mapping[str, Case] | None = None,
) -> Chronology:
    """The chronology of :func:`build_chronology`, before any pseudonyms."""
    if isinstance(source, pd.DataFrame | Mapping):
        case, jobs = _frame_jobs(source, limits)
        listing = SourceFiles(())
        if not jobs:
            raise NoDataError("build_chronology: the mapping of agency to DataFrame is empty; give at least one.")
    else:
        case = source if isinstance(source, Case) else load_case(source)
        jobs, listing = _file_jobs(case, allow_outside=allow_outside, limits=limits)
    # Only a case read from a folder (root set) lists unreadable entries.
    failures = [f"{case.root / name}: this is {why}." for name, why in listing.unreadable] if case.root else []
    if not jobs and not failures:
        raise NoDataError(
            f"{case.root}: no chronology files (CSV, Excel, OpenDocument, Word or Parquet) found. Put one file per "
            "agency in the folder."
        )
    parts, summaries, renamed = [], [], []
    for order, job in enumerate(jobs):
        name = job.spec.file if job.path is None else job.path.name
        try:
            table = job.read()
        except (SourceError, CaseError) as error:
            failures.append(str(error))
            continue
        if not table.headers:
            summaries.append(
                SourceSummary(
                    file=name,
                    records=0,
                    encoding=table.encoding,
                    delimiter=table.delimiter,
                    sheet=table.sheet,
                    blank_rows=table.blank_rows,
                    outside=job.outside,
                    skipped="an empty file (no bytes)"
                    if job.path is not None and job.path.stat().st_size == 0
                    else "nothing but blank lines or empty cells",
                )
            )
            continue
        try:
            part, moved, warnings = _source_frame(case, job.spec, table, order, name, frame=job.path is None)
        except (SourceError, CaseError) as error:
            failures.append(str(error))
            continue
        parts.append(part)
        renamed += [(name, old, new) for old, new in moved]
        summaries.append(
            SourceSummary(
                file=name,
                records=len(table.records),
                encoding=table.encoding,
                delimiter=table.delimiter,
                sheet=table.sheet,
                blank_rows=table.blank_rows,
                notes=table.notes,
                outside=job.outside,
                warnings=tuple(warnings),
            )
        )
    if failures:
        if len(failures) == 1:
            raise SourceError(failures[0] + _IGNORE_HINT)
        raise SourceError(
            f"{len(failures)} files cannot be read:\n" + "\n".join(f"  {f}" for f in failures) + _IGNORE_HINT
        )
    if not parts:
        raise NoDataError(
            f"{case.root or 'the DataFrame'}: every chronology file is empty or blank "
            f"({', '.join(s.file for s in summaries)}). Check that the agencies' files were saved with their rows."
        )
    frame = _concat(parts)
    del parts, table  # the frame holds the rows now; what only these hold can be freed as columns are dropped
    cases = _cases_of(case, frame)
    detail_notes: list[str] = []
    if details is not None:
        cases, detail_notes = merge_case_details(cases, details)
    frame, notes = _complete(frame, cases, today or dt.date.today(), limits)
    notes += detail_notes
    if ages:
        from chronolane.chronology.ages import add_ages

        frame = add_ages(frame, cases)
    return Chronology(
        frame=frame,
        cases=cases,
        sources=tuple(summaries),
        renamed=tuple(renamed),
        not_read=listing.skipped,
        notes=tuple(notes),
    )


_KEEP_SUFFIX = " (source)"
#: What a too-long date cell is parsed as: text no date rule reads (the cell itself is kept).
_UNREADABLE = "#"
_IGNORE_HINT = (
    '\nA file that is not an agency chronology can be left out with ignore = ["<file name>"] at the top of case.toml.'
)
#: Fields whose column an author is warned about when no header names it.
_EXPECTED = (Field.DATE, Field.DESCRIPTION, Field.TYPE)


def _source_frame(
    case: Case, spec: SourceSpec, table: SourceTable, order: int, source_name: str, *, frame: bool = False
) -> tuple[pd.DataFrame, list[tuple[str, str]], list[str]]:
    """One file's records with the fixed text columns filled in and the other columns kept; and warnings."""
    headers = list(table.records.columns)
    found = match_fields(headers, spec.columns)
    if spec.agency and Field.AGENCY not in spec.columns:
        # The file is declared to be one agency's: a column that looks like an agency column (a housing
        # file's "Service": Tenancy, Rent, ...) is kept as an ordinary column.
        found.pop(Field.AGENCY, None)
    for mapped, header in found.items():
        if header not in headers:
            raise CaseError(
                f"{spec.file}: case.toml maps {mapped.value} to the column '{header}', which the file does not "
                f"have. Its columns are: {', '.join(repr(h) for h in headers)}."
            )
    warnings = _missing_columns(table, found, headers, frame=frame)
    rec, n = table.records, len(table.records)

    def text(f: Field) -> pd.Series:
        return rec[found[f]].astype("str") if f in found else pd.Series("", index=rec.index, dtype="str")

    default_agency = spec.agency or Path(spec.file).stem.replace("_", " ").replace("-", " ")
    agency_text = (
        text(Field.AGENCY) if Field.AGENCY in found else pd.Series(default_agency, index=rec.index, dtype="str")
    )
    agency_text = agency_text.where(agency_text.str.strip() != "", default_agency)
    part = pd.DataFrame(
        {
            Column.CASE_ID.value: text(Field.CASE_ID).str.strip(),
            "_agency_text": agency_text,
            "_subject_text": text(Field.SUBJECT),
            Column.DATE_TEXT.value: text(Field.DATE),
            "_recorded_text": text(Field.RECORDED),
            "_time_text": text(Field.TIME),
            "_outcome_text": text(Field.OUTCOME),
            Column.TYPE_TEXT.value: text(Field.TYPE),
            Column.DESCRIPTION.value: text(Field.DESCRIPTION),
            Column.SOURCE_FILE.value: _constant(source_name, n),
            Column.SOURCE_ROW.value: table.meta["source_row"].to_numpy(dtype=np.int64),
            RAW_RECORD: table.meta["raw_record"].astype("str"),
            "_record_issues": table.meta["record_issues"].astype("str"),
            "_order": _constant((spec.date_order or case.date_order).value, n),
            "_year_style": _constant((spec.year_style or case.year_style).value, n),
            "_source_index": np.full(n, order, dtype=np.int32),
            "_default_subject": _constant(spec.subject or "", n),
        }
    )
    case_ids = part[Column.CASE_ID.value].where(part[Column.CASE_ID.value] != "", case.case_id)
    # The case id as a categorical from here on: each step that groups by case reuses its codes.
    part[Column.CASE_ID.value] = as_category(Column.CASE_ID.value, case_ids)
    consumed = {found[f] for f in CONSUMED if f in found}
    moved, kept = [], {}
    for header in headers:
        if header in consumed:
            continue
        name = header
        if name in COLUMNS or name == RAW_RECORD or name.startswith("_"):
            name = header + _KEEP_SUFFIX
            moved.append((header, name))
        kept[name] = rec[header].astype("str")
    if kept:  # added at once: one column at a time costs quadratic time in the number of columns
        part = pd.concat([part, pd.DataFrame(kept, index=part.index)], axis=1)
    return part, moved, warnings


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The files' rows one after another; a categorical column stays one (its categories joined, in text
    order) where pandas would give plain text for categories that differ."""
    frame = pd.concat(parts, ignore_index=True, sort=False)
    for name in parts[0].columns:  # every file's part has the same fixed columns, categorical or not
        if isinstance(parts[0][name].dtype, pd.CategoricalDtype) and frame[name].dtype != parts[0][name].dtype:
            frame[name] = pd.Series(
                union_categoricals([p[name] for p in parts], sort_categories=True), index=frame.index
            )
    return frame


def _constant(value: str, n: int) -> pd.Categorical[Any]:
    """``n`` rows of one value, as a categorical (one byte a row)."""
    return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), dtype=pd.CategoricalDtype([value]))


def _missing_columns(
    table: SourceTable, found: Mapping[Field, str], headers: list[str], *, frame: bool = False
) -> list[str]:
    """A warning naming the date, description and type columns not found, with the case.toml lines to fix it
    (for a DataFrame: the column to rename)."""
    missing = [f for f in _EXPECTED if f not in found and not (f == Field.DATE and Field.RECORDED in found)]
    if not missing or not len(table.records):
        return []
    if Field.DATE in missing:
        _check_looks_like_a_table(table, headers)
    effects = {
        Field.DATE: "every row is undated",
        Field.DESCRIPTION: "descriptions are empty",
        Field.TYPE: "event types come from the descriptions alone",
    }
    if frame:
        return [
            f"no {' or '.join(f.value for f in missing)} column found ({'; '.join(effects[f] for f in missing)}). "
            f"Its columns are: {_header_list(headers)}. If one of them holds it, rename it in the DataFrame "
            f"(for example to {', '.join(repr(f.value.capitalize()) for f in missing)})."
        ]
    lines = "\n".join(f'{f.value} = "<the header of the {f.value} column>"' for f in missing)
    return [
        f"no {' or '.join(f.value for f in missing)} column found ({'; '.join(effects[f] for f in missing)}). "
        f"Its columns are: {_header_list(headers)}. If one of them holds it, add to case.toml:\n"
        f'[[sources]]\nfile = "{table.path.name}"\n[sources.columns]\n{lines}'
    ]


#: A header longer than this is taken for data, not a column name, and never quoted in a message.
_HEADER_CHARS = 60


def _header_list(headers: list[str]) -> str:
    """The headers for a message, a header too long to be a column name left out (it may be data)."""
    return ", ".join(repr(h) if len(h) <= _HEADER_CHARS else "(a long header)" for h in headers)


def _check_looks_like_a_table(table: SourceTable, headers: list[str]) -> None:
    """SourceError for a file without a date column whose first row is not column names: a file that is not a
    chronology table, or one without a header row. The message never quotes that row (it may be data, or a
    line of a file that is no chronology)."""
    if len(headers) < 2:
        raise SourceError(
            f"{table.path}: has a single column and no date column, so it does not look like a chronology table. "
            "Give a CSV (comma, semicolon, tab or | separated) or a workbook with a header row: Date, Agency, "
            "Description, ..."
        )
    if any(len(h) > _HEADER_CHARS for h in headers) or bool(
        parse_dates(pd.Series(headers, dtype="str"))[Column.DATE_START.value].notna().any()
    ):
        raise SourceError(
            f"{table.path}: no date column found, and the first row holds a date or long text, so it looks like "
            "data rather than column names. Add a header row naming the columns (Date, Agency, Description, ...)."
        )


def _cases_of(case: Case, frame: pd.DataFrame) -> dict[str, Case]:
    """The case metadata per case_id: case.toml's for its own id, bare cases for other ids in a long file."""
    ids = pd.unique(frame[Column.CASE_ID])
    if not len(ids):
        return {case.case_id: case}
    bare = _bare(case)
    return {str(cid): case if cid == case.case_id else replace(bare, case_id=str(cid)) for cid in ids}


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


def _complete(
    frame: pd.DataFrame, cases: Mapping[str, Case], today: dt.date, limits: Limits
) -> tuple[pd.DataFrame, list[str]]:
    """Dates, agencies, subjects, event types, ids, checks and issues for the concatenated records; sorted;
    and notes on the whole build."""
    first_case = next(iter(cases.values()))
    # Classifying reads only the type, outcome and description cells, and spends its time in Arrow's regular
    # expressions (which let go of the GIL): it runs on a second thread while the dates are read.
    with ThreadPoolExecutor(max_workers=1) as pool:
        classified = pool.submit(
            classify_rows,
            frame[Column.TYPE_TEXT],
            frame[Column.DESCRIPTION],
            frame["_outcome_text"].fillna(""),
            first_case.event_types,
        )
        unknown_subject, dates, too_long, by_record = _dated(frame, cases, first_case, limits)
        frame[Column.EVENT_ID.value] = event_ids(
            frame[Column.CASE_ID], frame[Column.SOURCE_FILE], frame[Column.SOURCE_ROW]
        )
        found = classified.result()
    frame[Column.EVENT_TYPE.value] = found.event_type
    frame[Column.ATTENDANCE.value] = found.attendance
    frame[Column.MODE.value] = found.mode
    # The duplicate check reads its own columns, on a second thread; the sort key is found meanwhile.
    compared = frame[[Column.CASE_ID, Column.DATE_START, Column.DATE_END, Column.DESCRIPTION, Column.EVENT_ID]]
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(duplicate_flags, compared, max_block=limits.duplicate_block)
        bidi = bidi_mask(frame)
        flags = life_and_period_flags(frame, cases, today)
        order = _sort_order(frame)
        duplicates, unchecked = checked.result()
    del compared
    notes = []
    if unchecked.any():
        notes.append(
            f"{int(unchecked.sum())} rows share their case and date with more than {limits.duplicate_block} "
            f"others, too many to compare for duplicates; flagged {IssueCode.DUPLICATE_CHECK_SKIPPED.value}. "
            + raise_hint("duplicate_block", limits.duplicate_block * 5, when="To compare them")
        )
    frame[Column.ISSUES.value] = join_issues(
        [frame["_record_issues"], dates["issues"]],
        [
            *flags,
            (found.fell_back.to_numpy(), IssueCode.UNKNOWN_EVENT_TYPE.value),
            (found.contradiction.to_numpy(), IssueCode.ATTENDANCE_CONTRADICTION.value),
            (unknown_subject.to_numpy(), IssueCode.UNKNOWN_SUBJECT.value),
            (too_long, IssueCode.DATE_TOO_LONG.value),
            (bidi, IssueCode.BIDI_CONTROL.value),
            (unchecked, IssueCode.DUPLICATE_CHECK_SKIPPED.value),
            (by_record, IssueCode.DATED_BY_RECORD.value),
        ],
        duplicates,
    ).array
    extras = [c for c in frame.columns if c not in COLUMNS and not c.startswith("_") and c != RAW_RECORD]
    tail = [RAW_RECORD] if (frame[RAW_RECORD] != "").any() else []
    del dates, found
    # Scratch columns dropped first, then sorted a column at a time, each dropped from the frame once copied:
    # never two copies of every column.
    kept = [*COLUMNS, *extras, *tail]
    for name in [c for c in frame.columns if c not in kept]:
        del frame[name]
    indices = pa.array(order)
    out = pd.DataFrame({name: _taken(frame.pop(name), order, indices) for name in kept})
    # A column that only some files have is empty ("") on the other files' rows, never missing.
    if len(extras) and out[extras].isna().any().any():
        out[extras] = out[extras].fillna("")
    return out, notes  # its categorical columns are categoricals already (_taken)


def _dated(
    frame: pd.DataFrame, cases: Mapping[str, Case], first_case: Case, limits: Limits
) -> tuple[pd.Series, pd.DataFrame, np.ndarray, np.ndarray]:
    """Agencies, subjects, dates and times into ``frame``; returns the unknown-subject mask, the parsed dates
    (for their issues), the mask of date cells too long to read and that of rows dated by their record."""
    agencies = normalise_agencies(frame["_agency_text"], first_case.agencies)
    frame[Column.AGENCY.value] = as_category(Column.AGENCY.value, agencies)
    subjects, unknown_subject = _subjects(frame, cases)
    frame[Column.SUBJECT.value] = subjects
    # A source, for date order and relative dates, is one agency's rows of one case in one file.
    source_key = pd.Series(
        combination_codes(frame[Column.CASE_ID], frame[Column.SOURCE_FILE], frame[Column.AGENCY]), index=frame.index
    )
    orders = frame["_order"]
    # A date cell longer than any date is not parsed (parsing cost grows with its length): kept and flagged.
    too_long = (frame[Column.DATE_TEXT].str.len() > limits.date_chars).to_numpy(dtype=bool)
    date_text = frame[Column.DATE_TEXT].where(~too_long, _UNREADABLE) if too_long.any() else frame[Column.DATE_TEXT]
    dates = parse_dates(
        date_text,
        sources=source_key,
        order=orders.iloc[0] if orders.nunique() == 1 else orders,
        year_style=_year_styles(frame["_year_style"], frame[Column.AGENCY]),
    )
    frame["_source_key"] = source_key
    for col in (Column.DATE_START, Column.DATE_END, Column.DATE_PRECISION, Column.DATE_APPROX, Column.EDTF):
        frame[col.value] = dates[col.value]
    frame[Column.TIME.value] = _fill_time(dates[Column.TIME.value], frame["_time_text"])
    by_record = _recorded_dates(frame, dates, source_key, orders)
    return unknown_subject, dates, too_long, by_record


def _taken(column: pd.Series, order: np.ndarray, indices: pa.Array) -> Any:
    """The column's values in ``order`` (``indices`` is the same as an Arrow array). A categorical column of
    the schema becomes one first, so only its codes move; other Arrow text is taken in Arrow, twice as fast
    as through pandas."""
    if column.name in CATEGORIES:
        return as_category(str(column.name), column).take(order)
    array = column.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        return pd.array(pc.take(pa.array(array), indices), dtype=column.dtype)
    return column.take(order).array


#: Agencies whose bare split years (2018/19) are academic years when the year style is auto.
ACADEMIC_AGENCIES = frozenset({"School", "Early years", "Education services"})


def _year_styles(styles: pd.Series, agencies: pd.Series) -> pd.Series:
    """Each row's year style, auto resolved: academic for schools and education, calendar otherwise."""
    names = [style.value for style in YearStyle]
    codes, written = pd.factorize(styles)
    code = np.array([names.index(str(w)) for w in written], dtype=np.int8)[codes]
    auto = code == names.index(YearStyle.AUTO.value)
    school = agencies.isin(ACADEMIC_AGENCIES).to_numpy()
    code[auto] = np.where(school[auto], names.index(YearStyle.ACADEMIC.value), names.index(YearStyle.CALENDAR.value))
    return pd.Series(pd.Categorical.from_codes(code, dtype=pd.CategoricalDtype(names)), index=styles.index)


def _recorded_dates(frame: pd.DataFrame, dates: pd.DataFrame, sources: pd.Series, orders: pd.Series) -> np.ndarray:
    """Fill ``recorded_start``/``recorded_end`` from a reported/recorded date column, and date the rows whose
    occurrence date is blank or unreadable by it. Returns the mask of rows dated by their record.

    ``dates`` (the occurrence dates) is updated in place: an undated row dated by its record loses ``undated``.
    """
    recorded = frame["_recorded_text"]
    has = recorded.str.strip() != ""
    none = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    if not has.any():
        frame[Column.RECORDED_START.value] = none
        frame[Column.RECORDED_END.value] = none.copy()
        return np.zeros(len(frame), dtype=bool)
    parsed = parse_dates(recorded, sources=sources, order=orders.iloc[0] if orders.nunique() == 1 else orders)
    frame[Column.RECORDED_START.value] = parsed[Column.DATE_START.value].where(has)
    frame[Column.RECORDED_END.value] = parsed[Column.DATE_END.value].where(has)
    fallback = (dates[Column.DATE_START.value].isna() & parsed[Column.DATE_START.value].notna() & has).to_numpy()
    if fallback.any():
        for col in (Column.DATE_START, Column.DATE_END, Column.DATE_APPROX):
            frame.loc[fallback, col.value] = parsed.loc[fallback, col.value]
        for col in (Column.DATE_PRECISION, Column.EDTF):  # categoricals whose categories differ: as text
            frame[col.value] = frame[col].astype("str").where(~fallback, parsed[col].astype("str"))
        undated = rf"(^|;){IssueCode.UNDATED.value}(?=;|$)"
        issues = dates["issues"].astype("str")
        dates["issues"] = issues.where(~fallback, issues.str.replace(undated, "", regex=True).str.lstrip(";"))
    return fallback


_MINUTES_A_DAY = 1440


def _minutes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dated, first minute, last minute) of each row's interval; a time of day narrows a day to its minute."""
    start, end = day_numbers(frame[Column.DATE_START]), day_numbers(frame[Column.DATE_END])
    dated = ~(np.isnat(frame[Column.DATE_START].to_numpy()) | np.isnat(frame[Column.DATE_END].to_numpy()))
    # Times are "HH:MM" or "": read once per distinct value.
    codes, times = pd.factorize(frame[Column.TIME].astype("str"), use_na_sentinel=False)
    of_time = np.array([_minute_of_day(str(t)) for t in times] + [-1], dtype=np.int64)[codes]
    timed = (of_time >= 0) & dated
    minute = np.where(timed, of_time, 0)
    first = np.where(dated, start * _MINUTES_A_DAY + minute, 0)
    last = np.where(dated, end * _MINUTES_A_DAY + np.where(timed, minute, _MINUTES_A_DAY - 1), 0)
    return dated, first, last


def _minute_of_day(time: str) -> int:
    """The minute of the day of an "HH:MM" time; -1 for anything else (no time)."""
    if len(time) != 5:
        return -1
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def _sort_order(frame: pd.DataFrame) -> np.ndarray:
    """Row positions: cases in order of first appearance; within a case by date, keeping each source's order.

    A row's key is the latest start among it and its source's earlier rows, unless that lies after the
    row's own end (the dates force it earlier: then its own start). Undated rows take the key of the
    previous row of their source (the next at its start; last in the case if the source has no date).
    Equal keys keep file order (file, then row). See docs/dates.md, "Order in the chronology".
    """
    dated, first, last = _minutes(frame)
    by_source = pd.Series(np.where(dated, first, np.iinfo(np.int64).min)).groupby(frame["_source_key"].to_numpy())
    running = by_source.cummax().to_numpy()
    own = pd.Series(np.where(dated, np.where(running > last, first, running), np.nan).astype(np.float64))
    by_source_key = own.groupby(frame["_source_key"].to_numpy())
    key = by_source_key.ffill().fillna(by_source_key.bfill()).fillna(np.inf).to_numpy()
    case = pd.factorize(frame[Column.CASE_ID])[0]
    file_index, file_row = frame["_source_index"].to_numpy(), frame[Column.SOURCE_ROW].to_numpy()
    packed = _packed(case, key) if _in_file_order(file_index, file_row) else None
    if packed is not None:  # file order is frame order: one stable sort of one integer key
        return np.argsort(packed, kind="stable")
    return np.lexsort((file_row, file_index, key, case))


def _in_file_order(file_index: np.ndarray, file_row: np.ndarray) -> bool:
    """Whether the rows are in order of (file, row), as concatenated."""
    step = np.diff(file_index)
    return bool((step >= 0).all() and ((step > 0) | (np.diff(file_row) >= 0)).all())


def _packed(case: np.ndarray, key: np.ndarray) -> np.ndarray | None:
    """(case, key) as one int64 that sorts the same way (keys are whole minutes, or inf last); None when the
    range does not fit."""
    finite = np.isfinite(key)
    low, high = (key[finite].min(), key[finite].max()) if finite.any() else (0.0, 0.0)
    span = int(high - low) + 2  # the last slot is inf
    if not len(case) or (int(case.max()) + 1) > np.iinfo(np.int64).max // span:
        return None
    minute = np.where(finite, key - low, span - 1).astype(np.int64)
    return case.astype(np.int64) * span + minute


def _subjects(frame: pd.DataFrame, cases: Mapping[str, Case]) -> tuple[pd.Series | np.ndarray, pd.Series]:
    """Subject ids from the subject column (matched to ids, names and aliases) or the source's default."""
    written = frame["_subject_text"].str.strip()
    written = written.where(written != "", frame["_default_subject"].astype("str"))
    if not any(case.subjects for case in cases.values()):
        return written, pd.Series(np.zeros(len(frame), dtype=bool), index=frame.index)
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


def _fill_time(parsed: pd.Series, column: pd.Series) -> pd.Series | np.ndarray:
    """The time read from the date, or else from a separate time column (the column itself is kept)."""
    if not (column != "").any():
        return parsed
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    times = np.array([_normal_time(str(u)) for u in uniques], dtype=object)
    from_column = times[codes] if len(codes) else np.array([], dtype=object)
    have = parsed.to_numpy(object)
    return np.where(have != "", have, from_column)


#: Each byte value as its two lower-case hex digits (ASCII), for writing ids without Python strings.
_HEX_PAIRS = np.frombuffer(b"".join(f"{b:02x}".encode() for b in range(256)), dtype=np.uint8).reshape(256, 2)


def event_ids(case_ids: pd.Series, files: pd.Series, rows: pd.Series) -> pd.Series:
    """Stable 12-hex-digit ids from (case, source file, source row): the same on every run and machine."""
    from pandas.util import hash_array

    def hashed(values: pd.Series) -> np.ndarray:
        codes, uniques = pd.factorize(values)
        return hash_array(np.asarray(uniques, dtype=object))[codes]

    h = hashed(case_ids)
    h = h * np.uint64(0x100000001B3) ^ hashed(files)
    h = h * np.uint64(0x100000001B3) ^ hash_array(rows.to_numpy(np.int64).astype(np.uint64))
    h = hash_array(h)
    # The low 48 bits as twelve ASCII hex digits in one buffer, handed to Arrow: no Python object per row.
    low = np.ascontiguousarray(h.astype(">u8").view(np.uint8).reshape(-1, 8)[:, 2:])
    text = _HEX_PAIRS[low].ravel()
    offsets = np.arange(0, 12 * len(h) + 1, 12, dtype=np.int64)
    ids = pa.Array.from_buffers(pa.large_string(), len(h), [None, pa.py_buffer(offsets), pa.py_buffer(text)])
    seen = _repeats(h & np.uint64(0xFFFFFFFFFFFF))
    if seen.any():  # a 48-bit collision: disambiguate deterministically by appending the source row
        row_text = pc.cast(pa.array(rows.to_numpy()), pa.large_string())
        ids = pc.if_else(
            pa.array(seen), pc.binary_join_element_wise(ids, row_text, pa.scalar("-", pa.large_string())), ids
        )
    return pd.Series(ids, index=case_ids.index, dtype="str")


def _repeats(values: np.ndarray) -> np.ndarray:
    """Whether each value occurred earlier. A sort finds the repeated values (a hash table of millions of
    random keys outgrows the cache: 15 times slower at 4M rows than at 1M); only their rows are then compared."""
    ordered = np.sort(values)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    seen = np.zeros(len(values), dtype=bool)
    if len(repeated):
        rows = np.flatnonzero(np.isin(values, repeated))
        seen[rows] = pd.Series(values[rows]).duplicated(keep="first").to_numpy()
    return seen


# ---------------------------------------------------------------------------------------- reading, writing
