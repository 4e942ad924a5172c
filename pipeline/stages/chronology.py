"""Stage `chronology`: every agency's chronology -> the integrated chronology.

Reads chronologies/<agency>.* (and organisational/<agency>.*), reports every problem in
every file at once, merges (pipeline.chronology.merge), then builds all outputs in memory
before writing any, so bad input leaves the last good outputs as they were:
build/<id>/internal/integrated-chronology.{json,xlsx,docx,pdf} and timeline.svg. With
--anonymised, also build/<id>/redaction/integrated-chronology-anonymised.{xlsx,pdf}
(pipeline.chronology.anonymised: held, exit 1, while a finding is pending).
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline import messages
from pipeline.chronology.anonymised import OUTPUTS as ANONYMISED
from pipeline.chronology.anonymised import build_anonymised
from pipeline.chronology.kinds import appendix_kind
from pipeline.chronology.merge import Integrated, merge, precision
from pipeline.chronology.notes import Note, carry, read_notes
from pipeline.chronology.outputs.docx_output import build_docx
from pipeline.chronology.outputs.pdf_output import part_renderers, rendering_pdf
from pipeline.chronology.outputs.svg_output import build_svg
from pipeline.chronology.outputs.xlsx_output import build_xlsx
from pipeline.chronology.readers import AgencyChronology, read_chronology
from pipeline.context import BuildContext
from pipeline.errors import BadInput, Problem, display_path
from pipeline.fileio import write_atomic
from pipeline.stamps import Folder, file_sha256

OUTPUTS = ("integrated-chronology.json", "integrated-chronology.xlsx", "integrated-chronology.docx",
           "integrated-chronology.pdf", "timeline.svg")


def read_agencies(ctx: BuildContext) -> list[AgencyChronology]:
    """Every agency's file in review.yaml order; all problems in all files reported together."""
    problems: list[Problem] = []
    chronologies: dict[str, AgencyChronology] = {}
    sources = [(ctx.chronology_files, "events"), (ctx.organisational_files, "changes")]
    for files, wanted in sources:
        for agency in ctx.review.agencies:
            path = files.get(agency.id)
            if path is None:
                continue
            try:
                read = read_chronology(path, agency.id, display_path(path, ctx.case_dir), wanted)
            except BadInput as bad:
                problems += bad.problems
                continue
            if agency.id in chronologies:
                chronologies[agency.id].changes.extend(read.changes)
            else:
                chronologies[agency.id] = read
    if problems:
        files = len({p.file.split(",")[0] for p in problems})
        raise BadInput(problems, f"{len(problems)} problem(s) in {files} chronology file(s); nothing was written")
    return list(chronologies.values())


def unknown_categories(chronologies: list[AgencyChronology]) -> list[Problem]:
    """Categories that are not Appendix 10 kinds, one warning per sheet or table listing each value and its rows.

    Agencies write freely, so this is a warning, not bad input.
    """
    found: dict[tuple[str, str], dict[str, list[int]]] = {}
    for chronology in chronologies:
        for e in chronology.entries:
            if e.category and appendix_kind(e.category) is None:
                found.setdefault((e.file, e.part), {}).setdefault(e.category, []).append(e.row)
    warnings = []
    for (file, part), values in found.items():
        listed = "; ".join(f"'{value}' (row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))})"
                           for value, rows in values.items())
        warnings.append(Problem(f"{file}, {part}" if part else file,
                                f"{len(values)} categor{'ies are' if len(values) > 1 else 'y is'} not one of the "
                                f"Appendix 10 kinds of key event: {listed}",
                                "kept as written and counted on the Summary sheet; the template's Category list "
                                "has the kinds", column="Category"))
    return warnings


def to_json(integrated: Integrated, ctx: BuildContext) -> str:
    """The canonical integrated chronology: everything the other outputs show, and where it came from."""
    entries = []
    for i, e in enumerate(integrated.entries):
        entries.append({"number": i + 1, "id": integrated.ids[i], "agency": e.agency,
                        "date": {**e.date.to_json(), "precision": precision(e.date)},
                        "time": f"{e.time:%H:%M}" if e.time else None, "age": integrated.ages[i],
                        "source": e.source, "event": e.event, "action": e.action, "role": e.role,
                        "kind": integrated.kinds[i], "category": e.category, "significance": e.significance,
                        "event_group": integrated.link_of[i], "gap_before_days": integrated.gap_before[i],
                        "outside_review_period": integrated.out_of_period[i],
                        "from": {"file": e.file, "part": e.part, "row": e.row}})
    files = {**{display_path(p, ctx.case_dir): p for p in ctx.chronology_files.values()},
             **{display_path(p, ctx.case_dir): p for p in ctx.organisational_files.values()}}
    payload = {
        "review_id": ctx.review_id,
        "period": {"start": integrated.period[0].isoformat(), "end": integrated.period[1].isoformat()},
        "gap_days": integrated.gap_days,
        "files": [{"file": name, "sha256": file_sha256(path)} for name, path in sorted(files.items())],
        "agencies": [{"id": a.id, "name": a.name, "entries": a.count,
                      "first_contact": a.first.to_json() if a.first else None,
                      "last_contact": a.last.to_json() if a.last else None} for a in integrated.agencies],
        "gaps": [{"after": g.after.isoformat(), "before": g.before.isoformat(), "days": g.days} for g in integrated.gaps],
        "event_groups": [{"id": link.id, "entries": [i + 1 for i in link.members], "agencies": list(link.agencies),
                          "score": link.score} for link in integrated.links],
        "entries": entries,
        "organisational_changes": [{"agency": c.agency, "date": c.date.to_json(), "change": c.change,
                                    "impact": c.impact, "from": {"file": c.file, "part": c.part, "row": c.row}}
                                   for c in integrated.changes],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def build_outputs(integrated: Integrated, ctx: BuildContext, renderers: ProcessPoolExecutor | None,
                  notes: dict[str, tuple[str, ...]], orphaned: list[Note]) -> dict[str, bytes | str]:
    """Every output in memory, the PDF's parts in the `renderers` meanwhile (pdf_output.part_renderers); the
    reviewer's `notes` (by entry id) and `orphaned` notes go into the workbook."""
    names = {a.id: a.name for a in ctx.review.agencies}
    title = f"Integrated chronology: {ctx.review.review.title}"
    internal = ctx.zone("internal")
    author, when = ctx.review.partnership.name, ctx.review.review.dates.decision
    enquiries = [(line.id, line.text) for line in ctx.review.review.key_lines_of_enquiry]
    with rendering_pdf(integrated, names, title, ctx.review_id, internal, when, renderers) as pdf:
        built = {
            "integrated-chronology.json": to_json(integrated, ctx),
            "integrated-chronology.xlsx": build_xlsx(integrated, names, title, author, when, enquiries, notes, orphaned),
            "integrated-chronology.docx": build_docx(integrated, names, title, author, when),
            "timeline.svg": build_svg(integrated, {a.id: a.public_name for a in ctx.review.agencies}, title,
                                      ctx.review.review.dates.incident, {i: v[0] for i, v in notes.items() if v[0]}),
        }
        built["integrated-chronology.pdf"] = pdf()
    return {name: built[name] for name in OUTPUTS}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off meanwhile: reading, merging and laying out the PDF make millions
    of objects and few cycles, and its passes over them cost a fifth of the PDF's layout (the part processes,
    forked meanwhile, inherit the pause). The few cycles go at the end."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
            gc.collect()


def chronology(ctx: BuildContext) -> tuple[Integrated, list[Path], list[Problem]]:
    """Merge and write every output; return the merge, the paths written and the warnings."""
    with collector_paused():
        chronologies = read_agencies(ctx)
        with part_renderers(sum(len(c.entries) for c in chronologies)) as renderers:
            integrated = merge(chronologies, ctx.review)
            internal = ctx.zone("internal")
            workbook = internal / "integrated-chronology.xlsx"
            typed, kept_aside = read_notes(workbook, display_path(workbook))
            outputs = build_outputs(integrated, ctx, renderers, *carry(typed, integrated.ids))
    return integrated, [write_atomic(internal / name, data) for name, data in outputs.items()], \
        unknown_categories(chronologies) + kept_aside


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    integrated, paths, warnings = chronology(ctx)
    for warning in warnings:
        messages.problem(warning, "warning")
    messages.done(f"integrated chronology: {len(integrated.entries)} entries from {len(ctx.chronology_files)} "
                  f"agencies, {len(integrated.links)} multi-agency event groups, {len(integrated.gaps)} gaps of "
                  f"more than {integrated.gap_days} days -> {paths[0].parent}/")
    if args.anonymised:
        write_anonymised(ctx, integrated, args.spacy_model)
    return 0


def write_anonymised(ctx: BuildContext, integrated: Integrated, model: str) -> None:
    """The anonymised copy for the practitioner session, in redaction/ (never public/): both files or neither."""
    files = build_anonymised(ctx, integrated, model)
    zone = ctx.zone("redaction")
    paths = [write_atomic(zone / name, data) for name, data in files.items()]
    messages.done(f"anonymised integrated chronology for the practitioner session -> {paths[0].parent}/"
                  f"{{{','.join(p.name for p in paths)}}}")


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    read = [ctx.case_dir / "review.yaml", Folder(ctx.case_dir / "chronologies"), Folder(ctx.case_dir / "organisational")]
    return read + ([ctx.decisions_file] if args.anonymised else [])


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    written = [ctx.out / "internal" / name for name in OUTPUTS]
    return written + ([ctx.out / "redaction" / name for name in ANONYMISED] if args.anonymised else [])
