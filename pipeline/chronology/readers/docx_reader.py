"""Word documents (python-docx): every table in the body, in order; text outside tables is ignored.

Table rows are counted in the document's XML before python-docx parses it: a table of 100,000
rows takes seconds and half a gigabyte to parse, and much longer to read cell by cell.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx

from pipeline.chronology.readers.records import MAX_ROWS, Table, TooManyRows

TABLE_ROW = re.compile(rb"<w:tr[\s>/]")


def table_rows(path: Path, body: str = "word/document.xml") -> int:
    with zipfile.ZipFile(path) as archive:
        return len(TABLE_ROW.findall(archive.read(body))) if body in archive.namelist() else 0


def read_tables(path: Path) -> list[Table]:
    """One table per Word table; a horizontally merged cell repeats its text in each column it spans."""
    rows = table_rows(path)
    if rows > MAX_ROWS:
        raise TooManyRows(rows)
    document = docx.Document(str(path))
    return [Table(f"table {number}", [(row_number, [cell.text for cell in row.cells])
                                      for row_number, row in enumerate(table.rows, start=1)])
            for number, table in enumerate(document.tables, start=1)]
