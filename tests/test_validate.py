"""`lcspr validate`: every problem in review.yaml and the case folder, with its file, line and field."""
from __future__ import annotations

import json
import os

import pytest

from pipeline.cli import main

# (what, text in the example review.yaml, replacement, field named, words in the message).
# The expected line is the line where the replacement's marker (last column) lands.
BAD_REVIEWS = [
    ("typo in a key", "  mailbox: safeguarding", "  mailbx: safeguarding", "partnership.mailbx", "unknown field", "mailbx"),
    ("typo suggests the right key", "  child_public_name: Child W", "  child_publc_name: Child W",
     "review.child_publc_name", "did you mean 'child_public_name'", "child_publc_name"),
    ("missing partnership name", "  name: Northbrook Safeguarding Children Partnership\n", "",
     "partnership.name", "required field 'name' is missing", "partnership:"),
    ("unparseable date", "    incident: 14/03/2025", "    incident: 31/02/2025", "review.dates.incident",
     "not a real date: February has no 31st", "incident: 31/02/2025"),
    ("date without a year", "    notification: 17/03/2025", "    notification: 17 March", "review.dates.notification",
     "four-digit year", "notification: 17 March"),
    ("notification before incident", "    notification: 17/03/2025", "    notification: 10/03/2025",
     "review.dates.notification", "is before incident", "notification: 10/03/2025"),
    ("publication before decision", "    planned_publication: 12/01/2027", "    planned_publication: 12/01/2025",
     "review.dates.planned_publication", "is before decision", "planned_publication: 12/01/2025"),
    ("period ends before it starts", "    end: 14/03/2025", "    end: 14/03/2022", "review.period.end",
     "ends before it starts", "end: 14/03/2022"),
    ("owner that is no agency", "    owners: [education]", "    owners: [educaton]", "recommendations[2].owners[0]",
     "no agency", "owners: [educaton]"),
    ("recommendation answering an unknown finding", "    finding: f3", "    finding: f9", "recommendations[2].finding",
     "finding 'f9' does not exist", "finding: f9"),
    ("finding naming an unknown line of enquiry", "    lines_of_enquiry: [kloe-2]", "    lines_of_enquiry: [kloe-7]",
     "findings[1].lines_of_enquiry[0]", "kloe-7", "lines_of_enquiry: [kloe-7]"),
    ("duplicate agency id", "  - id: police\n", "  - id: csc\n", "agencies[1].id", "used more than once", "  - id: csc\n    name: Northbrook Constabulary"),
    ("duplicate pseudonym", "      pseudonym: Father", "      pseudonym: Mother", "register.people[3].pseudonym",
     "used more than once", "pseudonym: Mother\n      family_letter: true\n      address: [Flat 3"),
    ("person without a pseudonym", "      pseudonym: Sibling\n", "", "register.people[5].pseudonym",
     "required field 'pseudonym'", "- id: sibling"),
    ("blank pseudonym", "      pseudonym: Sibling", "      pseudonym: ''", "register.people[5].pseudonym",
     "pseudonym is required", "pseudonym: ''"),
    ("pseudonym that is a real name", "      pseudonym: Sibling", "      pseudonym: Tyler Hartnell",
     "register.people[5].pseudonym", "is a real name", "pseudonym: Tyler Hartnell"),
    ("unknown place kind", "      kind: nursery", "      kind: playgroup", "register.places[4].kind", "not allowed",
     "kind: playgroup"),
    ("identifier belonging to nobody", "      belongs_to: sibling", "      belongs_to: cousin",
     "register.identifiers[1].belongs_to", "no person", "belongs_to: cousin"),
    ("bad review id", "  id: child-w ", "  id: Child W! ", "review.id", "may hold only lower-case letters, digits and hyphens", "id: Child W!"),
    ("circumstances not allowed", "  circumstances: serious injury", "  circumstances: injury", "review.circumstances",
     "death", "circumstances: injury"),
    ("two subjects", "      role: half-sibling", "      role: half-sibling\n      subject: true", "register.people",
     "more than one person", "  people:"),
]


@pytest.mark.parametrize("what,old,new,field,words,marker", BAD_REVIEWS, ids=[c[0] for c in BAD_REVIEWS])
def test_bad_review_names_file_field_and_line(what, old, new, field, words, marker, make_case, example_review_text,
                                              capsys, tmp_path):
    assert old in example_review_text, f"fixture text not found: {old!r}"
    text = example_review_text.replace(old, new, 1)
    case = make_case(text)
    expected_line = text[: text.index(marker)].count("\n") + 1
    build = tmp_path / "build"
    assert main(["validate", str(case), "--build-dir", str(build)]) == 2
    err = capsys.readouterr().err
    hits = [block for block in err.split("\nerror ") if f"field '{field}'" in block]
    assert hits, f"no message names field {field}:\n{err}"
    assert any(f"review.yaml, line {expected_line}," in h and words in h for h in hits), err
    assert "Traceback" not in err
    assert not build.exists(), "nothing may be written for an invalid case"


def test_every_problem_is_reported_at_once(make_case, example_review_text, capsys, tmp_path):
    text = (example_review_text.replace("  mailbox: safeguarding", "  mailbx: safeguarding")
            .replace("    owners: [education]", "    owners: [educaton]")
            .replace("    incident: 14/03/2025", "    incident: 32/03/2025"))
    case = make_case(text, agencies=["csc", "police"])
    (case / "chronologies" / "polce.csv").write_text("Date\n")
    (case / "chronologies" / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["validate", str(case), "--build-dir", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    for expected in ["mailbx", "educaton", "32/03/2025", "no chronology from Northbrook Homes",
                     "'polce' is no agency id", "did you mean 'police'? If so, rename the file to police.csv",
                     "owner 'educaton' is no agency in review.yaml", "did you mean 'education'?",
                     "'32/03/2025' is not a real date: March has no 32nd", "notes.pdf: is a .pdf"]:
        assert expected in err, f"{expected!r} missing from:\n{err}"


@pytest.mark.parametrize("content,words", [
    ("a: [1, 2\n", "not valid YAML"),
    ("base: &b [x, x]\nmore: [*b, *b]\n", "anchors and aliases"),
    ("- just\n- a list\n", "does not hold a mapping"),
    ("!!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
])
def test_unreadable_yaml(content, words, make_case, capsys, tmp_path):
    case = make_case(content)
    assert main(["validate", str(case), "--build-dir", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert "review.yaml" in err and words in err and "Traceback" not in err


def test_missing_case_folder(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "has no review.yaml" in capsys.readouterr().err


def test_file_linking_outside_the_case(make_case, example_review_text, capsys, tmp_path):
    case = make_case(example_review_text)
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("Date,Source,Event\n")
    (case / "chronologies" / "housing.csv").unlink()
    os.symlink(outside, case / "chronologies" / "housing.csv")
    assert main(["validate", str(case), "--build-dir", str(tmp_path / "b")]) == 2
    assert "points outside the case folder" in capsys.readouterr().err


def test_valid_case_writes_private_case_json(make_case, example_review_text, tmp_path):
    case = make_case(example_review_text)
    build = tmp_path / "build"
    assert main(["validate", str(case), "--build-dir", str(build)]) == 0
    written = build / "child-w" / "internal" / "case.json"
    data = json.loads(written.read_text())
    assert data["review"]["child_public_name"] == "Child W"
    assert data["register"]["people"][0]["pseudonym"] == "Child W"
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert oct(written.parent.stat().st_mode & 0o777) == "0o700"


def test_office_lock_files_are_ignored(make_case, example_review_text, tmp_path):
    case = make_case(example_review_text)
    (case / "chronologies" / "~$police.xlsx").write_bytes(b"lock")
    assert main(["validate", str(case), "--build-dir", str(tmp_path / "b")]) == 0


def test_the_example_case_validates(example_case, tmp_path):
    assert main(["validate", str(example_case), "--build-dir", str(tmp_path / "build")]) == 0
