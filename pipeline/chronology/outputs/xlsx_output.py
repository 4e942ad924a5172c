"""The integrated chronology as an Excel workbook, the lead reviewer's working copy.

Integrated sheet (filters, frozen header, agency colours, wrapped text), a sheet per agency,
a Summary (counts, gaps, linked events) and the organisational changes. Written in
openpyxl's write-only mode, with one named style per look (text, header, each agency's
colour): a cell takes a named style by copying its ids, where setting font, fill and
alignment on each cell makes openpyxl hash three style objects per cell.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter

from pipeline.chronology.merge import Integrated
from pipeline.chronology.kinds import CATEGORIES, appendix_kind
from pipeline.tools.office import as_text, xlsx_bytes
from pipeline.chronology.outputs import Row, colours, day, rows

COLUMNS = (("#", 6), ("Date", 12), ("Approximate", 8), ("Time", 7), ("Age", 8), ("Agency", 22), ("Source", 18),
           ("Event", 60), ("Action / outcome", 40), ("Practitioner role", 18), ("Category", 18),
           ("Significance", 40), ("Linked event", 9), ("Outside review period", 9), ("From", 28))
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True, color=colours.TEXT)
TEXT_FONT = Font(color=colours.TEXT)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def _sheet(workbook: Workbook, title: str, columns, freeze: bool = True):
    sheet = workbook.create_sheet(title)
    for position, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    if freeze:
        sheet.freeze_panes = "A2"
    return sheet


def _add_styles(workbook: Workbook, agencies: int) -> None:
    styles = [NamedStyle("Chronology text", font=TEXT_FONT, alignment=WRAP),
              NamedStyle("Chronology bold", font=BOLD, alignment=WRAP),
              NamedStyle("Chronology header", font=BOLD, alignment=WRAP, fill=HEADER_FILL)]
    for index in range(agencies):
        fill = PatternFill("solid", fgColor=colours.fill(index))
        styles += [NamedStyle(_agency_style(index), font=TEXT_FONT, alignment=WRAP, fill=fill),
                   NamedStyle(_agency_style(index, date=True), font=TEXT_FONT, alignment=WRAP, fill=fill,
                              number_format="DD/MM/YYYY")]
    for style in styles:
        workbook.add_named_style(style)


def _agency_style(index: int, date: bool = False) -> str:
    return f"Agency {index + 1}" + (" date" if date else "")


def _cells(sheet, values, style: str = "Chronology text", date_style: str | None = None):
    """Write-only cells in `style`; the second cell (the Date column) in `date_style` if given; text that
    starts like a formula stays text (as_text)."""
    cells = []
    for position, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value)
        cell.style = date_style if date_style and position == 1 else style
        cells.append(as_text(cell))
    return cells


def _entry_values(row: Row, with_agency: bool) -> list:
    values = [row.number, row.when or row.date, "yes" if row.approximate else "", row.time, row.age, row.agency,
              row.source, row.event, row.action, row.role, row.category, row.significance, row.link,
              "yes" if row.outside else "", row.origin]
    if not with_agency:
        del values[5]
    return values


def _entries_sheet(workbook, title, table_rows, with_agency):
    columns = COLUMNS if with_agency else COLUMNS[:5] + COLUMNS[6:]
    sheet = _sheet(workbook, title, columns)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(table_rows) + 1}"
    sheet.append(_cells(sheet, [name for name, _ in columns], "Chronology header"))
    for row in table_rows:
        sheet.append(_cells(sheet, _entry_values(row, with_agency), _agency_style(row.agency_index),
                            _agency_style(row.agency_index, date=True)))


def _summary_sheet(workbook, integrated: Integrated):
    sheet = _sheet(workbook, "Summary", (("", 28), ("", 14), ("", 14), ("", 14), ("", 50), ("", 40)), freeze=False)
    start, end = integrated.period
    lines: list[tuple[list, bool]] = [
        (["Integrated chronology: summary"], True),
        ([f"Review period {day(start)} to {day(end)}; {len(integrated.entries)} entries from "
          f"{sum(1 for a in integrated.agencies if a.count)} agencies"], False), ([], False),
        (["Agency", "Entries", "First contact", "Last contact", "Entries outside the review period"], True)]
    for summary in integrated.agencies:
        outside = sum(1 for e, out in zip(integrated.entries, integrated.out_of_period) if out and e.agency == summary.id)
        lines.append(([summary.name, summary.count, summary.first.written if summary.first else "",
                       summary.last.written if summary.last else "", outside], False))
    lines += [([], False), ([f"Gaps: no contact by any agency for more than {integrated.gap_days} days "
                            "(entries dated to the day, within the review period)"], True),
              (["From", "To", "Days"], True)]
    lines += [([day(g.after), day(g.before), g.days], False) for g in integrated.gaps] or [(["none"], False)]
    lines += [([], False), (["Linked events: accounts of one event from several agencies (same or next day, "
                             f"shared words / all words >= 0.3)"], True),
              (["Link", "Date", "Agencies", "Score", "Entries (#)", "Shared words"], True)]
    names = {a.id: a.name for a in integrated.agencies}
    for link in integrated.links:
        first = integrated.entries[link.members[0]]
        lines.append(([link.id, first.date.written, ", ".join(names.get(a, a) for a in link.agencies), link.score,
                       ", ".join(str(i + 1) for i in link.members), " ".join(link.shared)], False))
    if not integrated.links:
        lines.append((["none"], False))
    lines += [([], False), (["Entries per category (Appendix 10 kinds first, then categories agencies wrote "
                             "themselves)"], True), (["Category", "Entries"], True)]
    lines += [([category, count], False) for category, count in category_counts(integrated)]
    for values, bold in lines:
        sheet.append(_cells(sheet, values, "Chronology bold" if bold else "Chronology text"))


def category_counts(integrated: Integrated) -> list[tuple[str, int]]:
    """Every Appendix 10 kind (zero included), then other categories as written, then entries with none."""
    counts = Counter(appendix_kind(e.category) or e.category.strip() for e in integrated.entries)
    others = sorted(c for c in counts if c and c not in CATEGORIES)
    rows = [(kind, counts.get(kind, 0)) for kind in CATEGORIES]
    rows += [(f"{c} (not an Appendix 10 kind)", counts[c]) for c in others]
    return rows + ([("(no category given)", counts[""])] if counts.get("") else [])


def _changes_sheet(workbook, integrated: Integrated, names: dict[str, str]):
    columns = (("Date", 14), ("Agency", 28), ("Change", 60), ("Impact on frontline practice", 60), ("From", 28))
    sheet = _sheet(workbook, "Organisational changes", columns)
    sheet.auto_filter.ref = f"A1:E{len(integrated.changes) + 1}"
    sheet.append(_cells(sheet, [name for name, _ in columns], "Chronology header"))
    for change in integrated.changes:
        origin = ", ".join(p for p in (change.file, change.part, f"row {change.row}") if p)
        sheet.append(_cells(sheet, [change.date.written, names.get(change.agency, change.agency), change.change,
                                    change.impact, origin]))


def build_xlsx(integrated: Integrated, names: dict[str, str], title: str, author: str, when: dt.date) -> bytes:
    workbook = Workbook(write_only=True)
    table_rows = rows(integrated, names)
    _add_styles(workbook, len(names))
    _entries_sheet(workbook, "Integrated", table_rows, with_agency=True)
    _summary_sheet(workbook, integrated)
    _changes_sheet(workbook, integrated, names)
    for index, agency in enumerate(integrated.agencies):
        own = [r for r in table_rows if r.agency_index == index]
        _entries_sheet(workbook, agency.id[:31], own, with_agency=False)
    return xlsx_bytes(workbook, title=title, author=author, when=when)
