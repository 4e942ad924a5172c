"""The integrated chronology as a PDF to read and print: one block per entry under month headings.

Blocks, not one long table: WeasyPrint lays out a table of thousands of rows slowly and
splits it badly across pages. Each block is one <div> of plain text, its heading line made
bold by ::first-line: WeasyPrint's cost is per element, per line and per page (some of it
elements x pages), and 10,000 entries must render in seconds, not minutes. It is an
internal working copy, so it is not tagged (PDF/UA): tagging thousands of blocks costs
more than the layout. The published report is tagged.
"""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import jinja2

from ..chronology_merge import Integrated
from ..weasy import render_pdf
from . import Row, colours, day, rows

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "chronology"


def block(row: Row) -> str:
    """One entry as two or more lines of text: a heading line (bold, on the agency's colour), then the event,
    its action / outcome and significance, run on. The template keeps the newline (white-space: pre-line)."""
    flags = [f"age {row.age}" if row.age else "", "approx." if row.approximate else "",
             "outside review period" if row.outside else "", f"linked {row.link}" if row.link else ""]
    when = f"{row.date} {row.time}" if row.time else row.date
    source = "; ".join(p for p in (row.source, row.role, row.category) if p)
    heading = " · ".join([f"{row.number}. {when}", row.agency, *(f for f in flags if f), f"Source: {source}"])
    account = [row.event, f"Action / outcome: {row.action}" if row.action else "",
               f"Significance: {row.significance}" if row.significance else ""]
    return heading + "\n" + " — ".join(part for part in account if part)


def build_html(integrated: Integrated, names: dict[str, str], title: str, review_id: str) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
    table_rows = rows(integrated, names)
    months = [(month, [(r.agency_index, block(r)) for r in group]) for month, group in
              itertools.groupby(table_rows, key=lambda r: f"{integrated.entries[r.number - 1].date.start:%B %Y}")]
    links = [{"id": link.id, "date": integrated.entries[link.members[0]].date.written,
              "agencies": ", ".join(names.get(a, a) for a in link.agencies),
              "entries": ", ".join(str(i + 1) for i in link.members)} for link in integrated.links]
    start, end = integrated.period
    count = len(names)
    return environment.get_template("integrated.html.j2").render(
        title=title, review_id=review_id, period=f"{day(start)} to {day(end)}", entries=table_rows,
        agencies=integrated.agencies, gaps=integrated.gaps, gap_days=integrated.gap_days, links=links, months=months,
        text_colour=colours.TEXT, fills=[colours.fill(i) for i in range(count)],
        marks=[colours.mark(i) for i in range(count)])


def build_pdf(integrated: Integrated, names: dict[str, str], title: str, review_id: str, base_dir: Path,
              date: dt.date) -> bytes:
    html = build_html(integrated, names, title, review_id)
    return render_pdf(html, base_dir=base_dir, roots=[TEMPLATES], what="integrated-chronology.pdf", variant=None,
                      date=date)
