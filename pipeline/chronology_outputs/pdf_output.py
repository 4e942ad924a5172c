"""The integrated chronology as a PDF to read and print: one block per entry under month headings.

Blocks, not one long table: WeasyPrint lays out a table of thousands of rows slowly and
splits it badly across pages.
"""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import jinja2

from ..chronology_merge import Integrated
from ..weasy import render_pdf
from . import colours, day, rows

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "chronology"


def build_html(integrated: Integrated, names: dict[str, str], title: str, review_id: str) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True)
    table_rows = rows(integrated, names)
    months = [(month, list(group)) for month, group in
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
    return render_pdf(html, base_dir=base_dir, roots=[TEMPLATES], what="integrated-chronology.pdf", date=date)
