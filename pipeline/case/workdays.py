"""Working days in England: weekends and England and Wales bank holidays do not count."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after (or, if negative, before) `start`."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day `months` later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    return start + relativedelta(months=months)
