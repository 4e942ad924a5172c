"""The integrated chronology as an Excel workbook, the lead reviewer's working copy.

Integrated sheet (filters, frozen header, agency colours, wrapped text; columns to sort and
filter by: a real date with its precision, Kind, Event group, Gap before, In period; and the
reviewer's own columns, carried from the last build by pipeline.chronology.notes), Orphaned
notes, a sheet per agency, a Summary (counts, gaps, event groups), the organisational changes
and the review's lines of enquiry (the Line of enquiry drop-down). Every sheet prints
landscape, one page wide, header row repeated, marked OFFICIAL-SENSITIVE. Written in
openpyxl's write-only mode, with one named style per look (text, header, each agency's
colour): a cell takes a named style by copying its ids, where setting font, fill and
alignment on each cell makes openpyxl hash three style objects per cell.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.chronology.linking import LINK_THRESHOLD
from pipeline.chronology.merge import Integrated
from pipeline.chronology.kinds import CATEGORIES, appendix_kind
from pipeline.chronology.notes import CONTEXT_COLUMNS, ID_COLUMN, REVIEWER_COLUMNS, Note
from pipeline.tools.office import as_text, xlsx_bytes
from pipeline.chronology.outputs import MARKING, Row, colours, day, rows

# The Date column (second) is a real date, the first day the entry may have been, so sorting and
# filtering by date work; Precision says how exact it is, "Date as written" what the agency wrote.
COLUMNS = (("#", 6), ("Date", 12), ("Precision", 9), ("Date as written", 12), ("Time", 7), ("Child's age", 8),
           ("Agency", 22), ("Source", 18), ("Event", 60), ("Action / outcome", 40), ("Practitioner role", 18),
           ("Kind", 20), ("Agency's category", 18), ("Agency's significance", 40), ("Event group", 9),
           ("Gap before (days)", 9), ("In period", 8))
REVIEWER = tuple((name, 30 if name.startswith("Reviewer") else 16) for name in REVIEWER_COLUMNS)
TRAILER = ((ID_COLUMN, 18), ("From", 28))
AGENCY = 6  # position of the Agency column, left out of each agency's own sheet
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True, color=colours.TEXT)
TEXT_FONT = Font(color=colours.TEXT)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")


def _sheet(workbook: Workbook, title: str, columns, freeze: bool = True):
    """A sheet that prints landscape, one page wide, its header row on every page, marked in the page header."""
    sheet = workbook.create_sheet(title)
    for position, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    if freeze:
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = MARKING
    sheet.oddHeader.center.font = "Arial,Bold"
    sheet.oddFooter.left.text = f"{MARKING}: holds real names"
    sheet.oddFooter.right.text = "Page &P of &N"
    return sheet


def _add_styles(workbook: Workbook, agencies: int) -> dict[str, tuple]:
    """One named style per look; returned by name as the style arrays cells are made with."""
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
    return {style.name: tuple(style.as_tuple()) for style in styles}


def _agency_style(index: int, date: bool = False) -> str:
    return f"Agency {index + 1}" + (" date" if date else "")


def _cells(sheet, values, look: tuple, date_look: tuple | None = None):
    """Write-only cells in a named style's `look` (from _add_styles: made with its style array, where setting
    `cell.style` by name looks the name up per cell); the second cell (the Date column) in `date_look` if given;
    text that starts like a formula stays text (as_text)."""
    looks = [look] * len(values)
    if date_look and len(values) > 1:
        looks[1] = date_look
    return [as_text(Cell(sheet, 1, 1, value, shown)) for value, shown in zip(values, looks)]


def _entry_values(row: Row, with_agency: bool, notes: tuple[str, ...] | None) -> list:
    """The row's cells; the reviewer's columns only where `notes` is given (the Integrated sheet)."""
    values = [row.number, row.when, row.precision, row.date, row.time, row.age, row.agency, row.source, row.event,
              row.action, row.role, row.kind, row.category, row.significance, row.link,
              row.gap_before if row.gap_before is not None else "", "no" if row.outside else "yes"]
    if not with_agency:
        del values[AGENCY]
    if notes is not None:
        values += list(notes)
    return values + [row.id, row.origin]


def _entries_sheet(workbook, looks, title, table_rows, with_agency, notes=None, enquiry_ids=0):
    """Entries, coloured by agency. With `notes` (by entry id) the reviewer's columns are added,
    Line of enquiry a drop-down of the 'Lines of enquiry' sheet's ids when there are `enquiry_ids`."""
    columns = COLUMNS if with_agency else COLUMNS[:AGENCY] + COLUMNS[AGENCY + 1:]
    columns += (REVIEWER if notes is not None else ()) + TRAILER
    sheet = _sheet(workbook, title, columns)
    last = len(table_rows) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    if notes is not None and enquiry_ids:
        letter = get_column_letter(len(COLUMNS) + REVIEWER_COLUMNS.index("Line of enquiry") + 1)
        choice = DataValidation(type="list", formula1=f"'Lines of enquiry'!$A$2:$A${enquiry_ids + 1}",
                                allow_blank=True, showErrorMessage=False)
        choice.add(f"{letter}2:{letter}{max(last, 2)}")
        sheet.data_validations.append(choice)
    sheet.append(_cells(sheet, [name for name, _ in columns], looks["Chronology header"]))
    blank = ("",) * len(REVIEWER_COLUMNS)
    for row in table_rows:
        typed = None if notes is None else notes.get(row.id, blank)
        sheet.append(_cells(sheet, _entry_values(row, with_agency, typed), looks[_agency_style(row.agency_index)],
                            looks[_agency_style(row.agency_index, date=True)]))


def _orphaned_sheet(workbook, looks, orphaned: list[Note]):
    """Notes whose entry changed or vanished since they were typed, beside what the entry said then."""
    columns = ((ID_COLUMN, 18), *((name, 16 if name != "Event" else 60) for name in CONTEXT_COLUMNS), *REVIEWER)
    sheet = _sheet(workbook, "Orphaned notes", columns)
    sheet.append(_cells(sheet, [name for name, _ in columns], looks["Chronology header"]))
    for note in orphaned:
        sheet.append(_cells(sheet, [note.entry_id, *note.context, *note.values], looks["Chronology text"]))


def _enquiries_sheet(workbook, looks, lines_of_enquiry: list[tuple[str, str]]):
    sheet = _sheet(workbook, "Lines of enquiry", (("Id", 14), ("Key line of enquiry", 100)))
    sheet.append(_cells(sheet, ["Id", "Key line of enquiry"], looks["Chronology header"]))
    for values in lines_of_enquiry:
        sheet.append(_cells(sheet, list(values), looks["Chronology text"]))


def _summary_sheet(workbook, looks, integrated: Integrated):
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
    lines += [([], False), (["Event groups: accounts of one event from several agencies (same day, or sent and "
                             "received the next; wording, time and kind scored together, joined at "
                             f"{LINK_THRESHOLD} or more)"], True),
              (["Event group", "Date", "Agencies", "Weakest score", "Entries (#)"], True)]
    names = {a.id: a.name for a in integrated.agencies}
    for link in integrated.links:
        first = integrated.entries[link.members[0]]
        lines.append(([link.id, first.date.written, ", ".join(names.get(a, a) for a in link.agencies), link.score,
                       ", ".join(str(i + 1) for i in link.members)], False))
    if not integrated.links:
        lines.append((["none"], False))
    lines += [([], False), (["Entries per category (Appendix 10 kinds first, then categories agencies wrote "
                             "themselves)"], True), (["Category", "Entries"], True)]
    lines += [([category, count], False) for category, count in category_counts(integrated)]
    for values, bold in lines:
        sheet.append(_cells(sheet, values, looks["Chronology bold" if bold else "Chronology text"]))


def category_counts(integrated: Integrated) -> list[tuple[str, int]]:
    """Every Appendix 10 kind (zero included), then other categories as written, then entries with none."""
    counts = Counter(appendix_kind(e.category) or e.category.strip() for e in integrated.entries)
    others = sorted(c for c in counts if c and c not in CATEGORIES)
    rows = [(kind, counts.get(kind, 0)) for kind in CATEGORIES]
    rows += [(f"{c} (not an Appendix 10 kind)", counts[c]) for c in others]
    return rows + ([("(no category given)", counts[""])] if counts.get("") else [])


def _changes_sheet(workbook, looks, integrated: Integrated, names: dict[str, str]):
    columns = (("Date", 14), ("Agency", 28), ("Change", 60), ("Impact on frontline practice", 60), ("From", 28))
    sheet = _sheet(workbook, "Organisational changes", columns)
    sheet.auto_filter.ref = f"A1:E{len(integrated.changes) + 1}"
    sheet.append(_cells(sheet, [name for name, _ in columns], looks["Chronology header"]))
    for change in integrated.changes:
        origin = ", ".join(p for p in (change.file, change.part, f"row {change.row}") if p)
        sheet.append(_cells(sheet, [change.date.written, names.get(change.agency, change.agency), change.change,
                                    change.impact, origin], looks["Chronology text"]))


def build_xlsx(integrated: Integrated, names: dict[str, str], title: str, author: str, when: dt.date,
               lines_of_enquiry: list[tuple[str, str]] = (), notes: dict[str, tuple[str, ...]] | None = None,
               orphaned: list[Note] = ()) -> bytes:
    """The workbook; `notes` (by entry id) fill the reviewer's columns, `orphaned` the Orphaned notes sheet."""
    workbook = Workbook(write_only=True)
    table_rows = rows(integrated, names)
    looks = _add_styles(workbook, len(names))
    _entries_sheet(workbook, looks, "Integrated", table_rows, with_agency=True, notes=notes or {},
                   enquiry_ids=len(lines_of_enquiry))
    _orphaned_sheet(workbook, looks, list(orphaned))
    _summary_sheet(workbook, looks, integrated)
    _changes_sheet(workbook, looks, integrated, names)
    _enquiries_sheet(workbook, looks, list(lines_of_enquiry))
    for index, agency in enumerate(integrated.agencies):
        own = [r for r in table_rows if r.agency_index == index]
        _entries_sheet(workbook, looks, agency.id[:31], own, with_agency=False)
    return xlsx_bytes(workbook, title=title, author=author, when=when)
