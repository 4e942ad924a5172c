"""Property-based tests (hypothesis) for the chronology date parser and the merge."""
from __future__ import annotations

import calendar
import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.chronology.dates import DateError, parse_date
from pipeline.chronology.merge import merge, sort_key
from pipeline.chronology.readers.records import AgencyChronology, Entry
from pipeline.case.load import load_case
from tests.conftest import EXAMPLE

days = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2069, 12, 31))


@given(days, st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d}/{m}/{yy:02d}", "{d} {month} {y}",
                              "{d} {mon} {y}", "{y}-{m:02d}-{d:02d}", "{d}.{m}.{y}"]))
def test_exact_dates_read_back_day_first(day, form):
    text = form.format(d=day.day, m=day.month, y=day.year, yy=day.year % 100,
                       month=calendar.month_name[day.month], mon=calendar.month_abbr[day.month])
    when, time = parse_date(text)
    assert (when.start, when.end, when.precision, when.approximate, time) == (day, day, "day", False, None)
    assert when.written == text


@given(days, st.sampled_from(["?", "c. ", "? "]))
def test_approximate_marker_keeps_the_day_and_marks_it(day, marker):
    when, _ = parse_date(f"{marker}{day:%d/%m/%Y}")
    assert when.approximate and when.start == day


@given(days)
def test_month_and_year_cover_their_whole_period(day):
    month, _ = parse_date(f"{day:%m/%Y}")
    assert month.start == day.replace(day=1) <= day <= month.end
    assert month.end.month == day.month and (month.end + dt.timedelta(days=1)).day == 1
    year, _ = parse_date(str(day.year))
    assert (year.start, year.end) == (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    assert month.approximate and year.approximate


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_plain_date_error(text):
    try:
        when, _ = parse_date(text)
    except DateError as error:
        assert str(error)  # a message the agency can act on, never another exception
    else:
        assert when.start <= when.end


def _entry(agency: str, order: int, day: dt.date, hour: int | None) -> Entry:
    when, _ = parse_date(f"{day:%d/%m/%Y}")
    return Entry(agency=agency, file=f"{agency}.csv", part="", row=order + 2, order=order, date=when,
                 time=dt.time(hour, 0) if hour is not None else None, source="Record",
                 event=f"{agency} event {order}")


REVIEW = load_case(EXAMPLE, with_files=False).review
AGENCIES = [a.id for a in REVIEW.agencies]
rows = st.lists(st.tuples(st.sampled_from(AGENCIES), st.dates(dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
                          st.one_of(st.none(), st.integers(0, 23))), max_size=60)


@settings(max_examples=60, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_merge_is_ordered_loses_nothing_duplicates_nothing_and_is_stable(data, shuffler: random.Random):
    per_agency: dict[str, AgencyChronology] = {}
    for agency, day, hour in data:
        chron = per_agency.setdefault(agency, AgencyChronology(agency, f"{agency}.csv"))
        chron.entries.append(_entry(agency, len(chron.entries), day, hour))
    chronologies = list(per_agency.values())
    merged = merge(chronologies, REVIEW).entries

    identity = [(e.agency, e.order) for e in merged]
    assert sorted(identity) == sorted((e.agency, e.order) for c in chronologies for e in c.entries)
    assert len(set(identity)) == len(identity)
    rank = {a: i for i, a in enumerate(AGENCIES)}
    keys = [sort_key(e, rank) for e in merged]
    assert keys == sorted(keys)
    for agency in per_agency:  # an agency's own order survives among its same-day, same-time entries
        own = [(e.date.start, e.time or dt.time.min, e.time is not None, e.order) for e in merged if e.agency == agency]
        assert own == sorted(own)

    shuffler.shuffle(chronologies)
    assert [(e.agency, e.order) for e in merge(chronologies, REVIEW).entries] == identity
