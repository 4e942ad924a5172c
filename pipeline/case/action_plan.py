"""The recommendations' action plan (framework section 10): a workbook lcspr starts and the agencies fill in.

lcspr writes the plan once from review.yaml, then only ever adds to it: a new recommendation is
appended as a row, and one that leaves review.yaml is kept and marked in the last column. Every
other cell is the agencies' and is never changed, so a re-run cannot lose what they typed. The
workbook is edited in place (their formatting, extra columns and sheets stay) and saved through
pipeline.tools.office, so no cell is ever a formula.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.case.schema import Review, parse_case_date
from pipeline.errors import BadInput, Problem

MARKING = "OFFICIAL-SENSITIVE"
SHEET = "Action plan"
RAG = ("Not started", "Red", "Amber", "Green", "Complete")
COMPLETE = "Complete"
IN_REVIEW = "yes"
REMOVED = "removed from review.yaml"
HEADERS = ("Ref", "Recommendation", "Owner", "Due date", "RAG status", "Progress notes", "Evidence",
           "Last updated", "In review.yaml")
WIDTHS = (8, 60, 30, 12, 13, 50, 40, 13, 24)
HEADER_ROW = 4
VALIDATED_ROWS = 500  # the drop-downs reach this far below the header, for rows added later
FROM_REVIEW = PatternFill("solid", fgColor="E7E6E6")  # lcspr's columns; the white ones are the agencies'


@dataclass(frozen=True)
class Action:
    row: int
    ref: str
    text: str
    owner: str
    due: dt.date | None
    rag: str
    notes: str
    removed: bool

    def is_overdue(self, today: dt.date) -> bool:
        return self.rag != COMPLETE and self.due is not None and self.due < today


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def _owner_names(review: Review, owners: list[str]) -> str:
    return ", ".join(review.agency(o).public_name if review.agency(o) else o for o in owners)


def new_plan(review: Review):
    """A workbook with the marking, the headers, the drop-down and no recommendation yet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet["A1"] = MARKING
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet["A2"] = f"Action plan: {review.review.title}"
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A3"] = ("Fill in the white columns; lcspr fills the grey ones from review.yaml and never changes "
                   "what you typed. Run 'lcspr actions' again for the progress report.")
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.oddHeader.center.text = sheet.oddFooter.center.text = MARKING
    last = HEADER_ROW + VALIDATED_ROWS
    rag = DataValidation(type="list", formula1='"' + ",".join(RAG) + '"', allow_blank=True,
                         error=f"Choose one of: {', '.join(RAG)}", showErrorMessage=True)
    rag.add(f"E{HEADER_ROW + 1}:E{last}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                           error="Type a date, e.g. 31/03/2027", showErrorMessage=True)
    dates.add(f"D{HEADER_ROW + 1}:D{last}")
    dates.add(f"H{HEADER_ROW + 1}:H{last}")
    sheet.add_data_validation(rag)
    sheet.add_data_validation(dates)
    return workbook


def open_plan(path: Path, shown: str):
    try:
        workbook = openpyxl.load_workbook(path)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise BadInput(Problem(shown, f"the action plan cannot be read as an Excel workbook ({exc})",
                               "save it again from Excel as .xlsx, or move it away to start a new plan")) from None
    if SHEET not in workbook.sheetnames:
        raise BadInput(Problem(shown, f"the action plan has no sheet called '{SHEET}'",
                               f"rename the plan's sheet back to '{SHEET}'"))
    return workbook


def header_columns(sheet, shown: str) -> dict[str, int]:
    """Where each of lcspr's columns is (people may have inserted columns of their own)."""
    found = {_cell_text(cell.value): cell.column for cell in sheet[HEADER_ROW] if cell.value is not None}
    missing = [h for h in HEADERS if h not in found]
    if missing:
        raise BadInput(Problem(shown, f"row {HEADER_ROW} of '{SHEET}' lacks the column(s) {', '.join(missing)}",
                               "put the header row back as lcspr wrote it (you may add columns of your own)",
                               row=HEADER_ROW))
    return found


def _due(value, shown: str, row: int) -> dt.date | None:
    if value is None or _cell_text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_case_date(_cell_text(value))
    except ValueError as exc:
        raise BadInput(Problem(shown, str(exc), "type the due date as DD/MM/YYYY", row=row, column="Due date")) from None


def _rag(value, shown: str, row: int) -> str:
    text = _cell_text(value) or RAG[0]
    match = next((choice for choice in RAG if choice.lower() == text.lower()), None)
    if match is None:
        raise BadInput(Problem(shown, f"'{text}' is not a RAG status", f"choose one of: {', '.join(RAG)}",
                               row=row, column="RAG status"))
    return match


def read_actions(sheet, shown: str) -> list[Action]:
    """Every filled row below the header, checked: the problems name the row and column."""
    columns = header_columns(sheet, shown)
    actions = []
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        value = {header: sheet.cell(row, column).value for header, column in columns.items()}
        if all(_cell_text(v) == "" for v in value.values()):
            continue
        actions.append(Action(row, _cell_text(value["Ref"]), _cell_text(value["Recommendation"]),
                              _cell_text(value["Owner"]), _due(value["Due date"], shown, row),
                              _rag(value["RAG status"], shown, row), _cell_text(value["Progress notes"]),
                              _cell_text(value["In review.yaml"]).startswith(REMOVED)))
    return actions


def update_plan(sheet, review: Review, today: dt.date, shown: str) -> list[str]:
    """Add the recommendations the plan lacks and mark those review.yaml no longer has; say what changed."""
    columns = header_columns(sheet, shown)
    rows = {_cell_text(sheet.cell(row, columns["Ref"]).value): row for row in range(HEADER_ROW + 1, sheet.max_row + 1)}
    rows.pop("", None)
    current = {r.id for r in review.recommendations}
    changes = []
    for ref, row in rows.items():
        marker = sheet.cell(row, columns["In review.yaml"])
        if ref in current and _cell_text(marker.value) != IN_REVIEW:
            marker.value = IN_REVIEW
            changes.append(f"{ref} is back in review.yaml")
        elif ref not in current and _cell_text(marker.value) == IN_REVIEW:
            marker.value = f"{REMOVED} {today:%d/%m/%Y}"
            changes.append(f"{ref} is no longer in review.yaml: kept and marked")
    next_row = max(sheet.max_row, HEADER_ROW) + 1
    for recommendation in review.recommendations:
        if recommendation.id in rows:
            continue
        values = {"Ref": recommendation.id, "Recommendation": recommendation.text,
                  "Owner": _owner_names(review, recommendation.owners), "Due date": recommendation.due,
                  "RAG status": RAG[0], "In review.yaml": IN_REVIEW}
        for header, value in values.items():
            cell = sheet.cell(next_row, columns[header], value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if header in ("Ref", "Recommendation", "In review.yaml"):
                cell.fill = FROM_REVIEW
            if header == "Due date" and value:
                cell.number_format = "DD/MM/YYYY"
        changes.append(f"{recommendation.id} added")
        next_row += 1
    return changes
