"""chronolane works offline: the suite runs with sockets blocked, and a whole run touches no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chronolane.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_the_suite_blocks_network_connections() -> None:
    with pytest.raises(RuntimeError, match="network"):
        socket.create_connection(("127.0.0.1", 9))


def test_build_plot_gaps_and_export_of_a_bundled_case_run_offline(tmp_path: Path) -> None:
    case = ROOT / "chronologies" / "barking-dagenham-child-f-2018"
    runner = CliRunner()
    for args in (
        ["build", str(case), "-o", str(tmp_path / "c.csv")],
        ["gaps", str(case)],
        ["plot", str(case), "-o", str(tmp_path / "c.svg"), "--gaps", "6M"],
        ["export", str(case), "-o", str(tmp_path / "c.html")],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "c.html", "c.svg"]  # nothing else written
