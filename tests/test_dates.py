"""One date finder, day first, for the date policy, the register's dates of birth, the date-of-birth
recogniser and the leak scan: every written form is found, and everyday words are not dates."""
from __future__ import annotations

import pytest

from redaction.dates import find_dates, policy_edits
from redaction.leakscan import RegisterForms
from redaction.recognizers.uk import DateOfBirthRecognizer

DATES = [
    ("born 14/02/2018.", "14/02/2018", (14, 2, 2018)),
    ("born 14.02.18.", "14.02.18", (14, 2, 2018)),
    ("born 14.2.18 at", "14.2.18", (14, 2, 2018)),
    ("born 3.7.95", "3.7.95", (3, 7, 1995)),
    ("born 2018-02-14", "2018-02-14", (14, 2, 2018)),
    ("born 2021-10-08", "2021-10-08", (8, 10, 2021)),
    ("In March 14th February 2018 2024", "14th February 2018", (14, 2, 2018)),  # the full date wins  # ISO is year, month, day: never read day first
    ("born 14-Feb-2018", "14-Feb-2018", (14, 2, 2018)),
    ("born 14 Feb. 2018", "14 Feb. 2018", (14, 2, 2018)),
    ("born 14 feb 2018", "14 feb 2018", (14, 2, 2018)),
    ("born Feb 14th, 2018", "Feb 14th, 2018", (14, 2, 2018)),
    ("born February 14 2018", "February 14 2018", (14, 2, 2018)),
    ("born the fourteenth of February 2018", "the fourteenth of February 2018", (14, 2, 2018)),
    ("born on the twenty-first of November, 1990", "the twenty-first of November, 1990", (21, 11, 1990)),
    ("born Wednesday 14th February 2018", "Wednesday 14th February 2018", (14, 2, 2018)),
    ("born Sept 3rd 2019", "Sept 3rd 2019", (3, 9, 2019)),
    ("her birthday is the 14th of Feb", "the 14th of Feb", (14, 2, None)),
    ("her birthday is 14 February", "14 February", (14, 2, None)),
    ("her birthday is Feb 14th", "Feb 14th", (14, 2, None)),
]


@pytest.mark.parametrize("text, written, read", DATES)
def test_every_written_form_is_found_and_read_day_first(text, written, read):
    [date] = find_dates(text)
    assert (text[date.start:date.end], (date.day, date.month, date.year)) == (written, read)


@pytest.mark.parametrize("text", [
    "31/02/2020 is no date", "version 1.2.3", "in May 2018", "Mother may attend", "3 may attend",
    "In March 12 children were seen", "the first of many", "Section 47 and Working Together 2023",
    "a second opinion", "07700 900123", "999 765 4323",
])
def test_words_and_numbers_that_are_not_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text, public", [
    ("on 14-Feb-2024 the police", "in February 2024 the police"),
    ("On the fourteenth of February 2024 the police", "In February 2024 the police"),
    ("by Feb 14th, 2024.", "by February 2024."),
    ("on 14.02.24 and on 3rd March 2024", "in February 2024 and in March 2024"),
    ("the 14th of Feb was a Friday", "the 14th of Feb was a Friday"),   # no year: nothing to keep but the day
])
def test_the_date_policy_shows_month_and_year_for_every_form(text, public):
    out, last = [], 0
    for edit in policy_edits(text, "month-year"):
        out += [text[last:edit.start], edit.replacement]
        last = edit.end
    assert "".join(out + [text[last:]]) == public


@pytest.mark.parametrize("text, owner", [
    ("born 14-Feb-2018.", "child"),
    ("born the fourteenth of February 2018.", "child"),
    ("born Feb 14th, 2018.", "child"),
    ("born 14.02.18.", "child"),
    ("her birthday, the 14th of Feb, passed", "child"),
    ("DOB 3rd July 95", "mother"),              # the day and month are enough
    ("DOB 03.07.95", "mother"),
    ("born 1995-07-03", "mother"),              # ISO: year, month, day, never read day first
    ("born 21st Nov 1990", "partner"),
    ("born the thirtieth of January 1968", "grandmother"),
])
def test_a_date_of_birth_in_any_form_is_found_by_the_register(example_register, text, owner):
    births = [m for m in example_register.find(text) if m.form == "date of birth"]
    assert [m.owners for m in births] == ([(owner,)] if owner else [])


@pytest.mark.parametrize("text", ["on 14 February 2019", "on 14/03/2018", "on the 15th of Feb", "3 July 1996"])
def test_a_different_date_is_no_date_of_birth(example_register, text):
    assert [m for m in example_register.find(text) if m.form == "date of birth"] == []


def test_the_leak_scan_finds_a_date_of_birth_in_any_form(example_register):
    forms = RegisterForms(example_register)
    assert forms.labels_in("the fourteenth of February 2018") == {"child: date of birth"}
    assert forms.labels_in("https://www.example.co.uk/?dob=14-Feb-2018", link=True) == {"child: date of birth"}


@pytest.mark.parametrize("text, date", [
    ("born on 14-Feb-2018 in", "14-Feb-2018"),
    ("DOB: the fourteenth of February 2018", "the fourteenth of February 2018"),
    ("date of birth 14th of Feb", "14th of Feb"),
])
def test_the_date_of_birth_recogniser_reads_every_form(text, date):
    results = DateOfBirthRecognizer().analyze(text, ["DATE_OF_BIRTH"])
    assert [text[r.start:r.end] for r in results] == [date]
