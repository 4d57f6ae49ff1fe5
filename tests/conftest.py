"""Shared test set-up: no test may reach the network, and plotting uses the non-interactive backend."""

from __future__ import annotations

import socket

import matplotlib
import pytest

matplotlib.use("Agg")


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to open a network connection."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """chronolane works offline: any attempt to connect fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkBlocked("chronolane must not open network connections")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
