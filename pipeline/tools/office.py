"""Word and Excel files whose bytes depend only on their content and a case date.

python-docx and openpyxl stamp the clock into docProps/core.xml and into every zip entry,
and copy their own name into the author fields. Both formats are saved here with the
document properties set to the partnership and a case date, then re-zipped with fixed
entry timestamps (pipeline.tools.archive), so the same case always gives the same bytes.

No workbook lcspr writes holds a formula: agencies' text that starts like one ("=HYPERLINK(...)",
"+44 7700 900123", "-", "@") is stored as text and marked to stay text when a reviewer edits
the cell (OWASP CSV injection), so opening the integrated chronology never runs anything.

The leak scan reads Word and Excel files through `office_texts`: the text of every XML part as the
application shows it, and every attribute value.
"""
from __future__ import annotations

import datetime as dt
import html
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


# --- what a Word or Excel file shows, for the leak scan ---------------------------------------------

XML_TAG = re.compile(r"<[^>]*>")
XML_ATTRIBUTE = re.compile(r"""\s[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# a run's text and its formatting stay joined ("Hart" + "nell" is one word on the page); every other
# element's end (a paragraph, a shared string, a cell, a property) ends a line, and a tab or break is a space
RUN_END = re.compile(r"</(?:\w+:)?(?:t|r|rPr|delText|instrText|smartTag|proofErr|hyperlink|ins|del)>")
ELEMENT_END = re.compile(r"</[^>]*>")
SPACE = re.compile(r"<(?:\w+:)?(?:tab|br|cr)\b[^>]*/>")


def xml_texts(xml: str) -> tuple[str, str]:
    """(text, attribute values) of one XML part: what Word or Excel shows, a line per paragraph or cell,
    its runs joined as they show them; the attribute values (sheet names, link targets, ids) apart."""
    shown = ELEMENT_END.sub(lambda end: end.group(0) if RUN_END.fullmatch(end.group(0)) else end.group(0) + "\n",
                            SPACE.sub(" ", xml))
    text = html.unescape(XML_TAG.sub("", shown))
    attributes = "\n".join(html.unescape(a or b) for a, b in XML_ATTRIBUTE.findall(xml))
    return text, attributes


def office_texts(data: bytes) -> list[tuple[str, str]]:
    """[(part, text)] of a .docx or .xlsx file for the leak scan: each XML part's text and its attribute
    values ("word/document.xml text", "xl/workbook.xml attributes")."""
    texts = []
    with ZipFile(io.BytesIO(data)) as package:
        for member in (m for m in package.namelist() if m.endswith((".xml", ".rels"))):
            text, attributes = xml_texts(package.read(member).decode("utf-8", "replace"))
            texts += [(f"{member} text", text), (f"{member} attributes", attributes)]
    return texts
