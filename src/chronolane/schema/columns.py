"""The integrated chronology's column schema and its closed vocabularies, defined once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Column(StrEnum):
    """The fixed columns of an integrated chronology, in output order."""

    EVENT_ID = "event_id"
    CASE_ID = "case_id"
    AGENCY = "agency"
    SUBJECT = "subject"
    DATE_TEXT = "date_text"
    DATE_START = "date_start"
    DATE_END = "date_end"
    DATE_PRECISION = "date_precision"
    DATE_APPROX = "date_approx"
    TIME = "time"
    EDTF = "edtf"
    RECORDED_START = "recorded_start"
    RECORDED_END = "recorded_end"
    EVENT_TYPE = "event_type"
    TYPE_TEXT = "type_text"
    ATTENDANCE = "attendance"
    MODE = "mode"
    DESCRIPTION = "description"
    SOURCE_FILE = "source_file"
    SOURCE_ROW = "source_row"
    ISSUES = "issues"


#: The fixed columns in the order scripts depend on; every other source column follows them unchanged.
COLUMNS: tuple[str, ...] = tuple(c.value for c in Column)

#: Optional columns added by ``build --ages``: one pair per subject, named ``age_<subject>_min`` /
#: ``age_<subject>_max`` (whole days; negative before birth) and ``age_<subject>`` (readable text).
AGE_PREFIX = "age_"

#: Column holding the raw text of a malformed record (empty for well-formed records).
RAW_RECORD = "raw_record"

#: Separator between codes in the ``issues`` column.
ISSUE_SEPARATOR = ";"


class Precision(StrEnum):
    """How precise a date interval is, from the wording of the date."""

    DAY = "day"
    WEEK = "week"
    PART_MONTH = "part-month"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    THIRD = "third"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    RANGE = "range"


class DateOrder(StrEnum):
    """How numeric dates such as 03/04/2018 are read."""

    AUTO = "auto"  # day-first unless a source's dates are consistent only with month-first
    DMY = "dmy"
    MDY = "mdy"


class YearStyle(StrEnum):
    """How a bare split year such as 2018/19 is read."""

    AUTO = "auto"  # academic for a school's rows, else calendar
    CALENDAR = "calendar"  # 1 January 2018 to 31 December 2019: covers every meaning
    ACADEMIC = "academic"  # 1 September 2018 to 31 August 2019
    FINANCIAL = "financial"  # 1 April 2018 to 31 March 2019


class Severity(StrEnum):
    """How serious an issue code is: errors fail ``build --strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class IssueCode(StrEnum):
    """Machine-readable codes written to the ``issues`` column."""

    # dates
    UNDATED = "undated"
    INVALID_DATE = "invalid-date"
    UNPARSED_DATE = "unparsed-date"
    AMBIGUOUS_DATE_ORDER = "ambiguous-date-order"
    DATE_ORDER_MDY = "date-order-mdy"
    WEEKDAY_MISMATCH = "weekday-mismatch"
    RELATIVE_DATE = "relative-date"
    UNANCHORED_RELATIVE_DATE = "unanchored-relative-date"
    EXCEL_SERIAL = "excel-serial"
    TWO_DIGIT_YEAR = "two-digit-year"
    DATEPARSER_FALLBACK = "dateparser-fallback"
    REVERSED_RANGE = "reversed-range"
    # dates: open ends, inferred years, spans (issue 12)
    OPEN_ENDED_DATE = "open-ended-date"
    YEAR_INFERRED = "year-inferred"
    YEARLESS_DATE = "yearless-date"
    AMBIGUOUS_YEAR_SPAN = "ambiguous-year-span"
    # dates against the case
    FUTURE_DATE = "future-date"
    BEFORE_BIRTH = "before-birth"
    AFTER_DEATH = "after-death"
    OUTSIDE_REVIEW_PERIOD = "outside-review-period"
    # records
    MALFORMED_ROW = "malformed-row"
    FORMULA_WITHOUT_VALUE = "formula-without-value"
    CONTROL_CHARACTERS = "control-characters"
    HIDDEN_ROW = "hidden-row"
    POSSIBLE_DUPLICATE = "possible-duplicate"
    UNKNOWN_EVENT_TYPE = "unknown-event-type"
    UNKNOWN_SUBJECT = "unknown-subject"
    # attendance (issue 11)
    ATTENDANCE_CONTRADICTION = "attendance-contradiction"
    # hostile and broken inputs (issue 14)
    DATE_TOO_LONG = "date-too-long"
    BIDI_CONTROL = "bidi-control"
    STRAY_QUOTE = "stray-quote"
    DUPLICATE_CHECK_SKIPPED = "duplicate-check-skipped"
    # agency files (issue 10)
    MERGED_CELL = "merged-cell"
    DATED_BY_RECORD = "dated-by-record"
    MISSING_COLUMN = "missing-column"


@dataclass(frozen=True)
class IssueInfo:
    """Documentation of one issue code."""

    severity: Severity
    meaning: str
    fix: str


ISSUES: dict[IssueCode, IssueInfo] = {
    IssueCode.UNDATED: IssueInfo(
        Severity.WARNING,
        "The date cell is empty or says the date is unknown (unknown, n/k, ?, TBC, -).",
        "Add a date, even a vague one ('spring 2018'), if the source supports it.",
    ),
    IssueCode.INVALID_DATE: IssueInfo(
        Severity.ERROR,
        "The date names a day that does not exist (31/02/2018, 32/01/2018, 30/13/2018).",
        "Correct the date in the agency's file; chronolane never rolls it over.",
    ),
    IssueCode.UNPARSED_DATE: IssueInfo(
        Severity.ERROR,
        "The date text could not be read as a date or period; the text is kept.",
        "Rewrite it in a supported form (see docs/dates.md).",
    ),
    IssueCode.AMBIGUOUS_DATE_ORDER: IssueInfo(
        Severity.WARNING,
        "The source has evidence of both day-first and month-first dates, and this date reads either way.",
        "Set date_order for the source in case.toml.",
    ),
    IssueCode.DATE_ORDER_MDY: IssueInfo(
        Severity.INFO,
        "The source's numeric dates fit only month-first (US) order, so they were read month-first.",
        'Set date_order = "dmy" for the source in case.toml if that is wrong.',
    ),
    IssueCode.WEEKDAY_MISMATCH: IssueInfo(
        Severity.WARNING,
        "The weekday written with the date is not that date's weekday.",
        "Check which of the two is right in the source record.",
    ),
    IssueCode.RELATIVE_DATE: IssueInfo(
        Severity.INFO,
        "A relative date ('six months later') was resolved against the previous dated row of the same source.",
        "Check the anchor row; write the date out if the source knows it.",
    ),
    IssueCode.UNANCHORED_RELATIVE_DATE: IssueInfo(
        Severity.ERROR,
        "A relative date has no earlier dated row in its source to be relative to.",
        "Write the date out, or move the row after the row it refers to.",
    ),
    IssueCode.EXCEL_SERIAL: IssueInfo(
        Severity.INFO,
        "A whole number was read as an Excel serial date (1900 date system).",
        "Format the column as dates in the workbook if the number is not a date.",
    ),
    IssueCode.TWO_DIGIT_YEAR: IssueInfo(
        Severity.INFO,
        "A two-digit year was expanded: 00-69 to 2000-2069, 70-99 to 1970-1999.",
        "Write four-digit years where the century could be misread.",
    ),
    IssueCode.DATEPARSER_FALLBACK: IssueInfo(
        Severity.INFO,
        "The date was read by dateparser, not by one of chronolane's own rules.",
        "Check the reading with `chronolane date`.",
    ),
    IssueCode.REVERSED_RANGE: IssueInfo(
        Severity.ERROR,
        "A date range ends before it starts.",
        "Correct the range in the source.",
    ),
    IssueCode.OPEN_ENDED_DATE: IssueInfo(
        Severity.WARNING,
        "The date has one end only ('after 2016', 'before May 2018', 'since 2011'): no interval, the bound is "
        "kept in the EDTF (2016/.. or ../2018-05).",
        "Give both ends if the source knows them ('2017 to 2019').",
    ),
    IssueCode.YEAR_INFERRED: IssueInfo(
        Severity.WARNING,
        "A date without a year ('3rd March', 'late Feb') was given the first year that keeps it at or after "
        "the previous dated row of the same source.",
        "Write the year if the source knows it.",
    ),
    IssueCode.YEARLESS_DATE: IssueInfo(
        Severity.ERROR,
        "A date without a year has no earlier dated row in its source to take the year from.",
        "Write the year, or move the row after a dated row of the same source.",
    ),
    IssueCode.AMBIGUOUS_YEAR_SPAN: IssueInfo(
        Severity.WARNING,
        "The text reads as a month or as a span of years ('2003-07': July 2003 or 2003 to 2007); the interval "
        "covers both.",
        "Write 'July 2003' or '2003 to 2007'.",
    ),
    IssueCode.FUTURE_DATE: IssueInfo(
        Severity.WARNING,
        "The date lies after the day the chronology was built.",
        "Check the year; planned events belong in a separate column.",
    ),
    IssueCode.BEFORE_BIRTH: IssueInfo(
        Severity.WARNING,
        "The event's subject was not yet born at the latest possible date of the event.",
        "Check the date, or the subject: antenatal events belong to the mother.",
    ),
    IssueCode.AFTER_DEATH: IssueInfo(
        Severity.WARNING,
        "The event's subject had died before the earliest possible date of the event.",
        "Check the date or the subject.",
    ),
    IssueCode.OUTSIDE_REVIEW_PERIOD: IssueInfo(
        Severity.INFO,
        "The event lies wholly outside the review period in case.toml.",
        "Nothing to fix if it is background history.",
    ),
    IssueCode.MALFORMED_ROW: IssueInfo(
        Severity.ERROR,
        "The record has more or fewer fields than the header; its raw text is kept in raw_record.",
        "Fix the quoting or the separators of that line in the agency's file.",
    ),
    IssueCode.FORMULA_WITHOUT_VALUE: IssueInfo(
        Severity.ERROR,
        "A spreadsheet cell holds a formula with no saved value, so its text is unknown.",
        "Open the workbook in Excel, let it recalculate, save, and build again.",
    ),
    IssueCode.CONTROL_CHARACTERS: IssueInfo(
        Severity.WARNING,
        "A cell holds control characters (NUL and the like) that exports replace with a visible marker.",
        "Remove them from the source if they are not meant to be there.",
    ),
    IssueCode.HIDDEN_ROW: IssueInfo(
        Severity.WARNING,
        "The record comes from a hidden row of a spreadsheet.",
        "Check that the row was meant to be part of the chronology.",
    ),
    IssueCode.POSSIBLE_DUPLICATE: IssueInfo(
        Severity.WARNING,
        "Another row records the same event on the same date with near-identical text; written as "
        "possible-duplicate:<event_id>. Both rows are kept.",
        "Decide which agency's record to keep in the report; chronolane never removes either.",
    ),
    IssueCode.UNKNOWN_EVENT_TYPE: IssueInfo(
        Severity.INFO,
        "Neither the type column nor the description matched a known event type, so the type is 'other'.",
        "Add a mapping under [event_types] in case.toml.",
    ),
    IssueCode.UNKNOWN_SUBJECT: IssueInfo(
        Severity.INFO,
        "The subject column names someone not listed under [[subjects]] in case.toml.",
        "Add the subject, or an alias for it, to case.toml.",
    ),
    IssueCode.ATTENDANCE_CONTRADICTION: IssueInfo(
        Severity.WARNING,
        "One cell of the row says the contact happened (Seen, Attended) and another that it did not (no reply, "
        "DNA); attendance is taken from the negative wording, so the row is not counted as contact.",
        "Check the agency's record and correct the outcome or the description.",
    ),
    # hostile and broken inputs (issue 14)
    IssueCode.DATE_TOO_LONG: IssueInfo(
        Severity.ERROR,
        "The date cell is longer than any date (over the date_chars limit, 200 characters by default), so it "
        "was not read as a date; the text is kept.",
        "Move the text to the description and give the date alone; or raise the limit (--limit date_chars=N).",
    ),
    IssueCode.BIDI_CONTROL: IssueInfo(
        Severity.WARNING,
        "A cell holds a Unicode direction control (U+202A-U+202E, U+2066-U+2069) that can make text display in "
        "an order other than the one stored; exports show it as a visible marker such as [U+202E].",
        "Remove it from the source unless the text is meant to mix writing directions.",
    ),
    IssueCode.STRAY_QUOTE: IssueInfo(
        Severity.WARNING,
        'A quoted cell is followed by more text before the next separator ("quoted" trailing), which readers '
        "disagree about; the record's exact text is kept in raw_record.",
        "Quote the whole cell and double the quotes inside it, or remove the quotes, in the agency's file.",
    ),
    IssueCode.DUPLICATE_CHECK_SKIPPED: IssueInfo(
        Severity.INFO,
        "More rows of the case share this date interval than the duplicate check compares (duplicate_block, "
        "200 by default), so this row was not checked for duplicates.",
        "To check these rows too, raise --limit duplicate_block=N.",
    ),
    # agency files (issue 10)
    IssueCode.MERGED_CELL: IssueInfo(
        Severity.INFO,
        "The record has merged cells in its workbook or Word table; the merged text was given to every cell "
        "it covers (a date merged over two rows dates both).",
        "Check that the merged text belongs to each of the rows it covers.",
    ),
    IssueCode.DATED_BY_RECORD: IssueInfo(
        Severity.WARNING,
        "The occurrence date is blank or unreadable, so the event is dated by when it was reported or "
        "recorded (recorded_start, recorded_end), which can be later than the event.",
        "Add the occurrence date in the agency's file if it is known.",
    ),
    IssueCode.MISSING_COLUMN: IssueInfo(
        Severity.WARNING,
        "A file has no column recognised as the date, description or type column; its rows are read "
        "(undated, without description). Reported by `check` and the build summary for the file, not on rows.",
        "Name the column under [sources.columns] in case.toml, as the message shows.",
    ),
}


def severity_of(code: str) -> Severity:
    """Severity of an issue code as written in the ``issues`` column (``code`` or ``code:detail``)."""
    return ISSUES[IssueCode(code.split(":", 1)[0])].severity


class EventType(StrEnum):
    """The controlled vocabulary of event types."""

    REFERRAL = "referral"
    INCIDENT = "incident"
    BIRTH = "birth"
    DEATH = "death"
    PREGNANCY = "pregnancy"
    HOME_VISIT = "home-visit"
    HEALTH_VISIT = "health-visit"
    APPOINTMENT = "appointment"
    MISSED_APPOINTMENT = "missed-appointment"
    ASSESSMENT = "assessment"
    STRATEGY_DISCUSSION = "strategy-discussion"
    CONFERENCE = "conference"
    MEETING = "meeting"
    PLAN_START = "plan-start"
    PLAN_END = "plan-end"
    HOSPITAL_ADMISSION = "hospital-admission"
    HOSPITAL_DISCHARGE = "hospital-discharge"
    NOTIFICATION = "notification"
    # attendance and what an event means (issue 11)
    EMERGENCY_ATTENDANCE = "emergency-attendance"
    IMMUNISATION = "immunisation"
    MASH_DECISION = "mash-decision"
    LOOKED_AFTER = "looked-after"
    EARLY_HELP = "early-help"
    ARREST = "arrest"
    INTELLIGENCE = "intelligence"
    DISCLOSURE = "disclosure"
    SCHOOL_EXCLUSION = "school-exclusion"
    SCHOOL_ATTENDANCE = "school-attendance"
    EVICTION = "eviction"
    OTHER = "other"


#: Event types that count as contact (a professional met the child or family) unless configured otherwise.
DEFAULT_CONTACT_TYPES: frozenset[EventType] = frozenset(
    {
        EventType.HOME_VISIT,
        EventType.HEALTH_VISIT,
        EventType.APPOINTMENT,
        EventType.ASSESSMENT,
        EventType.CONFERENCE,
        EventType.MEETING,
        EventType.HOSPITAL_ADMISSION,
        EventType.EMERGENCY_ATTENDANCE,
        EventType.IMMUNISATION,
    }
)

#: Event types drawn as hollow markers: things that did not happen. ``missed-appointment`` is kept for
#: chronologies without an ``attendance`` column; a build writes the planned type and the attendance instead.
DID_NOT_HAPPEN_TYPES: frozenset[EventType] = frozenset({EventType.MISSED_APPOINTMENT})


class Attendance(StrEnum):
    """Whether a planned contact happened, as the outcome, type or description wording says (docs/events.md)."""

    ATTENDED = "attended"
    WAS_NOT_BROUGHT = "was-not-brought"  # a child whose parent or carer did not bring them
    DID_NOT_ATTEND = "did-not-attend"
    NO_ACCESS = "no-access"  # no reply at the door, card left, child not seen
    CANCELLED_BY_FAMILY = "cancelled-by-family"
    CANCELLED_BY_SERVICE = "cancelled-by-service"
    CANCELLED = "cancelled"  # cancelled, and the record does not say by whom
    RESCHEDULED = "rescheduled"
    NOT_APPLICABLE = "not-applicable"  # not a planned contact: a referral, a notification, an incident
    UNKNOWN = "unknown"  # a contact type with no wording either way


#: Attendance values under which a contact may have happened: these rows can count as contact.
HAPPENED: frozenset[Attendance] = frozenset({Attendance.ATTENDED, Attendance.UNKNOWN})

#: Attendance values of a contact that did not happen: never contact, drawn hollow.
DID_NOT_HAPPEN: frozenset[Attendance] = frozenset(
    {
        Attendance.WAS_NOT_BROUGHT,
        Attendance.DID_NOT_ATTEND,
        Attendance.NO_ACCESS,
        Attendance.CANCELLED_BY_FAMILY,
        Attendance.CANCELLED_BY_SERVICE,
        Attendance.CANCELLED,
        Attendance.RESCHEDULED,
    }
)

#: Attendance values counted as missed appointments (and in their runs): all that did not happen except a
#: cancellation by the service, which the family did not miss.
MISSED: frozenset[Attendance] = DID_NOT_HAPPEN - {Attendance.CANCELLED_BY_SERVICE}


class Mode(StrEnum):
    """How a contact took place."""

    FACE_TO_FACE = "face-to-face"
    TELEPHONE = "telephone"
    VIDEO = "video"
    LETTER = "letter"  # letters, emails and text messages
    UNKNOWN = "unknown"


#: Modes counted as contact by default: "not seen for six months" means not seen face to face.
DEFAULT_CONTACT_MODES: frozenset[Mode] = frozenset({Mode.FACE_TO_FACE, Mode.UNKNOWN})


#: Columns of few distinct values, held as pandas categoricals (Arrow dictionaries in Parquet), with the fixed
#: vocabulary of the closed ones and None for open ones (whatever the rows hold). Decided per column:
#:
#: - date_precision, event_type, attendance, mode: closed vocabularies (the enums above; "" when a row has
#:   none), so every build of every case gives them one dtype and frames concatenate without losing it.
#: - case_id, agency, subject, source_file: names, a handful per case (agency and subject are normalised).
#: - edtf: one per distinct date, a few thousand in millions of rows; issues: the few combinations of codes
#:   that occur (a duplicate flag names an event id, still far fewer than the rows); time: at most the
#:   minutes of a day beside the few times written as text.
#: - not categorical: event_id (unique), description, date_text and type_text (the source's own wording,
#:   nearly one per row), raw_record; dates, date_approx and source_row have their own types.
#:
#: A value read back that a closed vocabulary does not hold (a chronology edited by hand) is added to its
#: categories, never lost. Categories are always in text order, so sorting a categorical column sorts it as its
#: text, and the categories of an open column are exactly the values present.
CATEGORIES: dict[str, tuple[str, ...] | None] = {
    Column.CASE_ID.value: None,
    Column.AGENCY.value: None,
    Column.SUBJECT.value: None,
    Column.DATE_PRECISION.value: ("", *(p.value for p in Precision)),
    Column.TIME.value: None,
    Column.EDTF.value: None,
    Column.EVENT_TYPE.value: ("", *(t.value for t in EventType)),
    Column.ATTENDANCE.value: ("", *(a.value for a in Attendance)),
    Column.MODE.value: ("", *(m.value for m in Mode)),
    Column.SOURCE_FILE.value: None,
    Column.ISSUES.value: None,
}
