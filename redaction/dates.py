"""Exact dates: how to find them in every common form, and how the public text shows them.

A date of birth, or the exact day of an incident, can identify a family; month and year
rarely do. The policy is one of "month-year" (default), "year" or "exact".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
POLICIES = ("month-year", "year", "exact")

_MONTH_NAME = "|".join(f"{m[:3]}(?:{m[3:]})?" if len(m) > 3 else m for m in MONTHS) + "|Sept"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"[/.\-]"

# One regex for every exact date (day, month and year) in the forms people write.
EXACT_DATE = re.compile(
    rf"(?<![\w/.\-])(?:"
    rf"(?P<d1>{_DAY}){_SEP}(?P<m1>0?[1-9]|1[0-2]){_SEP}(?P<y1>{_YEAR}|\d{{2}})"          # 14/02/2018, 14.2.18
    rf"|(?P<y2>{_YEAR})-(?P<m2>0[1-9]|1[0-2])-(?P<d2>0[1-9]|[12]\d|3[01])"             # 2018-02-14
    rf"|{_WEEKDAY}(?P<d3>{_DAY}){_ORD}\s+(?:of\s+)?(?P<m3>{_MONTH_NAME})\.?,?\s+(?P<y3>{_YEAR})"  # 14th February 2018
    rf"|{_WEEKDAY}(?P<m4>{_MONTH_NAME})\.?\s+(?P<d4>{_DAY}){_ORD},?\s+(?P<y4>{_YEAR})"     # Feb 14 2018
    rf")(?![\w/\-]|\.\d)",
    re.IGNORECASE,
)


MONTH_YEAR = re.compile(rf"(?<![\w/])(?:{_MONTH_NAME})\.?,?\s+(?P<year>{_YEAR})(?!\w)", re.IGNORECASE)


def month_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    return next(i for i, m in enumerate(MONTHS, 1) if m.lower().startswith(text.lower()[:3]))


def parse_exact(match: re.Match) -> dt.date | None:
    """The date an EXACT_DATE match names, or None when it is no real date (31/02/2020)."""
    for n in "1234":
        if match.group(f"d{n}"):
            year = int(match.group(f"y{n}"))
            if year < 100:
                year += 2000 if year <= dt.date.today().year % 100 + 1 else 1900
            try:
                return dt.date(year, month_number(match.group(f"m{n}")), int(match.group(f"d{n}")))
            except ValueError:
                return None
    return None


def date_pattern(date: dt.date) -> str:
    """A regex for one particular date in every form EXACT_DATE knows (for dates of birth)."""
    d, m, y = date.day, date.month, date.year
    day = rf"0?{d}" if d < 10 else str(d)
    mon = rf"0?{m}" if m < 10 else str(m)
    name = MONTHS[m - 1]
    month_name = rf"{name[:3]}(?:{name[3:]})?\.?" + (r"|Sept\.?" if m == 9 else "")
    year = rf"(?:{y}|{y % 100:02d})"
    forms = [
        rf"{day}{_SEP}{mon}{_SEP}{year}",
        rf"{y}-{m:02d}-{d:02d}",
        rf"{_WEEKDAY}{day}{_ORD}\s+(?:of\s+)?(?:{month_name}),?\s+{y}",
        rf"{_WEEKDAY}(?:{month_name})\s+{day}{_ORD},?\s+{y}",
    ]
    # a match starts with a digit, a weekday or the month's name: the lookahead turns other positions away fast
    first = "0123456789MTWFS" + name[0]
    return rf"(?=[{first}])(?<![\w/.\-])(?:{'|'.join(forms)})(?![\w/\-]|\.\d)"


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
    for match in EXACT_DATE.finditer(text):
        date = parse_exact(match)
        if date is None:
            continue
        shown = f"{MONTHS[date.month - 1]} {date.year}" if policy == "month-year" else str(date.year)
        start = match.start()
        before = re.search(r"\b([Oo])n\s+$", text[max(0, start - 4):start])
        if before:
            start -= len(before.group(0))
            shown = ("I" if before.group(1) == "O" else "i") + "n " + shown
        edits.append(DateEdit(start, match.end(), text[start:match.end()], shown))
    if policy == "year":
        taken = [(e.start, e.end) for e in edits]
        edits += [DateEdit(m.start(), m.end(), m.group(0), m.group("year")) for m in MONTH_YEAR.finditer(text)
                  if not any(s < m.end() and m.start() < e for s, e in taken)]
    return sorted(edits, key=lambda e: e.start)
