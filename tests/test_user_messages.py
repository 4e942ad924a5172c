"""Messages a user who is no programmer can act on (issue 17, item 6), through the real CLI: what is
wrong, where (file, line or row, section) and what to do; bad input exits 2, a gate that holds 1."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.cli import main


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    return code, " ".join(capsys.readouterr().err.split())


# --- a make target in a hint is given with the case it must run on ----------------------------

def test_pending_findings_say_which_case_to_run_make_redaction_on(redaction_case, capsys):
    case, build, write_draft = redaction_case
    write_draft({"Overview": "Shannon Hartnell told the Health Visitor that Jade Thompson had rung the Police."})
    code, err = run(["redaction", str(case), "--build-dir", str(build)], capsys)
    assert code == 1, err
    assert f"run `make redaction CASE={case} BUILD={build}` again" in err


def test_publish_before_redaction_says_which_case_to_run_make_redaction_on(redaction_case, capsys, monkeypatch,
                                                                          tmp_path):
    case, build, _ = redaction_case
    monkeypatch.chdir(tmp_path)   # outputs go to ./build
    code, err = run(["publish", str(case)], capsys)
    assert code == 1, err
    assert f"run `make redaction CASE={case}`" in err, "no BUILD= when the outputs go to build/"


# --- text still to be written is refused at publish, as the draft reported it -------------------

UNWRITTEN = """---
title: 'Local Child Safeguarding Practice Review: Child W'
author:
- Dr Morwenna Fictional
lang: en-GB
---

# Introduction

This review considers the experiences of Child W, who lived with Mother and Sibling, and what agencies knew.

# Good practice

Text to follow.

# Findings

Agencies saw incidents, not a pattern. TODO: the health findings. The audit date is TBC.
"""


def test_publish_refuses_placeholders_and_a_section_not_yet_written(published_case, capsys, tmp_path):
    ctx = published_case(text=UNWRITTEN)
    code, err = run(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)], capsys)
    assert code == 1, err
    for said in ("section 'Good practice' is not yet written: it has 3 word(s)",
                 "placeholder text 'TODO' would be published in \"TODO: the health findings.\"",
                 "placeholder text 'TBC' would be published in \"The audit date is TBC.\"",
                 f"write it in the section, then run `make publish CASE={ctx.case_dir} BUILD={ctx.build_root}`"):
        assert said in err
    assert "section 'Introduction'" not in err and "section 'Findings'" not in err
    assert not (ctx.out / "public").exists()


# --- an impossible date says why ---------------------------------------------------------------

def set_incident(case: Path, written: str) -> None:
    review = case / "review.yaml"
    text = review.read_text(encoding="utf-8")
    assert "incident: 14/03/2025" in text
    review.write_text(text.replace("incident: 14/03/2025", f"incident: {written}", 1), encoding="utf-8")


@pytest.mark.parametrize("written, why", [
    ("31/02/2025", "'31/02/2025' is not a real date: February has no 31st"),
    ("29/02/2025", "'29/02/2025' is not a real date: 2025 is not a leap year, so February has no 29th"),
    ("31/04/2025", "'31/04/2025' is not a real date: April has no 31st"),
    ("2025-02-29", "'2025-02-29' is not a real date: 2025 is not a leap year"),   # YAML reads this form itself
    ("14/13/2025", "'14/13/2025' is not a real date: there is no month 13"),
])
def test_an_impossible_date_in_review_yaml_says_why(case_copy, tmp_path, capsys, written, why):
    set_incident(case_copy, written)
    code, err = run(["validate", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 2, err
    assert f"review.yaml, line 28, field 'review.dates.incident': {why}" in err
    assert "write the date as DD/MM/YYYY" in err and "Traceback" not in err


def test_a_leap_day_in_a_leap_year_is_a_date(case_copy, tmp_path, capsys):
    set_incident(case_copy, "29/02/2024")
    code, err = run(["validate", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 0, err


def test_an_impossible_date_in_a_chronology_says_why(case_copy, tmp_path, capsys):
    chronology = case_copy / "chronologies" / "education.csv"
    lines = chronology.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("19/07/2023", "29/02/2023", 1)
    chronology.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = run(["chronology", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 2, err
    assert ("chronologies/education.csv, row 3, column 'Date': '29/02/2023' is not a real date: 2023 is not a "
            "leap year, so February has no 29th") in err


# --- a mistyped agency id gets "did you mean" ------------------------------------------------------

def replace_in_review(case: Path, old: str, new: str) -> None:
    review = case / "review.yaml"
    text = review.read_text(encoding="utf-8")
    assert old in text, old
    review.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mistyped_agency_ids_get_did_you_mean(case_copy, tmp_path, capsys):
    (case_copy / "chronologies" / "education.csv").rename(case_copy / "chronologies" / "educaton.csv")
    replace_in_review(case_copy, "    owners: [education]", "    owners: [educaton]")
    code, err = run(["validate", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 2, err
    for said in ("chronologies/educaton.csv: 'educaton' is no agency id in review.yaml -> did you mean 'education'? "
                 "If so, rename the file to education.csv",
                 "review.yaml, line 261, field 'recommendations[2].owners[0]': owner 'educaton' is no agency in "
                 "review.yaml -> did you mean 'education'?"):
        assert said in err


def test_a_mistyped_agency_in_the_rapid_review_gets_did_you_mean(case_copy, tmp_path, capsys):
    replace_in_review(case_copy, "  notified_by: hospital", "  notified_by: hopsital")
    code, err = run(["rapid-review", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 2, err
    assert ("review.yaml, line 309, field 'rapid_review.notified_by': 'hopsital' is not an agency id in review.yaml "
            "-> did you mean 'hospital'?") in err


# --- `lcspr --help` lists the stages in the order of the work -------------------------------------

WORK_ORDER = [  # the framework's order: notification and the Rapid Review, the review, publication, monitoring
    "report", "validate", "status", "rapid-review", "timetable", "letters", "template", "chronology", "draft",
    "redaction", "review", "publish", "briefing", "check-pdf", "bundle", "actions",
]


def test_help_lists_the_stages_in_the_order_of_the_work(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    listed = re.findall(r"^    ([a-z][a-z-]+)", text, re.M)
    assert listed == WORK_ORDER


# --- validate runs the quick checks: chronology dates readable, required sections there ----------------

def test_validate_reports_every_unreadable_date_and_unwritten_section_at_once(case_copy, tmp_path, capsys):
    education = case_copy / "chronologies" / "education.csv"
    lines = education.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("19/07/2023", "31/02/2023", 1)
    education.write_text("\n".join(lines) + "\n", encoding="utf-8")
    housing = case_copy / "chronologies" / "housing.csv"   # Windows-1252, as Excel saves it
    housing.write_text(housing.read_text(encoding="cp1252").replace("01/11/2023", "last Tuesday", 1), encoding="cp1252")
    (case_copy / "sections" / "decisions.md").unlink()
    build = tmp_path / "build"
    code, err = run(["validate", str(case_copy), "--build-dir", str(build)], capsys)
    assert code == 2, err
    for said in ("error chronologies/education.csv, row 3, column 'Date': '31/02/2023' is not a real date: "
                 "February has no 31st",
                 "error chronologies/housing.csv, row 2, column 'Date': 'last Tuesday'",
                 "warning sections/decisions.md: required section 'decisions' (Why relevant decisions were taken) "
                 "is missing -> write sections/decisions.md or sections/decisions.docx",
                 "2 problem(s) in the case files"):
        assert said in err
    assert "is valid" not in err
    assert not (build / "child-w" / "internal" / "case.json").exists()


def test_validate_says_which_required_sections_are_not_written_as_the_draft_does(case_copy, tmp_path, capsys):
    (case_copy / "sections" / "decisions.md").unlink()
    (case_copy / "sections" / "good-practice.md").write_text("\n  \n", encoding="utf-8")
    code, err = run(["validate", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 0, "the chronology and letters come before the sections are written"
    assert "required section 'decisions' (Why relevant decisions were taken) is missing" in err
    assert "sections/good-practice.md: required section 'good-practice' (Good practice) is empty" in err
    assert "is valid, but 2 required section(s) are not written yet (the draft holds until they are)" in err


def test_validate_names_a_misnamed_section_file(case_copy, tmp_path, capsys):
    (case_copy / "sections" / "learning.md").rename(case_copy / "sections" / "lerning.md")
    code, err = run(["validate", str(case_copy), "--build-dir", str(tmp_path / "build")], capsys)
    assert code == 2, err
    assert "sections/lerning.md: 'lerning' is no section of the report -> did you mean 'learning.md'?" in err
