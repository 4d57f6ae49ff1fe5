"""Pseudonyms: replacing real names and their variants with the names a published review uses."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from chronolane.errors import CaseError
from chronolane.schema.columns import COLUMNS, Column
from chronolane.schema.dtypes import as_category

if TYPE_CHECKING:
    from chronolane.case.model import Case
    from chronolane.chronology.build import Chronology

#: Titles absorbed into a matched name: "Mrs Smith" becomes the pseudonym, not "Mrs Ms X".
TITLES: tuple[str, ...] = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof")

#: What a derived variant shared by people with different pseudonyms (a family surname) becomes.
AMBIGUOUS = "[name]"

#: What a whole e-mail address that holds a mapped name becomes (its parts cannot be told apart reliably).
EMAIL = "[email]"

#: Columns holding codes, dates or numbers: never pseudonymised (every other column is text from the data).
CODED_COLUMNS: frozenset[str] = frozenset(
    {
        Column.EVENT_ID,
        Column.DATE_START,
        Column.DATE_END,
        Column.DATE_PRECISION,
        Column.DATE_APPROX,
        Column.TIME,
        Column.EDTF,
        Column.EVENT_TYPE,
        Column.SOURCE_ROW,
        Column.ISSUES,
    }
)

_APOSTROPHES = re.compile(r"['’]")
#: Between the words of a name: any run of spaces or line breaks, or a hyphen ("Annie-Mae" = "Annie Mae").
_GAP = r"[\s\-‐‑]+"
_SPLIT = re.compile(_GAP)
#: Invisible characters that can sit inside a name and defeat matching: zero-width space, (non-)joiner,
#: word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_EMAIL = r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){1,8}"  # bounded: no slow backtracking


def normalise(text: str) -> str:
    """Text as names are matched in it: NFKC (full-width and compatibility forms folded), invisibles removed."""
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))


def _name_key(text: str) -> str:
    """Matching key of a name as written: normalised, case-folded, one space between words (a hyphen is a
    space), one kind of apostrophe."""
    return " ".join(w for w in _SPLIT.split(_APOSTROPHES.sub("'", normalise(text)).casefold()) if w)


def _initials_key(text: str) -> str:
    """Matching key of initials as written ("J. S." -> "JS")."""
    return "".join(c for c in text if c.isalpha())


def _name_pattern(name: str) -> str:
    """Regex for a name key: any run of spaces, line breaks or hyphens between words, either apostrophe."""
    words = [_APOSTROPHES.sub("\0", re.escape(w)).replace("\0", "['’]") for w in name.split()]
    return _GAP.join(words)


def _initials_pattern(letters: str) -> str:
    """Regex for initials in upper case, with optional dots and spaces between them ("J.S", "J. S", "JS")."""
    return r"\.?\s?".join(re.escape(c) for c in letters)


class Pseudonymiser:
    """Replaces real names and their variants with pseudonyms, in single texts and whole columns.

    Built from a map of real name (or variant) -> pseudonym, as in case.toml's ``[pseudonyms]``. For each
    name of two or more words it also replaces the first name, the surname, first + surname (when there
    are middle names) and the initials ("JS", "J.S.", "J. S."). Names match in any letter case and only
    as whole words; possessives follow ("Jane's" -> "Ms X's", "James'" -> "Mr Y'"); a title before a name
    ("Mrs Smith") is absorbed into the pseudonym. Initials match in upper case only, so "IS" for
    "Ian Smith" does not replace the word "is". Entries of the map always win over derived variants; a
    derived variant shared by people with different pseudonyms becomes ``[name]`` unless the map lists it.
    A plural becomes the pseudonym ("the Smiths'" -> "the family'"). A hyphen counts as a space between
    words ("Annie-Mae" = "Annie Mae"), an underscore as a word boundary ("age_maisie"). Texts are matched after
    :func:`normalise` (NFKC, invisible characters removed); a text with a name only in its normalised
    form is returned normalised. An e-mail address whose local part holds a name variant of three letters
    or more (``jane.smith@``, ``jsmith@``) becomes ``[email]`` whole.

    The map itself is never shown: ``repr`` gives only the number of entries.
    """

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self._names: dict[str, str] = {}
        self._initials: dict[str, str] = {}
        derived_names: dict[str, set[str]] = {}
        derived_initials: dict[str, set[str]] = {}
        for real, pseudonym in (mapping or {}).items():
            words = real.split()
            if not words or not isinstance(pseudonym, str):
                raise CaseError(
                    "pseudonyms: every entry needs a real name and a pseudonym text "
                    '("Jane Smith" = "Ms X"); an entry has an empty name.'
                )
            self._names[_name_key(real)] = pseudonym
            if len(words) < 2:
                continue
            for variant in {words[0], words[-1], f"{words[0]} {words[-1]}"}:
                derived_names.setdefault(_name_key(variant), set()).add(pseudonym)
            if all(w[0].isalpha() for w in words):
                for letters in {"".join(w[0] for w in words), words[0][0] + words[-1][0]}:
                    derived_initials.setdefault(letters.upper(), set()).add(pseudonym)
        for key, found in derived_names.items():
            self._names.setdefault(key, found.pop() if len(found) == 1 else AMBIGUOUS)
        for key, found in derived_initials.items():
            self._initials[key] = found.pop() if len(found) == 1 else AMBIGUOUS
        self._pattern = self._compile()
        self._email_parts = sorted(
            {re.sub(r"[\W\d_]", "", k) for k in self._names if len(re.sub(r"[\W\d_]", "", k)) >= 3},
            key=len,
            reverse=True,
        )

    def _compile(self) -> re.Pattern[str] | None:
        if not self._names and not self._initials:
            return None
        names = sorted(self._names, key=len, reverse=True)
        alternatives = [f"(?P<email>{_EMAIL})", f"(?P<name>(?i:(?:{'|'.join(_name_pattern(n) for n in names)})s?))"]
        if self._initials:
            initials = sorted(self._initials, key=len, reverse=True)
            alternatives.append(f"(?P<init>{'|'.join(_initials_pattern(i) for i in initials)})")
        titles = "|".join(TITLES)
        # an underscore separates words here ("age_maisie", "maisie_s"), a letter or digit does not
        return re.compile(rf"(?<![^\W_])(?:(?i:(?:{titles})\.?)\s+)?(?:{'|'.join(alternatives)})(?![^\W_])")

    def __repr__(self) -> str:
        return f"Pseudonymiser({len(self._names)} name variants, {len(self._initials)} initials)"

    def __bool__(self) -> bool:
        return self._pattern is not None

    @property
    def pseudonyms(self) -> frozenset[str]:
        """The pseudonyms in use (safe to show: they are the published names)."""
        return frozenset(self._names.values()) | frozenset(self._initials.values())

    def _email_has_name(self, address: str) -> bool:
        local = re.sub(r"[\W\d_]", "", normalise(address.partition("@")[0]).casefold())
        return any(part in local for part in self._email_parts)

    def _replacement(self, match: re.Match[str]) -> str | None:
        """The pseudonym for a match, or None for an e-mail address with no name in it (left as it is)."""
        if match.group("email") is not None:
            return EMAIL if self._email_has_name(match.group("email")) else None
        name = match.group("name")
        if name is not None:
            key = _name_key(name)
            return self._names.get(key) or self._names.get(key[:-1], AMBIGUOUS)  # a plural: "the Smiths"
        return self._initials.get(_initials_key(match.group("init")), AMBIGUOUS)

    def _subn(self, text: str) -> tuple[str, int]:
        """The text with names replaced, and how many were."""
        assert self._pattern is not None
        count = 0

        def swap(match: re.Match[str]) -> str:
            nonlocal count
            new = self._replacement(match)
            if new is None:
                return match.group()
            count += 1
            return new

        folded = normalise(text)
        out = self._pattern.sub(swap, folded)
        return (out, count) if count or folded == text else (text, 0)

    def subn(self, text: str) -> tuple[str, int]:
        """The text with every real name and variant replaced by its pseudonym, and how many were replaced."""
        if self._pattern is None or not isinstance(text, str):
            return text, 0
        return self._subn(text)

    def apply(self, text: str) -> str:
        """The text with every real name and variant replaced by its pseudonym."""
        return self.subn(text)[0]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The real names and variants in the (normalised) text, where they are (for redact-check)."""
        if self._pattern is None or not isinstance(text, str):
            return iter(())
        return (m for m in self._pattern.finditer(normalise(text)) if self._replacement(m) is not None)

    def apply_series(self, series: pd.Series) -> tuple[pd.Series, int]:
        """A text column with names replaced (worked on unique values), and how many names were replaced."""
        if self._pattern is None or series.empty:
            return series, 0
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        replaced, counts = [], []
        for value in uniques:
            if isinstance(value, str):
                new, n = self._subn(value)
            else:
                new, n = value, 0
            replaced.append(new)
            counts.append(n)
        total = int(np.dot(np.bincount(codes, minlength=len(uniques)), counts))
        out = pd.Series(np.asarray(replaced, dtype=object)[codes], index=series.index, name=series.name)
        if isinstance(series.dtype, pd.CategoricalDtype):  # new names are new categories, never missing values
            return pd.Series(as_category(str(series.name), out), index=series.index, name=series.name), total
        return out.astype(series.dtype) if series.dtype != object else out, total

    def apply_frame(self, frame: pd.DataFrame, columns: Iterable[str]) -> tuple[pd.DataFrame, int]:
        """A copy of the frame with names replaced in the given text columns, and the number replaced."""
        out = frame.copy()
        total = 0
        for column in columns:
            out[column], n = self.apply_series(frame[column])
            total += n
        return out, total


def case_mapping(cases: Iterable[Case], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The map for some cases: ``base`` (else every case's own map merged), plus each subject's aliases.

    A subject whose name (or an alias) has a pseudonym passes it to its other aliases, so "Mais" becomes
    "Child M" when "Maisie Smith" does. A subject whose name has no pseudonym (it is one already, such as
    "Child F") adds nothing.
    """
    cases = list(cases)
    mapping: dict[str, str] = dict(base) if base is not None else {}
    if base is None:
        for case in cases:
            mapping.update(case.pseudonyms)
    mapper = Pseudonymiser(mapping)
    for case in cases:
        for subject in case.subjects:
            for known in (subject.name, *subject.aliases):
                pseudonym, n = mapper.subn(known)
                if n:
                    for alias in (subject.name, *subject.aliases):
                        mapping.setdefault(alias, pseudonym)
                    break
    return mapping


def pseudonymise_case(case: Case, mapper: Pseudonymiser) -> Case:
    """A case whose every text that can reach an output (title, id, subjects, lanes, periods, agencies,
    sources) is pseudonymised, with an empty map: what is drawn or written from it needs nothing more."""

    def opt(text: str | None) -> str | None:
        return None if text is None else mapper.apply(text)

    return replace(
        case,
        case_id=mapper.apply(case.case_id),
        title=mapper.apply(case.title),
        subjects=tuple(
            replace(s, id=mapper.apply(s.id), name=mapper.apply(s.name), aliases=tuple(map(mapper.apply, s.aliases)))
            for s in case.subjects
        ),
        lanes=tuple(map(mapper.apply, case.lanes)),
        agencies={k: mapper.apply(v) for k, v in case.agencies.items()},
        sources=tuple(replace(spec, file=mapper.apply(spec.file), agency=opt(spec.agency)) for spec in case.sources),
        periods=tuple(
            replace(p, label=mapper.apply(p.label), agency=opt(p.agency), subject=opt(p.subject)) for p in case.periods
        ),
        pseudonyms={},
    )


def pseudonymise_chronology(
    chronology: Chronology, pseudonyms: Mapping[str, str] | None = None
) -> tuple[Chronology, int]:
    """The chronology with every name replaced, the one place every output goes through: each text column
    (all but :data:`CODED_COLUMNS`), the names of source columns, and its cases (see :func:`pseudonymise_case`).

    The map is ``pseudonyms`` if given, else the cases' own maps, with subjects' aliases added
    (:func:`case_mapping`). Returns the new chronology and the number of names replaced in its rows.
    Without any map the chronology is returned as it is.
    """
    mapper = Pseudonymiser(case_mapping(chronology.cases.values(), pseudonyms))
    if not mapper:
        return chronology, 0
    frame = chronology.frame.copy()
    total = 0
    for column in frame.columns:
        if column in CODED_COLUMNS:
            continue
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype) or values.dtype == "category":
            frame[column], n = mapper.apply_series(values)
            total += n
    fixed = set(COLUMNS)
    renamed: dict[str, str] = {}
    for column in frame.columns:
        if column not in fixed:
            new = mapper.apply(str(column))
            while new != column and (new in frame.columns or new in renamed.values()):
                new += "_"
            renamed[column] = new
    frame = frame.rename(columns=renamed)
    cases = {mapper.apply(k): pseudonymise_case(c, mapper) for k, c in chronology.cases.items()}
    sources = tuple(replace(s, file=mapper.apply(s.file)) for s in chronology.sources)
    moved = tuple((mapper.apply(f), mapper.apply(h), mapper.apply(n)) for f, h, n in chronology.renamed)
    return replace(chronology, frame=frame, cases=cases, sources=sources, renamed=moved), total


def load_pseudonyms(path: Path | str) -> dict[str, str]:
    """A pseudonym map from a TOML file of ``"real name" = "pseudonym"`` lines (optionally under [pseudonyms])."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise CaseError(
            f'{path}: no such pseudonym file. Give a TOML file of "real name" = "pseudonym" lines.'
        ) from None
    # RecursionError: a file nested thousands deep.
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise CaseError(f"{path}: not a valid UTF-8 TOML file ({error}).") from None
    table = data.get("pseudonyms", data)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise CaseError(f'{path}: must hold "real name" = "pseudonym" lines, optionally under [pseudonyms].')
    return dict(table)
