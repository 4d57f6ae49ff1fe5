"""The documentation stays in step with the code: issue codes, and the README's command-line text."""

from __future__ import annotations

import re
from pathlib import Path

from chronolane.schema.issue_codes import issues_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_docs_issues_md_lists_every_issue_code_with_its_severity() -> None:
    text = (ROOT / "docs" / "issues.md").read_text(encoding="utf-8")
    assert issues_markdown() in text, (
        "docs/issues.md is out of date: replace its table with chronolane.schema.issue_codes.issues_markdown()"
    )


def test_docs_reliability_md_lists_every_limit_with_its_default() -> None:
    from chronolane.schema.limits import limits_markdown

    text = (ROOT / "docs" / "RELIABILITY.md").read_text(encoding="utf-8")
    assert limits_markdown() in text, (
        "docs/RELIABILITY.md is out of date: replace its table of limits with "
        "chronolane.schema.limits.limits_markdown()"
    )


def test_the_readme_shows_every_commands_real_help_text() -> None:
    from chronolane.cli.reference import END, START, render_reference

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(START, 1)[1].split(END, 1)[0]
    assert block.strip() == render_reference().strip(), (
        "README's command-line reference is out of date: run python -m chronolane.cli.reference README.md"
    )


def test_the_app_registers_exactly_the_listed_commands_in_their_order() -> None:
    """One list of commands: the app's registration, --help and the README reference all follow it."""
    from chronolane.cli import COMMANDS, app

    registered = [(c.name or c.callback.__name__, c.callback.__module__) for c in app.registered_commands if c.callback]
    assert registered == [(name, f"chronolane.cli.{module}") for name, module in COMMANDS]


def test_the_readme_starts_with_the_two_commands_ci_relies_on() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    checks = ["ruff check .", "ruff format --check .", "mypy", "python -m pytest -q"]
    assert 'pip install ".[test]"\n' + " && ".join(checks) + "\n" in readme
    assert 'pip install --quiet ".[test]"' in ci
    ci_lines = ci.splitlines()
    assert [line for line in ci_lines if line in checks] == checks  # the same checks, in the README's order
    assert "pip install . && chronolane figures chronologies/* -o figures" in readme


def test_docs_case_format_lists_every_recognised_header_from_the_synonym_tables() -> None:
    from chronolane.ingest.fields import fields_markdown

    text = (Path(__file__).parent.parent / "docs" / "case-format.md").read_text(encoding="utf-8")
    assert fields_markdown() in text, (
        "docs/case-format.md is out of date: replace its fields table with chronolane.ingest.fields.fields_markdown()"
    )


def test_no_document_or_source_file_holds_a_leftover_merge_conflict_marker() -> None:
    markers = ("<" * 7 + " ", ">" * 7 + " ")
    texts = [
        *ROOT.glob("*.md"),
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "src").rglob("*.py"),
        *(ROOT / "tests").glob("*.py"),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in texts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith(markers)
    ]
    assert found == []


def test_the_readme_notebook_session_runs_as_written_and_prints_what_the_readme_shows(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A notebook session", 1)[1]
    blocks = section.split("```")
    code, shown = blocks[1].removeprefix("python\n"), blocks[3].removeprefix("\n")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown
    assert (tmp_path / "schedule.png").stat().st_size > 0
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", (tmp_path / "swimlanes.pdf").read_bytes())) == 4  # 40 cases
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schedule.png", "swimlanes-page-1.png", "swimlanes.pdf"]
