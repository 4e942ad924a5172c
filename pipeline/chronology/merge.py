"""Merging the agencies' chronologies into one integrated chronology.

One stable order (date, a wider period before the days inside it, time, the agency's place
in review.yaml, then the agency's own row order). Accounts of one event from several agencies
are grouped into an event group (pipeline.chronology.linking), and every account is kept.
Each entry gets a stable id from its agency and its row's content (not its position), so a
reviewer's notes follow it from build to build. Spells with no contact longer than the
review's `chronology_gap_days` are flagged, and each entry says how many days passed since
the contact before it; entries outside the review period are kept and marked; the subject
child's age is given at each event.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from pipeline.case.schema import Review
from pipeline.chronology.dates import APPROXIMATE, EventDate
from pipeline.chronology.kinds import appendix_kind
from pipeline.chronology.linking import Account, link
from pipeline.chronology.readers import AgencyChronology, Change, Entry


@dataclass(frozen=True)
class Link:
    """An event group: accounts from several agencies of what looks like one event."""

    id: str
    members: tuple[int, ...]  # positions in Integrated.entries
    agencies: tuple[str, ...]
    score: float  # the weakest pair score on the chain that joined them


@dataclass(frozen=True)
class Gap:
    after: dt.date  # last contact (or the start of the review period)
    before: dt.date  # next contact (or the end of the review period)

    @property
    def days(self) -> int:
        return (self.before - self.after).days


@dataclass(frozen=True)
class AgencySummary:
    id: str
    name: str
    count: int
    first: EventDate | None
    last: EventDate | None


@dataclass
class Integrated:
    entries: list[Entry]
    ids: list[str]
    kinds: list[str | None]
    gap_before: list[int | None]
    ages: list[str]
    out_of_period: list[bool]
    link_of: list[str | None]
    links: list[Link]
    gaps: list[Gap]
    agencies: list[AgencySummary]
    changes: list[Change]
    period: tuple[dt.date, dt.date]
    gap_days: int
    colour_index: dict[str, int] = field(default_factory=dict)


def sort_key(entry: Entry, agency_rank: dict[str, int]) -> tuple:
    return (entry.date.start, entry.date.precision_rank, entry.time or dt.time.min, entry.time is not None,
            agency_rank.get(entry.agency, len(agency_rank)), entry.order)


def age_at(birth: dt.date | None, day: dt.date) -> str:
    """'6y 2m' on the day; 'unborn' before the birth; '' when the register has no date of birth."""
    if birth is None:
        return ""
    if day < birth:
        return "unborn"
    months = (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)
    return f"{months // 12}y {months % 12}m"


def is_outside(when: EventDate, start: dt.date, end: dt.date) -> bool:
    return when.end < start or when.start > end


def precision(when: EventDate) -> str:
    """day, month or year; circa when the agency marked the date as uncertain ("c.", "?", "approx.")."""
    return "circa" if APPROXIMATE.match(when.written) else when.precision


def entry_ids(entries: list[Entry]) -> list[str]:
    """`<agency>-<8 hex>` from the row's content; a second identical row of one agency gets `-2`, and so on."""
    seen: dict[str, int] = {}
    ids = []
    for e in entries:
        content = "\x1f".join([e.agency, e.date.written, f"{e.time:%H:%M}" if e.time else "", e.source, e.event,
                               e.action, e.role, e.category, e.significance])
        base = f"{e.agency}-{hashlib.sha256(content.encode()).hexdigest()[:8]}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def days_since_contact(entries: list[Entry]) -> list[int | None]:
    """Days since the last earlier day with an entry dated to the day; None for the first and for approximate dates."""
    gaps, today, previous = [], None, None
    for e in entries:
        if e.date.precision != "day":
            gaps.append(None)
            continue
        if e.date.start != today:
            previous, today = today, e.date.start
        gaps.append((today - previous).days if previous else None)
    return gaps


def link_events(entries: list[Entry], kinds: list[str | None]) -> list[Link]:
    """Event groups of accounts from different agencies (pipeline.chronology.linking), numbered in date order."""
    accounts = [Account(e.agency, e.date.start if e.date.precision == "day" else None, e.time, kind,
                        f"{e.event} {e.action}") for e, kind in zip(entries, kinds)]
    return [Link(f"G{number}", members, tuple(dict.fromkeys(entries[i].agency for i in members)), score)
            for number, (members, score) in enumerate(link(accounts), start=1)]


def find_gaps(entries: list[Entry], start: dt.date, end: dt.date, gap_days: int) -> list[Gap]:
    """Spells inside the review period longer than `gap_days` between contacts dated to the day."""
    days = sorted({e.date.start for e in entries if e.date.precision == "day" and start <= e.date.start <= end})
    marks = [start, *days, end]
    return [Gap(a, b) for a, b in zip(marks, marks[1:]) if (b - a).days > gap_days]


def summarise(entries: list[Entry], review: Review) -> list[AgencySummary]:
    summaries = []
    for agency in review.agencies:
        own = [e for e in entries if e.agency == agency.id]
        summaries.append(AgencySummary(agency.id, agency.name, len(own), own[0].date if own else None,
                                       own[-1].date if own else None))
    return summaries


def merge(chronologies: list[AgencyChronology], review: Review) -> Integrated:
    rank = {a.id: i for i, a in enumerate(review.agencies)}
    entries = sorted((e for c in chronologies for e in c.entries), key=lambda e: sort_key(e, rank))
    changes = sorted((c for chron in chronologies for c in chron.changes),
                     key=lambda c: (c.date.start, c.date.precision_rank, rank.get(c.agency, len(rank)), c.row))
    period = review.review.period
    subject = review.subject
    birth = subject.date_of_birth if subject else None
    kinds = [appendix_kind(e.category) for e in entries]
    links = link_events(entries, kinds)
    link_of: list[str | None] = [None] * len(entries)
    for group in links:
        for i in group.members:
            link_of[i] = group.id
    return Integrated(
        entries=entries,
        ids=entry_ids(entries),
        kinds=kinds,
        gap_before=days_since_contact(entries),
        ages=[age_at(birth, e.date.start) for e in entries],
        out_of_period=[is_outside(e.date, period.start, period.end) for e in entries],
        link_of=link_of,
        links=links,
        gaps=find_gaps(entries, period.start, period.end, review.review.chronology_gap_days),
        agencies=summarise(entries, review),
        changes=changes,
        period=(period.start, period.end),
        gap_days=review.review.chronology_gap_days,
        colour_index=rank,
    )
