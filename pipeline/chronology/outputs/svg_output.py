"""timeline.svg: a swimlane chart that reads at a glance.

One lane per agency, named as in the published report (public_name); a key of every mark; the
review period outlined and the incident drawn as a line; gaps with no contact shaded; an exact
date a dot, an approximate one a bracket over its period (not a bar: the event was once, somewhere
inside it); key events (strategy discussions, child protection conferences, entries the reviewer
gave a key practice episode, and the incident) labelled above the lanes, in tiers so no two
labels overlap. Written by hand as text so that the same chronology always gives the same bytes:
no timestamps, no generated ids, coordinates rounded to one decimal place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pipeline.chronology.linking import meeting_named
from pipeline.chronology.merge import Integrated
from pipeline.chronology.outputs import colours, day

WIDTH = 1400
LANE = 30
LEAD_IN = dt.timedelta(days=92)  # the chart starts a quarter before the review period
MARGIN = dt.timedelta(days=14)  # and ends two weeks after the last thing on it
CHAR_WIDTH = 7.0  # an average character of the 12px lane font
LABEL_CHAR = 6.0  # of the 10px label font
TIER = 14  # height of one row of labels
TIERS = 5  # rows of labels at most; a label that fits none is left to the tooltip
TITLE, KEY = 22, 44  # baselines of the title and the key
BOTTOM = 40
INCIDENT = "B0322A"
KEY_KINDS = ("Strategy discussion", "Meeting or child protection conference")


@dataclass(frozen=True)
class Label:
    when: dt.date
    text: str
    lane: int


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Month ticks for spans up to three years, otherwise years."""
    monthly = (last - first).days <= 3 * 366
    ticks = []
    year, month = first.year, first.month
    while dt.date(year, month, 1) <= last:
        when = dt.date(year, month, 1)
        if when >= first and (monthly or month == 1):
            ticks.append((when, f"{when:%b %Y}" if monthly and (month == 1 or not ticks) else
                          (f"{when:%b}" if monthly else f"{when:%Y}")))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return ticks


def key_events(integrated: Integrated, lane_of: dict[str, int], marked: dict[str, str]) -> list[Label]:
    """Entries worth a label: meetings of agencies, and what the reviewer marked (its key practice episode).
    One label per event group; dated to the day only."""
    labels, seen_groups = [], set()
    for i, e in enumerate(integrated.entries):
        episode = marked.get(integrated.ids[i], "")
        kind = meeting_named(e.event) or integrated.kinds[i]
        group = integrated.link_of[i]
        if e.date.precision != "day" or not (episode or kind in KEY_KINDS) or (group and group in seen_groups):
            continue
        seen_groups.add(group)
        labels.append(Label(e.date.start, episode or short_kind(kind, e.event), lane_of.get(e.agency, 0)))
    return labels


def span_of(x: float, text: str) -> tuple[float, float]:
    """Where a label's text lies: right of its mark, or left of it near the right edge."""
    width = len(text) * LABEL_CHAR
    return (x, x + width) if x + width <= WIDTH - 8 else (x - width, x)


def short_kind(kind: str, event: str) -> str:
    """A label's words: "CP conference" only when the entry names one; other meetings are "Meeting"."""
    if kind == KEY_KINDS[1]:
        return "CP conference" if meeting_named(event) == KEY_KINDS[1] else "Meeting"
    return kind


def place(labels: list[tuple[float, str]], first: int | None = None) -> list[int | None]:
    """A tier for each (x, text), the `first` label (the incident) before the rest, then left to right, each in
    the lowest tier where it overlaps no label already there; None when no tier has room."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(TIERS)]
    tiers: list[int | None] = [None] * len(labels)
    order = ([first] if first is not None else []) + [i for i in range(len(labels)) if i != first]
    for i in order:
        start, end = span_of(*labels[i])
        tiers[i] = next((t for t in range(TIERS) if all(end + 6 <= a or b + 6 <= start for a, b in taken[t])), None)
        if tiers[i] is not None:
            taken[tiers[i]].append((start, end))
    return tiers


def build_svg(integrated: Integrated, names: dict[str, str], title: str, incident: dt.date | None = None,
              marked: dict[str, str] | None = None) -> str:
    """The chart covers the review period (from a quarter before it); earlier entries are counted at the start
    of their lane. `names` are the agencies' public names; `marked` the reviewer's key practice episodes by entry id."""
    period_start, period_end = integrated.period
    first = period_start - LEAD_IN
    last = max([period_end, *(e.date.end for e in integrated.entries), *([incident] if incident else [])]) + MARGIN
    span = max((last - first).days, 1)
    lanes = integrated.agencies
    lane_of = {lane.id: i for i, lane in enumerate(lanes)}
    lane_labels = [f"{names.get(lane.id, lane.id)} ({lane.count})" for lane in lanes]
    label_width = min(360, max(110, round(max(map(len, lane_labels), default=0) * CHAR_WIDTH) + 16))
    plot = WIDTH - label_width - 20
    labels = key_events(integrated, lane_of, marked or {})
    if incident:
        labels.append(Label(incident, f"Incident {day(incident)}", -1))
    labels.sort(key=lambda label: label.when)

    def xf(when: dt.date) -> float:
        return label_width + (when - first).days / span * plot

    def x(when: dt.date) -> str:
        return f"{xf(when):.1f}"

    tiers = place([(xf(label.when), label.text) for label in labels],
                  next((i for i, label in enumerate(labels) if label.lane < 0), None))
    top = KEY + 26 + TIER * (max((t for t in tiers if t is not None), default=-1) + 1)
    bottom = top + LANE * len(lanes)
    height = bottom + BOTTOM
    ink = f"#{colours.TEXT}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="title desc" '
           'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<title id="title">{escape(title)}</title>',
           f'<desc id="desc">One lane per agency; a dot is an entry dated to the day, a bracket one dated only to a '
           f'month or year (somewhere in that span). Shaded: gaps of more than {integrated.gap_days} days with no '
           f'contact. Dashed outline: the review period {day(period_start)} to {day(period_end)}.'
           f'{f" Red line: the incident, {day(incident)}." if incident else ""} Key events are labelled above.</desc>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
           f'<text x="8" y="{TITLE}" font-size="14" font-weight="bold" fill="{ink}">{escape(title)}</text>']
    out += _key(ink, incident is not None)
    earlier = {lane.id: sum(1 for e in integrated.entries if e.agency == lane.id and e.date.end < first)
               for lane in lanes}
    for index, (lane, label) in enumerate(zip(lanes, lane_labels)):
        y = top + index * LANE
        if index % 2:
            out.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{LANE}" fill="#F4F4F4"/>')
        out.append(f'<text x="8" y="{y + LANE / 2 + 4:.1f}" fill="{ink}">{escape(label)}</text>')
        if earlier[lane.id]:
            out.append(f'<text x="{label_width + 4}" y="{y + LANE / 2 + 4:.1f}" font-size="10" '
                       f'fill="{ink}">\u25c0 {earlier[lane.id]} earlier</text>')
    for gap in integrated.gaps:
        out.append(f'<rect class="gap" x="{x(gap.after)}" y="{top}" width="{xf(gap.before) - xf(gap.after):.1f}" '
                   f'height="{bottom - top}" fill="#FFD9D9" fill-opacity="0.6">'
                   f'<title>No contact {day(gap.after)} to {day(gap.before)} ({gap.days} days)</title></rect>')
    out.append(f'<rect class="review-period" x="{x(period_start)}" y="{top - 4}" '
               f'width="{xf(period_end) - xf(period_start):.1f}" height="{bottom - top + 8}" fill="none" '
               f'stroke="{ink}" stroke-width="1.5" stroke-dasharray="6 3"/>')
    for when, tick in _ticks(first, last):
        out.append(f'<line x1="{x(when)}" y1="{bottom}" x2="{x(when)}" y2="{bottom + 5}" stroke="{ink}"/>'
                   f'<text x="{x(when)}" y="{bottom + 18}" font-size="10" text-anchor="middle" '
                   f'fill="{ink}">{tick}</text>')
    out.append(f'<line x1="{label_width}" y1="{bottom}" x2="{WIDTH - 20}" y2="{bottom}" stroke="{ink}"/>')
    if incident:
        out.append(f'<line class="incident" x1="{x(incident)}" y1="{top - 4}" x2="{x(incident)}" y2="{bottom}" '
                   f'stroke="#{INCIDENT}" stroke-width="2"/>')
    for number, entry in enumerate(integrated.entries, start=1):
        if entry.date.end < first:
            continue
        colour = colours.mark(integrated.colour_index.get(entry.agency, 0))
        y = top + lane_of.get(entry.agency, 0) * LANE + LANE / 2
        tip = escape(f"#{number} {entry.date.written}: {entry.event[:120]}")
        if entry.date.precision == "day":
            out.append(f'<circle cx="{x(entry.date.start)}" cy="{y:.1f}" r="3.5" fill="#{colour}">'
                       f'<title>{tip}</title></circle>')
        else:
            out.append(_bracket(xf(max(entry.date.start, first)), xf(entry.date.end), y, colour, tip))
    for label, tier in zip(labels, tiers):
        if tier is None:
            continue
        lx, ly = xf(label.when), KEY + 22 + tier * TIER
        end = top + label.lane * LANE + LANE / 2 - 4 if label.lane >= 0 else top - 4
        colour = f"#{INCIDENT}" if label.lane < 0 else ink
        anchor = "end" if span_of(lx, label.text)[1] == lx else "start"
        out.append(f'<line class="leader" x1="{lx:.1f}" y1="{ly + 2:.1f}" x2="{lx:.1f}" y2="{end:.1f}" '
                   f'stroke="{colour}" stroke-width="0.6" stroke-dasharray="2 2"/>'
                   f'<text class="key-event" x="{lx:.1f}" y="{ly:.1f}" font-size="10" fill="{colour}" '
                   f'text-anchor="{anchor}">{escape(label.text)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _bracket(x1: float, x2: float, y: float, colour: str, tip: str) -> str:
    """[ ... ] over the span an approximate date may fall in, joined by a dotted line."""
    x2 = max(x2, x1 + 6)
    return (f'<path class="approximate" d="M{x1 + 3:.1f} {y - 5:.1f}H{x1:.1f}V{y + 5:.1f}H{x1 + 3:.1f}'
            f'M{x2 - 3:.1f} {y - 5:.1f}H{x2:.1f}V{y + 5:.1f}H{x2 - 3:.1f}M{x1:.1f} {y:.1f}H{x2:.1f}" fill="none" '
            f'stroke="#{colour}" stroke-width="1.5" stroke-dasharray="none"><title>{tip}</title></path>')


def _key(ink: str, incident: bool) -> list[str]:
    """The key, on one line under the title."""
    y = KEY
    items = [f'<circle cx="14" cy="{y - 4}" r="3.5" fill="{ink}"/><text x="22" y="{y}" fill="{ink}">dated to the day'
             '</text>',
             _bracket(140, 170, y - 4, colours.TEXT, "approximate") +
             f'<text x="176" y="{y}" fill="{ink}">approximate (month or year)</text>',
             f'<rect x="380" y="{y - 10}" width="24" height="12" fill="#FFD9D9"/>'
             f'<text x="410" y="{y}" fill="{ink}">gap with no contact</text>',
             f'<rect x="560" y="{y - 10}" width="24" height="12" fill="none" stroke="{ink}" stroke-dasharray="6 3"/>'
             f'<text x="590" y="{y}" fill="{ink}">review period</text>']
    if incident:
        items.append(f'<line x1="712" y1="{y - 11}" x2="712" y2="{y + 1}" stroke="#{INCIDENT}" stroke-width="2"/>'
                     f'<text x="720" y="{y}" fill="{ink}">incident</text>')
    items.append(f'<text x="{800 if incident else 720}" y="{y}" fill="{ink}">lane colours: agencies; '
                 'labels: key events</text>')
    return [f'<g class="key">{"".join(items)}</g>']
