"""The integrated chronology's outputs, one module per format; all share the rows built here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.chronology.merge import Integrated, precision

MARKING = "OFFICIAL-SENSITIVE"  # the protective marking on every page and sheet: it holds real names


@dataclass(frozen=True)
class Row:
    """One merged entry as every output shows it."""

    number: int
    id: str  # stable from build to build: agency and row content
    when: dt.date  # the first day it may have been (a real date, for sorting and filtering)
    date: str  # as written (exact dates as DD/MM/YYYY)
    precision: str  # day, month, year or circa
    time: str
    age: str
    agency: str
    agency_index: int
    source: str
    event: str
    action: str
    role: str
    kind: str  # the Appendix 10 kind its category names, or ""
    category: str  # as the agency wrote it
    significance: str
    link: str  # event group id, or ""
    gap_before: int | None  # days since the last contact before it
    outside: bool
    origin: str  # file, sheet or table, row

    @property
    def approximate(self) -> bool:
        return self.precision != "day"


def rows(integrated: Integrated, names: dict[str, str]) -> list[Row]:
    out = []
    for i, e in enumerate(integrated.entries):
        shown = precision(e.date)
        origin = ", ".join(p for p in (e.file, e.part, f"row {e.row}") if p)
        out.append(Row(i + 1, integrated.ids[i], e.date.start, e.date.written if shown != "day" else day(e.date.start),
                       shown, f"{e.time:%H:%M}" if e.time else "", integrated.ages[i], names.get(e.agency, e.agency),
                       integrated.colour_index.get(e.agency, 0), e.source, e.event, e.action, e.role,
                       integrated.kinds[i] or "", e.category, e.significance, integrated.link_of[i] or "",
                       integrated.gap_before[i], integrated.out_of_period[i], origin))
    return out


def day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"
