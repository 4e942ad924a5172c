"""Shared fixtures; each block is headed with the topic that owns it."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# --- chronology (issue 3) -------------------------------------------------------------------
CHRONOLOGY_HEADER = ["Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category",
                     "Significance"]
CHRONOLOGY_AGENCIES = ("csc", "police", "gp")


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with the given sheets of rows (first sheet first)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_docx(path: Path, tables: list[list[list[str]]], intro: str = "Chronology") -> Path:
    document = docx.Document()
    document.add_paragraph(intro)
    for rows in tables:
        table = document.add_table(rows=0, cols=max(len(r) for r in rows))
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
        document.add_paragraph("")
    document.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def chronology_rows(agency: str) -> list[list]:
    """A small, fictional chronology; police and csc both record the 05/10/2023 strategy discussion."""
    rows = {
        "csc": [[dt.datetime(2023, 10, 5), "10:00", "Case note", "Strategy discussion held about bruising to Child W",
                 "Section 47 enquiry agreed", "Team manager", "Strategy discussion", "First multi-agency meeting"],
                ["03/2024", "", "Case note", "Family moved to Larkspur Close", "Address updated", "Social worker",
                 "House move", ""]],
        "police": [["05/10/2023", "10:05", "Niche log", "Strategy discussion about bruising to Child W attended",
                    "Section 47 enquiry agreed", "DS", "Strategy discussion", ""],
                   ["12/06/2023", "", "Niche log", "Domestic abuse incident reported by neighbour", "DASH medium",
                    "PC", "Police incident or log", "Before the review period"]],
        "gp": [["20/11/2024", "09:30", "EMIS", "Child W seen for cough", "Antibiotics", "GP", "", ""]],
    }
    return rows[agency]


@pytest.fixture
def chronology_case(tmp_path: Path) -> Path:
    """The example review trimmed to three agencies, each with a small xlsx chronology."""
    review = yaml.safe_load((ROOT / "examples/child-w/review.yaml").read_text())
    review["agencies"] = [a for a in review["agencies"] if a["id"] in CHRONOLOGY_AGENCIES]
    review["recommendations"] = []
    case = tmp_path / "case"
    (case / "chronologies").mkdir(parents=True)
    (case / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    for agency in CHRONOLOGY_AGENCIES:
        write_xlsx(case / "chronologies" / f"{agency}.xlsx", {"Chronology": [CHRONOLOGY_HEADER, *chronology_rows(agency)]})
    return case
