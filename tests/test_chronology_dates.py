"""Day-first chronology dates: every form agencies use, and the ones refused."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.chronology.dates import DateError, parse_date, parse_time

D = dt.date


@pytest.mark.parametrize("value, start, end, precision, approximate, time", [
    ("03/03/2024", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("3/3/24", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("12/01/2024", D(2024, 1, 12), D(2024, 1, 12), "day", False, None),  # day first, never US order
    ("3.3.2024", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("3 March 2024", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("3rd Mar 2024", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("03-Mar-24", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("2024-03-03", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("03/03/2024 14:30", D(2024, 3, 3), D(2024, 3, 3), "day", False, dt.time(14, 30)),
    ("3 March 2024 2.15pm", D(2024, 3, 3), D(2024, 3, 3), "day", False, dt.time(14, 15)),
    (45354, D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    (45354.75, D(2024, 3, 3), D(2024, 3, 3), "day", False, dt.time(18, 0)),
    ("45354", D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    (dt.datetime(2024, 3, 3, 9, 15), D(2024, 3, 3), D(2024, 3, 3), "day", False, dt.time(9, 15)),
    (dt.datetime(2024, 3, 3), D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    (D(2024, 3, 3), D(2024, 3, 3), D(2024, 3, 3), "day", False, None),
    ("03/2024", D(2024, 3, 1), D(2024, 3, 31), "month", True, None),
    ("March 2024", D(2024, 3, 1), D(2024, 3, 31), "month", True, None),
    ("Feb 2024", D(2024, 2, 1), D(2024, 2, 29), "month", True, None),
    ("2024", D(2024, 1, 1), D(2024, 12, 31), "year", True, None),
    ("?03/03/2024", D(2024, 3, 3), D(2024, 3, 3), "day", True, None),
    ("c. March 2024", D(2024, 3, 1), D(2024, 3, 31), "month", True, None),
    ("c.2023", D(2023, 1, 1), D(2023, 12, 31), "year", True, None),
    ("  ? 04/2024 ", D(2024, 4, 1), D(2024, 4, 30), "month", True, None),
])
def test_dates_read(value, start, end, precision, approximate, time):
    when, at = parse_date(value)
    assert (when.start, when.end, when.precision, when.approximate, at) == (start, end, precision, approximate, time)


@pytest.mark.parametrize("value, shown", [
    ("c. March 2024", "c. March 2024"), ("03/2024", "03/2024"), (dt.datetime(2024, 3, 3), "03/03/2024"),
    (45354, "03/03/2024"), ("3/3/24", "3/3/24"),
])
def test_dates_are_shown_as_written(value, shown):
    assert parse_date(value)[0].written == shown


@pytest.mark.parametrize("value, words", [
    ("31/02/2024", "not a real date"), ("29/02/2023", "not a real date"), ("13/13/2024", "not a real date"),
    ("00/03/2024", "not a real date"), ("13/2024", "no month"), ("yesterday", "not a date"),
    ("Marchember 2024", "not a month"), ("", "empty"), (None, "empty"), ("03/03/2024 25:00", "not a time"),
    ("3 March", "not a date"), (True, "not a date"), (-5, "not an Excel date"), ("?", "no date"),
])
def test_bad_dates_are_refused_with_the_value(value, words):
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert words in str(caught.value)
    if isinstance(value, str) and value.strip() and value != "?":
        assert value.strip() in str(caught.value)


@pytest.mark.parametrize("value, time", [
    ("14:30", dt.time(14, 30)), ("9.05", dt.time(9, 5)), ("1430", dt.time(14, 30)), ("2:15 pm", dt.time(14, 15)),
    (dt.time(8, 0), dt.time(8, 0)), (0.5, dt.time(12, 0)), ("", None), (None, None),
])
def test_times_read(value, time):
    assert parse_time(value) == time


@pytest.mark.parametrize("value", ["25:00", "14:75", "noon", "13:00 pm"])
def test_bad_times_are_refused(value):
    with pytest.raises(DateError):
        parse_time(value)
