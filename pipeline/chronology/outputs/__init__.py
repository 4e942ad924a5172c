"""The integrated chronology's outputs, one module per format; all share the rows built here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.chronology.merge import Integrated


@dataclass(frozen=True)
class Row:
    """One merged entry as every output shows it."""

    number: int
    when: dt.date | None  # a real date for exact entries (Excel date cells); None when approximate
    date: str  # as written
    approximate: bool
    time: str
    age: str
    agency: str
    agency_index: int
    source: str
    event: str
    action: str
    role: str
    category: str
    significance: str
    link: str
    outside: bool
    origin: str  # file, sheet or table, row


def rows(integrated: Integrated, names: dict[str, str]) -> list[Row]:
    out = []
    for i, e in enumerate(integrated.entries):
        exact = not e.date.approximate and e.date.precision == "day"
        origin = ", ".join(p for p in (e.file, e.part, f"row {e.row}") if p)
        out.append(Row(i + 1, e.date.start if exact else None, e.date.written if not exact else f"{e.date.start:%d/%m/%Y}",
                       not exact, f"{e.time:%H:%M}" if e.time else "", integrated.ages[i], names.get(e.agency, e.agency),
                       integrated.colour_index.get(e.agency, 0), e.source, e.event, e.action, e.role, e.category,
                       e.significance, integrated.link_of[i] or "", integrated.out_of_period[i], origin))
    return out


def day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"
