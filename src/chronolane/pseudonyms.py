"""Pseudonyms: replacing real names and their variants with the names a published review uses."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from chronolane.errors import CaseError

#: Titles absorbed into a matched name: "Mrs Smith" becomes the pseudonym, not "Mrs Ms X".
TITLES: tuple[str, ...] = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof")

#: What a derived variant shared by people with different pseudonyms (a family surname) becomes.
AMBIGUOUS = "[name]"

_APOSTROPHES = re.compile(r"['’]")


def _name_key(text: str) -> str:
    """Matching key of a name as written: case-folded, one space between words, one kind of apostrophe."""
    return " ".join(_APOSTROPHES.sub("'", text).casefold().split())


def _initials_key(text: str) -> str:
    """Matching key of initials as written ("J. S." -> "JS")."""
    return "".join(c for c in text if c.isalpha())


def _name_pattern(name: str) -> str:
    """Regex for a name: any run of spaces between words, either apostrophe."""
    words = [_APOSTROPHES.sub("\0", re.escape(w)).replace("\0", "['’]") for w in name.split()]
    return r"\s+".join(words)


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

    def _compile(self) -> re.Pattern[str] | None:
        if not self._names and not self._initials:
            return None
        names = sorted(self._names, key=len, reverse=True)
        alternatives = [f"(?P<name>(?i:{'|'.join(_name_pattern(n) for n in names)}))"]
        if self._initials:
            initials = sorted(self._initials, key=len, reverse=True)
            alternatives.append(f"(?P<init>{'|'.join(_initials_pattern(i) for i in initials)})")
        titles = "|".join(TITLES)
        return re.compile(rf"(?<!\w)(?:(?i:(?:{titles})\.?)\s+)?(?:{'|'.join(alternatives)})(?!\w)")

    def __repr__(self) -> str:
        return f"Pseudonymiser({len(self._names)} name variants, {len(self._initials)} initials)"

    def __bool__(self) -> bool:
        return self._pattern is not None

    @property
    def pseudonyms(self) -> frozenset[str]:
        """The pseudonyms in use (safe to show: they are the published names)."""
        return frozenset(self._names.values()) | frozenset(self._initials.values())

    def _replace(self, match: re.Match[str]) -> str:
        name = match.group("name")
        if name is not None:
            return self._names.get(_name_key(name), AMBIGUOUS)
        return self._initials.get(_initials_key(match.group("init")), AMBIGUOUS)

    def apply(self, text: str) -> str:
        """The text with every real name and variant replaced by its pseudonym."""
        if self._pattern is None or not isinstance(text, str):
            return text
        return self._pattern.sub(self._replace, text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The real names and variants in the text, where they are (for redact-check)."""
        if self._pattern is None or not isinstance(text, str):
            return iter(())
        return self._pattern.finditer(text)

    def apply_series(self, series: pd.Series) -> tuple[pd.Series, int]:
        """A text column with names replaced (worked on unique values), and how many names were replaced."""
        if self._pattern is None or series.empty:
            return series, 0
        codes, uniques = pd.factorize(series, use_na_sentinel=False)
        replaced, counts = [], []
        for value in uniques:
            if isinstance(value, str):
                new, n = self._pattern.subn(self._replace, value)
            else:
                new, n = value, 0
            replaced.append(new)
            counts.append(n)
        total = int(np.dot(np.bincount(codes, minlength=len(uniques)), counts))
        out = pd.Series(np.asarray(replaced, dtype=object)[codes], index=series.index, name=series.name)
        return out.astype(series.dtype) if series.dtype != object else out, total

    def apply_frame(self, frame: pd.DataFrame, columns: Iterable[str]) -> tuple[pd.DataFrame, int]:
        """A copy of the frame with names replaced in the given text columns, and the number replaced."""
        out = frame.copy()
        total = 0
        for column in columns:
            out[column], n = self.apply_series(frame[column])
            total += n
        return out, total


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
