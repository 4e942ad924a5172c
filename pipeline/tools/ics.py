"""An .ics calendar (RFC 5545, via icalendar) of a review's milestones, the same bytes for the same case.

Each milestone is an all-day event. Its UID is the review id and the milestone's key, so importing
an updated calendar moves the events rather than doubling them; DTSTAMP is the decision date, not
the clock. Titles use the child's public name: calendars are shared more widely than case files.
"""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from pipeline.case.milestones import Milestone
from pipeline.case.schema import Review

PRODID = "-//lcspr//review timetable//EN"


def milestone_event(review: Review, step: Milestone) -> Event:
    info = review.review
    event = Event()
    event.add("uid", f"{info.id}-{step.key}@lcspr")
    event.add("dtstamp", dt.datetime.combine(info.dates.decision, dt.time(9, 0), tzinfo=dt.UTC))
    event.add("dtstart", step.when)
    event.add("dtend", step.when + dt.timedelta(days=1))
    event.add("summary", f"{info.child_public_name}: {step.what}")
    description = [step.rule and f"Date set by: {step.rule}.", step.done and f"Done {step.done:%d/%m/%Y}."]
    event.add("description", " ".join(part for part in description if part) or info.title)
    event.add("transp", "TRANSPARENT")
    return event


def milestone_calendar(review: Review, steps: list[Milestone]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{review.review.child_public_name} review timetable")
    for step in steps:
        calendar.add_component(milestone_event(review, step))
    return calendar.to_ical()
