"""Excel workbooks (openpyxl): cell values only, formulas never evaluated, every sheet offered."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from pipeline.chronology.readers.records import Table

# Formatting applied to whole columns leaves a million empty rows behind; a chronology never
# has this many blank rows in a row, so everything after them is taken to be empty.
BLANK_RUN = 1000


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
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        tables = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size; read what is there
            tables.append(Table(f"sheet '{sheet.title}'", sheet_rows(sheet)))
        return tables
    finally:
        workbook.close()
