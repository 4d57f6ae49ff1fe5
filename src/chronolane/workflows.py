"""What combines the stages for one call: plotting a case, exporting a chronology with its gaps and follow-ups,
and the casebook (for each case its swimlane chart, PNG and PDF, and a short summary in Markdown)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from chronolane.case.model import Case
from chronolane.case.pseudonyms import Pseudonymiser, case_mapping, pseudonymise_chronology
from chronolane.chronology.build import Chronology, build_chronology
from chronolane.chronology.io import open_chronology
from chronolane.dates.durations import Duration, DurationUnit, parse_duration
from chronolane.errors import UsageError
from chronolane.export import ExportFormat, ExportReport, Extras, writer_for
from chronolane.export.common import format_for, prepare
from chronolane.export.timeline import GAP_THRESHOLD
from chronolane.files.output import (
    case_file_stem,
    in_same_folder,
    output_error,
    output_file,
    safe_output,
    write_atomic,
)
from chronolane.follow_ups.find import find_follow_ups
from chronolane.measures.contact import is_missed
from chronolane.measures.gaps import Exceeds, find_gaps, summarise_lanes
from chronolane.schedules.checks import check_schedule
from chronolane.schedules.model import Outcome, load_schedule
from chronolane.schema.columns import ISSUE_SEPARATOR, Column

#: The figure formats written for every case that has dated events: PNG for screens, PDF for print.
CHART_SUFFIXES = (".png", ".pdf")
SUMMARY_SUFFIX = ".md"
_UNITS = {
    DurationUnit.DAY: "day",
    DurationUnit.WEEK: "week",
    DurationUnit.MONTH: "month",
    DurationUnit.YEAR: "year",
    DurationUnit.WORKING_DAY: "working day",
    DurationUnit.SCHOOL_DAY: "school day",
}


@dataclass(frozen=True)
class Measures:
    """What the summary reports, computed once for every case of a chronology."""

    gaps: pd.DataFrame
    lanes: pd.DataFrame
    schedule: pd.DataFrame
    schedule_title: str
    threshold: Duration


def write_casebook(
    case_paths: Sequence[Path | str],
    out_dir: Path | str,
    *,
    threshold: str = "6M",
    schedule: str | Path = "hcp-england",
) -> list[Path]:
    """Build each case and write ``<case_id>.png``, ``<case_id>.pdf`` and ``<case_id>.md`` into ``out_dir``.

    The chart covers the review period onwards (everything when there is none) with gaps over
    ``threshold`` shaded; the summary lists those gaps, missed appointments, the expected contacts of
    ``schedule`` for subjects with a birth date, and the undated rows. A case with no dated row gets the
    summary only. Each case's pseudonym map applies to the charts, the summaries and the file names (the
    case id as pseudonymised). Returns the paths written, in order. Output is byte-identical across runs.
    """
    if not case_paths:
        raise UsageError("no case given: name one or more case folders (for example chronologies/*).")
    out = _output_folder(Path(out_dir))
    duration = parse_duration(threshold)
    plan = load_schedule(schedule)
    chronologies = [pseudonymise_chronology(build_chronology(path))[0] for path in case_paths]
    _refuse_duplicates(chronologies, case_paths)
    written: list[Path] = []
    for chronology in chronologies:
        frame, cases = chronology.frame, chronology.cases
        lanes = summarise_lanes(frame, cases=cases, threshold=duration)
        measures = Measures(
            gaps=measurable_gaps(find_gaps(frame, cases=cases, threshold=duration), lanes),
            lanes=lanes,
            schedule=check_schedule(frame, cases, plan, require_births=False),  # the summary says when none
            schedule_title=plan.title,
            threshold=duration,
        )
        for case_id, case in cases.items():
            rows = frame[frame[Column.CASE_ID] == case_id]
            charted = bool(rows[Column.DATE_START].notna().any())
            if charted:
                written += _write_charts(chronology, case, measures.gaps, out)
            summary = output_file(out, case_id, SUMMARY_SUFFIX)
            write_atomic(summary, case_summary(rows, case, measures, charted=charted).encode("utf-8"))
            written.append(summary)
    return written


def measurable_gaps(gaps: pd.DataFrame, lanes: pd.DataFrame) -> pd.DataFrame:
    """The gaps of lanes with at least one dated contact.

    In a lane whose contacts are all undated the whole window is a "gap" that says nothing about contact;
    the summary lists such lanes apart instead of reporting, or shading, a gap for them.
    """
    keys = ["case_id", "lane", "subject"]
    dated = lanes.loc[lanes["contacts"] > 0, keys].drop_duplicates()
    return gaps.merge(dated, on=keys, how="inner")[list(gaps.columns)]


def _output_folder(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path}: not a folder. Give a folder for the figures (-o DIR).")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: its parent folder {path.parent} does not exist; create it first.")
    try:
        path.mkdir(exist_ok=True)
    except OSError as error:
        raise output_error(path, error) from error
    return path


def _refuse_duplicates(chronologies: Sequence[Chronology], case_paths: Sequence[Path | str]) -> None:
    seen: dict[str, tuple[str, Path | str]] = {}
    for chronology, path in zip(chronologies, case_paths, strict=True):
        for case_id in chronology.cases:
            stem = case_file_stem(case_id).casefold()  # one file name on case-insensitive disks too
            if stem in seen:
                other_id, other_path = seen[stem]
                same = "is also the case of" if other_id == case_id else f"gives the same file names as '{other_id}' of"
                raise UsageError(
                    f"{path}: case_id '{case_id}' {same} {other_path}; their figures would overwrite each other. "
                    "Give each case its own case_id in case.toml."
                )
            seen[stem] = (case_id, path)


def _write_charts(chronology: Chronology, case: Case, gaps: pd.DataFrame, out: Path) -> list[Path]:
    start = case.review_start.text if case.review_start is not None else None
    from chronolane.swimlane import draw_pages, save_figure  # matplotlib is loaded by the workflows that draw only

    (figure,) = draw_pages(chronology, case=case.case_id, start=start, gaps=gaps)
    return [save_figure(figure, output_file(out, case.case_id, suffix)) for suffix in CHART_SUFFIXES]


def case_summary(rows: pd.DataFrame, case: Case, measures: Measures, *, charted: bool) -> str:
    """The Markdown summary of one case: what the chart shows in numbers, and what it cannot show."""
    dated = rows[Column.DATE_START].notna()
    files = rows[Column.SOURCE_FILE].nunique()
    lines = [f"# {_cell(case.title or case.case_id)}", ""]
    lines.append(
        f"Case `{case.case_id}`: {len(rows)} rows from {files} agency files, {int(dated.sum())} dated and "
        f"{int((~dated).sum())} undated."
    )
    if charted:
        stem = case_file_stem(case.case_id)
        lines.append(f"Chart: [{stem}.png]({stem}.png), [{stem}.pdf]({stem}.pdf).")
    else:
        lines.append("No chart: none of the rows has a date, so there is nothing to place on a time axis.")
    lines.append(f"Review period: {_review(case)}.")
    lines += _issue_line(rows)
    lines += _gap_section(_of(measures.gaps, case), _of(measures.lanes, case), measures.threshold, charted)
    lines += _undated_lanes(_of(measures.lanes, case))
    lines += _missed_section(rows, _of(measures.lanes, case))
    lines += _schedule_section(_of(measures.schedule, case), case, measures.schedule_title)
    lines += _undated_section(rows)
    return "\n".join(lines).rstrip() + "\n"


def _of(table: pd.DataFrame, case: Case) -> pd.DataFrame:
    return table[table["case_id"] == case.case_id]


def _review(case: Case) -> str:
    if case.review_start is None and case.review_end is None:
        return "not given, so gaps are measured only between dated contacts, none at the edges"
    start = case.review_start.text if case.review_start else "open"
    end = case.review_end.text if case.review_end else "open"
    return f"{start} to {end}"


def _issue_line(rows: pd.DataFrame) -> list[str]:
    codes = rows[Column.ISSUES].str.split(ISSUE_SEPARATOR).explode()
    codes = codes[codes.fillna("") != ""].str.split(":").str[0]
    if codes.empty:
        return ["Issues: none."]
    counts = codes.value_counts().sort_index()
    return ["Issues: " + ", ".join(f"{code} {n}" for code, n in counts.items()) + "."]


def _words(duration: Duration) -> str:
    unit = _UNITS[duration.unit]
    return f"{duration.amount} {unit}{'' if duration.amount == 1 else 's'}"


def _day(value: object) -> str:
    """A cell of a datetime column (a Timestamp, or NaT when missing) as ISO text, "" when missing."""
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else ""


def _gap_section(gaps: pd.DataFrame, lanes: pd.DataFrame, threshold: Duration, charted: bool) -> list[str]:
    words = _words(threshold)
    lines = ["", f"## Gaps in contact over {words}", ""]
    if not charted:
        return [*lines, "None can be measured: no row is dated."]
    if not (lanes["contacts"] > 0).any():
        return [
            *lines,
            "None can be measured: no lane has a dated contact (visits, appointments, assessments, meetings, "
            "admissions; incidents, referrals and notifications are not contacts).",
        ]
    over = gaps[gaps["exceeds"] != Exceeds.NO.value]
    if over.empty:
        return [*lines, f"No lane has a gap that could exceed {words}."]
    lines += [
        f"'yes': even the shortest gap the dates allow is over {words}; 'possibly': only the longest is. "
        "A date in brackets is an open edge (the review period's start or end, or a subject's birth or death), "
        "not a contact.",
        "",
        "| Lane | Subject | From | To | Days | Over | Undated contacts |",
        "|---|---|---|---|---|---|---|",
    ]
    for gap in over.itertuples(index=False):
        start = _day(gap.gap_start) if gap.from_event_id else f"({_day(gap.gap_start)})"
        end = _day(gap.gap_end) if gap.to_event_id else f"({_day(gap.gap_end)})"
        lines.append(
            f"| {_cell(gap.lane)} | {_cell(gap.subject)} | {start} | {end} | "
            f"{gap.gap_min_days} to {gap.gap_max_days} | {gap.exceeds} | {gap.undated_contacts} |"
        )
    return lines


def _undated_lanes(lanes: pd.DataFrame) -> list[str]:
    only = lanes[(lanes["contacts"] == 0) & (lanes["undated_contacts"] > 0)]
    if only.empty:
        return []
    names = ", ".join(f"{_cell(lane.lane)} ({lane.undated_contacts})" for lane in only.itertuples(index=False))
    return ["", f"Not measured, every contact undated: {names}."]


def _missed_section(rows: pd.DataFrame, lanes: pd.DataFrame) -> list[str]:
    lines = ["", "## Missed appointments", ""]
    missed = rows[is_missed(rows)]
    if missed.empty:
        return [*lines, "None recorded."]
    counted = lanes[(lanes["missed_appointments"] + lanes["undated_missed_appointments"]) > 0]
    for lane in counted.itertuples(index=False):
        lines.append(
            f"- {_cell(lane.lane)}: {lane.missed_appointments} dated, {lane.undated_missed_appointments} undated; "
            f"longest run of consecutive missed appointments {lane.longest_missed_run}."
        )
    lines.append("")
    for row in missed.itertuples(index=False):
        when = getattr(row, Column.DATE_TEXT) or "undated"
        lines.append(
            f"- {_cell(when)}, {_cell(getattr(row, Column.AGENCY))}: {_cell(getattr(row, Column.DESCRIPTION))}"
        )
    return lines


def _schedule_section(schedule: pd.DataFrame, case: Case, title: str) -> list[str]:
    lines = ["", f"## Expected contacts: {title}", ""]
    born = [s.id for s in case.subjects if s.born is not None]
    if schedule.empty:
        reason = (
            "no subject with a birth date has a role the schedule covers" if born else "no subject has a birth date"
        )
        return [*lines, f"Not checked: {reason}."]
    lines += [
        "Outcomes against the rows of this chronology: 'missed' means no matching contact is recorded here, "
        "which for a chronology drawn from a published summary may only mean that the summary does not mention it.",
        "",
        "| Subject | Contact | Expected | Due | Outcome | Event |",
        "|---|---|---|---|---|---|",
    ]
    for item in schedule.itertuples(index=False):
        due = f"{_day(item.due_from)} to {_day(item.due_by)}"
        lines.append(
            f"| {_cell(item.subject)} | {_cell(item.label)} | {_cell(item.expected)} | {due} | {item.outcome} | "
            f"{item.event_id} |"
        )
    counts = schedule["outcome"].value_counts()
    order = [o.value for o in Outcome if o.value in counts.index]
    lines += ["", "Outcomes: " + ", ".join(f"{o} {counts[o]}" for o in order) + "."]
    return lines


def _undated_section(rows: pd.DataFrame) -> list[str]:
    undated = rows[rows[Column.DATE_START].isna()]
    if undated.empty:
        return []
    lines = ["", "## Undated rows", "", "Not on the chart; each is a caveat to the gaps of its lane.", ""]
    for row in undated.itertuples(index=False):
        lines.append(
            f"- {_cell(getattr(row, Column.AGENCY))} ({_cell(getattr(row, Column.TYPE_TEXT))}): "
            f"{_cell(getattr(row, Column.DESCRIPTION))}"
        )
    return lines


def _cell(text: object) -> str:
    """Text for a Markdown line or table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


# ------------------------------------------------------------------------------------------------ plotting


def plot_chronology(
    source: Path | str,
    output: Path | str,
    *,
    pages: int = 1,
    gaps: str | None = None,
    follow_ups: Sequence[str | Path] | None = None,
    force: bool = False,
    case_folder: Path | str | None = None,
    **options: Any,
) -> Path:
    """Open a case or chronology, draw its swimlane chart and save it to ``output`` (.png, .svg or .pdf).

    The case's pseudonym map applies to everything drawn (the chronology is pseudonymised before drawing),
    to the text options (``title``, ``ages``, ``case``, ``agencies``) and to the output file's name; the
    path written is returned. ``gaps`` is a threshold such as "6M": gaps over it are computed with
    ``chronolane.measures.gaps.find_gaps`` and shaded. ``follow_ups`` names follow-up rule sets or files: each trigger
    is joined to its follow-up (``chronolane.follow_ups.find.find_follow_ups``) and a missing one is marked.
    ``output`` may not be an input, nor an existing file unless
    ``force``. ``case_folder`` gives an integrated chronology CSV its case.toml. Other options are those of
    ``draw_pages`` and ``draw_swimlanes``.
    """
    from chronolane.swimlane import Format, draw_pages, save_figure, save_pages
    from chronolane.swimlane.save import output_format

    source, output = Path(source), Path(output)
    fmt = output_format(output)
    if pages > 1 and fmt is not Format.PDF:
        raise UsageError(f"pages={pages}: several pages need a .pdf output, not {output.name}.", parameter="pages")
    inputs = [source, *(p for p in source.glob("*") if p.is_file())]
    safe_output(output, inputs=inputs, force=force)
    opened = open_chronology(source, case=case_folder)
    mapper = Pseudonymiser(case_mapping(opened.cases.values()))
    chronology, _ = pseudonymise_chronology(opened)
    if mapper.apply(output.name) != output.name:
        output = safe_output(output.with_name(mapper.apply(output.name)), inputs=inputs, force=force)
    options = {k: _map_option(mapper, v) for k, v in options.items()}
    gap_frame: pd.DataFrame | None = None
    if gaps:
        gap_frame = find_gaps(chronology.frame, cases=chronology.cases, threshold=gaps)
    if follow_ups:
        options["follow_ups"] = find_follow_ups(chronology.frame, follow_ups, cases=chronology.cases)
    figures = draw_pages(chronology, pages=pages, gaps=gap_frame, **options)
    return save_figure(figures[0], output) if len(figures) == 1 else save_pages(figures, output)


def _map_option(mapper: Pseudonymiser, value: Any) -> Any:
    """A text option (title, subject, case, agencies) with names replaced, to match the pseudonymised data."""
    if isinstance(value, str):
        return mapper.apply(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [mapper.apply(v) for v in value]
    return value


# ----------------------------------------------------------------------------------------------- exporting


def export_chronology(
    chronology: Any,
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
    """Write a chronology (a Chronology or its DataFrame) to ``path``, the format chosen by the extension.

    Every text column, the titles, chart labels and the file's own name are pseudonymised (by
    ``pseudonyms``, or else the cases' maps, through :func:`chronolane.case.pseudonyms.pseudonymise_chronology`
    before anything is drawn or written); control characters become visible markers; the file is
    written atomically. Raises UsageError when ``path`` is one of ``inputs`` (the files and folders the
    cases were read from always are), or exists and ``force`` is false. ``chart`` embeds the interactive
    timeline in HTML; ``gaps`` adds the sheet of contact gaps that exceed, or may exceed, ``gap_threshold``
    ("6M", "90D") to XLSX; ``follow_ups`` (rule sets or rule files) adds a Follow-ups sheet to XLSX with
    each trigger's follow-up (``chronolane.follow_ups.find.find_follow_ups``), and to HTML the same pairs drawn
    on the timeline. The format's writer is :func:`chronolane.export.writer_for`.
    """
    given = _as_chronology(chronology)
    mapper = Pseudonymiser(case_mapping(given.cases.values(), pseudonyms))
    path = Path(path)
    path = in_same_folder(path, mapper.apply(path.name))
    fmt = format_for(path)
    safe_output(path, inputs=[*inputs, *_case_inputs(given.cases)], force=force)
    chronology, replaced = pseudonymise_chronology(given, pseudonyms)
    frame, cases = chronology.frame, chronology.cases
    prepared = prepare(frame, cases, Pseudonymiser())
    found = None
    if follow_ups and fmt in (ExportFormat.XLSX, ExportFormat.HTML):
        found = find_follow_ups(frame, list(follow_ups), cases=cases)
    gap_table = None
    if fmt is ExportFormat.XLSX and gaps:
        gap_table = _exceeding_gaps(frame, cases, gap_threshold)
    elif fmt is ExportFormat.HTML and chart and (bool(frame[Column.DATE_START].notna().any()) if len(frame) else False):
        gap_table = _exceeding_gaps(frame, cases, GAP_THRESHOLD)
    written = writer_for(fmt)(prepared, Extras(cases=cases, gaps=gap_table, follow_ups=found, chart=chart))
    write_atomic(path, written.data)
    return ExportReport(
        path=path,
        format=fmt,
        rows=len(frame),
        control_characters=prepared.control_characters,
        pseudonym_replacements=replaced,
        **written.counts,
    )


def _as_chronology(chronology: Any) -> Chronology:
    """Accept a Chronology or a bare integrated-chronology DataFrame."""
    if isinstance(chronology, pd.DataFrame):
        ids: Any = pd.unique(chronology[Column.CASE_ID]) if Column.CASE_ID in chronology else []
        return Chronology(frame=chronology, cases={str(c): Case(case_id=str(c)) for c in ids})
    return chronology


def _case_inputs(cases: Mapping[str, Case]) -> list[Path]:
    """The files and folders the cases were read from: never to be overwritten."""
    found: list[Path] = []
    for case in cases.values():
        if case.root is not None:
            found.append(case.root)
            if case.root.is_dir():
                found += [p for p in case.root.iterdir() if p.is_file()]
    return found


def _exceeding_gaps(frame: pd.DataFrame, cases: Mapping[str, Case], threshold: str) -> pd.DataFrame:
    """Contact gaps that exceed, or may exceed, the threshold (a duration such as "6M")."""
    found = find_gaps(frame, cases=cases, threshold=threshold)
    return found[found["exceeds"] != Exceeds.NO.value].reset_index(drop=True)
