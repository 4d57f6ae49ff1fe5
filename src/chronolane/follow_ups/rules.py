"""Follow-up rules (docs/follow-ups.md): after a trigger event, a follow-up event expected within a time limit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chronolane.dates.durations import Duration, parse_duration
from chronolane.errors import UsageError
from chronolane.files.toml import TomlReader, read_named
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
            f"{Path(folder)}: no {CASE_RULES} in the case folder. Name a rule set with rules=NAME: "
            f"{', '.join(BUNDLED)} or a rule file.",
            parameter="rules",
        )
    return path


def load_rule_set(name_or_path: str | Path) -> RuleSet:
    """The bundled rule set of that name or the rule file at that path."""
    return _parse(
        *read_named(
            name_or_path, bundled=BUNDLED, package="chronolane.follow_ups", kind="rule", docs="docs/follow-ups.md"
        )
    )


def _parse(data: Mapping[str, Any], name: str, where: str) -> RuleSet:
    r = TomlReader(where, docs="docs/follow-ups.md")

    def texts(table: Mapping[str, Any], key: str, at: str) -> tuple[str, ...]:
        return r.texts(table, key, at, [], non_empty=True)

    def match(table: Any, at: str) -> EventMatch:
        if not isinstance(table, dict):
            raise r.fail(at.rstrip("."), "a table", table)
        r.known_keys(table, _MATCH, at)
        try:
            kinds = event_types(texts(table, "types", at), ()) if table.get("types") else frozenset()
        except UsageError as error:
            raise UsageError(f"{where}: '{at}types': {error}") from None
        found = EventMatch(kinds, texts(table, "agencies", at), texts(table, "words", at), texts(table, "without", at))
        if not (found.types or found.agencies or found.words):
            raise r.fail(at.rstrip("."), "a table with types, agencies or words", table)
        return found

    r.known_keys(data, _TOP, "")
    default_local = r.flag(data, "local", "", False)
    tables = data.get("rules", [])
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise r.fail("rules", "a non-empty list of tables ([[rules]])", tables)
    rules = []
    for i, t in enumerate(tables):
        at = f"rules[{i}]."
        r.known_keys(t, _RULE, at)
        rule_id = r.text(t, "id", at)
        within = parse_duration(r.text(t, "within", at), what=f"{where}: '{at}within'")
        late = t.get("late_until")
        late_until = parse_duration(r.text(t, "late_until", at), what=f"{where}: '{at}late_until'") if late else None
        local = r.flag(t, "local", at, default_local)
        rules.append(
            FollowUpRule(
                id=rule_id,
                label=r.text(t, "label", at, rule_id),
                expected=r.text(t, "expected", at, f"within {within}"),
                cite=r.text(t, "cite", at, "local practice" if local else None),
                local=local,
                trigger=match(t.get("trigger"), f"{at}trigger."),
                follow_up=match(t.get("follow_up"), f"{at}follow_up."),
                within=within,
                late_until=late_until,
                shared=r.flag(t, "shared", at, False),
            )
        )
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        repeated = next(i for i in ids if ids.count(i) > 1)
        raise r.fail("rules[].id", "different in each rule", repeated)
    return RuleSet(
        name=name, title=r.text(data, "title", "", name), source=str(data.get("source", "")), rules=tuple(rules)
    )
