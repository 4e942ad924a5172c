"""Stage `status`: the statutory timescales and the framework's milestones of a review, on the
terminal (or as JSON). Past a statutory date that was not met, it says what the framework asks
(tell the National Panel and the Secretary of State of the delay and the reason for it) and
writes that notification as a draft email in internal/, for the business manager to complete.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from rich.table import Table

from pipeline import messages
from pipeline.case.recipients import delay_recipients
from pipeline.case.schema import Review
from pipeline.case.timescales import (
    NOTIFY_WHEN_PASSED,
    Deadline,
    deadlines,
    milestones,
    passed,
    status_json,
)
from pipeline.context import BuildContext
from pipeline.fileio import write_atomic
from pipeline.tools.eml import draft_email
from pipeline.wording import long_date

NOTIFICATION = "notification-of-delay.eml"
REASON_PLACEHOLDER = "[Write the reason for the delay here, and when you now expect to complete and publish.]"


def table(title: str, rows: list[Deadline], today: dt.date) -> Table:
    shown = Table(title=title)
    for column in ("What", "Rule", "Due" if rows and rows[0].kind != "milestone" else "Date", "Status"):
        shown.add_column(column, no_wrap=column in ("Due", "Date", "Status"))
    for item in rows:
        state = item.state(today)
        style = "red" if "OVERDUE" in state else ("green" if item.done else "")
        shown.add_row(item.what, item.rule, f"{item.due:%a %d %b %Y}", f"[{style}]{state}[/]" if style else state)
    return shown


def delay_sentence(item: Deadline, review: Review) -> str:
    d = review.review.dates
    if item.key == "completion_due":
        return (f"The review was due to be completed by {long_date(item.due)}, six months from the decision to hold "
                f"it on {long_date(d.decision)}; it has not yet been completed.")
    return (f"The report was due to reach the National Panel, Ofsted and the Department for Education by "
            f"{long_date(item.due)}, seven working days before its planned publication on "
            f"{long_date(d.planned_publication)}; it has not yet been sent.")


def notification(review: Review, late: list[Deadline], today: dt.date) -> bytes:
    """The draft email to the National Panel and the Secretary of State (DfE) about the delay."""
    info, partnership = review.review, review.partnership
    signer = ([review.signatory.name, review.signatory.role] if review.signatory else []) + [partnership.name]
    body = "\n\n".join([
        "Dear colleagues,",
        f"{partnership.name} writes to inform the Child Safeguarding Practice Review Panel and the Secretary of "
        f"State of a delay in the {info.title}, as Working Together to Safeguard Children 2023 asks.",
        *(delay_sentence(item, review) for item in late),
        f"Reason for the delay: {REASON_PLACEHOLDER}",
        "Kind regards,",
        "\n".join(signer)]) + "\n"
    to = [r.address for r in delay_recipients(review)]
    return draft_email((partnership.name, partnership.mailbox), to, f"Notification of delay – {info.title}",
                       body, today, seed=info.id)


def notify(ctx: BuildContext, today: dt.date) -> Path | None:
    """Past a statutory date not met: say what the framework asks, and write the draft notification."""
    late = passed(ctx.review, today)
    if not late:
        return None
    path = write_atomic(ctx.zone("internal") / NOTIFICATION, notification(ctx.review, late, today))
    for item in late:
        messages.warn(f"{item.what}: due {long_date(item.due)}, not yet {NOTIFY_WHEN_PASSED[item.key]} "
                      f"({-item.days_left(today)} days ago). The framework (section 3) asks you to inform the National "
                      f"Panel and the Secretary of State of the delay and the reason for it"
                      + (", or to move review.dates.planned_publication" if item.key == "send_by" else "") + ".")
    messages.info(f"draft notification to the National Panel and the Secretary of State (add the reason, then "
                  f"send it; record the date in review.yaml once done) -> {path}")
    return path


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    review = ctx.review
    if args.json:
        print(json.dumps(status_json(review, today), indent=2))
    else:
        messages.console.print(table(f"Statutory timescales: {review.review.title} (today {today:%d/%m/%Y})",
                                     deadlines(review), today))
        steps = milestones(review)
        if steps:
            messages.console.print(table("The review's milestones (the framework's timetable)", steps, today))
        else:
            messages.info("no milestones yet: add review.dates.chronology_deadline, practitioner_session and "
                          "panel_meetings to see them here")
    notify(ctx, today)
    return 0
