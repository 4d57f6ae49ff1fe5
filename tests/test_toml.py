"""The TOML files users write (rules, schedules, case.toml) are read by one reader with one kind of message."""

from __future__ import annotations

from pathlib import Path

import pytest

from chronolane.errors import CaseError, UsageError
from chronolane.files.toml import TomlReader, read_toml
from chronolane.follow_ups.rules import load_rule_set
from chronolane.schema.columns import DateOrder


def test_a_value_of_the_wrong_kind_names_file_key_expectation_value_and_docs() -> None:
    reader = TomlReader("rules.toml", docs="docs/follow-ups.md")
    with pytest.raises(UsageError) as raised:
        reader.flag({"shared": "yes"}, "shared", "rules[0].", False)
    assert str(raised.value) == (
        "rules.toml: 'rules[0].shared' must be true or false, got 'yes'. See docs/follow-ups.md."
    )


def test_a_missing_value_is_not_shown_but_a_none_is() -> None:
    reader = TomlReader("case.toml", docs="docs/case-format.md", error=CaseError)
    assert str(reader.fail("start", "given")) == "case.toml: 'start' must be given. See docs/case-format.md."
    assert "got None" in str(reader.fail("start", "given", None))
    assert isinstance(reader.fail("start", "given"), CaseError)


@pytest.mark.parametrize(
    ("quote", "allowed"), [(False, "one of auto, dmy, mdy"), (True, "one of 'auto', 'dmy', 'mdy'")]
)
def test_a_choice_outside_the_vocabulary_lists_the_choices(quote: bool, allowed: str) -> None:
    reader = TomlReader("x.toml", docs="docs", quote_choices=quote)
    assert reader.choice({}, "order", "", DateOrder, DateOrder.DMY) is DateOrder.DMY
    with pytest.raises(UsageError, match=allowed):
        reader.choice({"order": "ydm"}, "order", "", DateOrder, None)


def test_texts_can_require_each_text_to_say_something() -> None:
    reader = TomlReader("x.toml", docs="docs")
    assert reader.texts({"words": ["a", " "]}, "words", "") == ("a", " ")
    with pytest.raises(UsageError, match="a list of non-empty texts"):
        reader.texts({"words": ["a", " "]}, "words", "", non_empty=True)


def test_a_rule_file_nested_too_deeply_is_a_clear_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"deep\.toml: not a UTF-8 TOML file"):
        load_rule_set(path)
    with pytest.raises(CaseError, match="not a UTF-8 TOML file"):
        read_toml(path, docs="docs/case-format.md", error=CaseError)
