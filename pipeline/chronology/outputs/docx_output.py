"""The integrated chronology as a landscape Word table, for reviewers who annotate in Word.

Rows are written as WordprocessingML text and spliced into the saved document.xml: python-docx's
add_row is quadratic in the number of rows, and even parsed directly into its tree 10,000 rows
took 300 MB and a second.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.chronology.merge import Integrated
from pipeline.tools.archive import build_zip
from pipeline.tools.office import docx_bytes, landscape_document
from pipeline.chronology.outputs import MARKING, Row, colours, day, rows

COLUMNS = (("#", 1.0), ("Date", 2.2), ("Time", 1.2), ("Age", 1.3), ("Agency", 2.8), ("Source", 2.2),
           ("Event", 6.0), ("Action / outcome", 3.8), ("Kind", 2.4), ("Significance", 3.0), ("Event group", 1.3))


def _cell(text: str, width_cm: float, fill: str | None, bold: bool = False) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    weight = "<w:rPr><w:b/></w:rPr>" if bold else ""
    paragraphs = "".join(f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r>{weight}'
                         f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                         for line in text.split("\n"))
    return (f'<w:tc><w:tcPr><w:tcW w:w="{int(width_cm * 567)}" w:type="dxa"/>{shading}</w:tcPr>'
            f"{paragraphs}</w:tc>")


def _row(values: list[str], fill: str | None, header: bool = False) -> str:
    """A table row, its `w:` prefix declared by document.xml; the header row declares it itself."""
    properties = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    cells = "".join(_cell(v, width, fill, header) for v, (_, width) in zip(values, COLUMNS))
    return f"<w:tr{' ' + nsdecls('w') if header else ''}>{properties}{cells}</w:tr>"


def _values(row: Row) -> list[str]:
    date = row.date + (" (approx.)" if row.approximate else "") + (" (outside period)" if row.outside else "")
    return [str(row.number), date, row.time, row.age, row.agency, row.source, row.event, row.action,
            row.kind, row.significance, row.link]


def mark(document) -> None:
    """OFFICIAL-SENSITIVE, bold and centred, in the header of every page."""
    paragraph = document.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(MARKING).bold = True


def build_docx(integrated: Integrated, names: dict[str, str], title: str, author: str, when: dt.date) -> bytes:
    document = landscape_document(8)
    mark(document)
    document.add_heading(title, level=1)
    start, end = integrated.period
    document.add_paragraph(f"Review period {day(start)} to {day(end)}. {len(integrated.entries)} entries. "
                           "Rows are coloured by agency; an event group joins accounts of one event from several "
                           "agencies.")
    table = document.add_table(rows=0, cols=len(COLUMNS))
    table.style = "Table Grid"
    table._tbl.append(parse_xml(_row([name for name, _ in COLUMNS], "D9D9D9", header=True)))
    entries = "".join(_row(_values(row), colours.fill(row.agency_index)) for row in rows(integrated, names))
    return with_rows(docx_bytes(document, title=title, author=author, when=when), entries, when)


def with_rows(package: bytes, entries: str, when: dt.date) -> bytes:
    """The document's one table with the `entries` rows after its header row."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    body = dict(parts)["word/document.xml"]
    if body.count(b"</w:tbl>") != 1:
        raise RuntimeError("the chronology's Word document must hold one table")
    body = body.replace(b"</w:tbl>", entries.encode() + b"</w:tbl>")
    return build_zip([(name, body if name == "word/document.xml" else data) for name, data in parts], when)
