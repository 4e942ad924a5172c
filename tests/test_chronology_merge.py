"""The merge: one stable order, linked multi-agency events, gaps, ages, the review period."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from tests.conftest import ROOT
from pipeline.case.schema import Review
from pipeline.chronology.dates import parse_date
from pipeline.chronology.merge import age_at, entry_ids, merge, precision
from pipeline.chronology.readers import AgencyChronology, Entry


@pytest.fixture(scope="module")
def review() -> Review:
    data = yaml.safe_load((ROOT / "examples/child-w/review.yaml").read_text())
    return Review.model_validate(data)  # agencies in order: csc, police, hospital, gp, ...


def entry(agency, date, event="Seen", time=None, order=0, action=""):
    when, at = parse_date(date)
    return Entry(agency=agency, file=f"chronologies/{agency}.xlsx", part="", row=order + 2, order=order, date=when,
                 time=time or at, source="Record", event=event, action=action)


def chronologies(*entries):
    by_agency = {}
    for e in entries:
        by_agency.setdefault(e.agency, AgencyChronology(e.agency, e.file)).entries.append(e)
    return list(by_agency.values())


def test_order_is_date_then_time_then_agency_order_then_row(review):
    merged = merge(chronologies(
        entry("gp", "05/10/2023", "gp later row", order=1),
        entry("gp", "05/10/2023", "gp first row", order=0),
        entry("police", "05/10/2023", "police untimed"),
        entry("csc", "05/10/2023 09:00", "csc at nine"),
        entry("csc", "05/10/2023", "csc untimed", order=1),
        entry("police", "10/2023", "police approximate month", order=1),
        entry("hospital", "04/10/2023 23:00", "hospital the day before"),
    ), review)
    assert [e.event for e in merged.entries] == [
        "police approximate month", "hospital the day before", "csc untimed", "police untimed", "gp first row",
        "gp later row", "csc at nine"]


def test_merge_is_stable_whatever_the_input_order(review):
    items = [entry("csc", "05/10/2023", f"csc {i}", order=i) for i in range(5)] + [entry("police", "05/10/2023", "p")]
    forward = [e.event for e in merge(chronologies(*items), review).entries]
    backward = [e.event for e in merge(chronologies(*reversed(items)), review).entries]
    assert forward == backward == ["csc 0", "csc 1", "csc 2", "csc 3", "csc 4", "p"]


@pytest.mark.parametrize("other, linked", [
    (entry("police", "05/10/2023", "Strategy discussion about bruising to Child W held"), True),
    (entry("police", "06/10/2023", "Strategy discussion about bruising to Child W held"), False),  # next day, not sent
    (entry("police", "07/10/2023", "Strategy discussion about bruising to Child W held"), False),  # two days apart
    (entry("police", "05/10/2023", "Neighbour reported shouting at the address"), False),  # different content
    (entry("csc", "05/10/2023", "Strategy discussion about bruising to Child W held", order=1), False),  # same agency
    (entry("police", "10/2023", "Strategy discussion about bruising to Child W held"), False),  # not dated to the day
])
def test_linking_similar_accounts_from_different_agencies(review, other, linked):
    first = entry("csc", "05/10/2023", "Strategy discussion held about bruising to Child W")
    merged = merge(chronologies(first, other), review)
    assert (len(merged.links) == 1) is linked
    assert len(merged.entries) == 2  # every account kept
    if linked:
        link = merged.links[0]
        assert set(link.agencies) == {"csc", "police"} and link.id == "G1"
        assert merged.link_of == [link.id, link.id]


def test_ids_come_from_content_not_position(review):
    a, b = entry("csc", "05/10/2023", "Visit"), entry("csc", "06/10/2023", "Call", order=1)
    moved = entry("csc", "06/10/2023", "Call", order=7)  # the same row, further down the file
    assert entry_ids([a, b])[1] == entry_ids([moved])[0]
    assert entry_ids([a, entry("csc", "06/10/2023", "Call, edited")])[1] != entry_ids([b])[0]
    assert entry_ids([a, a]) == [entry_ids([a])[0], entry_ids([a])[0] + "-2"]  # a repeated row stays apart
    assert entry_ids([a])[0].startswith("csc-")


@pytest.mark.parametrize("written, shown", [
    ("05/10/2023", "day"), ("10/2023", "month"), ("2023", "year"), ("c. 05/2023", "circa"), ("? 05/10/2023", "circa"),
])
def test_precision(written, shown):
    assert precision(parse_date(written)[0]) == shown


def test_gap_before_counts_days_since_the_previous_contact(review):
    merged = merge(chronologies(entry("csc", "01/10/2023"), entry("police", "01/10/2023"), entry("gp", "2023"),
                                entry("gp", "11/10/2023", order=1)), review)
    assert [(e.date.written, gap) for e, gap in zip(merged.entries, merged.gap_before)] == [
        ("2023", None), ("01/10/2023", None), ("01/10/2023", None), ("11/10/2023", 10)]


def test_gaps_longer_than_the_threshold_within_the_period(review):
    # period 01/09/2023 - 14/03/2025, gap threshold 28 days
    merged = merge(chronologies(
        entry("csc", "15/09/2023"), entry("police", "10/10/2023"), entry("csc", "20/11/2023"),
        entry("gp", "2024"),  # approximate: does not close a gap
        entry("police", "10/03/2025"), entry("police", "01/01/2020"),
    ), review)
    assert [(g.after, g.before, g.days) for g in merged.gaps] == [
        (dt.date(2023, 10, 10), dt.date(2023, 11, 20), 41), (dt.date(2023, 11, 20), dt.date(2025, 3, 10), 476)]


def test_out_of_period_entries_are_kept_and_marked(review):
    merged = merge(chronologies(entry("police", "01/01/2020", "before"), entry("police", "08/2023", "straddles"),
                                entry("police", "01/09/2023", "first day"), entry("police", "15/03/2025", "after")),
                   review)
    assert [(e.event, out) for e, out in zip(merged.entries, merged.out_of_period)] == [
        ("before", True), ("straddles", True), ("first day", False), ("after", True)]


@pytest.mark.parametrize("day, age", [
    (dt.date(2018, 2, 14), "0y 0m"), (dt.date(2024, 2, 13), "5y 11m"), (dt.date(2024, 2, 14), "6y 0m"),
    (dt.date(2025, 3, 14), "7y 1m"), (dt.date(2017, 12, 1), "unborn"),
])
def test_age_from_the_register(day, age):
    assert age_at(dt.date(2018, 2, 14), day) == age


def test_ages_use_the_subject_child(review):
    merged = merge(chronologies(entry("csc", "14/03/2025")), review)  # Willow, born 14/02/2018
    assert merged.ages == ["7y 1m"]


def test_agency_summary_counts_and_first_last_contact(review):
    merged = merge(chronologies(entry("police", "c. 2023", order=0), entry("police", "05/10/2023", order=1),
                                entry("police", "01/03/2025", order=2), entry("csc", "06/10/2023")), review)
    police = next(a for a in merged.agencies if a.id == "police")
    assert (police.count, police.first.written, police.last.written) == (3, "c. 2023", "01/03/2025")
    assert next(a for a in merged.agencies if a.id == "gp").count == 0
