"""Finding the header row by name and turning the rows under it into entries.

Agencies rename columns ("Date of event", "Details", "Outcome"), put titles and blank rows
above the header, and add columns of their own. The header is the first row, among the
first few, that names every required column; other columns are kept out of the way.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.chronology.dates import DateError, parse_date, parse_time
from pipeline.errors import Problem
from pipeline.chronology.readers.records import Change, Entry, Table

HEADER_SEARCH_ROWS = 30
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML, so not in our outputs
MAX_PROBLEMS = 40
MAX_CELL = 32_767  # the most characters an Excel cell holds


def normalise(text: object) -> str:
    """'Action / Outcome*' and 'action & outcome (if any)' both become 'action outcome'."""
    text = re.sub(r"\(.*?\)", " ", str(text or "")).lower().replace("&", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w != "and")


def _variants(*names: str) -> frozenset[str]:
    return frozenset(normalise(n) for n in names)


KEY_EVENT_COLUMNS = {
    "date": _variants("Date", "Date of event", "Event date", "Date of contact", "Contact date", "Date of incident",
                      "Date and time", "Date/time", "When"),
    "time": _variants("Time", "Time of event", "Time of contact"),
    "source": _variants("Source", "Source of information", "Information source", "Source record", "Record",
                        "Record source", "Source document", "System", "Recording system", "Where recorded"),
    "event": _variants("Event", "Key event", "Details", "Event details", "Details of event", "Description",
                       "Description of event", "What happened", "Summary", "Details of contact",
                       "Summary of event", "Incident"),
    "action": _variants("Action / outcome", "Action", "Outcome", "Actions", "Action taken", "Actions taken",
                        "Outcome / action", "Response", "Action/outcome/decision", "Outcome of contact"),
    "role": _variants("Practitioner role", "Role", "Practitioner", "Professional role", "Role of practitioner",
                      "Staff role", "Worker role", "Professional", "Professional involved", "Practitioner(s)"),
    "category": _variants("Category", "Type", "Event type", "Type of event", "Key event type", "Kind",
                          "Type of contact", "Contact type"),
    "significance": _variants("Significance", "Analysis", "Agency analysis", "Significance / analysis",
                              "Comment", "Comments", "Relevance", "Agency comment", "Agency comments",
                              "Significance of event"),
}
KEY_EVENT_REQUIRED = ("date", "source", "event")
CHANGE_COLUMNS = {
    "date": KEY_EVENT_COLUMNS["date"] | _variants("Date of change"),
    "change": _variants("Change", "Organisational change", "Description of change", "Details of change",
                        "Change made", "Details"),
    "impact": _variants("Impact on frontline practice", "Impact", "Impact on practice", "Impact on front line practice",
                        "Impact on front-line practice"),
}
CHANGE_REQUIRED = ("date", "change")
DATE_HINT = ("write the date day first as DD/MM/YYYY (e.g. 03/03/2024); when it is not known exactly, "
             "MM/YYYY, YYYY or 'c. March 2024'")
TITLES = {"date": "Date", "time": "Time", "source": "Source", "event": "Event", "action": "Action / outcome",
          "role": "Practitioner role", "category": "Category", "significance": "Significance",
          "change": "Change", "impact": "Impact on frontline practice"}


@dataclass
class Header:
    kind: str  # "events" or "changes"
    index: int  # position of the header row in table.rows (-1: a continuation table with no header)
    columns: dict[str, int]  # field -> column position
    names: dict[str, str]  # field -> the header text as the agency wrote it

    @property
    def width(self) -> int:
        return max(self.columns.values()) + 1


def _match(cells: list, columns: dict[str, frozenset[str]]) -> tuple[dict[str, int], dict[str, str]]:
    found: dict[str, int] = {}
    names: dict[str, str] = {}
    for position, cell in enumerate(cells):
        key = normalise(cell)
        for name, variants in columns.items():
            if key in variants and name not in found:
                found[name], names[name] = position, str(cell).strip()
                break
    return found, names


def find_header(table: Table) -> Header | None:
    """The first row naming every required column of a key-events or organisational chronology."""
    for index, (_, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found, names = _match(cells, KEY_EVENT_COLUMNS)
        if all(f in found for f in KEY_EVENT_REQUIRED):
            return Header("events", index, found, names)
        found, names = _match(cells, CHANGE_COLUMNS)
        if all(f in found for f in CHANGE_REQUIRED) and "source" not in found:
            return Header("changes", index, found, names)
    return None


def missing_columns(table: Table, shown: str, kind: str) -> Problem:
    """Why no header was found: the nearest row and what it lacks, or that there is none."""
    columns, required = (KEY_EVENT_COLUMNS, KEY_EVENT_REQUIRED) if kind == "events" else (CHANGE_COLUMNS, CHANGE_REQUIRED)
    best = max(((len(_match(cells, columns)[0]), rownum, cells) for rownum, cells in table.rows[:HEADER_SEARCH_ROWS]),
               default=None, key=lambda item: item[0])
    wanted = ", ".join(TITLES[f] for f in required)
    where = f"{shown}, {table.label}" if table.label else shown
    if best is None or best[0] < 2:
        if not any(any(_text(c) for c in cells) for _, cells in table.rows):
            return Problem(where, "is empty", f"fill in the chronology template: a header row ({wanted}) and one row per event")
        return Problem(where, f"has no header row naming the columns {wanted} in its first {HEADER_SEARCH_ROWS} rows",
                       "use the chronology template's headers (lcspr template chronology)")
    found = _match(best[2], columns)[0]
    missing = [TITLES[f] for f in required if f not in found]
    return Problem(where, f"the header row has no {' or '.join(repr(m) for m in missing)} column "
                   f"(required: {wanted})", "add the column, or rename the one that holds it", row=best[1])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() != dt.time(0) else f"{value:%d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return CONTROL.sub("", str(value).replace("\r\n", "\n")).strip()


def _cell(cells: list, header: Header, name: str) -> object:
    position = header.columns.get(name)
    return cells[position] if position is not None and position < len(cells) else None


def _is_header_again(cells: list, header: Header) -> bool:
    return all(normalise(_cell(cells, header, f)) == normalise(header.names[f]) for f in header.columns)


def read_rows(table: Table, header: Header, agency: str, shown: str, start_order: int,
              problems: list[Problem]) -> list[Entry | Change]:
    """The rows under the header as entries; blank rows and repeated headers are skipped."""
    where = f"{shown}, {table.label}" if table.label else shown
    required = KEY_EVENT_REQUIRED if header.kind == "events" else CHANGE_REQUIRED
    records: list[Entry | Change] = []
    for rownum, cells in table.rows[header.index + 1:]:
        values = {name: _cell(cells, header, name) for name in header.columns}
        if not any(_text(v) for v in values.values()) or _is_header_again(cells, header):
            continue
        if len(problems) >= MAX_PROBLEMS:
            break
        row_problems = [Problem(where, f"a cell of {len(_text(values[f])):,} characters is longer than Excel allows",
                                f"shorten it to under {MAX_CELL:,} characters", row=rownum, column=header.names[f])
                        for f in header.columns if len(_text(values[f])) > MAX_CELL]
        row_problems += [Problem(where, f"'{header.names[f]}' is empty", "every event needs a date, a source and "
                                "what happened" if header.kind == "events" else "every change needs a date and what changed",
                                row=rownum, column=header.names[f])
                        for f in required if f != "date" and not _text(values[f])]
        when = time = None
        try:
            when, time = parse_date(values["date"])
        except DateError as error:
            row_problems.append(Problem(where, str(error), DATE_HINT, row=rownum, column=header.names["date"]))
        try:
            time = parse_time(values["time"]) if _text(values.get("time")) else time
        except DateError as error:
            row_problems.append(Problem(where, str(error), "write the time as HH:MM, e.g. 14:30",
                                        row=rownum, column=header.names["time"]))
        if row_problems:
            problems.extend(row_problems)
            continue
        text = {name: _text(values.get(name)) for name in header.columns if name not in ("date", "time")}
        if header.kind == "events":
            records.append(Entry(agency=agency, file=shown, part=table.label, row=rownum,
                                 order=start_order + len(records), date=when, time=time,
                                 source=text["source"], event=text["event"], action=text.get("action", ""),
                                 role=text.get("role", ""), category=text.get("category", ""),
                                 significance=text.get("significance", "")))
        else:
            records.append(Change(agency=agency, file=shown, part=table.label, row=rownum, date=when,
                                  change=text["change"], impact=text.get("impact", "")))
    return records
