"""Working days skip weekends and England and Wales bank holidays."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.case.timescales import send_by
from pipeline.case.workdays import add_months, add_working_days, is_working_day

D = dt.date


@pytest.mark.parametrize("start,days,expected", [
    (D(2026, 11, 27), 1, D(2026, 11, 30)),    # Friday -> Monday
    (D(2026, 11, 30), 5, D(2026, 12, 7)),     # a plain week
    (D(2026, 12, 24), 1, D(2026, 12, 29)),    # Christmas Day (Fri), Boxing Day observed (Mon 28th)
    (D(2026, 12, 31), 1, D(2027, 1, 4)),      # New Year's Day (Fri)
    (D(2026, 4, 2), 1, D(2026, 4, 7)),        # Good Friday and Easter Monday 2026
    (D(2025, 3, 17), 15, D(2025, 4, 7)),      # the example's rapid review
    (D(2027, 1, 12), -7, D(2026, 12, 31)),    # back over New Year's Day
    (D(2026, 6, 1), -7, D(2026, 5, 20)),      # back over the late May bank holiday
    (D(2026, 11, 27), 0, D(2026, 11, 27)),
])
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize("day,working", [
    (D(2026, 12, 25), False), (D(2026, 12, 28), False), (D(2027, 1, 1), False), (D(2026, 4, 3), False),
    (D(2026, 4, 6), False), (D(2026, 5, 4), False), (D(2026, 8, 31), False), (D(2026, 11, 28), False),
    (D(2026, 3, 17), True),   # St Patrick's Day is a holiday in Northern Ireland, not England
    (D(2026, 11, 30), True),  # St Andrew's Day: Scotland only
    (D(2026, 12, 29), True),
])
def test_is_working_day_in_england(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize("publication,expected", [
    (D(2027, 1, 4), D(2026, 12, 21)),   # a Monday after New Year's Day: Christmas, Boxing Day observed, 1 Jan skipped
    (D(2026, 6, 1), D(2026, 5, 20)),    # a Monday after the late May bank holiday
    (D(2026, 4, 13), D(2026, 3, 31)),   # the Monday a week after Easter Monday
    (D(2026, 11, 30), D(2026, 11, 19)),
])
def test_send_by_is_seven_working_days_before_publication(publication, expected):
    assert send_by(publication) == expected


@pytest.mark.parametrize("start,months,expected", [
    (D(2025, 4, 22), 6, D(2025, 10, 22)),
    (D(2025, 8, 31), 6, D(2026, 2, 28)),
    (D(2027, 8, 31), 6, D(2028, 2, 29)),
])
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected
