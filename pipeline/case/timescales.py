"""Stage `status`: the statutory clock for a review (Working Together 2023; the framework's section 9)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.case.schema import Review
from pipeline.case.workdays import add_months, add_working_days

RAPID_REVIEW_WORKING_DAYS = 15
SEND_BEFORE_PUBLICATION_WORKING_DAYS = 7
COMPLETION_MONTHS = 6
PUBLISHED_FOR_YEARS = 1


@dataclass(frozen=True)
class Deadline:
    key: str
    what: str
    rule: str
    due: dt.date
    done: dt.date | None = None

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days

    def state(self, today: dt.date) -> str:
        if self.done:
            late = (self.done - self.due).days
            return f"done {self.done:%d/%m/%Y}" + (f" ({late} days late)" if late > 0 else "")
        left = self.days_left(today)
        if left < 0:
            return f"OVERDUE by {-left} days"
        return "due today" if left == 0 else f"{left} days left"


def send_by(publication: dt.date) -> dt.date:
    """The last day to send the report to the National Panel, Ofsted and DfE."""
    return add_working_days(publication, -SEND_BEFORE_PUBLICATION_WORKING_DAYS)


def deadlines(review: Review) -> list[Deadline]:
    d = review.review.dates
    return [
        Deadline("rapid_review_due", "Rapid review to the National Panel",
                 f"notification + {RAPID_REVIEW_WORKING_DAYS} working days",
                 add_working_days(d.notification, RAPID_REVIEW_WORKING_DAYS), d.rapid_review_submitted),
        Deadline("completion_due", "LCSPR completed", f"decision + {COMPLETION_MONTHS} months",
                 add_months(d.decision, COMPLETION_MONTHS), d.completed),
        Deadline("send_by", "Send report to National Panel, Ofsted and DfE",
                 f"publication - {SEND_BEFORE_PUBLICATION_WORKING_DAYS} working days", send_by(d.planned_publication), d.sent_to_national_panel),
        Deadline("published_until", "Keep published on the website until", f"publication + {PUBLISHED_FOR_YEARS} year",
                 add_months(d.planned_publication, 12 * PUBLISHED_FOR_YEARS)),
    ]


def status_json(review: Review, today: dt.date) -> dict:
    return {
        "review": review.review.id,
        "today": today.isoformat(),
        "deadlines": [
            {"key": x.key, "what": x.what, "rule": x.rule, "due": x.due.isoformat(),
             "done": x.done.isoformat() if x.done else None, "days_left": x.days_left(today),
             "state": x.state(today)}
            for x in deadlines(review)
        ],
    }
