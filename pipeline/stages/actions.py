"""Stage `actions`: the recommendations' action plan and its progress (framework section 10).

The first run writes <case>/monitoring/action-plan.xlsx from review.yaml's recommendations for the
agencies to fill in (owner, due date, RAG status, progress notes, evidence). Each later run reads the
filled-in plan back, adds any new recommendation, prints what is overdue and on track, and writes a
one-page progress report for the Practice Review Group to build/<id>/internal/. It never changes what
people typed. The plan is kept in the case folder, beside the other files people write, because
`make clean` deletes build/; a plan an earlier version kept in build/<id>/internal/ is moved there once.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

from rich.table import Table

from pipeline import TEMPLATES, messages
from pipeline.case.action_plan import (
    COMPLETE,
    RAG,
    SHEET,
    Action,
    new_plan,
    open_plan,
    read_actions,
    update_plan,
)
from pipeline.context import BuildContext
from pipeline.errors import GateHeld, Problem, display_path
from pipeline.fileio import ensure_dir, write_atomic
from pipeline.tools.docxtemplate import render_docx
from pipeline.tools.office import xlsx_bytes

PLAN = "action-plan.xlsx"
MONITORING = "monitoring"  # <case>/monitoring/: the plan people type into, kept out of build/
NOTE_CHARS = 220  # one page for the Practice Review Group: the latest note, shortened
TEXT_CHARS = 160


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def latest_note(notes: str) -> str:
    """The last line people wrote: notes are added below earlier ones."""
    lines = [line.strip() for line in notes.splitlines() if line.strip()]
    return shortened(lines[-1], NOTE_CHARS) if lines else "no progress recorded"


def state(action: Action, today: dt.date) -> str:
    if action.rag == COMPLETE:
        return COMPLETE
    return f"OVERDUE ({action.rag})" if action.is_overdue(today) else action.rag


def summary_line(actions: list[Action], today: dt.date) -> str:
    overdue = sum(a.is_overdue(today) for a in actions)
    complete = sum(a.rag == COMPLETE for a in actions)
    rag = Counter(a.rag for a in actions if a.rag != COMPLETE)
    shades = ", ".join(f"{rag[r]} {r.lower()}" for r in RAG if rag[r] and r != COMPLETE)
    return (f"{len(actions)} actions on {today:%d/%m/%Y}: {overdue} overdue, {len(actions) - overdue - complete} "
            f"on track, {complete} complete" + (f" ({shades})" if shades else ""))


def print_summary(actions: list[Action], today: dt.date) -> None:
    overdue = [a for a in actions if a.is_overdue(today)]
    if overdue:
        table = Table(title="Overdue actions")
        for column in ("Ref", "Owner", "Due", "RAG", "Latest progress"):
            table.add_column(column)
        for a in overdue:
            table.add_row(a.ref, a.owner, f"{a.due:%d/%m/%Y}", a.rag, latest_note(a.notes))
        messages.console.print(table)
    messages.info(summary_line(actions, today))


def progress_report(ctx: BuildContext, actions: list[Action], removed: list[Action], today: dt.date) -> bytes:
    review = ctx.review
    rows = [{"ref": a.ref, "text": shortened(a.text, TEXT_CHARS), "owner": a.owner,
             "due": f"{a.due:%d/%m/%Y}" if a.due else "none set", "state": state(a, today), "notes": latest_note(a.notes)}
            for a in actions]
    context = {"partnership": review.partnership, "review_title": review.review.title, "as_at": today,
               "summary": summary_line(actions, today), "rows": rows, "plan_name": PLAN,
               "removed": ", ".join(a.ref for a in removed)}
    return render_docx("action-plan-progress.docx", context, folder=TEMPLATES / "appendices", when=today,
                       title=f"Action plan progress: {review.review.title}", author=review.partnership.name)


def refuse_if_open(path: Path) -> None:
    """Excel's lock file beside the plan: writing now would be lost when the person saves."""
    if (path.parent / f"~${path.name}").exists():
        raise GateHeld(Problem(display_path(path), "the action plan is open in Excel (its lock file is beside it)",
                               "save and close it, then run 'lcspr actions' again"))


def plan_path(ctx: BuildContext) -> Path:
    """Where the plan lives: in the case folder, so that `make clean` (rm -rf build) keeps what people typed."""
    return ctx.case_dir / MONITORING / PLAN


def move_from_build(ctx: BuildContext, path: Path) -> None:
    """Once: the plan an earlier lcspr kept in build/<id>/internal/ moves to the case folder."""
    old = ctx.out / "internal" / PLAN
    if not old.exists():
        return
    refuse_if_open(old)
    if path.exists():
        messages.warn(f"{display_path(old)} is an older copy of the action plan, not used: the plan is "
                      f"{display_path(path)}. Compare them, copy across anything typed only in the older one, "
                      "then delete it")
        return
    ensure_dir(path.parent)
    shutil.move(old, path)
    messages.info(f"moved the action plan from {display_path(old)} to {display_path(path)}, in the case folder, "
                  "so that make clean cannot delete what people typed; open it there from now on")


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    path = plan_path(ctx)
    move_from_build(ctx, path)
    shown = display_path(path)
    existed = path.exists()
    workbook = open_plan(path, shown) if existed else new_plan(ctx.review)
    sheet = workbook[SHEET]
    read_actions(sheet, shown)  # a mistyped date or status stops the run before anything is written
    changes = update_plan(sheet, ctx.review, today, shown)
    if changes:
        refuse_if_open(path)
        write_atomic(path, xlsx_bytes(workbook, title=f"Action plan: {ctx.review.review.title}",
                                      author=ctx.review.partnership.name, when=today))
    if not existed:
        messages.done(f"action plan with {len(changes)} recommendations -> {shown}; the agencies fill in owner, "
                      "due date, RAG status, progress and evidence; run 'lcspr actions' again for the progress report")
        return 0
    for change in changes:
        messages.info(f"action plan: {change}")
    everything = read_actions(sheet, shown)
    actions = [a for a in everything if not a.removed]
    print_summary(actions, today)
    report = write_atomic(ctx.zone("internal") / f"action-plan-progress-{today:%Y-%m-%d}.docx",
                          progress_report(ctx, actions, [a for a in everything if a.removed], today))
    messages.done(f"progress report for the Practice Review Group -> {display_path(report)}")
    return 0
