"""Which files a build reads: only inside the case folder, each once, and everything else named in the summary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.case.model import load_case
from chronolane.chronology.build import build_chronology
from chronolane.cli import app
from chronolane.errors import CaseError, NoDataError, SourceError

ROWS = "Date,Details\n01/02/2018,Home visit\n"


def _folder(root: Path, files: dict[str, str], toml: str | None = None) -> Path:
    folder = root / "case"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if toml is not None:
        (folder / "case.toml").write_text(toml, encoding="utf-8")
    return folder


@pytest.mark.parametrize("given", ["../outside/secret.csv", "{abs}"])
def test_a_listed_source_outside_the_case_folder_is_refused(tmp_path: Path, given: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(ROWS, encoding="utf-8")
    file = given.format(abs=outside / "secret.csv")
    folder = _folder(tmp_path, {"police.csv": ROWS}, f'[[sources]]\nfile = "{file}"\n')
    with pytest.raises(CaseError, match=r"outside the case folder .*--allow-outside"):
        build_chronology(folder)


def test_a_link_to_a_file_outside_the_case_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(ROWS, encoding="utf-8")
    folder = _folder(tmp_path, {"police.csv": ROWS})
    (folder / "gp.csv").symlink_to(tmp_path / "secret.csv")
    with pytest.raises(CaseError, match=r"'gp\.csv' is outside the case folder"):
        build_chronology(folder)


def test_allow_outside_reads_it_and_names_it_in_the_summary(tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(ROWS, encoding="utf-8")
    folder = _folder(tmp_path, {"police.csv": ROWS})
    (folder / "gp.csv").symlink_to(tmp_path / "secret.csv")
    chronology = build_chronology(folder, allow_outside=True)
    assert len(chronology.frame) == 2
    assert f"    note: read from outside the case folder: {tmp_path / 'secret.csv'}" in chronology.summary()


def test_a_link_inside_the_case_folder_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"police.csv": ROWS})
    (folder / "sub").mkdir()
    (folder / "sub" / "gp.csv").write_text(ROWS, encoding="utf-8")
    (folder / "gp.csv").symlink_to(folder / "sub" / "gp.csv")
    assert len(build_chronology(folder).frame) == 2


def test_the_error_for_a_file_that_is_not_a_chronology_quotes_none_of_its_lines(tmp_path: Path) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    folder = _folder(tmp_path, {}, '[[sources]]\nfile = "../passwd"\n')
    with pytest.raises(SourceError) as raised:
        build_chronology(folder, allow_outside=True)
    assert "single column" in str(raised.value)
    assert "root" not in str(raised.value).replace(str(tmp_path), "")


def test_a_csv_without_a_header_row_is_an_error_that_does_not_repeat_the_data_row(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text("12/03/2018,Police,Mother disclosed violence by partner\n13/03/2018,Police,Visit\n")
    with pytest.raises(SourceError, match="Add a header row") as raised:
        build_chronology(path)
    assert "disclosed" not in str(raised.value) and "12/03/2018" not in str(raised.value)


def test_headers_that_look_like_headers_are_still_listed_when_no_date_column_is_found(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text("Item,Notes\n12/03/2018,Visit\n")
    summary = "\n".join(build_chronology(path).summary())
    assert "Its columns are: 'Item', 'Notes'" in summary


def test_a_file_listed_twice_is_an_error(tmp_path: Path) -> None:
    toml = '[[sources]]\nfile = "police.csv"\n[[sources]]\nfile = "./police.csv"\n'
    folder = _folder(tmp_path, {"police.csv": ROWS}, toml)
    with pytest.raises(CaseError, match=r"lists the file '\./police\.csv' twice"):
        load_case(folder).source_files()


@pytest.mark.parametrize(("text", "why"), [("", "an empty file (no bytes)"), ("\n\n\r\n", "nothing but blank")])
def test_empty_and_blank_files_are_reported_and_skipped_while_the_others_build(
    tmp_path: Path, text: str, why: str
) -> None:
    folder = _folder(tmp_path, {"police.csv": ROWS, "gp.csv": text})
    chronology = build_chronology(folder)
    assert len(chronology.frame) == 1
    assert any(line.startswith(f"  gp.csv: skipped: {why}") for line in chronology.summary())


def test_a_case_whose_every_file_is_empty_says_so(tmp_path: Path) -> None:
    with pytest.raises(NoDataError, match=r"every chronology file is empty or blank \(gp\.csv\)"):
        build_chronology(_folder(tmp_path, {"gp.csv": ""}))


def test_hidden_files_broken_links_sub_folders_and_other_files_are_listed_as_not_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"police.csv": ROWS, ".gp.csv": ROWS, "notes.md": "x"})
    (folder / "archive").mkdir()
    (folder / "hv.csv").symlink_to(folder / "missing.csv")
    os.mkfifo(folder / "pipe.csv")  # reading a pipe would wait for ever
    summary = build_chronology(folder).summary()
    assert "  .gp.csv: not read: hidden (its name starts with a dot)" in summary
    assert "  archive: not read: a sub-folder (sub-folders are not read)" in summary
    assert "  hv.csv: not read: a link to a file that does not exist" in summary
    assert "  pipe.csv: not read: not a regular file" in summary
    assert any(line.startswith("  notes.md: not read: not a chronology file type") for line in summary)


def test_the_build_command_passes_allow_outside_and_names_the_option_when_refusing(tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(ROWS, encoding="utf-8")
    folder = _folder(tmp_path, {"police.csv": ROWS})
    (folder / "gp.csv").symlink_to(tmp_path / "secret.csv")
    refused = CliRunner().invoke(app, ["build", str(folder)])
    assert refused.exit_code == 1 and "--allow-outside" in refused.output
    allowed = CliRunner().invoke(app, ["build", str(folder), "--allow-outside"])
    assert allowed.exit_code == 0, allowed.output
    assert "read from outside the case folder" in allowed.output
