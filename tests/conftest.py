"""Shared fixtures: the example case, and small cases built from it in a temporary folder."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-w"

# --- foundation -------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing in lcspr may open a network connection: every test fails if it tries."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args[1:] or kwargs}")

    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family == socket.AF_UNIX:
            return real_connect(sock, address)
        refuse(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda sock, address: refuse(sock, address))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)



@pytest.fixture
def example_case() -> Path:
    return EXAMPLE


@pytest.fixture
def case_copy(tmp_path) -> Path:
    """A writable copy of the whole example case."""
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def make_case(tmp_path):
    """Build a case folder from review.yaml text, with a stub chronology for every agency id listed."""

    def build(review_text: str, agencies: list[str] | None = None) -> Path:
        case = tmp_path / "case"
        (case / "chronologies").mkdir(parents=True, exist_ok=True)
        (case / "review.yaml").write_text(review_text, encoding="utf-8")
        for agency in agencies if agencies is not None else ["csc", "police", "hospital", "gp", "school-nursing",
                                                              "education", "housing"]:
            (case / "chronologies" / f"{agency}.csv").write_text("Date,Source,Event\n", encoding="utf-8")
        return case

    return build


@pytest.fixture
def example_review_text() -> str:
    return (EXAMPLE / "review.yaml").read_text(encoding="utf-8")
