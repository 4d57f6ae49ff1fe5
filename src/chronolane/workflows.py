"""The casebook: for each case, its swimlane chart (PNG and PDF) and a short summary in Markdown, in one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from chronolane.case.model import Case
from chronolane.chronology.build import Chronology, build_chronology
from chronolane.dates.durations import Duration, DurationUnit, parse_duration
from chronolane.errors import UsageError
from chronolane.files.output import case_file_stem, output_error, output_file, write_atomic
from chronolane.measures.contact import is_missed
from chronolane.measures.gaps import Exceeds, find_gaps, summarise_lanes
from chronolane.privacy.pseudonyms import pseudonymise_chronology
from chronolane.schedules.model import Outcome, check_schedule, load_schedule
from chronolane.schema.columns import ISSUE_SEPARATOR, Column
from chronolane.swimlane import draw_pages, save_figure

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
            charted = rows[Column.DATE_START].notna().any()
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
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]


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
