"""The documentation stays in step with the code: issue codes, and the README's command-line text."""

from __future__ import annotations

from pathlib import Path

from chronolane.issues import issues_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_issues_md_lists_every_issue_code_with_its_severity() -> None:
    text = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")
    assert issues_markdown() in text, (
        "docs/issues.md is out of date: replace its table with chronolane.issues.issues_markdown()"
    )
