"""Excel workbooks (openpyxl): cell values only, formulas never evaluated, every sheet offered."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from .records import Table


def read_tables(path: Path) -> list[Table]:
    """One table per worksheet, rows numbered as Excel numbers them."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        tables = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size; read what is there
            rows = [(number, list(values)) for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
            tables.append(Table(f"sheet '{sheet.title}'", rows))
        return tables
    finally:
        workbook.close()
