"""The integrated chronology anonymised for the practitioner session (Chronolator's shared copy).

Every cell an agency wrote (source, event, action, practitioner role, category, significance; an
organisational change and its impact) goes through the case's anonymiser as one text, one
paragraph per cell, so the register is replaced exactly as in the report and the checker's
decisions.yaml decides each other finding the same way (which decisions it used is recorded beside it,
so the redaction stage does not call them stale). A practitioner named in the Practitioner
role column ("Jane Smith, health visitor") is replaced everywhere by that role ("the health
visitor") before: the role is what the session needs. Agencies are shown by their public name
and the reviewer's own columns are left empty. While a finding is pending, or the leak scan
finds a register value in either file, nothing is written.
"""
from __future__ import annotations

import bisect
import calendar
import dataclasses
import datetime as dt
import html
import itertools
import re
import tempfile
from pathlib import Path

from pipeline.case.anonymiser import (
    analyse_with_cache,
    anonymise_case_text,
    kind_in_words,
    load_decisions,
    record_chronology_decisions,
)
from pipeline.case.public_fields import register_values
from pipeline.case.register import register_from
from pipeline.chronology.dates import EventDate
from pipeline.chronology.merge import Integrated
from pipeline.chronology.outputs.pdf_output import build_pdf
from pipeline.chronology.outputs.xlsx_output import build_xlsx
from pipeline.context import BuildContext
from pipeline.errors import GateHeld, Problem, display_path
from pipeline.tools.office import office_texts
from redaction.leakscan import scan_files

ENTRY_FIELDS = ("source", "event", "action", "role", "category", "significance")
CHANGE_FIELDS = ("change", "impact")
FIELD_COLUMNS = {"source": "Source", "event": "Event", "action": "Action / outcome", "role": "Practitioner role",
                 "category": "Category", "significance": "Significance", "change": "Change", "impact": "Impact"}
OUTPUTS = ("integrated-chronology-anonymised.xlsx", "integrated-chronology-anonymised.pdf")
# the anonymiser writes replacement text as Markdown-safe text; the chronology's cells are plain
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|#~^$])")
HEADING = "Integrated chronology"  # the text's first paragraph: no cell is ever read as front matter


@dataclasses.dataclass(frozen=True)
class Cell:
    """Where one paragraph of the text came from: an entry's (or a change's) field, and its agency file and row."""

    kind: str  # "entry" or "change"
    index: int
    field: str
    file: str
    row: int


def written_cells(integrated: Integrated) -> list[tuple[Cell, str]]:
    """Every non-empty cell, its whitespace run together (a paragraph break would split the mapping)."""
    cells = []
    for kind, records, fields in (("entry", integrated.entries, ENTRY_FIELDS),
                                  ("change", integrated.changes, CHANGE_FIELDS)):
        for i, record in enumerate(records):
            where = f"{record.file}, {record.part}" if record.part else record.file
            cells += [(Cell(kind, i, name, where, record.row), " ".join(getattr(record, name).split()))
                      for name in fields if getattr(record, name).strip()]
    return cells


def practitioner_roles(integrated: Integrated, analyzer) -> dict[str, str]:
    """Each name the analyser finds in the Practitioner role column, with the role written beside it
    ("Jane Smith, health visitor" -> "health visitor"; "practitioner" when only a name was written)."""
    cells = sorted({e.role for e in integrated.entries if e.role.strip()})
    roles: dict[str, str] = {}
    for cell, found in zip(cells, analyzer.analyse(cells)):
        spans = sorted((d.start, d.end) for d in found if d.entity == "PERSON")
        if not spans:
            continue
        left = "".join(cell[a:b] for a, b in zip([0, *(e for _, e in spans)], [*(s for s, _ in spans), len(cell)]))
        role = " ".join(re.sub(r"[(),;:/\u2013\u2014-]+", " ", left).split()) or "practitioner"
        for start, end in spans:
            roles.setdefault(cell[start:end].strip(), role)
    return roles


def the_role(role: str) -> str:
    """'the health visitor' (an initialism such as 'PC' or 'SW' keeps its capitals)."""
    first = role.split()[0]
    return f"the {role if first.isupper() else role[0].lower() + role[1:]}"


def name_patterns(roles: dict[str, str]) -> list[tuple[str, re.Pattern, str, str]]:
    """(name, its whole-word pattern, role, 'the role') for each practitioner, longest name first: worked out
    once, not once per cell."""
    return [(name, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), role, the_role(role))
            for name, role in sorted(roles.items(), key=lambda item: -len(item[0]))]


def without_practitioners(text: str, field: str, patterns: list[tuple[str, re.Pattern, str, str]]) -> str:
    """The role in place of each practitioner's name; the role column holds the role alone."""
    for name, pattern, role, the_role_of in patterns:
        if field == "role" and name in text:
            return role
        text = pattern.sub(the_role_of, text)
    return text


def anonymised_integrated(ctx: BuildContext, integrated: Integrated, model: str) -> Integrated:
    """The merge with every written cell anonymised; a pending finding or a register value left holds (exit 1)."""
    decisions, lines = load_decisions(ctx)
    analyzer, _ = analyse_with_cache(ctx, model)
    patterns = name_patterns(practitioner_roles(integrated, analyzer))
    cells = written_cells(integrated)
    texts = [without_practitioners(text, cell.field, patterns) for cell, text in cells]
    outcome = anonymise_case_text(ctx, "\n\n".join([HEADING, *texts]), analyzer, decisions, lines,
                                  ctx.zone("internal"))
    record_chronology_decisions(ctx, decisions, outcome)  # held or not: these are the decisions it uses
    shown = display_path(ctx.decisions_file, ctx.case_dir)
    starts = list(itertools.accumulate((len(t) + 2 for t in texts[:-1]), initial=len(HEADING) + 2))
    pending = [pending_problem(f, cells[cell_at(starts, f.where[0])][0], shown) for f in outcome.pending]
    if pending:
        raise GateHeld(pending, f"anonymised chronology held: {len(pending)} finding(s) pending; nothing was written")
    if outcome.leftovers:
        raise GateHeld([Problem(shown, f"'{m.text}' from the register would still be in the anonymised chronology",
                                "a decision keeps it or writes it back: change that decision to 'replace:'")
                        for m in outcome.leftovers], "anonymised chronology held: register values left in it")
    published = [MARKDOWN_ESCAPE.sub(r"\1", p) for p in outcome.public_text.split("\n\n")[1:]]
    if len(published) != len(cells):
        raise RuntimeError(f"the anonymised text has {len(published)} cells, not {len(cells)}")
    births = {p.date_of_birth for p in ctx.review.register.people if p.date_of_birth}
    return replaced(integrated, [cell for cell, _ in cells], published,
                    {a.id: a.public_name for a in ctx.review.agencies}, births)


def pending_problem(finding, cell: Cell, decisions_file: str) -> Problem:
    """A pending finding by its id, the agency file and row it is in, and its column."""
    return Problem(cell.file, f"finding {finding.id}: {kind_in_words(finding.entity)} '{finding.text}' in the "
                              f"{FIELD_COLUMNS[cell.field]} column awaits a decision",
                   f"decide it in {decisions_file} (by `finding: {finding.id}` or by `value:`) and run "
                   "`lcspr chronology --anonymised` again", row=cell.row)


def cell_at(starts: list[int], position: int) -> int:
    """The cell a position in the draft falls in (a finding's `where`: its `start` is after the register's
    replacements; the heading counts as the first cell)."""
    return max(0, bisect.bisect_right(starts, position) - 1)


def shown_date(when: EventDate, births: set[dt.date]) -> EventDate:
    """A day that is a date of birth in the register as its month; any other date as it is."""
    if when.precision != "day" or when.start not in births:
        return when
    first = when.start.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return EventDate(first, last, f"{first:%m/%Y}", when.approximate, "month")


def replaced(integrated: Integrated, cells: list[Cell], published: list[str], public_names: dict[str, str],
             births: set[dt.date]) -> Integrated:
    """The merge with each cell's published text, agencies by public name, a register date of birth
    as its month."""
    fields: dict[tuple[str, int], dict[str, str]] = {}
    for cell, text in zip(cells, published):
        fields.setdefault((cell.kind, cell.index), {})[cell.field] = text
    entries = [dataclasses.replace(e, **fields.get(("entry", i), {}), date=shown_date(e.date, births))
               for i, e in enumerate(integrated.entries)]
    changes = [dataclasses.replace(c, **fields.get(("change", i), {})) for i, c in enumerate(integrated.changes)]
    agencies = [dataclasses.replace(a, name=public_names.get(a.id, a.name),
                                    first=a.first and shown_date(a.first, births),
                                    last=a.last and shown_date(a.last, births)) for a in integrated.agencies]
    return dataclasses.replace(integrated, entries=entries, changes=changes, agencies=agencies)


def build_anonymised(ctx: BuildContext, integrated: Integrated, model: str) -> dict[str, bytes]:
    """Both files in memory, leak-scanned: a register value in either holds (exit 1) and nothing is written."""
    shown = anonymised_integrated(ctx, integrated, model)
    names = {a.id: a.public_name for a in ctx.review.agencies}
    title = f"Anonymised integrated chronology: {ctx.review.review.title}"
    author, when = ctx.review.partnership.name, ctx.review.review.dates.decision
    files = {OUTPUTS[0]: build_xlsx(shown, names, title, author, when),
             OUTPUTS[1]: build_pdf(shown, names, title, ctx.review_id, ctx.zone("internal"), when,
                                   copy="anonymised integrated chronology (practitioner session)")}
    refuse_leaks(ctx, files)
    return files


def staged_surfaces(files: dict[str, bytes], staging: Path) -> dict[str, str]:
    """Each file written into `staging` for the leak scan: the PDF as it is, the text and attribute values
    of each XML part of a workbook (pipeline.tools.office, as the bundle reads Word files) as a file of its own.
    Returns each written file's name -> where it came from, in writing order."""
    places: dict[str, str] = {}
    for name, data in files.items():
        if name.endswith(".pdf"):
            (staging / name).write_bytes(data)
            places[name] = name
            continue
        for part, text in office_texts(data):
            surface = f"part{len(places)}.html"
            (staging / surface).write_text("\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines()),
                                           encoding="utf-8")
            places[surface] = f"{name} ({part})"
    return places


def refuse_leaks(ctx: BuildContext, files: dict[str, bytes]) -> None:
    """The leak scan publish uses, on the PDF and on every XML part of the workbook (cells, sheet names,
    headers, properties), before either is written."""
    with tempfile.TemporaryDirectory(dir=ctx.zone("redaction")) as staging:
        places = staged_surfaces(files, Path(staging))
        hits = scan_files([Path(staging) / surface for surface in places], register_values(ctx.review),
                          names=list(files), register=register_from(ctx.review), internal=True)
    if hits:
        problems = []
        for hit in hits:
            surface, _, detail = hit.where.partition(": ")
            problems.append(Problem(places.get(surface, surface), f"{hit.words} found ({detail or surface})",
                                    "decide it in decisions.yaml, or correct the agency's file, and run again"))
        raise GateHeld(problems, "anonymised chronology held: the leak scan found register values; nothing was written")
