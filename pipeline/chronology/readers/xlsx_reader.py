"""Excel workbooks (openpyxl): cell values only, formulas never evaluated, every sheet offered.

The rows holding values are counted in the worksheets' XML before openpyxl opens the file:
openpyxl parses a whole sheet just to size it when the sheet does not record its size (as
files written by many programs do not), then again to read it; 100,000 rows took half a minute
before a word was read. Counting the rows first takes a fraction of a second.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from pipeline.chronology.readers.records import MAX_ROWS, Table, TooManyRows

# Formatting applied to whole columns leaves a million empty rows behind; a chronology never
# has this many blank rows in a row, so everything after them is taken to be empty.
BLANK_RUN = 1000
ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?(?:/>|>.*?</(?:\w+:)?row>)", re.DOTALL)
VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)>")


def rows_with_values(path: Path) -> int:
    """Rows holding at least one value, over every worksheet (formatted but empty rows not counted)."""
    with zipfile.ZipFile(path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
        return sum(1 for name in sheets for row in ROW.finditer(archive.read(name)) if VALUE.search(row.group(0)))


def sheet_rows(sheet) -> list[tuple[int, list]]:
    """The rows up to the first run of BLANK_RUN empty rows, numbered as Excel numbers them."""
    rows, blank = [], 0
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        blank = blank + 1 if all(v is None or (isinstance(v, str) and not v.strip()) for v in values) else 0
        if blank >= BLANK_RUN:
            break
        rows.append((number, list(values)))
    return rows


def read_tables(path: Path) -> list[Table]:
    """One table per worksheet, rows numbered as Excel numbers them."""
    rows = rows_with_values(path)
    if rows > MAX_ROWS:
        raise TooManyRows(rows)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        tables = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size; read what is there
            tables.append(Table(f"sheet '{sheet.title}'", sheet_rows(sheet)))
        return tables
    finally:
        workbook.close()
