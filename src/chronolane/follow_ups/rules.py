"""Follow-up rules (docs/follow-ups.md): after a trigger event, a follow-up event expected within a time limit."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from chronolane.dates.durations import Duration, parse_duration
from chronolane.errors import UsageError
from chronolane.measures.lanes import event_types

#: Rule sets shipped with chronolane, by the name ``--rules`` takes.
BUNDLED = ("wt2023", "lac", "sharing")


@dataclass(frozen=True)
class EventMatch:
    """Which rows an end of a rule matches: all the given conditions hold (an empty one holds for every row)."""

    types: frozenset[str] = frozenset()
    """Event types (schema.EventType values)."""
    agencies: tuple[str, ...] = ()
    """Agency names, matched ignoring case and punctuation, through the agency synonyms."""
    words: tuple[str, ...] = ()
    """Any of these words or phrases in the description or the type wording, ignoring case."""
    without: tuple[str, ...] = ()
    """None of these words or phrases in the description or the type wording."""


@dataclass(frozen=True)
class FollowUpRule:
    """After an event matching ``trigger``, an event matching ``follow_up`` is expected ``within`` a time."""

    id: str
    label: str
    expected: str
    """The time limit in words, as the source gives it."""
    cite: str
    """Where the expectation comes from: a statutory paragraph, or local practice."""
    local: bool
    """True when the expectation is local practice, not a national requirement."""
    trigger: EventMatch
    follow_up: EventMatch
    within: Duration
    """Deadline after the trigger's day (inclusive)."""
    late_until: Duration | None = None
    """Later events count as late only up to this time after the trigger; None: any later event."""
    shared: bool = False
    """True: one follow-up may serve several triggers; False: each follow-up serves one trigger only."""


@dataclass(frozen=True)
class RuleSet:
    """A named set of follow-up rules, read from a rule file."""

    name: str
    title: str
    source: str
    rules: tuple[FollowUpRule, ...]


_TOP = {"title", "source", "local", "rules"}
_RULE = {"id", "label", "expected", "cite", "local", "within", "late_until", "shared", "trigger", "follow_up"}
_MATCH = {"types", "agencies", "words", "without"}


def load_rules(names: str | Path | Iterable[str | Path]) -> tuple[RuleSet, ...]:
    """The bundled rule sets (``wt2023``, ``lac``, ``sharing``) or rule files named, in the order given."""
    if isinstance(names, str | Path):
        names = [names]
    loaded = tuple(load_rule_set(n) for n in names)
    if not loaded:
        raise UsageError(f"no follow-up rules given. Give a rule file or a bundled set: {', '.join(BUNDLED)}.")
    ids = [(s.name, r.id) for s in loaded for r in s.rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise UsageError(f"rule set {repeated[0][0]!r} is given twice. Give each rule set once.")
    return loaded


#: The rule file a case folder may hold, used when no rule set is named.
CASE_RULES = "follow-ups.toml"


def case_rules(folder: str | Path) -> Path:
    """The case folder's own rule file (``follow-ups.toml``); UsageError when there is none."""
    path = Path(folder) / CASE_RULES
    if not path.is_file():
        raise UsageError(
            f"{Path(folder)}: no {CASE_RULES} in the case folder. Name a rule set with --rules: "
            f"{', '.join(BUNDLED)} or a rule file."
        )
    return path


def load_rule_set(name_or_path: str | Path) -> RuleSet:
    """The bundled rule set of that name or the rule file at that path."""
    text_name = str(name_or_path)
    if text_name in BUNDLED:
        source = resources.files("chronolane.follow_ups").joinpath("bundled", f"{text_name}.toml")
        return _parse(tomllib.loads(source.read_text(encoding="utf-8")), text_name, text_name)
    path = Path(name_or_path)
    if not path.is_file():
        raise UsageError(
            f"{path}: no such rule file. Give a TOML rule file or a bundled rule set: {', '.join(BUNDLED)}."
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: not a UTF-8 TOML file ({error}). See docs/follow-ups.md.") from None
    return _parse(data, path.stem, str(path))


def _parse(data: Mapping[str, Any], name: str, where: str) -> RuleSet:
    def fail(key: str, expected: str, value: Any) -> UsageError:
        return UsageError(f"{where}: '{key}' must be {expected}, got {value!r}. See docs/follow-ups.md.")

    def unknown(table: Mapping[str, Any], allowed: set[str], at: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise fail(f"{at}{extra[0]}", f"one of {', '.join(sorted(allowed))}", table[extra[0]])

    def texts(table: Mapping[str, Any], key: str, at: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(f"{at}{key}", "a list of non-empty texts", value)
        return tuple(value)

    def text(table: Mapping[str, Any], key: str, at: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{at}{key}", "a non-empty text", value)
        return value

    def flag(table: Mapping[str, Any], key: str, at: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise fail(f"{at}{key}", "true or false", value)
        return value

    def match(table: Any, at: str) -> EventMatch:
        if not isinstance(table, dict):
            raise fail(at.rstrip("."), "a table", table)
        unknown(table, _MATCH, at)
        try:
            kinds = event_types(texts(table, "types", at), ()) if table.get("types") else frozenset()
        except UsageError as error:
            raise UsageError(f"{where}: '{at}types': {error}") from None
        found = EventMatch(kinds, texts(table, "agencies", at), texts(table, "words", at), texts(table, "without", at))
        if not (found.types or found.agencies or found.words):
            raise fail(at.rstrip("."), "a table with types, agencies or words", table)
        return found

    unknown(data, _TOP, "")
    default_local = flag(data, "local", "", False)
    tables = data.get("rules", [])
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise fail("rules", "a non-empty list of tables ([[rules]])", tables)
    rules = []
    for i, t in enumerate(tables):
        at = f"rules[{i}]."
        unknown(t, _RULE, at)
        rule_id = text(t, "id", at)
        within = parse_duration(text(t, "within", at), what=f"{where}: '{at}within'")
        late = t.get("late_until")
        late_until = parse_duration(text(t, "late_until", at), what=f"{where}: '{at}late_until'") if late else None
        local = flag(t, "local", at, default_local)
        rules.append(
            FollowUpRule(
                id=rule_id,
                label=text(t, "label", at, rule_id),
                expected=text(t, "expected", at, f"within {within}"),
                cite=text(t, "cite", at, "local practice" if local else None),
                local=local,
                trigger=match(t.get("trigger"), f"{at}trigger."),
                follow_up=match(t.get("follow_up"), f"{at}follow_up."),
                within=within,
                late_until=late_until,
                shared=flag(t, "shared", at, False),
            )
        )
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        repeated = next(i for i in ids if ids.count(i) > 1)
        raise fail("rules[].id", "different in each rule", repeated)
    return RuleSet(
        name=name, title=text(data, "title", "", name), source=str(data.get("source", "")), rules=tuple(rules)
    )
