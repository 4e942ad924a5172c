"""Shared fixtures: the example case, and small cases built from it in a temporary folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-w"

# --- foundation -------------------------------------------------------------------------


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
