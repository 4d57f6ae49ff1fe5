"""A case: its case.toml (subjects, review period, lanes, sources, periods) and the files that hold its rows."""

from __future__ import annotations

import fnmatch
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from chronolane.dates import ParsedDate, parse_date
from chronolane.errors import CaseError
from chronolane.fields import Field
from chronolane.schema import DateOrder, EventType

CASE_FILE = "case.toml"
SOURCE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".docx")

#: Files that look like a chronology but cannot be read, and what to do with each: building stops on them
#: unless case.toml lists them under ``ignore``.
UNREADABLE_SUFFIXES: dict[str, str] = {
    ".pdf": "a PDF document: export the chronology from the system that made it as .docx, .xlsx or .csv",
    ".doc": "an old Word document (.doc): open it in Word and save it as .docx",
    ".rtf": "a Rich Text document: open it in Word and save it as .docx",
    ".odt": "an OpenDocument text file: save it as .docx",
    ".xlsb": "a binary Excel workbook (.xlsb): open it in Excel and save it as .xlsx",
    ".numbers": "a Numbers spreadsheet: export it as .xlsx or .csv",
    ".pages": "a Pages document: export it as .docx",
}


class Role(StrEnum):
    """A subject's place in the family."""

    CHILD = "child"
    MOTHER = "mother"
    FATHER = "father"
    PARENT = "parent"
    SIBLING = "sibling"
    CARER = "carer"
    PARTNER = "partner"
    ADULT = "adult"
    OTHER = "other"


class PeriodKind(StrEnum):
    """What a period in case.toml is."""

    PREGNANCY = "pregnancy"
    PLAN = "plan"
    ABROAD = "abroad"
    PLACEMENT = "placement"
    ADMISSION = "admission"
    OTHER = "other"


@dataclass(frozen=True)
class Subject:
    """A person the chronology is about."""

    id: str
    name: str
    role: Role = Role.OTHER
    born: ParsedDate | None = None
    died: ParsedDate | None = None
    #: Expected date of delivery, for pregnancy weeks before birth when no birth date is known.
    due: ParsedDate | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Period:
    """A stretch of time drawn as a bar or span: a pregnancy, a plan, time abroad."""

    label: str
    kind: PeriodKind
    start: ParsedDate
    #: None when the period is still open at the end of the chronology.
    end: ParsedDate | None = None
    #: The lane it belongs to; None draws it across all lanes.
    agency: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    """How to read one agency file."""

    file: str
    agency: str | None = None
    date_order: DateOrder | None = None
    sheet: str | None = None
    #: Field name (date, description, type, ...) -> header in the file, for headers the synonyms miss.
    columns: Mapping[str, str] = field(default_factory=dict)
    #: Subject id for rows of a file that has no subject column.
    subject: str | None = None
    #: Row number of the header in a workbook or Word table, when chronolane should not look for it.
    header_row: int | None = None


@dataclass(frozen=True)
class Case:
    """Everything about a case that is not in its rows."""

    case_id: str
    title: str = ""
    root: Path | None = None
    subjects: tuple[Subject, ...] = ()
    review_start: ParsedDate | None = None
    review_end: ParsedDate | None = None
    lanes: tuple[str, ...] = ()
    #: Written agency name -> display name, extending the built-in synonyms.
    agencies: Mapping[str, str] = field(default_factory=dict)
    #: Written type wording -> event type, extending the built-in vocabulary.
    event_types: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[SourceSpec, ...] = ()
    periods: tuple[Period, ...] = ()
    date_order: DateOrder = DateOrder.AUTO
    #: Real name or variant -> pseudonym; applied to every output, never written to one.
    pseudonyms: Mapping[str, str] = field(default_factory=dict)
    #: File names (or patterns such as "*.pdf") in the folder that are not agency files.
    ignore: tuple[str, ...] = ()
    #: Files in the folder that hold settings named by case.toml (the pseudonym file).
    settings_files: tuple[str, ...] = ()

    def subject(self, key: str) -> Subject | None:
        """The subject with this id, name or alias (ignoring case), if any."""
        wanted = key.strip().casefold()
        for s in self.subjects:
            if wanted in {s.id.casefold(), s.name.casefold(), *(a.casefold() for a in s.aliases)}:
                return s
        return None

    def source_files(self) -> list[Path]:
        """The agency files of the case, in case.toml's order, then the rest of the folder by name."""
        if self.root is None:
            return []
        if self.root.is_file():
            return [self.root]
        listed = [self.root / s.file for s in self.sources]
        for path in listed:
            if not path.is_file():
                raise CaseError(
                    f"{self.root / CASE_FILE}: [[sources]] names file '{path.name}', which is not in "
                    f"{self.root}. Correct the file name or remove the entry."
                )
        rest = sorted(
            p
            for p in self.root.iterdir()
            if p.is_file()
            and p.suffix.lower() in SOURCE_SUFFIXES
            and p not in listed
            and not p.name.startswith(".")
            and not self.ignores(p)
            and p.name not in self.settings_files
        )
        return listed + rest

    def ignores(self, path: Path) -> bool:
        """Whether case.toml's ``ignore`` list names this file (by name or pattern)."""
        return any(fnmatch.fnmatchcase(path.name, pattern) for pattern in self.ignore)

    def other_files(self) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
        """Everything in the case folder that is not read, with why: (not read, cannot be read).

        The second list holds files that look like a chronology but cannot be read and are not ignored.
        """
        if self.root is None or self.root.is_file():
            return [], []
        read = set(self.source_files())
        skipped: list[tuple[Path, str]] = []
        unreadable: list[tuple[Path, str]] = []
        for path in sorted(self.root.iterdir()):
            if path in read or path.name == CASE_FILE:
                continue
            suffix = path.suffix.lower()
            if path.is_dir():
                skipped.append((path, "a folder: agency files are only read from the case folder itself"))
            elif self.ignores(path):
                skipped.append((path, "listed under ignore in case.toml"))
            elif path.name in self.settings_files:
                skipped.append((path, "the pseudonym file named by case.toml"))
            elif path.name.startswith("."):
                skipped.append((path, "a hidden file"))
            elif suffix in UNREADABLE_SUFFIXES:
                unreadable.append((path, UNREADABLE_SUFFIXES[suffix]))
            else:
                skipped.append((path, f"not a chronology file type ({suffix or 'no extension'})"))
        return skipped, unreadable

    def spec_for(self, path: Path) -> SourceSpec:
        """The settings for one file; a file not listed gets the defaults (its name as the agency)."""
        for spec in self.sources:
            if spec.file == path.name:
                return spec
        return SourceSpec(file=path.name)


_TOP_KEYS = {
    "case_id",
    "title",
    "date_order",
    "review_period",
    "subjects",
    "lanes",
    "agencies",
    "event_types",
    "sources",
    "periods",
    "pseudonyms",
    "pseudonyms_file",
    "ignore",
}


def load_case(path: Path | str) -> Case:
    """The case at ``path``: a folder (with or without case.toml) or a single chronology file."""
    path = Path(path)
    if not path.exists():
        raise CaseError(f"{path}: no such file or folder. Give a case folder or a chronology file (CSV or XLSX).")
    if path.is_file():
        if path.name == CASE_FILE:
            return load_case(path.parent)
        return Case(case_id=path.stem, title=path.stem, root=path)
    toml_path = path / CASE_FILE
    if not toml_path.exists():
        return Case(case_id=path.name, title=path.name, root=path)
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as error:
        raise CaseError(f"{toml_path}: not UTF-8 text ({error.reason}). Save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as error:
        raise CaseError(f"{toml_path}: not valid TOML: {error}. See docs/case-format.md.") from None
    return _parse_case(data, toml_path)


_TABLE_KEYS = {
    "subjects": {"id", "name", "role", "born", "died", "due", "aliases"},
    "sources": {"file", "agency", "date_order", "sheet", "columns", "subject", "header_row"},
    "periods": {"label", "kind", "start", "end", "agency", "subject"},
    "review_period": {"start", "end"},
}


class _Reader:
    """Typed access to case.toml values, with errors that name the key and what is expected."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, expected: str, value: Any = None) -> CaseError:
        got = "" if value is None else f", got {value!r}"
        return CaseError(f"{self.path}: '{key}' must be {expected}{got}. See docs/case-format.md.")

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "given (a text)")
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{where}{key}", "a non-empty text" if required else "a text", value)
        return value

    def date(self, table: Mapping[str, Any], key: str, where: str, order: DateOrder) -> ParsedDate | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            if hasattr(value, "isoformat"):  # a TOML date literal
                value = value.isoformat()
            else:
                raise self.fail(f"{where}{key}", 'a date as text, exact or vague ("April 2015")', value)
        parsed = parse_date(value, order=order)
        if parsed.start is None:
            raise self.fail(
                f"{where}{key}", 'a date chronolane can read, exact or vague ("12/04/2015", "April 2015")', value
            )
        return parsed

    def choice(self, table: Mapping[str, Any], key: str, where: str, enum: type[StrEnum], default: Any) -> Any:
        value = table.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum)  # type: ignore[attr-defined]
            raise self.fail(f"{where}{key}", f"one of {allowed}", value) from None

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"a list of tables ([[{key}]])", value)
        for i, table in enumerate(value):
            self.known_keys(table, key, f"{key}[{i}].")
        return value

    def known_keys(self, table: Mapping[str, Any], kind: str, where: str) -> None:
        """Refuse keys a table cannot have: often a line meant for the top level, placed after a table."""
        allowed = _TABLE_KEYS[kind]
        unknown = sorted(set(table) - allowed)
        if unknown:
            raise CaseError(
                f"{self.path}: unknown key '{where}{unknown[0]}'. A [{kind}] table takes "
                f"{', '.join(sorted(allowed))}. A top-level key must come before the first [table] or "
                "[[table]] line. See docs/case-format.md."
            )

    def mapping(self, data: Mapping[str, Any], key: str) -> dict[str, str]:
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(key, f'a table of texts ([{key}] with "written" = "meaning" lines)', value)
        return dict(value)

    def texts(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}{key}", "a list of texts", value)
        return tuple(value)


def _parse_case(data: Mapping[str, Any], toml_path: Path) -> Case:
    r = _Reader(toml_path)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise CaseError(
            f"{toml_path}: unknown key '{unknown[0]}'. Known keys: {', '.join(sorted(_TOP_KEYS))}. "
            "See docs/case-format.md."
        )
    order = r.choice(data, "date_order", "", DateOrder, DateOrder.AUTO)
    day_order = DateOrder.MDY if order == DateOrder.MDY else DateOrder.DMY

    subjects = []
    for i, t in enumerate(r.tables(data, "subjects")):
        where = f"subjects[{i}]."
        sid = r.text(t, "id", where, required=True)
        assert sid is not None
        subjects.append(
            Subject(
                id=sid,
                name=r.text(t, "name", where) or sid,
                role=r.choice(t, "role", where, Role, Role.OTHER),
                born=r.date(t, "born", where, day_order),
                died=r.date(t, "died", where, day_order),
                due=r.date(t, "due", where, day_order),
                aliases=r.texts(t, "aliases", where),
            )
        )
    ids = [s.id for s in subjects]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise r.fail("subjects", "a list with a different id for each subject", dup)

    review = data.get("review_period", {})
    if not isinstance(review, dict):
        raise r.fail("review_period", "a table with start and end", review)
    r.known_keys(review, "review_period", "review_period.")

    lanes = data.get("lanes", [])
    if not isinstance(lanes, list) or not all(isinstance(v, str) for v in lanes):
        raise r.fail("lanes", "a list of agency names in display order", lanes)

    event_types = r.mapping(data, "event_types")
    for written, meaning in event_types.items():
        if meaning not in {e.value for e in EventType}:
            allowed = ", ".join(e.value for e in EventType)
            raise r.fail(f"event_types.{written}", f"one of {allowed}", meaning)

    sources = []
    for i, t in enumerate(r.tables(data, "sources")):
        where = f"sources[{i}]."
        file = r.text(t, "file", where, required=True)
        assert file is not None
        columns = r.mapping(t, "columns") if "columns" in t else {}
        for name in columns:
            if name not in {f.value for f in Field}:
                allowed = ", ".join(f.value for f in Field)
                raise r.fail(f"{where}columns.{name}", f"one of the field names {allowed}", name)
        spec_order = r.choice(t, "date_order", where, DateOrder, None)
        header_row = t.get("header_row")
        if header_row is not None and (type(header_row) is not int or header_row < 1):
            raise r.fail(f"{where}header_row", "a row number, 1 or more", header_row)
        sources.append(
            SourceSpec(
                file=file,
                agency=r.text(t, "agency", where),
                date_order=spec_order,
                sheet=r.text(t, "sheet", where),
                columns=columns,
                subject=r.text(t, "subject", where),
                header_row=header_row,
            )
        )

    periods = []
    for i, t in enumerate(r.tables(data, "periods")):
        where = f"periods[{i}]."
        start = r.date(t, "start", where, day_order)
        if start is None:
            raise r.fail(f"{where}start", "given: the date the period began, exact or vague")
        periods.append(
            Period(
                label=r.text(t, "label", where, required=True) or "",
                kind=r.choice(t, "kind", where, PeriodKind, PeriodKind.OTHER),
                start=start,
                end=r.date(t, "end", where, day_order),
                agency=r.text(t, "agency", where),
                subject=r.text(t, "subject", where),
            )
        )

    pseudonyms = r.mapping(data, "pseudonyms")
    pseudonyms_file = r.text(data, "pseudonyms_file", "")
    if pseudonyms_file:
        from chronolane.pseudonyms import load_pseudonyms

        pseudonyms = {**load_pseudonyms(toml_path.parent / pseudonyms_file), **pseudonyms}

    root = toml_path.parent
    return Case(
        case_id=r.text(data, "case_id", "") or root.name,
        title=r.text(data, "title", "") or "",
        root=root,
        subjects=tuple(subjects),
        review_start=r.date(review, "start", "review_period.", day_order),
        review_end=r.date(review, "end", "review_period.", day_order),
        lanes=tuple(lanes),
        agencies=r.mapping(data, "agencies"),
        event_types=event_types,
        sources=tuple(sources),
        periods=tuple(periods),
        date_order=order,
        pseudonyms=pseudonyms,
        ignore=r.texts(data, "ignore", ""),
        settings_files=(pseudonyms_file,) if pseudonyms_file else (),
    )
