"""Dates and times in agency chronologies, always read day first.

Agencies write dates many ways: `03/03/2024`, `3/3/24`, `3 March 2024`, a real Excel date
cell or an Excel serial number. When they are unsure they write `03/2024`, `March 2024`,
`2024`, or put `?` or `c.` in front. An approximate date sorts at the start of its period,
is shown as written and is marked approximate. Anything else is refused with the value,
so the agency can correct it: a guessed date in an integrated chronology is worse than none.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from pipeline.case.dayofmonth import why_no_such_day

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
SERIAL_RANGE = (1, 2958465)  # 01/01/1900 .. 31/12/9999 in Excel's day numbers
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

APPROXIMATE = re.compile(r"^(?:\?|c\.|ca\.|circa\b|approx(?:imately)?\.?|around\b)\s*", re.I)
TIME_TEXT = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.I)
NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MONTH_YEAR_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([a-z]+)\.?,?[\s\-]+(\d{2}|\d{4})$", re.I)
MONTH_YEAR_WORDY = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$", re.I)
YEAR = re.compile(r"^(\d{4})$")
SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


class DateError(ValueError):
    """The value is no date we can place; the message says what is wrong."""


@dataclass(frozen=True)
class EventDate:
    """When an event happened: the first day it may have been, the last, and how it was written."""

    start: dt.date
    end: dt.date
    written: str
    approximate: bool
    precision: str  # "day", "month" or "year"

    @property
    def precision_rank(self) -> int:
        """Wider periods sort before the days inside them."""
        return {"year": 0, "month": 1, "day": 2}[self.precision]

    def to_json(self) -> dict:
        return {"written": self.written, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "approximate": self.approximate, "precision": self.precision}


def _year(text: str) -> int:
    """Two-digit years: 00-69 are 2000s, 70-99 1900s (as Excel and strptime read them)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _day(year: int, month: int, day: int, written: str, approximate: bool) -> EventDate:
    try:
        when = dt.date(year, month, day)
    except ValueError:
        raise DateError(f"'{written}' is not a real date: {why_no_such_day(year, month, day)}") from None
    return EventDate(when, when, written, approximate, "day")


def _month(year: int, month: int, written: str) -> EventDate:
    if not 1 <= month <= 12 or year < 1:
        raise DateError(f"'{written}' has no month {month}")
    last = calendar.monthrange(year, month)[1]
    return EventDate(dt.date(year, month, 1), dt.date(year, month, last), written, True, "month")


def _month_number(name: str, written: str) -> int:
    month = MONTHS.get(name.lower())
    if month is None:
        raise DateError(f"'{written}': '{name}' is not a month")
    return month


def from_serial(serial: float, written: str) -> tuple[EventDate, dt.time | None]:
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        raise DateError(f"{written} is not an Excel date number")
    moment = EXCEL_EPOCH + dt.timedelta(days=float(serial))
    return from_datetime(moment)


def from_datetime(moment: dt.datetime | dt.date) -> tuple[EventDate, dt.time | None]:
    """A real date cell: exact, shown DD/MM/YYYY; a time of day other than midnight is kept."""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    when = EventDate(day, day, f"{day:%d/%m/%Y}", False, "day")
    time = moment.time().replace(microsecond=0) if isinstance(moment, dt.datetime) else None
    return when, (time if time and time != dt.time(0, 0) else None)


def parse_text(text: str) -> tuple[EventDate, dt.time | None]:
    """A date written as text, with an optional time after it."""
    written = " ".join(text.split())
    body = written
    marker = APPROXIMATE.match(body)
    approximate = bool(marker)
    if marker:
        body = body[marker.end():].strip()
    time = None
    pieces = body.rsplit(" ", 1)
    if len(pieces) == 2 and TIME_TEXT.match(pieces[1]):
        try:
            body, time = pieces[0].rstrip(" ,"), parse_time(pieces[1])
        except DateError as error:
            raise DateError(f"'{written}': {error}") from None
    if not body:
        raise DateError(f"'{written}' has no date")
    if m := NUMERIC.match(body):
        when = _day(_year(m[3]), int(m[2]), int(m[1]), written, approximate)
    elif m := ISO.match(body):
        when = _day(int(m[1]), int(m[2]), int(m[3]), written, approximate)
    elif m := WORDY.match(body):
        when = _day(_year(m[3]), _month_number(m[2], written), int(m[1]), written, approximate)
    elif m := MONTH_YEAR_NUMERIC.match(body):
        when = _month(int(m[2]), int(m[1]), written)
    elif m := MONTH_YEAR_WORDY.match(body):
        when = _month(int(m[2]), _month_number(m[1], written), written)
    elif m := YEAR.match(body):
        year = int(m[1])
        when = EventDate(dt.date(year, 1, 1), dt.date(year, 12, 31), written, True, "year")
    elif SERIAL.match(body) and not approximate:
        return from_serial(float(body), written)
    else:
        raise DateError(f"'{written}' is not a date we can read")
    return when, time


def parse_date(value: object) -> tuple[EventDate, dt.time | None]:
    """Any cell value agencies put in a Date column -> (date, time or None); DateError otherwise."""
    if isinstance(value, (dt.datetime, dt.date)):
        return from_datetime(value)
    if isinstance(value, bool):
        raise DateError(f"'{value}' is not a date")
    if isinstance(value, (int, float)):
        return from_serial(value, f"{value:g}")
    if isinstance(value, str) and value.strip():
        return parse_text(value)
    raise DateError("the date is empty")


def parse_time(value: object) -> dt.time | None:
    """A Time cell: `HH:MM` (24-hour, or with am/pm), a time cell or a fraction of a day."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        return dt.time(seconds // 3600, seconds // 60 % 60)
    text = str(value).strip()
    m = TIME_TEXT.match(text) or re.match(r"^(\d{2})(\d{2})()()$", text)
    if not m:
        raise DateError(f"'{text}' is not a time; write it as HH:MM, e.g. 14:30")
    hour, minute = int(m[1]), int(m[2])
    if m[4]:
        if not 1 <= hour <= 12:
            raise DateError(f"'{text}' is not a time")
        hour = hour % 12 + (12 if m[4].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateError(f"'{text}' is not a time of day")
    return dt.time(hour, minute)
