"""Why a day, month and year make no date, in words a user can act on: "February has no 31st",
"2025 is not a leap year, so February has no 29th". Both date readers (review.yaml and the
agencies' chronologies) say it the same way."""
from __future__ import annotations

import calendar


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st ..."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def why_no_such_day(year: int, month: int, day: int) -> str | None:
    """None when the three make a date, else the reason they do not."""
    if not 1 <= month <= 12:
        return f"there is no month {month} (months run from 1 to 12)"
    if not 1 <= year <= 9999:
        return f"{year} is no year a date can have"
    if day < 1:
        return f"there is no day {day} of a month"
    last = calendar.monthrange(year, month)[1]
    if day <= last:
        return None
    if month == 2 and day == 29:
        return f"{year} is not a leap year, so February has no 29th"
    return f"{calendar.month_name[month]} has no {ordinal(day)}"
