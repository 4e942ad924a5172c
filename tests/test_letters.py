"""`lcspr letters`: the framework's Appendices 5, 7, 9 and 11, filled from review.yaml."""
from __future__ import annotations

import datetime as dt
import re
import stat
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.chronology.template import KEY_EVENT_HEADERS
from pipeline.cli import main
from pipeline.wording import long_date

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "letters"
PARTNERSHIP = "Northbrook Safeguarding Children Partnership"
AGENCY_NAMES = ["Northbrook Borough Council Children's Social Care", "Northbrook Constabulary",
                "Northbrook Hospitals NHS Foundation Trust", "Northbrook Primary Care Network",
                "Northbrook Community Health Services (School Nursing)",
                "Northbrook Borough Council Education Service", "Northbrook Homes"]
LEFTOVERS = ["{{", "}}", "{%", "%}", "[insert", "INSERT", "ADD DATE", "ADD CONTACT", "None"]


def docx_text(path: Path) -> str:
    """Every paragraph and table cell, as a reader sees them."""
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


LETTER_DATE = "16/06/2025"


def run_letters(case: Path, build: Path, *extra: str) -> Path:
    """The letters, dated LETTER_DATE unless `extra` gives another --date."""
    dated = extra if "--date" in extra else ("--date", LETTER_DATE, *extra)
    assert main(["letters", str(case), "--build-dir", str(build), *dated]) == 0
    return build / "child-w" / "internal" / "letters"


ENCLOSED_LEAFLET = "Child Safeguarding Practice Reviews: Information for Parents and Carers (leaflet)"
EXPECTED = {
    "family-letter-mother.docx": ["Private and confidential", "Dear Ms Hartnell,", "14 Larkspur Close", "NB4 7QT",
                                  "16 June 2025", "serious injury to your daughter, Willow.",
                                  "before Willow was seriously injured",
                                  "My name is Dr Morwenna Fictional", "Independent Lead Reviewer",
                                  "07700 900100", "lead.reviewer@example.co.uk", "Enc:", ENCLOSED_LEAFLET],
    "family-letter-father.docx": ["Private and confidential", "Dear Mr Pryce,", "your daughter, Willow",
                                  "Flat 3", "22 Orchard Row", "Eastbury", "EB2 9LN", ENCLOSED_LEAFLET],
    "family-letter-grandmother.docx": ["Private and confidential", "Dear Mrs Hartnell,",
                                       "serious injury to your granddaughter, Willow.", "7 Heron Way",
                                       ENCLOSED_LEAFLET],
    "family-leaflet.docx": ["Information for Parents and Carers",
                            "The Independent Lead Reviewer for your case is: Dr Morwenna Fictional",
                            "safeguarding.partnership@example.co.uk", "within six months",
                            "published on the Northbrook Safeguarding Children Partnership website"],
    "chronology-request-gp/chronology-request-gp.docx": [
        "OFFICIAL-SENSITIVE", "16 June 2025",
        "Dear Named GP for Safeguarding,", "Northbrook Primary Care Network", "gp.safeguarding@example.co.uk",
        "Willow Hartnell (born 14 February 2018)", "no later than 30 May 2025",
        "from 1 September 2023 to 14 March 2025", "Workshop on 18 July 2025",
        "Case summary: Child W, aged seven", "safeguarding.partnership@example.co.uk",
        "Shannon Hartnell", "Shannon Pryce, Shaz", "3 July 1995", "14 Larkspur Close, Northbrook, NB4 7QT",
        "Dean Corrigan", "Deano, Dean Corrigan-Bell", "21 November 1990", "mother's partner",
        "Tyler Hartnell", "8 October 2021", "Liam Price", "Flat 3, 22 Orchard Row, Eastbury, EB2 9LN",
        "Addresses known to the review: 14 Larkspur Close and 22 Orchard Row."],
    "chronology-request-police/chronology-request-police.docx": ["Dear Safeguarding Lead,", "Northbrook Constabulary",
                                                                 "Maureen Hartnell", "Nanna Mo"],
    "practitioner-session-invitation.docx": [
        "OFFICIAL-SENSITIVE", "16 June 2025", "Dear Colleague,", "Willow Hartnell (born 14 February 2018)",
        "Friday 18 July 2025, 9:30am to 1:00pm", "At Northbrook Civic Offices, Committee Room 2",
        "online: https://meet.example.co.uk/northbrook-practitioner-session", "Dr Morwenna Fictional",
        "enclosed briefing and agenda", "Briefing on the Reflective Practitioner Session",
        "Agenda for the Reflective Practitioner Session"],
    "practitioner-session-briefing.docx": [
        "Briefing on the Reflective Practitioner Session", "Friday 18 July 2025, 9:30am to 1:00pm",
        "It is NOT looking to attribute blame", "led by Dr Morwenna Fictional", "Practitioner Support"],
    "practitioner-session-agenda.docx": [
        "Date / Time: Friday 18 July 2025, 9:30am to 1:00pm", "Venue: Northbrook Civic Offices, Committee Room 2",
        "9:15am", "Registration", "9:30am", "Welcome and Introductions", "11:00am", "Break",
        "Key Lines of Inquiry and Questions", "How were adults new to the household identified and assessed?",
        "12:30pm", "Evaluation and Close"],
    "terms-of-reference.docx": [
        "Terms of Reference for a Child Safeguarding Practice Review",
        "Local Child Safeguarding Practice Review: Child W", "Child W, aged seven, was admitted",
        "On 22 April 2025", "serious injury to Child W on 14 March 2025",
        "Dr Morwenna Fictional, Independent Lead Reviewer",
        "How well did agencies understand and respond to the risk of domestic abuse in the household?",
        "How were adults new to the household identified and assessed?",
        "from 1 September 2023 to 14 March 2025", "Maternal grandmother", "by 22 October 2025",
        "31 December 2026", "12 January 2027", "30 May 2025", *AGENCY_NAMES],
}


@pytest.fixture
def letters(letters_case, tmp_path) -> Path:
    return run_letters(letters_case, tmp_path / "build")


@pytest.mark.parametrize("name, expected", EXPECTED.items(), ids=list(EXPECTED))
def test_letter_reads_back_with_names_and_dates(letters, name, expected):
    text = docx_text(letters / name)
    missing = [e for e in expected if e not in text]
    assert not missing, f"{name} lacks {missing}"
    left = [token for token in LEFTOVERS if token in text]
    assert not left, f"{name} still holds {left}"


def letter_files(folder: Path) -> list[Path]:
    """The letters themselves, without the blank chronology templates in the request packs."""
    return [p for p in folder.rglob("*.docx") if not p.name.startswith("chronology-template")]


AGENCIES = ["csc", "education", "gp", "hospital", "housing", "police", "school-nursing"]


def test_one_letter_per_family_member_and_request_per_agency(letters):
    names = sorted(str(p.relative_to(letters)) for p in letter_files(letters))
    assert names == sorted([f"chronology-request-{a}/chronology-request-{a}.docx" for a in AGENCIES]
                           + ["family-letter-father.docx", "family-letter-grandmother.docx",
                              "family-letter-mother.docx", "family-leaflet.docx",
                              "practitioner-session-invitation.docx", "practitioner-session-briefing.docx",
                              "practitioner-session-agenda.docx", "terms-of-reference.docx"])


def test_sibling_and_partner_get_no_family_letter(letters):
    text = "\n".join(docx_text(p) for p in letters.glob("family-letter-*.docx"))
    assert "Dean Corrigan" not in text and "Tyler" not in text


@pytest.mark.parametrize("name", list(EXPECTED))
def test_document_properties_are_the_partnerships(letters, name):
    props = docx.Document(letters / name).core_properties
    assert props.author == PARTNERSHIP and props.last_modified_by == PARTNERSHIP
    assert props.title and "{{" not in props.title
    assert props.created == props.modified == dt.datetime(2025, 6, 16, 9, 0, tzinfo=dt.timezone.utc)
    with zipfile.ZipFile(letters / name) as package:
        core = package.read("docProps/core.xml").decode()
    assert "python-docx" not in core


def test_letters_are_private(letters):
    assert stat.S_IMODE(letters.stat().st_mode) == 0o700
    for path in letters.rglob("*.*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


DATED = ["terms-of-reference.docx", "family-letter-mother.docx", "practitioner-session-invitation.docx",
         "chronology-request-gp/chronology-request-gp.docx"]


def test_date_option_dates_every_letter(letters_case, tmp_path):
    folder = run_letters(letters_case, tmp_path / "build", "--date", "01/07/2025")
    for name in DATED:
        assert "1 July 2025" in docx_text(folder / name), name
    for path in letter_files(folder):
        assert docx.Document(path).core_properties.created == dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.timezone.utc)


def test_letters_are_dated_today_not_the_decision_date(letters_case, tmp_path):
    assert main(["letters", str(letters_case), "--build-dir", str(tmp_path / "build")]) == 0
    folder = tmp_path / "build" / "child-w" / "internal" / "letters"
    today = long_date(dt.date.today())
    for name in DATED:
        text = docx_text(folder / name)
        assert today in text, name
        if today != "22 April 2025" and name != "terms-of-reference.docx":   # its timetable has the decision
            assert "22 April 2025" not in text, name


def test_same_case_gives_same_bytes(letters_case, tmp_path):
    first, second = (run_letters(letters_case, tmp_path / name) for name in ("a", "b"))
    assert len(list(first.rglob("*.xlsx"))) == len(AGENCIES)
    for path in first.rglob("*.*"):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_ampersand_in_a_name_is_escaped(letters_case, tmp_path):
    yaml_path = letters_case / "review.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("name: Northbrook Homes", "name: Northbrook Homes & Care <Ltd>"))
    folder = run_letters(letters_case, tmp_path / "build")
    assert "Northbrook Homes & Care <Ltd>" in docx_text(folder / "chronology-request-housing/chronology-request-housing.docx")


def test_letter_for_a_person_no_longer_listed_is_removed(letters_case, tmp_path):
    folder = run_letters(letters_case, tmp_path / "build")
    yaml_path = letters_case / "review.yaml"
    text = yaml_path.read_text()
    father = text.index("pseudonym: Father")
    yaml_path.write_text(text[:father] + text[father:].replace("family_letter: true", "family_letter: false", 1))
    run_letters(letters_case, tmp_path / "build")
    assert not (folder / "family-letter-father.docx").exists()
    assert (folder / "family-letter-mother.docx").exists()


@pytest.mark.parametrize("agency", AGENCIES)
def test_request_pack_holds_letter_and_blank_template(letters, agency):
    pack = letters / f"chronology-request-{agency}"
    assert sorted(p.name for p in pack.iterdir()) == sorted([f"chronology-request-{agency}.docx",
                                                            "chronology-template.docx", "chronology-template.xlsx"])
    workbook = openpyxl.load_workbook(pack / "chronology-template.xlsx")
    assert workbook.sheetnames == ["Instructions", "Key events", "Lists", "Organisational changes"]
    assert [c.value for c in workbook["Key events"][1]] == list(KEY_EVENT_HEADERS)
    assert workbook.properties.creator == PARTNERSHIP
    assert workbook.properties.created == dt.datetime(2025, 6, 16, 9, 0)
    document = docx.Document(pack / "chronology-template.docx")
    assert [c.text for c in document.tables[0].rows[0].cells] == list(KEY_EVENT_HEADERS)
    assert document.core_properties.author == PARTNERSHIP


def test_request_pack_of_an_agency_no_longer_listed_is_removed(letters_case, tmp_path):
    folder = run_letters(letters_case, tmp_path / "build")
    stale = folder / "chronology-request-old-agency"
    stale.mkdir()
    (stale / "chronology-template.xlsx").write_bytes((folder / "chronology-request-gp/chronology-template.xlsx").read_bytes())
    review = letters_case / "review.yaml"   # the letters are written again when review.yaml changes
    review.write_text(review.read_text().replace("contact_role: Named GP for Safeguarding", "contact_role: Named GP"))
    run_letters(letters_case, tmp_path / "build")
    assert not stale.exists()
    assert (folder / "chronology-request-gp" / "chronology-template.xlsx").exists()


SKIPPED = {  # the optional field left out: (its line in review.yaml, the letters not written, the words said)
    "practitioner_session": ("    practitioner_session: 18/07/2025\n",
                             ["practitioner-session-invitation.docx", "practitioner-session-briefing.docx",
                              "practitioner-session-agenda.docx"],
                             ["skipped the practitioner session invitation, briefing and agenda",
                              "review.dates.practitioner_session is not given"]),
    "chronology_deadline": ("    chronology_deadline: 30/05/2025\n",
                            [f"chronology-request-{a}/chronology-request-{a}.docx" for a in AGENCIES]
                            + [f"chronology-request-{a}/chronology-template.xlsx" for a in AGENCIES],
                            ["skipped the 7 chronology request packs", "review.dates.chronology_deadline is not given"]),
    "address": ("      address: [7 Heron Way, Northbrook, NB3 2DF]\n", ["family-letter-grandmother.docx"],
                ["skipped the family letter to grandmother", "register.people.4.address is not given"]),
}


@pytest.mark.parametrize("field", SKIPPED)
def test_a_letter_lacking_an_optional_field_is_skipped_and_the_others_written(letters_case, tmp_path, capsys, field):
    line, not_written, words = SKIPPED[field]
    yaml_path = letters_case / "review.yaml"
    text = yaml_path.read_text()
    assert line in text
    yaml_path.write_text(text.replace(line, ""))
    folder = run_letters(letters_case, tmp_path / "build")
    err = " ".join(capsys.readouterr().err.split())
    assert all(w in err for w in words), err
    assert not [name for name in not_written if (folder / name).exists()]
    written = {str(p.relative_to(folder)) for p in letter_files(folder)}
    assert "terms-of-reference.docx" in written and "family-letter-mother.docx" in written
    assert len(written) == 15 - sum(name.endswith(".docx") for name in not_written)


def test_terms_of_reference_without_the_optional_dates_lists_the_other_steps(letters_case, tmp_path):
    yaml_path = letters_case / "review.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("    practitioner_session: 18/07/2025\n", ""))
    text = docx_text(run_letters(letters_case, tmp_path / "build") / "terms-of-reference.docx")
    assert "Agency chronologies returned" in text and "Reflective practitioner session\n" not in text


@pytest.mark.parametrize("field, line", [
    ("review.lead_reviewers", "  lead_reviewers:                   # named in the published report\n"
                              "    - name: Dr Morwenna Fictional\n      title: Independent Lead Reviewer\n"
                              "      email: lead.reviewer@example.co.uk\n"),
    ("register.people", "      subject: true\n"),
])
def test_without_a_signer_or_a_child_no_letter_is_written(letters_case, tmp_path, capsys, field, line):
    yaml_path = letters_case / "review.yaml"
    text = yaml_path.read_text()
    assert line in text
    yaml_path.write_text(text.replace(line, ""))
    assert main(["letters", str(letters_case), "--build-dir", str(tmp_path / "build")]) == 2
    err = capsys.readouterr().err
    assert field in err and "review.yaml" in err
    assert not (tmp_path / "build" / "child-w" / "internal" / "letters").exists()


def edit_person(case: Path, edit_review, person_id: str, **fields) -> None:
    def change(data):
        person = next(p for p in data["register"]["people"] if p["id"] == person_id)
        for key, value in fields.items():
            if value is None:
                person.pop(key, None)
            else:
                person[key] = value
    edit_review(case, change)


@pytest.mark.parametrize("person, fields, expected", [
    ("mother", {"salutation": "Shannon"}, ["Dear Shannon,"]),
    ("mother", {"title": None}, ["Dear Shannon Hartnell,"]),
    ("grandmother", {"relationship": "your grandchild"}, ["serious injury to your grandchild, Willow."]),
    ("father", {"role": "mother's former partner"}, ["serious injury to Willow.", "Dear Mr Pryce,"]),
])
def test_salutation_and_relationship_overrides(letters_case, edit_review, tmp_path, person, fields, expected):
    edit_person(letters_case, edit_review, person, **fields)
    text = docx_text(run_letters(letters_case, tmp_path / "build") / f"family-letter-{person}.docx")
    assert all(e in text for e in expected), text


def test_without_the_childs_gender_the_letter_says_your_child(letters_case, edit_review, tmp_path):
    edit_person(letters_case, edit_review, "child", gender=None)
    folder = run_letters(letters_case, tmp_path / "build")
    assert "serious injury to your child, Willow." in docx_text(folder / "family-letter-mother.docx")
    assert "your grandchild, Willow." in docx_text(folder / "family-letter-grandmother.docx")


@pytest.mark.parametrize("session, when, where, agenda_start", [
    ({"starts": "14:00"}, "Friday 18 July 2025, 2:00pm", "The venue will follow.", "1:45pm"),
    ({"link": "https://meet.example.co.uk/x"}, "Friday 18 July 2025\n", "Online: https://meet.example.co.uk/x. "
                                                                        "The time will follow.", "9:45am"),
    (None, "Friday 18 July 2025\n", "The time and venue will follow.", "9:45am"),
])
def test_invitation_says_what_is_known_and_what_will_follow(letters_case, edit_review, tmp_path,
                                                            session, when, where, agenda_start):
    def change(data):
        data["review"].pop("session")
        if session:
            data["review"]["session"] = session
    edit_review(letters_case, change)
    folder = run_letters(letters_case, tmp_path / "build")
    text = docx_text(folder / "practitioner-session-invitation.docx")
    assert when in text and where in text, text
    assert f"{agenda_start}\nRegistration" in docx_text(folder / "practitioner-session-agenda.docx")


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda p: p.name)
def test_every_template_tag_sits_in_one_run(template):
    """docxtpl cannot see a tag Word has split across runs: each run must open and close its own tags."""
    with zipfile.ZipFile(template) as package:
        xml = package.read("word/document.xml").decode()
    runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    assert any("{{" in r for r in runs)
    for text in runs:
        assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}"), text


@pytest.mark.parametrize("day, words", [(dt.date(2025, 6, 16), "16 June 2025"), (dt.date(2026, 1, 1), "1 January 2026")])
def test_dates_read_naturally(day, words):
    assert long_date(day) == words
