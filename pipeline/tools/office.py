"""Word and Excel files whose bytes depend only on their content and a case date.

python-docx and openpyxl stamp the clock into docProps/core.xml and into every zip entry,
and copy their own name into the author fields. Both formats are saved here with the
document properties set to the partnership and a case date, then re-zipped with fixed
entry timestamps (pipeline.tools.archive), so the same case always gives the same bytes.

No workbook lcspr writes holds a formula: agencies' text that starts like one ("=HYPERLINK(...)",
"+44 7700 900123", "-", "@") is stored as text and marked to stay text when a reviewer edits
the cell (OWASP CSV injection), so opening the integrated chronology never runs anything.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from zipfile import ZIP_STORED, ZipFile

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl.writer.excel import ExcelWriter

from pipeline.tools.archive import restamp_zip

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def landscape_document(font_pt: float):
    """A new Word document on landscape A4 with 1.5 cm margins, for wide chronology tables."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(font_pt)
    return document


def _stamp(when: dt.date) -> dt.datetime:
    return dt.datetime.combine(when, dt.time(9, 0))


def docx_bytes(document, *, title: str, author: str, when: dt.date) -> bytes:
    """Save a python-docx (or docxtpl) document with fixed properties and timestamps."""
    props = document.core_properties
    props.author = props.last_modified_by = author
    props.title = title
    props.subject = props.comments = props.keywords = props.category = ""
    props.created = props.modified = props.last_printed = _stamp(when)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return restamp_zip(buffer.getvalue(), when)


def as_text(cell):
    """The cell, stored as text (never a formula) when its text starts like a formula, and marked
    (quotePrefix) so that Excel keeps it text when the cell is edited. Every cell goes through here:
    write-only cells as they are made, other workbooks' cells in xlsx_bytes."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _cells_as_text(workbook) -> None:
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)


def _refuse_formulas(package: bytes) -> None:
    """The last word: a worksheet holding a formula is never saved (a writer forgot as_text)."""
    with ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(?:\w+:)?f[ >/]", archive.read(name)):
                raise RuntimeError(f"a formula cell was about to be written to {name}; cells must go through as_text")


def xlsx_bytes(workbook, *, title: str, author: str, when: dt.date) -> bytes:
    """Save an openpyxl workbook with fixed properties and timestamps, and no formula in any cell.

    Through ExcelWriter because Workbook.save overwrites `modified` with the clock. A write-only
    workbook's cells are written as they are appended, so its writer makes them with as_text.
    """
    props = workbook.properties
    props.creator = props.lastModifiedBy = author
    props.title = title
    props.created = props.modified = _stamp(when)
    if not workbook.write_only:
        _cells_as_text(workbook)
    buffer = io.BytesIO()
    ExcelWriter(workbook, ZipFile(buffer, "w", ZIP_STORED, allowZip64=True)).save()  # compressed once, below
    _refuse_formulas(buffer.getvalue())
    return restamp_zip(buffer.getvalue(), when)
