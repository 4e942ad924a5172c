"""The review's timetable (framework Appendix 6) and the Rapid Review clock (section 4).

The statutory deadlines and the framework's agreed milestones (chronologies due, the practitioner
session, the Review Panel meetings) come from pipeline.case.timescales, the one list `status` shows
too; this adds the review's own events and the framework's indicative Rapid Review steps, in the
order they fall.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.case.schema import Review
from pipeline.case.timescales import Deadline, deadlines
from pipeline.case.timescales import milestones as agreed_milestones
from pipeline.case.workdays import add_working_days

FORMS_SENT_WORKING_DAYS = 2      # information gathering forms out, from the notification
FORMS_RETURNED_WORKING_DAYS = 5  # agencies return them, from the day they were sent
MEETING_BY_WORKING_DAY = 10      # the Rapid Review meeting, from the notification


@dataclass(frozen=True)
class Milestone:
    key: str
    what: str
    when: dt.date
    rule: str = ""          # how the date was set, when lcspr worked it out
    done: dt.date | None = None


@dataclass(frozen=True)
class RapidReviewClock:
    forms_sent_by: dt.date
    forms_due: dt.date
    meeting_by: dt.date
    report_due: dt.date


def rapid_review_clock(review: Review) -> RapidReviewClock:
    """The framework's Rapid Review steps, counted in working days from the notification."""
    notified = review.review.dates.notification
    sent = add_working_days(notified, FORMS_SENT_WORKING_DAYS)
    due = {d.key: d.due for d in deadlines(review)}
    return RapidReviewClock(forms_sent_by=sent, forms_due=add_working_days(sent, FORMS_RETURNED_WORKING_DAYS),
                            meeting_by=add_working_days(notified, MEETING_BY_WORKING_DAY),
                            report_due=due["rapid_review_due"])


def _rapid_review_steps(review: Review) -> list[Milestone]:
    clock = rapid_review_clock(review)
    meeting = review.rapid_review.meeting if review.rapid_review else None
    return [
        Milestone("rapid-review-forms-sent", "Information gathering forms (Appendix 3) sent to agencies",
                  clock.forms_sent_by, f"notification + {FORMS_SENT_WORKING_DAYS} working days"),
        Milestone("rapid-review-forms-due", "Agencies return the information gathering forms", clock.forms_due,
                  f"forms sent + {FORMS_RETURNED_WORKING_DAYS} working days"),
        Milestone("rapid-review-meeting", "Rapid Review meeting of the three statutory partners",
                  meeting or clock.meeting_by, "" if meeting else f"by working day {MEETING_BY_WORKING_DAY}"),
    ]


def from_clock(item: Deadline) -> Milestone:
    """A date of the review's clock as a timetable row; an agreed date says nothing of how it was set."""
    return Milestone(item.key.replace("_", "-"), item.what, item.due, "" if item.kind == "milestone" else item.rule,
                     item.done)


def milestones(review: Review) -> list[Milestone]:
    """Every dated step of the review, earliest first (a step with no date yet is left out)."""
    dates = review.review.dates
    events = [("incident", "Serious incident", dates.incident),
              ("notification", "Serious incident notified to the National Panel", dates.notification),
              ("decision", "Decision to hold the local Child Safeguarding Practice Review", dates.decision),
              ("publication", "Planned publication of the report", dates.planned_publication)]
    steps = [Milestone(key, what, when) for key, what, when in events if when]
    steps += _rapid_review_steps(review)
    steps += [from_clock(item) for item in (*agreed_milestones(review), *deadlines(review))]
    return sorted(steps, key=lambda step: step.when)
