"""Tests for chronolane.privacy.redact_check: what still looks identifying is found, with file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chronolane.errors import SourceError, UsageError
from chronolane.privacy.redact_check import Finding, FindingKind, find_identifiers, nhs_number_valid, redact_check
from chronolane.workflows import export_chronology

CASE_TOML = """
case_id = "child-f"
title = "Child F"
[[subjects]]
id = "child-f"
name = "Child F"
role = "child"
[pseudonyms]
"Jane Smith" = "Ms X"
"Frank Smith" = "Child F"
"""


def make_case(root: Path) -> Path:
    """A small case folder: two agency files with names, numbers and a date of birth in the text."""
    case = root / "case"
    case.mkdir()
    (case / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    (case / "police.csv").write_text(
        "Date,Details\n12/12/2017,Police attended; Jane Smith reported an incident\n"
        "March 2018,Frank seen at home by PC Jones\n",
        encoding="utf-8",
    )
    (case / "gp.csv").write_text(
        "Date,Details\n01/02/2018,GP saw Jane; NHS 943 476 5919; DOB 12/01/2018; lives at E6 2AB\n",
        encoding="utf-8",
    )
    return case


def cells(*texts: str, column: str = "description") -> pd.DataFrame:
    return pd.DataFrame({"file": "f.csv", "row": range(2, len(texts) + 2), "column": column, "text": list(texts)})


@pytest.mark.parametrize(
    ("digits", "valid"),
    [("9434765919", True), ("9434765918", False), ("4010232137", True), ("0000000000", True), ("123456789", False)],
)
def test_nhs_number_modulus_11(digits: str, valid: bool) -> None:
    """NHS numbers are ten digits whose last is the modulus 11 check digit."""
    assert nhs_number_valid(digits) is valid


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("NHS no 943 476 5919 recorded", FindingKind.NHS_NUMBER, "943 476 5919"),
        ("NHS no 943-476-5919", FindingKind.NHS_NUMBER, "943-476-5919"),
        ("mobile 07700 900123", FindingKind.PHONE_NUMBER, "07700 900123"),
        ("call +44 20 7946 0958 today", FindingKind.PHONE_NUMBER, "+44 20 7946 0958"),
        ("call (0161) 496 0000", FindingKind.PHONE_NUMBER, "(0161) 496 0000"),
        ("lives at SW1A 1AA now", FindingKind.POSTCODE, "SW1A 1AA"),
        ("moved to e6 2ab", FindingKind.POSTCODE, "e6 2ab"),
        ("email mum.smith@example.org", FindingKind.EMAIL, "mum.smith@example.org"),
        ("DOB: 12/01/2018", FindingKind.DATE_OF_BIRTH, "DOB: 12/01/2018"),
        ("date of birth 3rd March 2015", FindingKind.DATE_OF_BIRTH, "date of birth 3rd March 2015"),
        ("born on 2015-03-03", FindingKind.DATE_OF_BIRTH, "born on 2015-03-03"),
        ("seen with John Doe at home", FindingKind.NAME, "John Doe"),
        ("seen with JOHN DOE at home", FindingKind.NAME, "JOHN DOE"),
        ("Tesco staff called", FindingKind.NAME, "Tesco"),
    ],
)
def test_each_kind_is_found_with_its_location(text: str, kind: FindingKind, found: str) -> None:
    """Each identifying pattern is reported with the text found and its file, row and column."""
    result = find_identifiers(cells(text))
    assert (kind.value, found) in list(zip(result["kind"], result["text"], strict=True))
    assert set(result["file"]) == {"f.csv"} and set(result["row"]) == {2} and set(result["column"]) == {"description"}


@pytest.mark.parametrize(
    "text",
    [
        "Mother seen by Police at home. Health visitor called in March",
        "Referral to MASH; GP and A&E notified on Monday",
        "NHS no 943 476 5918 (fails the check)",
        "Ms X and Child F attended",
        "Seen 2018-03-01 and 01/02/2020",
        "",
    ],
)
def test_ordinary_text_gives_no_finding(text: str) -> None:
    """Sentence starts, services, months, acronyms, pseudonyms and dates without a birth cue are not findings."""
    assert find_identifiers(cells(text), pseudonyms={"Jane Smith": "Ms X"}).empty


def test_capitalised_word_written_in_lower_case_elsewhere_is_ordinary() -> None:
    """A word the same texts also write in lower case is an ordinary word at a sentence start."""
    assert find_identifiers(cells("Strategy meeting held", "a strategy and a meeting")).empty
    assert list(find_identifiers(cells("Kayleigh attended"))["text"]) == ["Kayleigh"]


def test_names_from_the_map_still_present_are_reported() -> None:
    """With the map, real names and variants left in a file are findings of their own kind."""
    result = find_identifiers(cells("jane smith seen", "Smith's car"), pseudonyms={"Jane Smith": "Ms X"})
    assert list(zip(result["kind"], result["text"], strict=True)) == [
        ("mapped-name", "jane smith"),
        ("mapped-name", "Smith"),
    ]


def test_date_of_birth_column_cells_are_findings() -> None:
    """Every non-empty cell of a column headed DOB or date of birth is reported."""
    result = find_identifiers(cells("12/01/2018", "", column="Date of birth"))
    assert list(zip(result["row"], result["kind"], strict=True)) == [(2, "date-of-birth")]


def test_case_folder_is_checked_as_its_export_reads(tmp_path: Path) -> None:
    """A case folder is checked with its map applied; what remains is located in the agency files."""
    findings = redact_check(make_case(tmp_path))
    got = {(f.file, f.row, f.column, f.kind, f.text) for f in findings}
    assert ("police.csv", 3, "description", FindingKind.NAME, "Jones") in got
    assert ("gp.csv", 2, "description", FindingKind.NHS_NUMBER, "943 476 5919") in got
    assert ("gp.csv", 2, "description", FindingKind.DATE_OF_BIRTH, "DOB 12/01/2018") in got
    assert ("gp.csv", 2, "description", FindingKind.POSTCODE, "E6 2AB") in got
    assert not any(f.text in {"Jane", "Smith", "Frank", "Jane Smith"} for f in findings)
    assert findings[0].location() == f"{findings[0].file}:{findings[0].row}:{findings[0].column}"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".html", ".md", ".csv"])
def test_exports_are_checked_where_they_are(tmp_path: Path, suffix: str) -> None:
    """Every export format can be checked; findings point into the exported file itself."""
    from chronolane.chronology.io import open_chronology

    case = make_case(tmp_path)
    out = export_chronology(open_chronology(case), tmp_path / f"out{suffix}", chart=False).path
    findings = redact_check(out, pseudonyms={"Jane Smith": "Ms X"})
    assert all(isinstance(f, Finding) and f.file.startswith(out.name) for f in findings)
    assert {"Jones", "943 476 5919"} <= {f.text for f in findings}
    assert not any(f.kind is FindingKind.MAPPED_NAME for f in findings)


def test_unknown_file_kind_and_missing_path_are_errors(tmp_path: Path) -> None:
    """A file chronolane cannot read, or a path that does not exist, is an error naming it."""
    odd = tmp_path / "a.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(SourceError, match=r"a\.pdf"):
        redact_check(odd)
    with pytest.raises(UsageError, match="no such"):
        redact_check(tmp_path / "missing")


@pytest.mark.parametrize(
    "text",
    [
        "Historic concerns noted",
        "Smoker; advised to stop",
        "Discharged from the service",
        "Weight on the 9th centile",
        "Paediatrician reviewed. Organised a follow-up",
        "Co-sleeping discussed. Pre-birth assessment started",
        "Six-week-old baby seen",
        "plan under Child in Need; section 17 of the Children Act",  # ordinary words of a title-case phrase
    ],
)
def test_ordinary_words_at_a_sentence_or_cell_start_are_not_names(text: str) -> None:
    assert find_identifiers(cells(text)).empty


@pytest.mark.parametrize(
    ("text", "name", "rank"),
    [
        ("Kayleigh attended alone", "Kayleigh", 8),  # not an English word
        ("mother Rose attended", "Rose", 3),  # an ordinary word next to a family role
        ("Rose (mother) attended", "Rose", 3),
        ("Hope's partner called", "Hope's", 3),
        ("seen by Mrs Baker", "Baker", 3),  # after a title
        ("Darren Hughes arrested", "Darren Hughes", 3),  # two capitalised words, one not ordinary
        ("reported by Rose", "Rose", 8),  # a capitalised ordinary word inside a sentence
    ],
)
def test_a_capitalised_word_is_a_name_by_the_word_list_and_its_context(text: str, name: str, rank: int) -> None:
    result = find_identifiers(cells(text))
    assert list(zip(result["kind"], result["text"], result["rank"], strict=True)) == [("name", name, rank)]


@pytest.mark.parametrize("text", ["Rose attended", "Hope for the best", "Strategy Meeting held"])
def test_ordinary_capitalised_words_without_context_at_a_start_are_not_names(text: str) -> None:
    assert find_identifiers(cells(text)).empty


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("NHS 9434765919", "9434765919"),
        ("event 9434765919ab", None),  # part of an id, not a number of its own
        ("ref A9434765919", None),
        ("id 19434765919", None),  # eleven digits
        ("943 476 5918", None),  # fails the check digit
    ],
)
def test_nhs_numbers_are_ten_digits_of_their_own_with_a_valid_check_digit(text: str, found: str | None) -> None:
    result = find_identifiers(cells(text))
    assert list(result.loc[result["kind"] == "nhs-number", "text"]) == ([found] if found else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("mobile 07700 900123", "07700 900123"),
        ("+44 7700 900123", "+44 7700 900123"),
        ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("landline 01632 960001", "01632 960001"),
        ("freephone 0800 123 456", "0800 123 456"),
        ("call 0300 123 4567", "0300 123 4567"),
        ("mobile 07700 90012", None),  # ten digits: too short for a mobile
        ("0600 123 4567", None),  # no UK numbers start 06
        ("seen 01/02/2020", None),
        ("ref 0123-45", None),
    ],
)
def test_phone_numbers_have_uk_numbering_shapes(text: str, found: str | None) -> None:
    result = find_identifiers(cells(text))
    assert list(result.loc[result["kind"] == "phone-number", "text"]) == ([found] if found else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("at SW1A 1AA", "SW1A 1AA"),
        ("at EC1A 1BB", "EC1A 1BB"),
        ("at W1A 0AX", "W1A 0AX"),
        ("at M1 1AE", "M1 1AE"),
        ("at B33 8TH", "B33 8TH"),
        ("at DN55 1PT", "DN55 1PT"),
        ("at GIR 0AA", "GIR 0AA"),
        ("at QA1 1AA", None),  # Q never starts a postcode
        ("at SW1A 1CA", None),  # C never ends one
        ("at AB1C 1AA", None),  # C is not a fourth-place letter
        ("at XY12 3AB", None),
    ],
)
def test_postcodes_follow_the_official_format(text: str, found: str | None) -> None:
    result = find_identifiers(cells(text))
    assert list(result.loc[result["kind"] == "postcode", "text"]) == ([found] if found else [])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("DOB 12/01/2018", True),
        ("d.o.b. 12/01/2018", True),
        ("born 3rd March 2015", True),
        ("date of birth: 2015-03-03", True),
        ("seen 12/01/2018", False),
        ("birth weight recorded 12/01/2018", False),
    ],
)
def test_dates_of_birth_only_next_to_a_birth_cue(text: str, found: bool) -> None:
    result = find_identifiers(cells(text))
    assert bool((result["kind"] == "date-of-birth").any()) is found


def test_findings_come_most_identifying_first() -> None:
    result = find_identifiers(
        cells("lives at E6 2AB; Tesco called", "call 07700 900123; DOB 12/01/2018", "Jane Smith; NHS 943 476 5919"),
        pseudonyms={"Jane Smith": "Ms X"},
    )
    assert list(result["kind"]) == [
        "mapped-name",
        "nhs-number",
        "date-of-birth",
        "phone-number",
        "postcode",
        "name",
    ]
    assert list(result["rank"]) == sorted(result["rank"])


def test_cli_lists_findings_as_csv_in_rank_order(tmp_path: Path) -> None:
    import csv
    import io

    from typer.testing import CliRunner

    from chronolane.cli import app

    result = CliRunner().invoke(app, ["redact-check", str(make_case(tmp_path)), "--format", "csv"])
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["rank", "kind", "file", "row", "column", "text"]
    assert [int(r["rank"]) for r in rows] == sorted(int(r["rank"]) for r in rows)
    assert {"kind": "nhs-number", "file": "gp.csv", "row": "2", "text": "943 476 5919"}.items() <= rows[0].items()


def test_cli_piped_into_head_stops_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    case = make_case(tmp_path)
    many = "\n".join(f"0{i}/01/2018,Kayleigh Hughes{i} NHS 943 476 5919" for i in range(1, 10))
    (case / "big.csv").write_text("Date,Details\n" + many * 400 + "\n", encoding="utf-8")
    shell = f"{sys.executable} -m chronolane redact-check {case} | head -1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert done.stdout.count("\n") == 1
    assert "Error" not in done.stderr and "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
