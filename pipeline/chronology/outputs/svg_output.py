"""timeline.svg: a swimlane chart, one lane per agency, gaps shaded, the review period marked.

Written by hand as text so that the same chronology always gives the same bytes: no
timestamps, no generated ids, coordinates rounded to one decimal place.
"""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from pipeline.chronology.merge import Integrated
from pipeline.chronology.outputs import colours, day

WIDTH = 1400
LANE = 30
LEAD_IN = dt.timedelta(days=92)  # the chart starts a quarter before the review period
CHAR_WIDTH = 7.0  # an average character of the 12px label font
TOP = 56
BOTTOM = 40


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


def build_svg(integrated: Integrated, names: dict[str, str], title: str) -> str:
    """The chart covers the review period (from a quarter before it); earlier entries are counted
    at the start of their lane rather than squeezing the period into a corner."""
    period_start, period_end = integrated.period
    first = period_start - LEAD_IN
    last = max([period_end, *(e.date.end for e in integrated.entries)])
    span = max((last - first).days, 1)
    lanes = integrated.agencies
    labels = [f"{names.get(lane.id, lane.id)} ({lane.count})" for lane in lanes]
    label_width = min(480, max(160, round(max(map(len, labels), default=0) * CHAR_WIDTH) + 16))
    plot = WIDTH - label_width - 20
    height = TOP + LANE * len(lanes) + BOTTOM
    bottom = TOP + LANE * len(lanes)

    def x(when: dt.date) -> str:
        return f"{label_width + (when - first).days / span * plot:.1f}"

    def width(a: dt.date, b: dt.date) -> str:
        return f"{max((b - a).days, 1) / span * plot:.1f}"

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="title desc" '
           'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
           f'<title id="title">{escape(title)}</title>',
           f'<desc id="desc">One lane per agency; each mark is a chronology entry (bars: approximate dates). '
           f'Shaded: gaps of more than {integrated.gap_days} days with no contact. '
           f'Outlined: the review period {day(period_start)} to {day(period_end)}.</desc>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
           f'<text x="{label_width}" y="20" font-size="14" font-weight="bold" fill="#{colours.TEXT}">{escape(title)}</text>']
    earlier = {lane.id: sum(1 for e in integrated.entries if e.agency == lane.id and e.date.end < first)
               for lane in lanes}
    for index, (lane, label) in enumerate(zip(lanes, labels)):
        y = TOP + index * LANE
        if index % 2:
            out.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{LANE}" fill="#F4F4F4"/>')
        out.append(f'<text x="8" y="{y + LANE / 2 + 4:.1f}" fill="#{colours.TEXT}">{escape(label)}</text>')
        if earlier[lane.id]:
            out.append(f'<text x="{label_width + 4}" y="{y + LANE / 2 + 4:.1f}" font-size="10" '
                       f'fill="#{colours.TEXT}">\u25c0 {earlier[lane.id]} earlier</text>')
    for gap in integrated.gaps:
        out.append(f'<rect class="gap" x="{x(gap.after)}" y="{TOP}" width="{width(gap.after, gap.before)}" '
                   f'height="{bottom - TOP}" fill="#FFD9D9" fill-opacity="0.6">'
                   f'<title>No contact {day(gap.after)} to {day(gap.before)} ({gap.days} days)</title></rect>')
    out.append(f'<rect class="review-period" x="{x(period_start)}" y="{TOP - 6}" '
               f'width="{width(period_start, period_end)}" height="{bottom - TOP + 12}" fill="none" '
               f'stroke="#{colours.TEXT}" stroke-width="1.5" stroke-dasharray="6 3"/>')
    out.append(f'<text x="{x(period_start)}" y="{TOP - 10}" font-size="11" fill="#{colours.TEXT}">review period '
               f'{day(period_start)} to {day(period_end)}</text>')
    for when, label in _ticks(first, last):
        out.append(f'<line x1="{x(when)}" y1="{bottom}" x2="{x(when)}" y2="{bottom + 5}" stroke="#{colours.TEXT}"/>'
                   f'<text x="{x(when)}" y="{bottom + 18}" font-size="10" text-anchor="middle" '
                   f'fill="#{colours.TEXT}">{label}</text>')
    out.append(f'<line x1="{label_width}" y1="{bottom}" x2="{WIDTH - 20}" y2="{bottom}" stroke="#{colours.TEXT}"/>')
    lane_of = {lane.id: i for i, lane in enumerate(lanes)}
    for number, entry in enumerate(integrated.entries, start=1):
        if entry.date.end < first:
            continue
        start = max(entry.date.start, first)
        lane = lane_of.get(entry.agency, 0)
        colour = colours.mark(integrated.colour_index.get(entry.agency, 0))
        y = TOP + lane * LANE + LANE / 2
        tip = escape(f"#{number} {entry.date.written}: {entry.event[:120]}")
        if entry.date.precision == "day":
            out.append(f'<circle cx="{x(start)}" cy="{y:.1f}" r="3.5" fill="#{colour}">'
                       f'<title>{tip}</title></circle>')
        else:
            out.append(f'<rect x="{x(start)}" y="{y - 3:.1f}" width="{width(start, entry.date.end)}" '
                       f'height="6" fill="none" stroke="#{colour}"><title>{tip}</title></rect>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
