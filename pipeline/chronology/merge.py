"""Merging the agencies' chronologies into one integrated chronology.

One stable order (date, a wider period before the days inside it, time, the agency's place
in review.yaml, then the agency's own row order). Accounts of the same event from different
agencies on the same or the next day are linked when their wording overlaps: the score is
the Jaccard index of their content words (shared words / all words), simple enough to
explain to a panel, and every account is kept. Spells with no contact longer than the
review's `chronology_gap_days` are flagged; entries outside the review period are kept and
marked; the subject child's age is given at each event.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.case.schema import Review
from pipeline.chronology.dates import EventDate
from pipeline.chronology.readers import AgencyChronology, Change, Entry

LINK_THRESHOLD = 0.3
LINK_MIN_SHARED = 2
LINK_DAYS = 1
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom why will with would
you your yours also was were per via re
""".split())
WORD = re.compile(r"[a-z0-9]+")


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of three letters or more that are not common English function words."""
    return frozenset(w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS)


@dataclass(frozen=True)
class Link:
    """Accounts from several agencies of what looks like one event."""

    id: str
    members: tuple[int, ...]  # positions in Integrated.entries
    agencies: tuple[str, ...]
    score: float  # the lowest Jaccard score on the chain that joined them
    shared: tuple[str, ...]  # words every account uses


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


class _Groups:
    """Union-find over entry positions, remembering the weakest score that joined each group."""

    def __init__(self, size: int):
        self.parent = list(range(size))
        self.score: dict[int, float] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, score: float) -> None:
        ra, rb = self.find(a), self.find(b)
        low = min(score, self.score.get(ra, 1.0), self.score.get(rb, 1.0))
        if ra != rb:
            root, child = min(ra, rb), max(ra, rb)
            self.parent[child] = root
            self.score.pop(child, None)
            ra = root
        self.score[ra] = low


def link_events(entries: list[Entry]) -> list[Link]:
    """Join accounts from different agencies, dated to the day, within LINK_DAYS, whose words overlap."""
    words = [content_words(f"{e.event} {e.action}") for e in entries]
    groups = _Groups(len(entries))
    dated = [i for i, e in enumerate(entries) if e.date.precision == "day"]
    for position, i in enumerate(dated):
        day = entries[i].date.start.toordinal()
        for j in dated[position + 1:]:
            if entries[j].date.start.toordinal() - day > LINK_DAYS:
                break
            if entries[j].agency == entries[i].agency:
                continue
            shared = words[i] & words[j]
            if len(shared) < LINK_MIN_SHARED:
                continue
            score = len(shared) / len(words[i] | words[j])
            if score >= LINK_THRESHOLD:
                groups.join(i, j, score)
    members: dict[int, list[int]] = {}
    for i in range(len(entries)):
        members.setdefault(groups.find(i), []).append(i)
    links = []
    for root, group in sorted(members.items()):
        if len(group) < 2:
            continue
        common = frozenset.intersection(*(words[i] for i in group))
        agencies = tuple(dict.fromkeys(entries[i].agency for i in group))
        links.append(Link(f"L{len(links) + 1}", tuple(group), agencies, round(groups.score[root], 2),
                          tuple(sorted(common))))
    return links


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
    links = link_events(entries)
    link_of: list[str | None] = [None] * len(entries)
    for link in links:
        for i in link.members:
            link_of[i] = link.id
    return Integrated(
        entries=entries,
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
