"""Dates in every written form: one finder for the date policy, the register's dates of birth
and the leak scan.

A date of birth, or the exact day of an incident, can identify a family; month and year
rarely do. The policy is one of "month-year" (default), "year" or "exact".

A regex only says where a date may be written ("14-Feb-2018", "14.02.18", "Feb 14th, 2018",
"the fourteenth of February 2018", "14th of Feb"); dateutil reads it, day first, as UK
writers mean it. A day and month without a year is found too: it is enough to match a date
of birth, though the date policy leaves it alone (it names no year to keep).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil import parser as dateutil_parser

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
POLICIES = ("month-year", "year", "exact")

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth"]
# the day of the month written as an English ordinal word: "fourteenth", "twenty-first", "thirty first"
ORDINALS = {word: n for n, word in enumerate(_UNITS + _TEENS, start=1)}
ORDINALS.update({"twentieth": 20, "thirtieth": 30})
ORDINALS.update({f"{tens}{joint}{unit}": base + n
                 for tens, base, units in (("twenty", 20, _UNITS), ("thirty", 30, _UNITS[:1]))
                 for n, unit in enumerate(units, start=1) for joint in ("-", " ")})

_MONTH_NAME = "|".join(f"{m[:3]}(?:{m[3:]})?" if len(m) > 3 else m for m in MONTHS).replace("Sep(", "Sep(?:t)?(")
# a full stop after a month is part of it only after an abbreviation ("14 Feb."), never a sentence's end
_MONTH = rf"(?:{'|'.join(MONTHS)}|(?:{'|'.join(m[:3] for m in MONTHS)}|Sept)\.?)"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_DAY_NUMBER = r"(?:0?[1-9]|[12]\d|3[01])"
_DAY = rf"(?:{_DAY_NUMBER}(?:st|nd|rd|th)?|{'|'.join(sorted(ORDINALS, key=len, reverse=True))})"
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"[/.\-]"
_WORD_SEP = r"(?:\s*[/.\-]\s*|,?\s+)"

# where a date may be written (a candidate: dateutil decides whether it is one); it starts with a digit,
# or the first letter of a weekday, "the", an ordinal word or a month: the lookahead turns other positions away
DATE = re.compile(
    rf"(?=[0-9adefjmnostw])(?<![\w/.\-])(?:"
    rf"{_DAY_NUMBER}{_SEP}(?:0?[1-9]|1[0-2]){_SEP}(?P<y1>{_YEAR}|\d{{2}})"                       # 14/02/2018, 14.2.18
    rf"|(?P<y2>{_YEAR})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"                                # 2018-02-14
    rf"|{_WEEKDAY}(?:the\s+)?(?P<d3>{_DAY})(?:\s+of)?{_WORD_SEP}"                                 # 14-Feb-2018
    rf"(?P<m3>{_MONTH})(?:{_WORD_SEP}(?P<y3>{_YEAR}))?"
    rf"|{_WEEKDAY}(?P<m4>{_MONTH})\s+(?:the\s+)?(?P<d4>{_DAY})(?:,?\s+(?P<y4>{_YEAR}))?"           # Feb 14th, 2018
    rf")(?![\w/\-]|\.\d)",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(rf"(?<![\w/])(?:{_MONTH_NAME})\.?,?\s+(?P<year>{_YEAR})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date written in a text: where, and the day, month and (if written) year it names."""

    start: int
    end: int
    day: int
    month: int
    year: int | None

    def names(self, date: dt.date) -> bool:
        """Whether this is `date` (a day and month without a year names every year's)."""
        return (self.day, self.month) == (date.day, date.month) and self.year in (None, date.year)


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in `text`, in text order. A month and day without a year may be the end of
    one date and the start of another ("in March 14th February 2018"): the full date wins."""
    dates, at = [], 0
    while m := DATE.search(text, at):
        at = m.end()
        if m.group("m4") and not m.group("y4"):
            inner = DATE.match(text, m.start("d4"))
            if inner and (date := _read(inner)) and date.year is not None:
                dates.append(date)
                at = inner.end()
                continue
        if date := _read(m):
            dates.append(date)
    return dates


def date_at(text: str, at: int) -> FoundDate | None:
    """The date written at `at`, if one starts there."""
    m = DATE.match(text, at)
    return _read(m) if m else None


def _read(match: re.Match) -> FoundDate | None:
    year_text = next((match.group(g) for g in ("y1", "y2", "y3", "y4") if match.group(g)), None)
    if year_text is None and not _clear_without_year(match):
        return None
    read = _iso(match.group(0)) if match.group("y2") else _parse(match.group(0))
    if read is None:
        return None
    day, month, year = read
    if year_text is None:
        year = None
    elif len(year_text) == 2:  # "14.02.18": the most recent such year, unless that is next year or later
        short = int(year_text)
        year = 2000 + short if short <= dt.date.today().year % 100 + 1 else 1900 + short
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return FoundDate(match.start(), match.end(), day, month, year)


def _clear_without_year(match: re.Match) -> bool:
    """A day and month alone is a date only when it cannot be everyday words: "14th of Feb" and
    "3 May" are; "3 may" (a verb) and "March 12" (a count) are not."""
    day = match.group("d3") or match.group("d4")
    month = match.group("m3") or match.group("m4")
    ordinal = not day.isdigit()
    if match.group("m4"):
        return ordinal
    return ordinal or month[0].isupper()


def _iso(written: str) -> tuple[int, int, int] | None:
    """(day, month, year) of "2018-02-14": year first whatever the day-first reading would make of it."""
    year, month, day = map(int, written.split("-"))
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return day, month, year


@lru_cache(maxsize=8192)
def _parse(written: str) -> tuple[int, int, int] | None:
    """(day, month, year) as dateutil reads `written`, day first; None if it names no real date."""
    words = re.sub(r"\bthe\s+", "", written, flags=re.IGNORECASE)
    words = re.sub("|".join(sorted(ORDINALS, key=len, reverse=True)),
                   lambda m: str(ORDINALS[m.group(0).lower()]), words, flags=re.IGNORECASE)
    try:
        read = dateutil_parser.parse(words, dayfirst=True, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return read.day, read.month, read.year


@dataclass(frozen=True)
class DateEdit:
    start: int
    end: int
    original: str
    replacement: str


def policy_edits(text: str, policy: str) -> list[DateEdit]:
    """Where exact dates in `text` must change to follow `policy`, and into what.

    "on 14 March 2024" becomes "in March 2024" (month-year) or "in 2024" (year).
    """
    if policy not in POLICIES:
        raise ValueError(f"date policy '{policy}' is not one of {POLICIES}")
    if policy == "exact":
        return []
    edits = []
    for found in find_dates(text):
        if found.year is None:
            continue
        shown = f"{MONTHS[found.month - 1]} {found.year}" if policy == "month-year" else str(found.year)
        start = found.start
        before = re.search(r"\b([Oo])n\s+$", text[max(0, start - 4):start])
        if before:
            start -= len(before.group(0))
            shown = ("I" if before.group(1) == "O" else "i") + "n " + shown
        edits.append(DateEdit(start, found.end, text[start:found.end], shown))
    if policy == "year":
        taken = [(e.start, e.end) for e in edits]
        edits += [DateEdit(m.start(), m.end(), m.group(0), m.group("year")) for m in MONTH_YEAR.finditer(text)
                  if not any(s < m.end() and m.start() < e for s, e in taken)]
    return sorted(edits, key=lambda e: e.start)
