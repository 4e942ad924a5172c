"""Word documents (python-docx): every table in the body, in order; text outside tables is ignored."""
from __future__ import annotations

from pathlib import Path

import docx

from pipeline.chronology.readers.records import MAX_ROWS, Table, TooManyRows


def read_tables(path: Path) -> list[Table]:
    """One table per Word table; a horizontally merged cell repeats its text in each column it spans.
    The rows are counted before any cell is read: reading cells is the slow part."""
    document = docx.Document(str(path))
    rows = sum(len(table.rows) for table in document.tables)
    if rows > MAX_ROWS:
        raise TooManyRows(rows)
    return [Table(f"table {number}", [(row_number, [cell.text for cell in row.cells])
                                      for row_number, row in enumerate(table.rows, start=1)])
            for number, table in enumerate(document.tables, start=1)]
