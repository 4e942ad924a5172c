"""Stage `timetable`: review.yaml -> build/<id>/internal/timetable/ (framework Appendix 6).

The review's stages and dates, as a Word table for the terms of reference and panel papers, and as
an .ics calendar of the same milestones that the business manager can import into Outlook. Both are
dated from the case (or --today), so running the stage again gives the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pipeline import TEMPLATES, messages
from pipeline.case.milestones import Milestone, milestones
from pipeline.case.schema import Review
from pipeline.context import BuildContext
from pipeline.fileio import write_atomic
from pipeline.stamps import files_below, review_file_only
from pipeline.tools.docxtemplate import render_docx
from pipeline.tools.ics import milestone_calendar


def timetable_docx(review: Review, steps: list[Milestone], as_at: dt.date) -> bytes:
    rows = [{"what": m.what, "when": m.when, "rule": m.rule,
             "done": f"{m.done:%d/%m/%Y}" if m.done else ""} for m in steps]
    context = {"partnership": review.partnership, "review_title": review.review.title, "as_at": as_at,
               "milestones": rows}
    return render_docx("review-timetable.docx", context, title=f"Review timetable: {review.review.title}",
                       author=review.partnership.name, when=as_at, folder=TEMPLATES / "appendices")


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    review = ctx.review
    as_at = args.today or review.review.dates.decision
    steps = milestones(review)
    folder = ctx.zone("internal") / "timetable"
    docx_path = write_atomic(folder / "review-timetable.docx", timetable_docx(review, steps, as_at))
    ics_path = write_atomic(folder / "review-timetable.ics", milestone_calendar(review, steps))
    messages.done(f"{len(steps)} milestones, from {steps[0].when:%d/%m/%Y} to {steps[-1].when:%d/%m/%Y} -> "
                  f"{docx_path} and {ics_path.name} (import the .ics into your calendar)")
    return 0


inputs = review_file_only


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    return files_below(ctx.out / "internal" / "timetable")
