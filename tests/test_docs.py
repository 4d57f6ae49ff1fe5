"""The documentation stays in step with the code: issue codes, and the README's command-line text."""

from __future__ import annotations

from pathlib import Path

from chronolane.schema.issue_codes import issues_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_issues_md_lists_every_issue_code_with_its_severity() -> None:
    text = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")
    assert issues_markdown() in text, (
        "docs/issues.md is out of date: replace its table with chronolane.schema.issue_codes.issues_markdown()"
    )


def test_docs_reliability_md_lists_every_limit_with_its_default() -> None:
    from chronolane.ingest.limits import limits_markdown

    text = (ROOT / "docs" / "RELIABILITY.md").read_text(encoding="utf-8")
    assert limits_markdown() in text, (
        "docs/RELIABILITY.md is out of date: replace its table of limits with "
        "chronolane.ingest.limits.limits_markdown()"
    )


def test_the_readme_shows_every_commands_real_help_text() -> None:
    from chronolane.cli.reference import END, START, render_reference

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(START, 1)[1].split(END, 1)[0]
    assert block.strip() == render_reference().strip(), (
        "README's command-line reference is out of date: run python -m chronolane.cli.reference README.md"
    )


def test_the_readme_starts_with_the_two_commands_ci_relies_on() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install ".[test]" && python -m pytest -q' in readme
    assert 'pip install --quiet ".[test]"' in ci and "python -m pytest -q" in ci
    assert "pip install . && chronolane figures chronologies/* -o figures" in readme


def test_docs_case_format_lists_every_recognised_header_from_the_synonym_tables() -> None:
    from chronolane.ingest.fields import fields_markdown

    text = (Path(__file__).parent.parent / "docs" / "case-format.md").read_text(encoding="utf-8")
    assert fields_markdown() in text, (
        "docs/case-format.md is out of date: replace its fields table with chronolane.ingest.fields.fields_markdown()"
    )
