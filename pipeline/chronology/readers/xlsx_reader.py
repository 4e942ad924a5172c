"""Excel workbooks (openpyxl): cell values only, formulas never evaluated, every sheet offered."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from pipeline.chronology.readers.records import MAX_ROWS, Table, TooManyRows

# Formatting applied to whole columns leaves a million empty rows behind; a chronology never
# has this many blank rows in a row, so everything after them is taken to be empty.
BLANK_RUN = 1000


def has_text(values) -> bool:
    return not all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def sheet_rows(sheet, filled_before: int = 0) -> list[tuple[int, list]]:
    """The rows up to the first run of BLANK_RUN empty rows, numbered as Excel numbers them; reading
    stops (TooManyRows) past MAX_ROWS rows with text in the workbook, `filled_before` of them in earlier sheets."""
    rows, blank, filled = [], 0, filled_before
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        text = has_text(values)
        blank = 0 if text else blank + 1
        if blank >= BLANK_RUN:
            break
        filled += text
        if filled > MAX_ROWS:
            raise TooManyRows(MAX_ROWS, exact=False)
        rows.append((number, list(values)))
    return rows


def read_tables(path: Path) -> list[Table]:
    """One table per worksheet, rows numbered as Excel numbers them."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        tables: list[Table] = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size; read what is there
            filled = sum(1 for table in tables for _, values in table.rows if has_text(values))
            tables.append(Table(f"sheet '{sheet.title}'", sheet_rows(sheet, filled)))
        return tables
    finally:
        workbook.close()
