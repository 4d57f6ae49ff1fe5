"""Reading the TOML files users write (follow-up rules, schedules, case.toml): typed values, and errors that
name the file, the key, what it must be and the page that documents it."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from chronolane.errors import ChronolaneError, UsageError

#: "No value to show" in a message (``None`` is a value a file can be said to give).
_ABSENT: Any = object()


def read_toml(path: Path, *, docs: str, error: type[ChronolaneError] = UsageError) -> dict[str, Any]:
    """The tables of a UTF-8 TOML file (a BOM allowed); ``error`` naming the file when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    # RecursionError: a file nested thousands deep.
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as problem:
        raise error(f"{path}: not a UTF-8 TOML file ({problem}). See {docs}.") from None


def read_named(
    name_or_path: str | Path, *, bundled: tuple[str, ...], package: str, kind: str, docs: str
) -> tuple[dict[str, Any], str, str]:
    """(tables, name, where) of the file bundled in ``package`` under that name, or of the file at that path.

    ``kind`` names the files in messages: "rule" (a rule file, a bundled rule set) or "schedule".
    """
    text_name = str(name_or_path)
    if text_name in bundled:
        source = resources.files(package).joinpath("bundled", f"{text_name}.toml")
        return tomllib.loads(source.read_text(encoding="utf-8")), text_name, text_name
    path = Path(name_or_path)
    if not path.is_file():
        sets = "rule set" if kind == "rule" else kind
        raise UsageError(
            f"{path}: no such {kind} file. Give a TOML {kind} file or a bundled {sets}: {', '.join(bundled)}."
        )
    return read_toml(path, docs=docs), path.stem, str(path)


class TomlReader:
    """Typed access to the values of one TOML file; each failure names the key and what it must be.

    ``at`` arguments are the path of the table a key sits in, as the message shows it ("rules[0].").
    """

    def __init__(
        self, where: str | Path, *, docs: str, error: type[ChronolaneError] = UsageError, quote_choices: bool = False
    ) -> None:
        self.where, self.docs, self.error, self.quote_choices = where, docs, error, quote_choices

    def fail(self, key: str, expected: str, value: Any = _ABSENT) -> ChronolaneError:
        """The error for ``key``: what it must be, and the value the file gives when there is one."""
        got = "" if value is _ABSENT else f", got {value!r}"
        return self.error(f"{self.where}: '{key}' must be {expected}{got}. See {self.docs}.")

    def text(self, table: Mapping[str, Any], key: str, at: str, default: str | None = None) -> str:
        """A non-empty text, ``default`` when the key is absent."""
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{at}{key}", "a non-empty text", value)
        return value

    def texts(
        self, table: Mapping[str, Any], key: str, at: str, default: Any = (), *, non_empty: bool = False
    ) -> tuple[str, ...]:
        """A list of texts (each non-empty with ``non_empty``), ``default`` when the key is absent."""
        value = table.get(key, default)
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and (v.strip() or not non_empty) for v in value
        ):
            raise self.fail(f"{at}{key}", "a list of non-empty texts" if non_empty else "a list of texts", value)
        return tuple(value)

    def flag(self, table: Mapping[str, Any], key: str, at: str, default: bool) -> bool:
        """true or false, ``default`` when the key is absent."""
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{at}{key}", "true or false", value)
        return value

    def choice(self, table: Mapping[str, Any], key: str, at: str, enum: type[StrEnum], default: Any) -> Any:
        """One value of ``enum``, ``default`` when the key is absent."""
        value = table.get(key)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) if self.quote_choices else m.value for m in enum)
            raise self.fail(f"{at}{key}", f"one of {allowed}", value) from None

    def tables(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        """The ``[[key]]`` tables, none when the key is absent."""
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"a list of tables ([[{key}]])", value)
        return value

    def known_keys(self, table: Mapping[str, Any], allowed: set[str], at: str) -> None:
        """Refuse a key the table cannot have, naming those it can."""
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(f"{at}{extra[0]}", f"one of {', '.join(sorted(allowed))}", table[extra[0]])
