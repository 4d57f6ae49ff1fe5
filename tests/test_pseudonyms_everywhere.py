"""Every output of a case with a pseudonym map: no mapped name survives anywhere, file names included."""

from __future__ import annotations

import re
import stat
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from chronolane.cli import app

CASE_TOML = """
case_id = "smith-family"
title = "Review of Maisie Smith and Kayleigh Smith"
lanes = ["Health visiting", "Police Darren Jones team"]
[review_period]
start = "January 2018"
end = "December 2019"
[[subjects]]
id = "maisie"
name = "Maisie Smith"
role = "child"
born = "12/03/2018"
aliases = ["Mais", "Moo"]
[[subjects]]
id = "kayleigh"
name = "Kayleigh Smith"
role = "mother"
[[periods]]
label = "Maisie on a plan, Darren Jones as carer"
kind = "plan"
start = "June 2018"
end = "March 2019"
agency = "Health visiting"
subject = "maisie"
[pseudonyms]
"Maisie Smith" = "Child M"
"Kayleigh Smith" = "Ms K"
"Darren Jones" = "Mr D"
"Smith" = "the family"
"""

HEALTH = (
    "Date,Type,Subject,Details,Worker notes\n"
    "14/03/2018,Home visit,Maisie,New birth visit: Maisie's weight fine; Kayleigh well,Seen by HV for Mais\n"
    "May 2018,Was not brought,Mais,Maisie was not brought; KAYLEIGH did not attend,Darren\nJones answered\n"
    'July 2018,Home visit,Moo,"Contact maisie.smith@example.org, kjones@mail.test",Ｍａｉｓｉｅ fine\n'
    "Sept 2018,Home visit,Maisie Smith,Mai\u200bsie seen; (Darren) present,Smiths' home tidy\n"
)
POLICE = (
    "Date,Details,Officer\n"
    "02/02/2018,Darren Jones arrested after argument with Kayleigh,PC Kayleigh-Smith liaison\n"
    "November 2019,Welfare check on Maisie at Darren's flat,PC Darren Jones? no\n"
)

NAMES = re.compile(r"(?i)(?<![^\W_])(maisie|kayleigh|darren|jones|smith|smiths|mais|moo)(?![^\W_])")


def visible(text: str) -> str:
    """Text as a reader sees it: compatibility forms folded, zero-width characters gone."""
    return unicodedata.normalize("NFKC", re.sub("[\u200b-\u200d\u2060\ufeff\u00ad]", "", text))


def names_in(text: str) -> list[str]:
    return NAMES.findall(visible(text))


def text_of(path: Path) -> str:
    """All the text of an output: table cells, paragraphs, PDF text, SVG (including its text comments)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
        return "\n".join([*book.sheetnames, *cells])
    if suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        props = document.core_properties
        return "\n".join([*parts, props.title or "", props.subject or "", props.keywords or ""])
    if suffix == ".png":
        return path.read_bytes().decode("latin-1")  # metadata chunks only: the pixels hold no searchable text
    return path.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The case, and a folder holding every output chronolane writes for it."""
    root = tmp_path_factory.mktemp("everywhere")
    case = root / "case"
    case.mkdir()
    (case / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    (case / "health-visiting.csv").write_text(HEALTH, encoding="utf-8")
    (case / "Police Darren Jones team.csv").write_text(POLICE, encoding="utf-8")
    out = root / "out"
    out.mkdir()
    runner = CliRunner()
    commands = [
        ["build", str(case), "--pseudonymise", "--ages", "-o", str(out / "Maisie build.csv")],
        *(
            ["plot", str(case), "-o", str(out / f"Maisie chart.{s}"), "--gaps", "3M", "--ages", "Maisie"]
            for s in ("png", "svg", "pdf")
        ),
        ["plot", str(case), "-o", str(out / "pages.pdf"), "--pages", "2", "--title", "Chart of Maisie Smith"],
        ["figures", str(case), "-o", str(out / "figures")],
        ["gaps", str(case), "--threshold", "1M", "-o", str(out / "Kayleigh gaps.csv")],
        ["gaps", str(case), "--summary", "-o", str(out / "summary.json")],
        ["gaps", str(case), "--schedule", "hcp-england", "-o", str(out / "schedule.csv")],
        *(["export", str(case), "-o", str(out / f"Maisie Smith.{s}")] for s in ("xlsx", "docx", "html", "md", "csv")),
    ]
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    return case, out


def written(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


def test_the_case_has_names_in_every_field_so_the_check_can_fail(outputs: tuple[Path, Path]) -> None:
    case, _ = outputs
    for path in case.iterdir():
        assert names_in(path.read_text(encoding="utf-8")), path.name
    assert names_in("Ｍａｉｓｉｅ") == ["Maisie"]  # the check reads past full-width letters and zero-width spaces
    assert names_in("Mai\u200bsie") == ["Maisie"]
    assert len(names_in(text_of(case / "Police Darren Jones team.csv"))) >= 5


def test_every_output_kind_was_written(outputs: tuple[Path, Path]) -> None:
    suffixes = {p.suffix for p in written(outputs[1])}
    assert suffixes == {".csv", ".json", ".png", ".svg", ".pdf", ".xlsx", ".docx", ".html", ".md"}
    assert len(written(outputs[1])) == 16


def test_no_mapped_name_survives_in_any_output_or_file_name(outputs: tuple[Path, Path]) -> None:
    leaks = {}
    for path in written(outputs[1]):
        found = names_in(path.name) + names_in(text_of(path))
        if found:
            leaks[path.name] = sorted(set(found))
    assert leaks == {}


def test_pseudonyms_are_what_replaced_the_names(outputs: tuple[Path, Path]) -> None:
    out = outputs[1]
    svg = text_of(out / "Child M chart.svg")
    assert "Child M born" in svg and "Review of Child M and Ms K" in svg
    pdf = text_of(out / "pages.pdf")
    assert "Chart of Child M" in pdf
    built = text_of(out / "Child M build.csv")
    assert "Child M's weight" in built and "[email]" in built and "Mr D answered" in built


def test_every_output_is_readable_by_its_owner_only(outputs: tuple[Path, Path]) -> None:
    modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in written(outputs[1])}
    assert set(modes.values()) == {"0o600"}
