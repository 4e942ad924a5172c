"""`lcspr rapid-review` and `lcspr timetable`: the framework's Appendices 3, 4 and 6, read back."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from pipeline.case.milestones import rapid_review_clock
from pipeline.case.schema import Review
from pipeline.case.workdays import is_working_day
from pipeline.cli import main

EXAMPLE_DATA = yaml.safe_load((Path(__file__).resolve().parent.parent / "examples" / "child-w" / "review.yaml")
                              .read_text(encoding="utf-8"))

LEFTOVERS = ["{{", "}}", "{%", "%}", "None"]


def docx_text(path: Path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.sections[0].header.paragraphs] + [p.text for p in document.paragraphs]
    parts += [" | ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    return "\n".join(parts)


def run(stage: str, case: Path, build: Path, *extra: str) -> int:
    return main([stage, str(case), "--build-dir", str(build), *extra])


@pytest.fixture
def case(make_case, example_review_text) -> Path:
    return make_case(example_review_text, agencies=[])


def internal(build: Path) -> Path:
    return build / "child-w" / "internal"


def test_the_rapid_review_report_is_filled_in_and_due_15_working_days_after_notification(case, tmp_path):
    assert run("rapid-review", case, tmp_path) == 0
    text = docx_text(internal(tmp_path) / "rapid-review" / "rapid-review-report.docx")
    assert text.startswith("OFFICIAL-SENSITIVE")
    assert "Date of notification to the National Panel | 17 March 2025" in text
    assert "Due to the National Panel (15 working days) | Monday 7 April 2025" in text
    assert "Agency who notified the Safeguarding Partnership | Northbrook Hospitals NHS Foundation Trust" in text
    assert "Name of Child | Willow Hartnell" in text
    assert "Shannon Hartnell, 14 Larkspur Close, Northbrook, NB4 7QT | mother | 03/07/1995" in text
    assert "DI Owen Madeup | Detective Inspector | Northbrook Constabulary" in text
    assert re.search(r"recurrent themes in the safeguarding .*\| YES", text)
    assert re.search(r"single agency\. \| NO", text)
    assert "B) Meets the criteria for a Local Child Safeguarding Practice Review | YES" in text
    assert "H) Needs no Further Action | NO" in text
    assert "recorded Child W's own words" in text
    assert "Date this form submitted to the National Panel: 4 April 2025" in text
    assert not [left for left in LEFTOVERS if left in text]


@pytest.mark.parametrize("notified, due", [
    ("17/03/2025", "Monday 7 April 2025"),
    ("10/04/2025", "Tuesday 6 May 2025"),       # Good Friday, Easter Monday and the May bank holiday skipped
    ("12/12/2025", "Wednesday 7 January 2026"),   # Christmas, Boxing Day and New Year's Day skipped
])
def test_the_15_working_day_clock_skips_weekends_and_bank_holidays(case, tmp_path, edit_review, notified, due):
    def notify(data):
        dates = data["review"]["dates"]
        dates.pop("rapid_review_submitted")
        dates.update(notification=notified, decision="20/01/2026")

    edit_review(case, notify)
    assert run("rapid-review", case, tmp_path) == 0
    text = docx_text(internal(tmp_path) / "rapid-review" / "rapid-review-report.docx")
    assert f"Due to the National Panel (15 working days) | {due}" in text


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2032, 12, 31)))
def test_the_rapid_review_steps_fall_on_working_days_in_order(notified):
    data = {**EXAMPLE_DATA, "review": {**EXAMPLE_DATA["review"],
                                       "dates": {**EXAMPLE_DATA["review"]["dates"], "notification": notified}}}
    clock = rapid_review_clock(Review.model_validate(data))
    steps = [clock.forms_sent_by, clock.forms_due, clock.meeting_by, clock.report_due]
    assert notified < steps[0] < steps[1] < steps[2] < steps[3]
    assert all(is_working_day(day) for day in steps)
    between = [notified + dt.timedelta(days=n) for n in range(1, (clock.report_due - notified).days + 1)]
    assert sum(map(is_working_day, between)) == 15


def test_each_agency_gets_an_information_form_with_the_child_and_the_return_date(case, tmp_path):
    assert run("rapid-review", case, tmp_path) == 0
    forms = sorted(p.name for p in (internal(tmp_path) / "rapid-review").glob("information-form-*.docx"))
    assert forms == [f"information-form-{a}.docx" for a in
                     sorted(["csc", "police", "hospital", "gp", "school-nursing", "education", "housing"])]
    text = docx_text(internal(tmp_path) / "rapid-review" / "information-form-gp.docx")
    assert "OFFICIAL-SENSITIVE" in text
    assert "To: Named GP for Safeguarding, Northbrook Primary Care Network" in text
    assert "Child's First Name: | Willow" in text and "Child's Surname: | Hartnell" in text
    assert "Any Known Aliases: | Willow-Mae Hartnell, Wills" in text
    assert "Date of birth: | 14 February 2018" in text
    assert "Date of death: | not applicable" in text
    assert "safeguarding.partnership@example.co.uk by Wednesday 26 March 2025" in text
    assert "from 1 September 2023" in text
    assert "Information sharing: was it timely and effective?" in text
    assert not [left for left in LEFTOVERS if left in text]


def test_without_a_rapid_review_block_only_the_forms_are_written(case, tmp_path, edit_review, capsys):
    edit_review(case, lambda data: data.pop("rapid_review"))
    assert run("rapid-review", case, tmp_path) == 0
    folder = internal(tmp_path) / "rapid-review"
    assert not (folder / "rapid-review-report.docx").exists()
    assert len(list(folder.glob("information-form-*.docx"))) == 7
    assert "no 'rapid_review:' block" in capsys.readouterr().err


def test_an_unknown_agency_in_the_rapid_review_is_named_with_its_line(case, tmp_path, edit_review, capsys):
    edit_review(case, lambda data: data["rapid_review"]["participants"][1].update(agency="polce"))
    assert run("rapid-review", case, tmp_path) == 2
    err = capsys.readouterr().err
    assert "'polce' is not an agency id" in err
    assert "rapid_review.participants[1].agency" in err and re.search(r"review\.yaml, line \d+", err)
    assert not (internal(tmp_path) / "rapid-review" / "rapid-review-report.docx").exists()


def events(path: Path) -> dict[str, dt.date]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e.decoded("DTSTART") for e in calendar.walk("VEVENT")}


def test_the_timetable_calendar_parses_with_the_review_dates(case, tmp_path):
    assert run("timetable", case, tmp_path) == 0
    dates = events(internal(tmp_path) / "timetable" / "review-timetable.ics")
    assert dates["child-w-notification@lcspr"] == dt.date(2025, 3, 17)
    assert dates["child-w-rapid-review-forms-due@lcspr"] == dt.date(2025, 3, 26)
    assert dates["child-w-rapid-review-meeting@lcspr"] == dt.date(2025, 3, 28)
    assert dates["child-w-rapid-review-due@lcspr"] == dt.date(2025, 4, 7)
    assert dates["child-w-decision@lcspr"] == dt.date(2025, 4, 22)
    assert dates["child-w-chronologies-due@lcspr"] == dt.date(2025, 5, 30)
    assert dates["child-w-practitioner-session@lcspr"] == dt.date(2025, 7, 18)
    assert dates["child-w-completion-due@lcspr"] == dt.date(2025, 10, 22)
    assert dates["child-w-send-by@lcspr"] == dt.date(2026, 12, 31)
    assert dates["child-w-publication@lcspr"] == dt.date(2027, 1, 12)
    calendar = Calendar.from_ical((internal(tmp_path) / "timetable" / "review-timetable.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert all(s.startswith("Child W: ") for s in summaries)
    assert not [s for s in summaries if "Willow" in s or "Hartnell" in s]


def test_the_timetable_carries_the_review_panel_meetings_in_word_and_the_calendar(make_case, example_review_text,
                                                                                   tmp_path):
    text = example_review_text.replace("    practitioner_session: 18/07/2025",
                                       "    practitioner_session: 18/07/2025\n"
                                       "    panel_meetings: [10/09/2025, 12/06/2025]")
    case = make_case(text, agencies=[])
    assert run("timetable", case, tmp_path) == 0
    folder = internal(tmp_path) / "timetable"
    calendar = Calendar.from_ical((folder / "review-timetable.ics").read_bytes())
    meetings = {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")
                if "panel-meeting" in str(e["UID"])}
    assert meetings == {"child-w-panel-meeting-1@lcspr": (dt.date(2025, 6, 12), "Child W: Review Panel meeting 1"),
                        "child-w-panel-meeting-2@lcspr": (dt.date(2025, 9, 10), "Child W: Review Panel meeting 2")}
    words = docx_text(folder / "review-timetable.docx")
    rows = ["Agency chronologies due | Friday 30 May 2025", "Review Panel meeting 1 | Thursday 12 June 2025",
            "Reflective practitioner session | Friday 18 July 2025", "Review Panel meeting 2 | Wednesday 10 September 2025"]
    assert all(row in words for row in rows) and [words.index(r) for r in rows] == sorted(words.index(r) for r in rows)


def test_the_timetable_is_the_same_bytes_from_another_build(case, tmp_path):
    for build in ("one", "two"):
        assert run("timetable", case, tmp_path / build) == 0
    for name in ("review-timetable.ics", "review-timetable.docx"):
        first, second = (internal(tmp_path / b) / "timetable" / name for b in ("one", "two"))
        assert first.read_bytes() == second.read_bytes(), name


def test_the_timetable_document_lists_each_stage_in_date_order(case, tmp_path):
    assert run("timetable", case, tmp_path) == 0
    text = docx_text(internal(tmp_path) / "timetable" / "review-timetable.docx")
    assert text.startswith("OFFICIAL-SENSITIVE")
    assert "Northbrook Safeguarding Children Partnership, as at 22 April 2025" in text
    assert ("Rapid review to the National Panel | Monday 7 April 2025 | notification + 15 working days "
            "| 04/04/2025") in text
    assert "Reflective practitioner session | Friday 18 July 2025" in text
    order = [text.index(s) for s in ("Serious incident |", "Decision to hold", "Reflective practitioner",
                                     "LCSPR completed", "Planned publication")]
    assert order == sorted(order)
    assert not [left for left in LEFTOVERS if left in text]
