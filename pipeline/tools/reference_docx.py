"""Make templates/reference.docx, the styles pandoc gives the draft in Word.

Run once, when the look changes: `python -m pipeline.tools.reference_docx` (the result is
committed). It starts from pandoc's own reference.docx, so every style pandoc uses exists,
and sets: A4 with print margins, Arial headings in the partnership's navy, a bordered table
style with a shaded header row, the DRAFT / OFFICIAL-SENSITIVE marking in the header and
"Page x of y" in the footer.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pipeline import TEMPLATES
from pipeline.tools.pandoc import write_default_reference_docx

TARGET = TEMPLATES / "reference.docx"
NAVY = RGBColor(0x1D, 0x35, 0x57)
TEXT = RGBColor(0x1B, 0x1B, 0x1B)
MARKING_RED = RGBColor(0xA4, 0x16, 0x1A)
FONT = "Arial"
HEADINGS = {"Title": 26, "Subtitle": 16, "Heading 1": 18, "Heading 2": 14, "Heading 3": 12, "Heading 4": 11}


def style_text(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = TEXT
    for name, size in HEADINGS.items():
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    document.styles["Heading 1"].paragraph_format.page_break_before = True


def _border_set(tag: str) -> OxmlElement:
    borders = OxmlElement(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "6B7280")
        borders.append(line)
    return borders


def style_table(document: docx.document.Document) -> None:
    """pandoc gives every table the style 'Table': borders, cell padding, a shaded bold header row."""
    element = document.styles["Table"].element
    table_pr = element.find(qn("w:tblPr"))
    if table_pr is None:
        table_pr = OxmlElement("w:tblPr")
        element.append(table_pr)
    for old in table_pr.findall(qn("w:tblBorders")):
        table_pr.remove(old)
    table_pr.append(_border_set("w:tblBorders"))
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "80")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table_pr.append(margins)
    for old in element.findall(qn("w:tblStylePr")):
        element.remove(old)
    header = OxmlElement("w:tblStylePr")
    header.set(qn("w:type"), "firstRow")
    run_pr = OxmlElement("w:rPr")
    run_pr.append(OxmlElement("w:b"))
    header.append(run_pr)
    cell_pr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "E8EDF4")
    cell_pr.append(shading)
    header.append(cell_pr)
    element.append(header)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the page out."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            run.text = text


def lay_out_pages(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    marking = header.add_run("DRAFT \u2013 OFFICIAL-SENSITIVE")
    marking.bold = True
    marking.font.color.rgb = MARKING_RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def clear_body(document: docx.document.Document) -> None:
    """pandoc uses only the styles and page set-up of a reference document; drop its sample text."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def build(target: Path = TARGET) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        start = Path(tmp) / "default.docx"
        write_default_reference_docx(start)
        document = docx.Document(str(start))
    clear_body(document)
    style_text(document)
    style_table(document)
    lay_out_pages(document)
    props = document.core_properties
    props.author = props.last_modified_by = "lcspr"
    props.title = props.subject = props.keywords = props.comments = ""
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.revision = 1
    document.save(str(target))
    return target


if __name__ == "__main__":
    print(build())
