"""The clock of a review: the statutory dates (Working Together 2023; the framework's sections 3 and 9)
and the framework's own milestones (chronologies due, the practitioner session, panel meetings)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.case.schema import Review
from pipeline.case.workdays import add_months, add_working_days
from pipeline.wording import long_date

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
    kind: str = "statutory"   # statutory: a date to meet; until: a date to keep something to; milestone

    @property
    def overdue_matters(self) -> bool:
        """A statutory date whose passing the National Panel and the Secretary of State must be told of."""
        return self.kind == "statutory" and self.key in NOTIFY_WHEN_PASSED

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days

    def state(self, today: dt.date) -> str:
        if self.kind == "until":
            return (f"on the website until {long_date(self.due)}" if today <= self.due
                    else f"may be archived (since {long_date(self.due)})")
        if self.kind == "milestone":
            left = self.days_left(today)
            return "today" if left == 0 else (f"in {left} days" if left > 0 else f"{-left} days ago")
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
                 add_months(d.planned_publication, 12 * PUBLISHED_FOR_YEARS), kind="until"),
    ]


# The framework (section 3): "If the delay will prevent the publication of the final report within six
# months, the National Panel and Secretary of State should be informed and provided with the reason".
NOTIFY_WHEN_PASSED = {"completion_due": "completed", "send_by": "sent to the National Panel, Ofsted and DfE"}


def milestones(review: Review) -> list[Deadline]:
    """The framework's agreed milestones, where review.yaml gives the dates, in date order: the one list that
    `status` shows and the review timetable (Appendix 6, Word and .ics) places among the other dates."""
    d = review.review.dates
    found = [Deadline("chronologies_due", "Agency chronologies due", "review.dates.chronology_deadline",
                      d.chronology_deadline, kind="milestone") if d.chronology_deadline else None,
             Deadline("practitioner_session", "Reflective practitioner session", "review.dates.practitioner_session",
                      d.practitioner_session, kind="milestone") if d.practitioner_session else None]
    found += [Deadline(f"panel_meeting_{n}", f"Review Panel meeting {n}", "review.dates.panel_meetings", day,
                       kind="milestone") for n, day in enumerate(sorted(d.panel_meetings), start=1)]
    return sorted((m for m in found if m), key=lambda m: m.due)


def passed(review: Review, today: dt.date) -> list[Deadline]:
    """Statutory dates passed and not met, of which the National Panel and the Secretary of State must hear."""
    return [x for x in deadlines(review) if x.overdue_matters and not x.done and x.due < today]


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
        "milestones": [
            {"key": x.key, "what": x.what, "date": x.due.isoformat(), "days_left": x.days_left(today),
             "state": x.state(today)}
            for x in milestones(review)
        ],
    }
