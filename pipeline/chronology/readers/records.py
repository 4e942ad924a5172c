"""What a reader hands on: one agency's key events and organisational changes, each with its row."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.chronology.dates import EventDate

# Rows with text in one chronology file. A key-events chronology holds the significant events,
# not every contact (Appendix 10); a long one has a few thousand. The bench's case of 10,000
# entries builds every output in well under a minute; far more would take minutes and gigabytes.
MAX_ROWS = 10_000
# Characters of text in one file's entries: the outputs' cost grows with the text (a 10,000-entry
# chronology of 3 MB takes a minute or more to lay out as PDF), so a file of far more is refused
# once read, before any output is built (3.1 million characters made a PDF of 672 pages).
MAX_TEXT_CHARS = 4_000_000


class TooManyRows(Exception):
    """A reader stopped before reading the rows: the file has `rows` rows with text."""

    def __init__(self, rows: int):
        super().__init__(f"{rows} rows")
        self.rows = rows


@dataclass(frozen=True)
class Entry:
    """One row of an agency's key-events chronology, as the agency wrote it."""

    agency: str
    file: str
    part: str  # which sheet or Word table ("" for a CSV file)
    row: int  # the row number the agency sees (spreadsheet row, CSV line, row within the Word table)
    order: int  # position in the agency's own file: the last tie-breaker of the merge
    date: EventDate
    time: dt.time | None
    source: str
    event: str
    action: str = ""
    role: str = ""
    category: str = ""
    significance: str = ""


@dataclass(frozen=True)
class Change:
    """One row of an organisational-change chronology."""

    agency: str
    file: str
    part: str
    row: int
    date: EventDate
    change: str
    impact: str = ""


@dataclass
class Table:
    """Rows of cell values from one sheet, Word table or CSV file; `label` says which, for messages."""

    label: str
    rows: list[tuple[int, list]] = field(default_factory=list)


@dataclass
class AgencyChronology:
    agency: str
    file: str
    entries: list[Entry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
