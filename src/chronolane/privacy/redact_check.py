"""Redaction check: what still looks identifying in a chronology or an export, and where it was found."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.case.pseudonyms import (
    CODED_COLUMNS,
    TITLES,
    Pseudonymiser,
    case_mapping,
    normalise,
    pseudonymise_chronology,
)
from chronolane.errors import SourceError, UsageError
from chronolane.privacy.dictionary import PREFIXES, is_ordinary
from chronolane.schema.agencies import DEFAULT_LANES, SYNONYMS
from chronolane.schema.columns import ISSUES, Column, EventType
from chronolane.schema.reports import ReportFormat


class FindingKind(StrEnum):
    """What a finding looks like."""

    MAPPED_NAME = "mapped-name"  # a real name from the pseudonym map is still there
    NAME = "name"  # capitalised words that are not ordinary words, or any capitalised words in a name's context
    DATE_OF_BIRTH = "date-of-birth"
    POSTCODE = "postcode"
    NHS_NUMBER = "nhs-number"
    PHONE_NUMBER = "phone-number"
    EMAIL = "email"


#: How identifying each finding is, most first: the order redact-check lists them in. A name in context (a
#: title, a family role, or two capitalised words) ranks above a lone capitalised word.
RANKS: dict[tuple[FindingKind, bool], int] = {
    (FindingKind.MAPPED_NAME, True): 1,
    (FindingKind.NHS_NUMBER, True): 2,
    (FindingKind.NAME, True): 3,
    (FindingKind.DATE_OF_BIRTH, True): 4,
    (FindingKind.EMAIL, True): 5,
    (FindingKind.PHONE_NUMBER, True): 6,
    (FindingKind.POSTCODE, True): 7,
    (FindingKind.NAME, False): 8,
}


@dataclass(frozen=True)
class Finding:
    """One thing that looks identifying, with where it was found."""

    kind: FindingKind
    text: str
    """The text found (shown to the user, who must fix it; never logged)."""
    file: str
    row: int
    """Row as a spreadsheet shows it (header = 1), paragraph number in DOCX, line in text and HTML."""
    column: str
    rank: int = 1
    """How identifying it is, 1 most (see :data:`RANKS`)."""

    def location(self) -> str:
        """Where it is: ``file:row:column``."""
        return f"{self.file}:{self.row}:{self.column}"


FINDING_COLUMNS = ("rank", "kind", "file", "row", "column", "text")


def format_findings(findings: Iterable[Finding], fmt: ReportFormat = ReportFormat.TEXT) -> str:
    """Findings as lines (``FILE:ROW:COLUMN: KIND: TEXT``) or CSV (formula-like cells escaped), in order;
    control characters in the text made visible."""
    from chronolane.export.common import mark_controls

    findings = list(findings)
    if fmt is ReportFormat.CSV:
        from chronolane.files.tables import table_text

        frame = pd.DataFrame(
            [(f.rank, f.kind.value, f.file, f.row, f.column, mark_controls(f.text)[0]) for f in findings],
            columns=list(FINDING_COLUMNS),
        )
        return table_text(frame.astype({"rank": "int64", "row": "int64"}))
    return "".join(f"{f.location()}: {f.kind.value}: {mark_controls(f.text)[0]}\n" for f in findings)


_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})"
)
_PATTERNS: dict[FindingKind, re.Pattern[str]] = {
    FindingKind.DATE_OF_BIRTH: re.compile(
        rf"(?i)\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born(?:\s+on)?)\s*[:\-]?\s*{_DATE}"
    ),
    # the official format: outward code A9, A99, AA9, AA99, A9A or AA9A with the letters each place allows
    FindingKind.POSTCODE: re.compile(
        r"(?i)(?<![^\W_])(?:GIR ?0AA|[A-PR-UWYZ](?:\d\d?|[A-HK-Y]\d\d?|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
        r" ?\d[ABD-HJLNP-UW-Z]{2})(?![^\W_])"
    ),
    FindingKind.NHS_NUMBER: re.compile(r"(?<![\w+\-/.])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w\-/]|\.\d)"),
    # a shape only: the digits are checked against UK numbering by _uk_phone
    FindingKind.PHONE_NUMBER: re.compile(
        r"(?<![\w+\-/.])(?:\+44\s?(?:\(0\)\s?)?|\(0|0)\d[\d\s\-)]{7,14}\d(?![\w\-/]|\.\d)"
    ),
    FindingKind.EMAIL: re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
_DOB_HEADER = re.compile(r"(?i)^\s*(?:dob|d\.o\.b\.?|date of birth|birth ?date|born)\s*$")

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun spring summer autumn winter christmas easter"
)
#: Capitalised words that are ordinary in chronologies (sentence starts, roles, services, record words).
_COMMON = (
    "the a an and or but of in on at to for from by with without after before during since until this that "
    "these those there here he she they it we i you his her their its our my your him them who which what "
    "when where why how no not yes was were is are be been being had has have did do does will would could "
    "should may might must can also then than as if so all any each both some none other another same such "
    "mother father mum dad baby child children parent parents sibling siblings carer partner family "
    "grandmother grandfather aunt uncle brother sister son daughter boyfriend girlfriend ex "
    "home visit visited visits seen attended contact call called telephone phone letter email text message "
    "referral referred report reported assessment discussion strategy meeting conference review plan "
    "child protection section core group case note notes record records outcome action actions summary "
    "health social care services service team officer worker nurse doctor midwife visitor consultant "
    "paediatrician practitioner manager council court school nursery hospital ward clinic surgery unit "
    "police ambulance emergency department mental substance misuse housing early help probation "
    "did not bring brought was attend appointment missed cancelled rearranged declined agreed advised "
    "concerns concern incident injury injuries bruise bruising allegation disclosure safeguarding "
    "born birth death died pregnancy pregnant antenatal postnatal booking scan weeks week months month "
    "year years day days date dob unknown undated approximately approx circa around early mid late "
    "first second third new birth review immunisation immunisations gp nhs a&e hv csc mash cin cp lac "
    "mr mrs ms miss mx dr prof pc ds dc sgt insp sw rn "
    "integrated chronology table appendix event events agency agencies source row column subject type issues "
    "description shown time "  # the words of chronolane's own exports
    "old young little big small long short"  # common words the word list also has as proper nouns
)


def vocabulary(extra: Iterable[str] = ()) -> frozenset[str]:
    """Case-folded words that are not names: months and days, common chronology words, agencies, types."""
    words = set((_MONTHS + " " + _COMMON).split()) | set(TITLES)
    issue_texts = [t for info in ISSUES.values() for t in (info.meaning, info.fix)]
    for text in [*DEFAULT_LANES, *(s for forms in SYNONYMS.values() for s in forms), *EventType, *issue_texts, *extra]:
        words.update(w.casefold() for w in _WORD.findall(str(text).replace("-", " ")))
    return frozenset(words)


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def uk_phone(text: str) -> bool:
    """Whether a number has the digits of a UK number: national form 0 + 10 digits, or 0 + 9 digits for
    the areas and freephone ranges that have them (some 01 areas, 0500, 0800)."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    if not digits.startswith("0") or digits[1:2] not in set("1235789"):
        return False
    if len(digits) == 11:
        return True
    return len(digits) == 10 and (digits[1] == "1" or digits.startswith(("0500", "0800")))


def _lower_words(texts: Iterable[str]) -> set[str]:
    """Words written wholly in lower case somewhere in the texts: those are ordinary words, not names."""
    return {w for t in texts for w in _WORD.findall(t) if w.islower()}


#: Words for people around a child: a capitalised word next to one is taken as a name.
ROLES = (
    "mother father mum mom dad parent partner ex-partner boyfriend girlfriend husband wife stepfather stepmother "
    "step-father step-mother grandmother grandfather grandma grandad nan nana aunt auntie uncle brother sister "
    "half-brother half-sister son daughter sibling cousin carer friend neighbour lodger baby child caseworker"
)
_ROLE_WORDS = frozenset(ROLES.split())
_ROLE = "|".join(re.escape(r) for r in ROLES.split())
_BEFORE = re.compile(
    rf"(?i)(?:\b(?:{'|'.join(TITLES)})\.?|\b(?:{_ROLE})['’]?s?\b[,:]?|\b(?:named|called|aka|known as))\s*[(\"“]?\s*$"
)
_AFTER = re.compile(
    rf"(?i)^(?:['’]s?\s+(?:new\s+|ex[\s-])?(?:{_ROLE})\b|\s*[(,]\s*(?:the\s+|her\s+|his\s+|child['’]?s\s+|"
    rf"maternal\s+|paternal\s+)?(?:{_ROLE})\b)"
)
#: Before a word of a title-case phrase ("Children Act", "Child in Need"): a capitalised word, perhaps a
#: small word between.
_PHRASE = re.compile(r"[A-Z][\w'’]*\s+(?:(?:in|of|and|for|the|on|at|to)\s+)?$")
_SENTENCE_END = re.compile(r"(?:^|[.!?;:\n•]|\s-)[\s\"'“‘(\[]*$")


def _ordinary(word: str, known: frozenset[str] | set[str]) -> bool:
    """An ordinary English word, or a hyphenated one whose parts are ordinary or known ("Six-week-old")."""
    if is_ordinary(word):
        return True
    parts = [p for p in re.split(r"[-'’]", word.casefold()) if len(p) > 1]
    return "-" in word and bool(parts) and all(p in known or p in PREFIXES or is_ordinary(p) for p in parts)


@dataclass(frozen=True)
class _Name:
    text: str
    context: bool


def _names(text: str, known: frozenset[str] | set[str]) -> list[_Name]:
    """Runs of capitalised (or upper-case, four letters and more) words that are not known words, kept when
    they look like a name: a word that is not ordinary English, or any run in a name's context (a title or
    family role next to it, or two capitalised words with one not ordinary)."""
    found: list[_Name] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        led = False  # a run led by a role word ("Lodger Dean"): the role is context, not part of the name
        while len(run) > 1 and _POSSESSIVE.sub("", run[0].group()).casefold() in _ROLE_WORDS:
            run.pop(0)
            led = True
        if not run:
            return
        start, end = run[0].start(), run[-1].end()
        words = [_POSSESSIVE.sub("", m.group()) for m in run]
        unusual = [not _ordinary(w, known) for w in words]
        after = run[-1].group()[len(words[-1]) :] + text[end:]  # with the possessive: "Hope's partner"
        context = led or bool(_BEFORE.search(text[:start]) or _AFTER.match(after))
        at_start = bool(_SENTENCE_END.search(text[:start]))
        if context or (len(run) > 1 and any(unusual)):
            found.append(_Name(text[start:end], True))
        elif any(unusual) or (
            not at_start and len(run) == 1 and words[0][1:].islower() and not _PHRASE.search(text[:start])
        ):
            found.append(_Name(text[start:end], False))
        run.clear()

    for match in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", match.group())
        if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
            word = word[:-1]  # a plural acronym: GPs, HVs
        # upper-case words of 2-3 letters are mostly acronyms: they only extend a run ("JOHN DOE")
        capitalised = word[0].isupper() and (not word.isupper() or len(word) >= 4 or bool(run))
        if len(word) >= 2 and capitalised and word.casefold() not in known:
            if run and not text[run[-1].end() : match.start()].isspace():
                close()
            run.append(match)
        else:
            close()
    close()
    return found


def _detect(text: str, known: frozenset[str] | set[str], mapped: Pseudonymiser) -> list[tuple[int, str, str]]:
    """(rank, kind, text) of everything identifying in one text."""
    out: list[tuple[int, str, str]] = []
    spans: list[tuple[int, int]] = []  # found already: not looked at again for capitalised names
    if mapped:
        for match in mapped.finditer(text):
            out.append((RANKS[FindingKind.MAPPED_NAME, True], FindingKind.MAPPED_NAME.value, match.group()))
    text = normalise(text)
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            value = match.group()
            if kind is FindingKind.NHS_NUMBER and not nhs_number_valid(re.sub(r"\D", "", value)):
                continue
            if kind is FindingKind.PHONE_NUMBER and not uk_phone(value):
                continue
            if any(a <= match.start() < b for a, b in spans):
                continue  # an NHS number is not also a phone number
            out.append((RANKS[kind, True], kind.value, value))
            spans.append(match.span())
    if mapped:
        spans += [m.span() for m in mapped.finditer(text)]
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    out += [(RANKS[FindingKind.NAME, n.context], FindingKind.NAME.value, n.text) for n in _names("".join(rest), known)]
    return out


def find_identifiers(
    cells: pd.DataFrame, *, pseudonyms: Mapping[str, str] | None = None, words: Iterable[str] = ()
) -> pd.DataFrame:
    """Findings in a frame of cells (columns file, row, column, text), worked on unique texts.

    ``pseudonyms`` (real -> pseudonym) makes remaining real names findings and pseudonyms ordinary words;
    ``words`` adds ordinary words (lane names, subject ids). Returns columns rank, kind, file, row, column,
    text, sorted by rank (most identifying first, :data:`RANKS`), then where.
    """
    mapper = Pseudonymiser(pseudonyms or {})
    texts = cells["text"].astype("str")
    codes, uniques = pd.factorize(texts)
    allowed = [*words, *mapper.pseudonyms]
    known = vocabulary(allowed) | _lower_words(uniques)
    per_unique = [_detect(u, known, mapper) for u in uniques]
    counts = np.array([len(f) for f in per_unique], dtype=np.int64)
    rows = np.repeat(np.arange(len(cells)), counts[codes]) if len(cells) else np.zeros(0, dtype=np.int64)
    flat = [f for c in codes for f in per_unique[c]]
    found = cells.iloc[rows][["file", "row", "column"]].reset_index(drop=True)
    found["rank"] = pd.Series([r for r, _, _ in flat], dtype="int64")
    found["kind"] = pd.Series([k for _, k, _ in flat], dtype="str")
    found["text"] = pd.Series([t for _, _, t in flat], dtype="str")
    dob_columns = cells["column"].astype("str").str.match(_DOB_HEADER.pattern) & texts.str.strip().ne("")
    if dob_columns.any():
        extra = cells.loc[dob_columns, ["file", "row", "column", "text"]].assign(
            kind=FindingKind.DATE_OF_BIRTH.value, rank=RANKS[FindingKind.DATE_OF_BIRTH, True]
        )
        found = pd.concat([found, extra[list(FINDING_COLUMNS)]], ignore_index=True)
    order = ["rank", "file", "row", "column"]
    return found[list(FINDING_COLUMNS)].sort_values(order, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------- reading cells


def _frame_cells(frame: pd.DataFrame, file: np.ndarray | str, row: np.ndarray | int) -> pd.DataFrame:
    """A wide text frame as long cells (one row per non-empty cell)."""
    long = frame.assign(_file=file, _row=row).melt(id_vars=["_file", "_row"], var_name="column", value_name="text")
    long = long[long["text"].astype("str").str.strip() != ""]
    return long.rename(columns={"_file": "file", "_row": "row"})[["file", "row", "column", "text"]]


def _table_cells(path: Path) -> pd.DataFrame:
    """Every cell of a CSV or workbook (every sheet), located by file (and sheet), row and header."""
    from chronolane.ingest import read_source

    sheets: list[str | None] = [None]
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        sheets = list(book.sheetnames)
        book.close()
    parts = []
    for sheet in sheets:
        table = read_source(path, sheet=sheet)
        name = f"{path.name}[{sheet}]" if sheet and len(sheets) > 1 else path.name
        parts.append(_frame_cells(table.records, name, table.meta["source_row"].to_numpy()))
    return pd.concat(parts, ignore_index=True)


class _TextParser(html.parser.HTMLParser):
    """Visible text of an HTML page with its line numbers (script and style skipped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.lines.append((self.getpos()[0], data))


def _text_cells(path: Path) -> pd.DataFrame:
    """Lines of a text, markdown or HTML file, or the paragraphs and table cells of a DOCX file."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        items = [(i, "paragraph", p.text) for i, p in enumerate(document.paragraphs, start=1)]
        for t, table in enumerate(document.tables, start=1):
            header = [c.text for c in table.rows[0].cells] if table.rows else []
            for r, row in enumerate(table.rows[1:], start=2):
                items += [(r, f"table {t}: {h}", c.text) for h, c in zip(header, row.cells, strict=False)]
    else:
        raw = path.read_bytes().decode("utf-8-sig", errors="replace")
        if suffix in (".html", ".htm"):
            parser = _TextParser()
            parser.feed(raw)
            parser.close()
            items = [(line, "text", text) for line, text in parser.lines]
        else:
            items = [(i, "text", line) for i, line in enumerate(raw.split("\n"), start=1)]
    frame = pd.DataFrame(items, columns=["row", "column", "text"]).assign(file=path.name)
    return frame[frame["text"].str.strip() != ""][["file", "row", "column", "text"]]


_TABLES = (".csv", ".tsv", ".xlsx", ".xlsm")
_TEXTS = (".docx", ".html", ".htm", ".md", ".markdown", ".txt")


def _case_cells(path: Path) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """A case folder's chronology as its export would show it (pseudonymised), located in the agency files."""
    from chronolane.chronology.io import open_chronology
    from chronolane.export.common import prepare

    chronology = open_chronology(path)
    mapping = case_mapping(chronology.cases.values())
    shown, _ = pseudonymise_chronology(chronology)
    words: list[str] = []
    for case in shown.cases.values():
        words += [*case.lanes, *case.agencies.values(), *(s.id for s in case.subjects)]
        words += [s.name for s in case.subjects]
    text = prepare(shown.frame, shown.cases, Pseudonymiser()).text
    keep = [c for c in text.columns if c not in CODED_COLUMNS]
    files = chronology.frame[Column.SOURCE_FILE].astype("str").to_numpy()
    cells = _frame_cells(text[keep], files, chronology.frame[Column.SOURCE_ROW].to_numpy())
    return cells, mapping, words


def redact_check(path: Path | str, *, pseudonyms: Mapping[str, str] | None = None) -> tuple[Finding, ...]:
    """What still looks identifying in a case folder or a file, each finding with file, row and column.

    A case folder is checked as its export would read: with its own pseudonym map applied, located in the
    agency files. A file (CSV, XLSX, DOCX, HTML, Markdown, text) is checked as it is, located in itself;
    give ``pseudonyms`` to flag real names from the map that are still in it.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder. Give a case folder or an exported file.")
    words: list[str] = []
    mapping = dict(pseudonyms or {})
    if path.is_dir() or path.name == "case.toml":
        cells, case_map, words = _case_cells(path)
        mapping = {**case_map, **mapping}
    elif path.suffix.lower() in _TABLES:
        cells = _table_cells(path)
    elif path.suffix.lower() in _TEXTS:
        cells = _text_cells(path)
    else:
        known = ", ".join((*_TABLES, *_TEXTS))
        raise SourceError(f"{path}: cannot check a '{path.suffix}' file. Give a case folder or one of {known}.")
    found = find_identifiers(cells, pseudonyms=mapping, words=words)
    return tuple(
        Finding(FindingKind(k), t, str(f), int(r), str(c), int(rank))
        for rank, k, f, r, c, t in found[list(FINDING_COLUMNS)].itertuples(index=False)
    )
