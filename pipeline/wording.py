"""How dates and lists read in letters and emails: "16 June 2025", "A, B and C"."""
from __future__ import annotations

import datetime as dt

from pipeline.case.schema import Review


def long_date(day: dt.date) -> str:
    """16 June 2025 (no leading zero, month in full)."""
    return f"{day.day} {day:%B %Y}"


def day_date(day: dt.date) -> str:
    """Friday 18 July 2025."""
    return f"{day:%A} {long_date(day)}"


def joined(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


FILTERS = {"long_date": long_date, "day_date": day_date, "joined": joined}


def contact_phrase(review: Review) -> str:
    """How to reach the review team, in words."""
    p = review.partnership
    phone = f" on {p.phone}" if p.phone else ""
    return f"{p.name}{phone} or by email at {p.mailbox}"
