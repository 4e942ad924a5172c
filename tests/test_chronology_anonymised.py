"""The anonymised integrated chronology for the practitioner session: read back as a person sees it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
import yaml

from pipeline.case.load import load_case
from pipeline.case.public_fields import register_values
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-w"
PRACTITIONER = "Priya Kaurwell"  # fictional


def name_a_practitioner(case: Path) -> None:
    """csc.xlsx's first entry: a practitioner named in the role column and in the event."""
    path = case / "chronologies" / "csc.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = next(r for r in sheet.iter_rows() if r[0].value == "Date")
    columns = {cell.value: cell.column for cell in header}
    row = header[0].row + 1
    sheet.cell(row, columns["Practitioner role"]).value = f"{PRACTITIONER}, duty social worker"
    event = sheet.cell(row, columns["Event"])
    event.value = f"{PRACTITIONER} took the contact. {event.value}"
    workbook.save(path)


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """The example, its own decisions.yaml deciding the chronology's findings too, built with --anonymised."""
    work = tmp_path_factory.mktemp("anonymised")
    case = work / "child-w"
    shutil.copytree(EXAMPLE, case)
    name_a_practitioner(case)
    assert main(["chronology", str(case), "--build-dir", str(work / "build"), "--anonymised"]) == 0
    return case, work / "build" / "child-w"


def shown_text(out: Path) -> dict[str, str]:
    workbook = openpyxl.load_workbook(out / "redaction" / "integrated-chronology-anonymised.xlsx")
    cells = "\n".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v)
    pdf = pypdfium2.PdfDocument(out / "redaction" / "integrated-chronology-anonymised.pdf")
    return {"xlsx": cells, "pdf": "\n".join(page.get_textpage().get_text_range() for page in pdf)}


def test_written_to_redaction_not_public(decided):
    _, out = decided
    assert sorted(p.name for p in (out / "redaction").glob("integrated-chronology-anonymised.*")) == [
        "integrated-chronology-anonymised.pdf", "integrated-chronology-anonymised.xlsx"]
    assert not list(out.glob("public/*anonymised*"))


@pytest.mark.parametrize("surface", ["xlsx", "pdf"])
def test_no_register_value_is_shown(decided, surface):
    case, out = decided
    text = " ".join(shown_text(out)[surface].split())
    review = load_case(case, out.parent).review
    for label, value in register_values(review):
        assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE), f"{label}: {value}"
    assert "Child W" in text and "Mr C" in text  # the pseudonyms, as in the report


@pytest.mark.parametrize("surface", ["xlsx", "pdf"])
def test_practitioner_named_by_role(decided, surface):
    text = " ".join(shown_text(decided[1])[surface].split())
    assert PRACTITIONER not in text and "Kaurwell" not in text
    assert "the duty social worker took the contact" in text


def test_a_pending_finding_holds_and_writes_nothing(tmp_path, capsys):
    case = tmp_path / "child-w"
    shutil.copytree(EXAMPLE, case)
    decisions = case / "redaction" / "decisions.yaml"
    data = yaml.safe_load(decisions.read_text())
    data["decisions"] = [d for d in data["decisions"] if d.get("finding") != "F29EFF0E4"]
    decisions.write_text(yaml.safe_dump(data))
    assert main(["chronology", str(case), "--build-dir", str(tmp_path / "build"), "--anonymised"]) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "finding F29EFF0E4" in err and "chronologies/housing.csv, row 11" in err and "awaits a decision" in err
    assert not list((tmp_path / "build" / "child-w" / "redaction").glob("integrated-chronology-anonymised.*"))
    assert (tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.xlsx").exists()
