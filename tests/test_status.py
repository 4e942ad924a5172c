"""`lcspr status`: the four statutory dates for the example, as a table and as JSON."""
from __future__ import annotations

import datetime as dt
import json
import re
import stat
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from pipeline.cli import main


def test_status_json_for_the_example(make_case, example_review_text, capsys):
    case = make_case(example_review_text)
    assert main(["status", str(case), "--json", "--today", "27/11/2026"]) == 0
    report = json.loads(capsys.readouterr().out)
    due = {d["key"]: d for d in report["deadlines"]}
    assert due["rapid_review_due"]["due"] == "2025-04-07"
    assert due["rapid_review_due"]["state"] == "done 04/04/2025"
    assert due["completion_due"]["due"] == "2025-10-22"
    assert due["completion_due"]["days_left"] == -401
    assert due["send_by"]["due"] == "2026-12-31"
    assert due["send_by"]["days_left"] == 34
    assert due["published_until"]["due"] == "2028-01-12"


def test_status_table_shows_overdue_and_days_left(make_case, example_review_text, capsys):
    not_signed_off = re.sub(r"\n    completed: .*", "", example_review_text)
    case = make_case(not_signed_off)
    assert main(["status", str(case), "--today", "27/11/2026"]) == 0
    err = capsys.readouterr().err
    assert "OVERDUE by 401 days" in err
    assert "34 days left" in err
    assert "Thu 31 Dec 2026" in err


def test_status_rejects_a_bad_today(make_case, example_review_text, capsys):
    case = make_case(example_review_text)
    try:
        main(["status", str(case), "--today", "2026-11-27"])
    except SystemExit as stop:
        assert stop.code == 2
    assert "not a date in DD/MM/YYYY form" in capsys.readouterr().err


def test_status_needs_no_chronologies_yet(make_case, example_review_text, capsys):
    case = make_case(example_review_text, agencies=[])
    assert main(["status", str(case), "--json", "--today", "27/11/2026"]) == 0
    assert json.loads(capsys.readouterr().out)["review"] == "child-w"


def test_done_dates_show_instead_of_days_left(make_case, example_review_text, capsys):
    text = re.sub(r"\n    completed: .*", "\n    completed: 20/11/2025", example_review_text).replace(
        "    chronology_deadline:", "    sent_to_national_panel: 28/12/2026\n    chronology_deadline:")
    case = make_case(text)
    assert main(["status", str(case), "--json", "--today", "27/11/2026"]) == 0
    due = {d["key"]: d for d in json.loads(capsys.readouterr().out)["deadlines"]}
    assert due["completion_due"]["state"] == "done 20/11/2025 (29 days late)"
    assert due["send_by"]["state"] == "done 28/12/2026"


# --- the framework's milestones, keeping the report published, and the notification of delay ---------

def status_of(case, today: str, capsys) -> dict:
    assert main(["status", str(case), "--json", "--today", today, "--build-dir", str(case.parent / "build")]) == 0
    return json.loads(capsys.readouterr().out)


def test_milestones_show_in_date_order(make_case, example_review_text, capsys):
    text = example_review_text.replace("    practitioner_session: 18/07/2025",
                                       "    practitioner_session: 18/07/2025\n"
                                       "    panel_meetings: [10/09/2025, 12/06/2025]")
    case = make_case(text)
    report = status_of(case, "01/07/2025", capsys)
    assert [(m["what"], m["date"], m["state"]) for m in report["milestones"]] == [
        ("Agency chronologies due", "2025-05-30", "32 days ago"),
        ("Review Panel meeting 1", "2025-06-12", "19 days ago"),
        ("Reflective practitioner session", "2025-07-18", "in 17 days"),
        ("Review Panel meeting 2", "2025-09-10", "in 71 days")]
    assert main(["status", str(case), "--today", "01/07/2025", "--build-dir", str(case.parent / "build")]) == 0
    err = capsys.readouterr().err
    assert "milestones" in err and "Reflective" in err and "in 17 days" in err and "Thu 12 Jun 2025" in err


@pytest.mark.parametrize("today, state", [
    ("12/01/2028", "on the website until 12 January 2028"),
    ("13/01/2028", "may be archived (since 12 January 2028)")])
def test_keep_published_until_says_what_it_means(make_case, example_review_text, capsys, today, state):
    due = {d["key"]: d for d in status_of(make_case(example_review_text), today, capsys)["deadlines"]}
    assert due["published_until"]["state"] == state


def notification_path(case) -> Path:
    return case.parent / "build" / "child-w" / "internal" / "notification-of-delay.eml"


def test_past_completion_writes_the_notification_as_a_draft_email(make_case, example_review_text, capsys):
    case = make_case(re.sub(r"\n    completed: .*", "", example_review_text))
    assert main(["status", str(case), "--today", "27/11/2026", "--build-dir", str(case.parent / "build")]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "OVERDUE by 401 days" in err
    assert "inform the National Panel and the Secretary of State of the delay and the reason for it" in err
    path = notification_path(case)
    assert str(path) in err.replace(" ", "") or "notification-of-delay.eml" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert [a.addr_spec for a in message["To"].addresses] == ["Mailbox.NationalReviewPanel@education.gov.uk",
                                                              "Mailbox.CPOD@education.gov.uk"]
    assert message["X-Unsent"] == "1" and message["Date"].datetime.date() == dt.date(2026, 11, 27)
    body = " ".join(message.get_body(("plain",)).get_content().split())
    assert "due to be completed by 22 October 2025" in body and "Reason for the delay: [Write" in body
    assert "due to reach the National Panel" not in body          # the send-by date has not passed yet
    assert "Priya Examplewood" in body


def test_past_the_send_by_date_the_notification_says_so(make_case, example_review_text, capsys):
    case = make_case(example_review_text)        # completed: the send-by date alone has passed
    status_of(case, "04/01/2027", capsys)
    body = notification_path(case).read_text()
    assert "31 December 2026" in body and "completed by" not in body


def test_nothing_passed_writes_no_notification(make_case, example_review_text, capsys):
    case = make_case(example_review_text)
    status_of(case, "27/11/2026", capsys)
    assert not notification_path(case).exists()


def test_the_notification_goes_to_the_mailboxes_the_bundle_uses(make_case, example_review_text, capsys):
    """One list of recipients: a mailbox changed in review.yaml changes the bundle's emails and this one."""
    case = make_case(example_review_text + "\nmailboxes:\n  national_panel: panel.test@example.co.uk\n"
                                           "  dfe: dfe.test@example.co.uk\n")
    status_of(case, "04/01/2027", capsys)
    message = BytesParser(policy=policy.default).parsebytes(notification_path(case).read_bytes())
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Child Safeguarding Practice Review Panel", "panel.test@example.co.uk"),
        ("Department for Education (for the Secretary of State)", "dfe.test@example.co.uk")]
