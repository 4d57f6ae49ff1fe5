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
from chronolane.ingest.fields import Field
from chronolane.schema.columns import DateOrder, EventType, YearStyle

CASE_FILE = "case.toml"
SOURCE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".parquet")

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
    #: How a bare split year (2018/19) is read in this file; None: the case's.
    year_style: YearStyle | None = None
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
    #: How a bare split year (2018/19) is read: auto is academic for a school's file, else calendar.
    year_style: YearStyle = YearStyle.AUTO
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

    def source_files(self, *, allow_outside: bool = False) -> list[Path]:
        """The agency files of the case, in case.toml's order, then the rest of the folder by name."""
        return list(self.list_sources(allow_outside=allow_outside).files)

    def list_sources(self, *, allow_outside: bool = False) -> SourceFiles:
        """The files a build reads, those of them outside the case folder, and the folder entries it skips.

        Every file must resolve (after following links) inside the case folder; one outside is a CaseError
        unless ``allow_outside``. A file listed twice in case.toml is a CaseError.
        """
        if self.root is None:
            return SourceFiles(())
        if self.root.is_file():
            return SourceFiles((self.root,))
        root = self.root.resolve()
        toml = self.root / CASE_FILE
        files: list[Path] = []
        outside: list[Path] = []
        seen: dict[Path, str] = {}
        for spec in self.sources:
            path = self.root / spec.file
            if not path.is_file():
                raise CaseError(
                    f"{toml}: [[sources]] names file '{spec.file}', which is not a file in "
                    f"{self.root}. Correct the file name or remove the entry."
                )
            real = path.resolve()
            if real in seen:
                raise CaseError(
                    f"{toml}: [[sources]] lists the file '{spec.file}' twice (also as '{seen[real]}'), so every "
                    "record would be read twice. Remove one of the entries."
                )
            seen[real] = spec.file
            if not real.is_relative_to(root):
                if not allow_outside:
                    raise _outside_error(toml, spec.file, root)
                outside.append(path)
            files.append(path)
        skipped: list[tuple[str, str]] = []
        unreadable: list[tuple[str, str]] = []
        listed = {spec.file for spec in self.sources}
        for path in sorted(self.root.iterdir()):
            if path.name in listed:
                continue
            why = self._skip_reason(path)
            if why is None and path.suffix.lower() in UNREADABLE_SUFFIXES:
                unreadable.append((path.name, UNREADABLE_SUFFIXES[path.suffix.lower()]))
                continue
            if why is None and path.resolve() in seen:
                skipped.append((path.name, f"the same file as '{seen[path.resolve()]}'"))
                continue
            if why is not None:
                if why:
                    skipped.append((path.name, why))
                continue
            real = path.resolve()
            if not real.is_relative_to(root):
                if not allow_outside:
                    raise _outside_error(self.root, path.name, root)
                outside.append(path)
            seen[real] = path.name
            files.append(path)
        return SourceFiles(tuple(files), tuple(outside), tuple(skipped), tuple(unreadable))

    def _skip_reason(self, path: Path) -> str | None:
        """Why a folder entry is not read ("" when not worth a mention), or None to read it (or to refuse it as
        unreadable)."""
        if path.name == CASE_FILE:
            return ""
        if self.ignores(path):
            return "listed under ignore in case.toml"
        if path.name in self.settings_files:
            return "the pseudonym file named by case.toml"
        if path.name.startswith("."):
            return "hidden (its name starts with a dot)"
        if path.is_symlink() and not path.exists():
            return "a link to a file that does not exist"
        if path.is_dir():
            return "a sub-folder (sub-folders are not read)"
        if not path.is_file():
            return "not a regular file"
        suffix = path.suffix.lower()
        if suffix not in SOURCE_SUFFIXES and suffix not in UNREADABLE_SUFFIXES:
            return f"not a chronology file type ({suffix or 'no extension'})"
        return None

    def ignores(self, path: Path) -> bool:
        """Whether case.toml's ``ignore`` list names this file (by name or pattern)."""
        return any(fnmatch.fnmatchcase(path.name, pattern) for pattern in self.ignore)

    def spec_for(self, path: Path) -> SourceSpec:
        """The settings for one file; a file not listed gets the defaults (its name as the agency)."""
        for spec in self.sources:
            if spec.file == path.name or (self.root is not None and self.root / spec.file == path):
                return spec
        return SourceSpec(file=path.name)


@dataclass(frozen=True)
class SourceFiles:
    """What a build of a case folder reads, and what it leaves, for the summary."""

    files: tuple[Path, ...]
    #: Files read from outside the case folder (only with ``allow_outside``).
    outside: tuple[Path, ...] = ()
    #: Folder entries not read, as (name, why): hidden files, sub-folders, broken links, other file types.
    skipped: tuple[tuple[str, str], ...] = ()
    #: Files that look like a chronology but cannot be read (PDF, .doc), as (name, what to do); building
    #: stops on them unless case.toml lists them under ``ignore``.
    unreadable: tuple[tuple[str, str], ...] = ()


def _outside_error(where: Path, name: str, root: Path) -> CaseError:
    return CaseError(
        f"{where}: the source '{name}' is outside the case folder {root} (after following links). Copy it into "
        "the case folder, or read it where it is with `chronolane build --allow-outside` (Python: "
        "allow_outside=True) and give the other commands the integrated chronology that writes."
    )


_TOP_KEYS = {
    "case_id",
    "title",
    "date_order",
    "year_style",
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
    except RecursionError:
        raise CaseError(
            f"{toml_path}: nested too deeply to read. Keep case.toml to the tables in docs/case-format.md."
        ) from None
    except OSError as error:
        raise CaseError(f"{toml_path}: cannot be read ({error.strerror}). Check the file.") from None
    except UnicodeDecodeError as error:
        raise CaseError(f"{toml_path}: not UTF-8 text ({error.reason}). Save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as error:
        raise CaseError(f"{toml_path}: not valid TOML: {error}. See docs/case-format.md.") from None
    return _parse_case(data, toml_path)


_TABLE_KEYS = {
    "subjects": {"id", "name", "role", "born", "died", "due", "aliases"},
    "sources": {"file", "agency", "date_order", "year_style", "sheet", "columns", "subject", "header_row"},
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
                year_style=r.choice(t, "year_style", where, YearStyle, None),
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
        from chronolane.privacy.pseudonyms import load_pseudonyms

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
        year_style=r.choice(data, "year_style", "", YearStyle, YearStyle.AUTO),
        pseudonyms=pseudonyms,
        ignore=r.texts(data, "ignore", ""),
        settings_files=(pseudonyms_file,) if pseudonyms_file else (),
    )
