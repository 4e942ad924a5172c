"""Reading chronologies as agencies send them: xlsx, docx and csv, with the usual variations."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.conftest import CHRONOLOGY_HEADER, write_csv, write_docx, write_xlsx
from pipeline.chronology.readers import read_chronology
from pipeline.chronology.template import template_docx, template_xlsx

ROW = ["05/10/2023", "10:00", "Case note", "Strategy discussion", "S47 agreed", "Team manager", "Strategy discussion",
       "Important"]


def read(path: Path, wanted: str = "events"):
    return read_chronology(path, "police", f"chronologies/{path.name}", wanted)


def test_xlsx_with_title_rows_merged_cells_blank_rows_and_extra_columns(tmp_path):
    path = tmp_path / "police.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Police"
    sheet.append(["Northbrook Constabulary: key events chronology"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Prepared by the safeguarding lead"])
    sheet.append([])
    sheet.append(["Ref", "Date of event", "Time", "Source of information", "Details", "Outcome", "Reviewer notes"])
    sheet.append([1, dt.datetime(2023, 10, 5, 0, 0), dt.time(10, 0), "Niche", "Strategy discussion", "S47", "x"])
    sheet.append([])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append([2, 45354, None, "Niche", "Welfare check", "", "y"])
    sheet.append([3, "c. 04/2024", None, "Niche", "Neighbour call", "", ""])
    workbook.save(path)
    entries = read(path).entries
    assert [(e.row, e.date.written, e.time, e.event, e.action) for e in entries] == [
        (5, "05/10/2023", dt.time(10, 0), "Strategy discussion", "S47"),
        (8, "03/03/2024", None, "Welfare check", ""),
        (9, "c. 04/2024", None, "Neighbour call", ""),
    ]
    assert entries[2].date.approximate and entries[2].part == "sheet 'Police'"


def test_xlsx_picks_the_sheets_whose_header_matches(tmp_path):
    path = write_xlsx(tmp_path / "police.xlsx", {
        "Cover": [["Chronology for the review of Child W"], ["Date", "Prepared by"]],
        "2023": [CHRONOLOGY_HEADER, ROW],
        "Lookups": [["Category"], ["Referral"]],
        "2024": [CHRONOLOGY_HEADER, ["01/02/2024", "", "Niche", "Second", "", "", "", ""]],
        "Org changes": [["Date", "Change", "Impact on frontline practice"], ["01/2024", "New team", "Delays"]],
    })
    result = read(path)
    assert [(e.part, e.event) for e in result.entries] == [("sheet '2023'", "Strategy discussion"), ("sheet '2024'", "Second")]
    assert [(c.date.written, c.change, c.impact) for c in result.changes] == [("01/2024", "New team", "Delays")]


def test_xlsx_formulas_are_never_evaluated(tmp_path):
    path = write_xlsx(tmp_path / "police.xlsx", {"S": [CHRONOLOGY_HEADER, [*ROW[:7], "=1+1"]]})
    assert read(path).entries[0].significance == ""  # no cached value: nothing is computed or shown as a formula


@pytest.mark.parametrize("header", [
    ["Date", "Source", "Event"],
    ["DATE OF EVENT", "Source of Information", "Details"],
    ["Event date (DD/MM/YYYY)", "Record", "Description of event*"],
    ["Date/time", "Information source", "What happened"],
])
def test_header_variants(tmp_path, header):
    path = write_xlsx(tmp_path / "police.xlsx", {"S": [header, ["05/10/2023", "Niche", "Seen"]]})
    entry = read(path).entries[0]
    assert (entry.date.start, entry.source, entry.event) == (dt.date(2023, 10, 5), "Niche", "Seen")


def test_docx_table_split_over_tables_with_repeated_and_missing_headers(tmp_path):
    header = CHRONOLOGY_HEADER
    path = write_docx(tmp_path / "police.docx", [
        [header, ROW, header, ["06/10/2023", "", "Niche", "Repeat header inside", "", "", "", ""]],
        [header, ["07/10/2023", "", "Niche", "Second table", "", "", "", ""]],
        [["08/10/2023", "", "Niche", "Continuation with no header", "", "", "", ""]],
    ])
    entries = read(path).entries
    assert [(e.part, e.row, e.event) for e in entries] == [
        ("table 1", 2, "Strategy discussion"), ("table 1", 4, "Repeat header inside"),
        ("table 2", 2, "Second table"), ("table 3", 1, "Continuation with no header")]


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ","), ("utf-8", ";"), ("cp1252", "\t"), ("utf-16", ","),
])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    rows = [CHRONOLOGY_HEADER, ["05/10/2023", "10:00", "Café log", "Paid £20; seen, well", "", "", "", ""]]
    path = write_csv(tmp_path / "police.csv", rows, encoding, delimiter)
    entry = read(path).entries[0]
    assert (entry.source, entry.event) == ("Café log", "Paid £20; seen, well")


def test_csv_header_need_not_be_first(tmp_path):
    path = write_csv(tmp_path / "police.csv", [["Police chronology"], [], CHRONOLOGY_HEADER, ROW])
    assert read(path).entries[0].row == 4


def test_xlsx_template_round_trips(tmp_path):
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames[:2] == ["Instructions", "Key events"]
    events = workbook["Key events"]
    assert [c.value for c in events[1]] == CHRONOLOGY_HEADER
    validations = {str(v.sqref): v for v in events.data_validations.dataValidation}
    assert validations["G2:G1000"].type == "list" and "Lists" in validations["G2:G1000"].formula1
    assert events["A2"].number_format == "DD/MM/YYYY"
    assert "Strategy discussion" in [r[0].value for r in workbook["Lists"].iter_rows()]
    events["A2"] = dt.datetime(2023, 10, 5)
    events["B2"] = dt.time(10, 0)
    for column, value in zip("CDEFGH", ROW[2:]):
        events[f"{column}2"] = value
    events["A3"], events["C3"], events["D3"] = "c. 03/2024", "Case note", "Moved house"
    changes = workbook["Organisational changes"]
    changes.append(["01/2024", "Team restructure", "Caseloads rose"])
    path = tmp_path / "police.xlsx"
    workbook.save(path)
    result = read(path)
    assert [(e.date.written, e.time, e.event, e.category) for e in result.entries] == [
        ("05/10/2023", dt.time(10, 0), "Strategy discussion", "Strategy discussion"),
        ("c. 03/2024", None, "Moved house", "")]
    assert [c.change for c in result.changes] == ["Team restructure"]


def test_docx_template_round_trips(tmp_path):
    document = docx.Document(io.BytesIO(template_docx()))
    assert document.sections[0].page_width > document.sections[0].page_height
    events, changes = document.tables
    for cell, value in zip(events.rows[1].cells, ROW):
        cell.text = value
    for cell, value in zip(changes.rows[1].cells, ["2024", "New IT system", "Records hard to find"]):
        cell.text = value
    path = tmp_path / "police.docx"
    document.save(path)
    result = read(path)
    assert [(e.date.written, e.event) for e in result.entries] == [("05/10/2023", "Strategy discussion")]
    assert [(c.date.precision, c.change) for c in read(path, "changes").changes] == [("year", "New IT system")]
