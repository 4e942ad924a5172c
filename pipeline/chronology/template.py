"""The blank chronology template agencies fill in (Appendix 10), as Excel and as Word.

The workbook has the guidance on its own sheet, a Key events sheet whose Category column
offers the Appendix 10 kinds of key event and whose Date column is formatted DD/MM/YYYY,
and an Organisational changes sheet. Its headers are the ones the readers look for first,
so a filled-in template always reads back.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.chronology.kinds import CATEGORIES
from pipeline.fileio import write_atomic
from pipeline.tools.office import docx_bytes, landscape_document, xlsx_bytes

KEY_EVENT_HEADERS = ("Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category",
                     "Significance")
CHANGE_HEADERS = ("Date", "Change", "Impact on frontline practice")
WIDTHS = (13, 8, 22, 60, 40, 22, 30, 40)
TEMPLATE_ROWS = 1000
INSTRUCTIONS = (
    ("Guidance on completing the chronologies (Appendix 10)", True),
    ("Who completes it: a senior member of staff who has had no involvement with the case, with access to all "
     "relevant records and the chance to query facts with staff. A senior member of staff quality assures and signs "
     "it off before it is sent.", False),
    ("What a key event is: a significant incident that affects the child's safety and welfare, circumstances or home "
     "environment. Keep entries relevant and succinct so key events are not lost in insignificant detail.", False),
    ("Period: focus on the period in the terms of reference. Include key events outside it if they are needed to "
     "understand a pattern (for example of neglect); a chronology may start before the child's birth.", False),
    ("Dates: write DD/MM/YYYY (day first). If the exact date is not known write MM/YYYY, YYYY, or put 'c.' in "
     "front (c. 03/2024); these are marked approximate. Time (optional): HH:MM.", False),
    ("Source: the record the entry comes from (system, log, note type). Event: what happened, factually. "
     "Action / outcome: what was done. Practitioner role: roles only, never names. Category: choose from the list. "
     "Significance: your agency's analysis of why it matters.", False),
    ("One row per event. Do not merge cells or add rows above the header. Extra columns are kept but ignored.", False),
    ("Organisational changes: on the second sheet, record significant changes (structure, staffing, caseloads, "
     "systems, policy) during the same period and their impact on frontline practice.", False),
    ("Examples of key events: " + "; ".join(CATEGORIES[:-1]) + ".", False),
    ("Disclosure: the Police or a Court may ask for chronologies for a criminal case; the partnership will pass on "
     "your contact details rather than a copy of your documents.", False),
    ("Save as Excel Workbook (.xlsx), without a password or macros, and name it with your agency id "
     "(for example police.xlsx).", False),
)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")


def _header(sheet, headers, widths) -> None:
    sheet.append(list(headers))
    for position, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=position)
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, WRAP
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"


def template_xlsx(author: str = "lcspr", when: dt.date | None = None) -> bytes:
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Instructions"
    guide.column_dimensions["A"].width = 120
    for text, bold in INSTRUCTIONS:
        guide.append([text])
        cell = guide.cell(row=guide.max_row, column=1)
        cell.alignment, cell.font = WRAP, Font(bold=bold, size=12 if bold else 11)

    events = workbook.create_sheet("Key events")
    _header(events, KEY_EVENT_HEADERS, WIDTHS)
    lists = workbook.create_sheet("Lists")
    for kind in CATEGORIES:
        lists.append([kind])
    lists.sheet_state = "hidden"
    category = DataValidation(type="list", formula1=f"=Lists!$A$1:$A${len(CATEGORIES)}", allow_blank=True,
                              showErrorMessage=True, errorTitle="Category",
                              error="Choose a category from the list (Appendix 10 key events)")
    category.add(f"G2:G{TEMPLATE_ROWS}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                           showErrorMessage=True, errorStyle="warning", errorTitle="Date",
                           error="Enter the date as DD/MM/YYYY; if not known exactly, type MM/YYYY, YYYY or c. 03/2024")
    dates.add(f"A2:A{TEMPLATE_ROWS}")
    events.add_data_validation(category)
    events.add_data_validation(dates)
    for row in range(2, TEMPLATE_ROWS + 1):
        events.cell(row=row, column=1).number_format = "DD/MM/YYYY"
        events.cell(row=row, column=2).number_format = "hh:mm"

    changes = workbook.create_sheet("Organisational changes")
    _header(changes, CHANGE_HEADERS, (13, 60, 60))
    for row in range(2, 201):
        changes.cell(row=row, column=1).number_format = "DD/MM/YYYY"
    workbook.active = 1
    return xlsx_bytes(workbook, title="Key events chronology", author=author, when=when or dt.date.today())


def _table(document, headers, empty_rows: int):
    table = document.add_table(rows=1 + empty_rows, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    header_properties.append(header_properties.makeelement(docx.oxml.ns.qn("w:tblHeader"), {}))
    return table


def template_docx(author: str = "lcspr", when: dt.date | None = None) -> bytes:
    document = landscape_document(9)
    document.add_heading(INSTRUCTIONS[0][0], level=1)
    for text, _ in INSTRUCTIONS[1:]:
        document.add_paragraph(text)
    document.add_heading("Key events chronology", level=1)
    _table(document, KEY_EVENT_HEADERS, 10)
    document.add_heading("Organisational changes", level=1)
    _table(document, CHANGE_HEADERS, 5)
    return docx_bytes(document, title="Key events chronology", author=author, when=when or dt.date.today())


def templates(author: str = "lcspr", when: dt.date | None = None) -> dict[str, bytes]:
    """The blank template as {file name: bytes}; dated `when` (a case date in request packs, else today)."""
    return {"chronology-template.xlsx": template_xlsx(author, when),
            "chronology-template.docx": template_docx(author, when)}


def write_templates(folder: Path) -> list[Path]:
    return [write_atomic(Path(folder) / name, data) for name, data in templates().items()]
