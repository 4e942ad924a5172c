"""`lcspr status`: the four statutory dates for the example, as a table and as JSON."""
from __future__ import annotations

import json
import re

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
