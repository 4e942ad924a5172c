"""Stage `validate`: review.yaml and the case files -> build/<id>/internal/case.json.

It runs first, so it runs the checks that are quick and would otherwise stop a later stage: every
agency's chronology is read and its dates parsed (no merge, nothing written), and the section files
are named after sections. A required section not yet written is said here as the draft says it, as
a warning: the chronology and the letters come before the sections are written.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline import messages
from pipeline.case.sections import section_files, unwritten_required
from pipeline.chronology.readers import read_chronology
from pipeline.context import BuildContext
from pipeline.errors import BadInput, Problem, display_path
from pipeline.fileio import write_atomic
from pipeline.stamps import case_folder


def chronology_problems(ctx: BuildContext) -> list[Problem]:
    """Every problem in every agency's chronology and organisational-changes file, in review.yaml order."""
    problems: list[Problem] = []
    for files, wanted in ((ctx.chronology_files, "events"), (ctx.organisational_files, "changes")):
        for agency in ctx.review.agencies:
            if agency.id in files:
                path = files[agency.id]
                try:
                    read_chronology(path, agency.id, display_path(path, ctx.case_dir), wanted)
                except BadInput as bad:
                    problems += bad.problems
    return problems


def validate(ctx: BuildContext) -> Path:
    """Write the checked case as JSON for the later stages and Make."""
    payload = json.dumps(ctx.review.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False)
    return write_atomic(ctx.zone("internal") / "case.json", payload + "\n")


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    files, naming = section_files(ctx.case_dir)
    unwritten = unwritten_required(files)
    for problem in unwritten:
        messages.problem(problem, "warning")
    problems = chronology_problems(ctx) + naming
    if problems:
        raise BadInput(problems, f"{len(problems)} problem(s) in the case files of {ctx.case_dir}; nothing was written")
    path = validate(ctx)
    r = ctx.review
    state = (f"is valid, but {len(unwritten)} required section(s) are not written yet (the draft holds until they "
             "are)" if unwritten else "is valid")
    messages.done(f"{ctx.case_dir}: review '{r.review.id}' {state}: {len(r.agencies)} agencies, "
                  f"{len(r.register.people)} people, {len(r.register.places)} places, "
                  f"{len(r.register.identifiers)} identifiers in the register; every chronology read -> {path}")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    return [case_folder(ctx, "redaction")]


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    return [ctx.out / "internal" / "case.json"]
