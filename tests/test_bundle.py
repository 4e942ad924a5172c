"""`lcspr bundle`: the published report for the National Panel, Ofsted and DfE (framework section 9)."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import docx
import pypdfium2
import pytest

from pipeline.case.schema import Review
from pipeline.cli import main
from pipeline.case.timescales import send_by
from pipeline.stages.bundle import leak_problems
from pipeline.case.yamlfile import load_yaml
from tests.conftest import ROOT, fake_publish

MAILBOXES = {"national-panel.eml": "Mailbox.NationalReviewPanel@education.gov.uk",
             "ofsted.eml": "SCR.SIN@ofsted.gov.uk",
             "dfe.eml": "Mailbox.CPOD@education.gov.uk",
             "nspcc.eml": "information@nspcc.org.uk"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run_bundle(case: Path, build: Path, *extra: str) -> int:
    return main(["bundle", str(case), "--build-dir", str(build), *extra])


@pytest.fixture
def bundle(published) -> tuple[Path, bytes]:
    case, build, pdf = published
    assert run_bundle(case, build, "--today", "01/12/2026") == 0
    return build / "child-w" / "bundle", pdf


def zip_entries(folder: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(folder / "child-w-submission.zip") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def parse_eml(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


# --- the send-by date ---------------------------------------------------------------------

@pytest.mark.parametrize("publication, expected", [
    (dt.date(2025, 6, 16), dt.date(2025, 6, 5)),    # Monday: back over one weekend
    (dt.date(2025, 6, 14), dt.date(2025, 6, 5)),    # Saturday: the weekend itself does not count
    (dt.date(2025, 4, 23), dt.date(2025, 4, 10)),   # over Easter Monday and Good Friday
    (dt.date(2025, 5, 6), dt.date(2025, 4, 24)),    # over the early May bank holiday
    (dt.date(2027, 1, 12), dt.date(2026, 12, 31)),  # over New Year's Day
    (dt.date(2026, 1, 6), dt.date(2025, 12, 23)),   # over Christmas, Boxing Day and New Year's Day
    (dt.date(2025, 9, 2), dt.date(2025, 8, 21)),    # over the summer bank holiday
])
def test_send_by_is_seven_working_days_before_publication(publication, expected):
    assert send_by(publication) == expected


# --- the gate: only a report that passed publish, for these inputs -------------------------

def test_refuses_without_a_publish(letters_case, tmp_path, capsys):
    assert run_bundle(letters_case, tmp_path / "build") == 1
    err = capsys.readouterr().err
    assert "has not been published" in err and "make publish" in err
    assert not (tmp_path / "build" / "child-w" / "bundle").exists()


def test_refuses_without_the_partners_sign_off(letters_case, tmp_path, capsys):
    review = letters_case / "review.yaml"
    review.write_text(re.sub(r"\n    completed: .*", "", review.read_text()))
    fake_publish(letters_case, tmp_path / "build")
    assert run_bundle(letters_case, tmp_path / "build") == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "not signed the final report off" in err and "review.dates.completed" in err and "review.yaml, line" in err
    assert "bundle not built" in err
    assert not (tmp_path / "build" / "child-w" / "bundle").exists()


def test_refuses_without_a_signatory(letters_case, edit_review, tmp_path, capsys):
    edit_review(letters_case, lambda data: data.pop("signatory"))
    fake_publish(letters_case, tmp_path / "build")
    assert run_bundle(letters_case, tmp_path / "build") == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no one is named to sign the covering letter" in err and "review.yaml, line" in err and "signatory" in err
    assert not (tmp_path / "build" / "child-w" / "bundle").exists()


def test_refuses_when_the_leak_scan_failed(letters_case, tmp_path, capsys):
    fake_publish(letters_case, tmp_path / "build", leak_scan="failed")
    assert run_bundle(letters_case, tmp_path / "build") == 1
    assert "leak scan did not pass" in capsys.readouterr().err


def test_refuses_a_pdf_changed_after_the_leak_scan(published, capsys):
    case, build, pdf = published
    (build / "child-w" / "public" / "child-w.pdf").write_bytes(pdf + b"\n% edited")
    assert run_bundle(case, build) == 1
    assert "not the one that passed the leak scan" in capsys.readouterr().err


def test_refuses_when_the_inputs_changed_since_publish(published, capsys):
    case, build, _ = published
    with (case / "review.yaml").open("a") as handle:
        handle.write("\n# edited after publish\n")
    assert run_bundle(case, build) == 1
    assert "changed since the report was published" in capsys.readouterr().err
    assert not (build / "child-w" / "bundle" / "child-w-submission.zip").exists()


def test_refuses_an_unreadable_record(published, capsys):
    case, build, _ = published
    (build / "child-w" / "public" / "publish-record.json").write_text("{not json")
    assert run_bundle(case, build) == 1
    assert "cannot be read as JSON" in capsys.readouterr().err


# --- the zip ------------------------------------------------------------------------------

def test_zip_carries_the_published_pdf_byte_for_byte(bundle):
    folder, pdf = bundle
    assert zip_entries(folder)["child-w.pdf"] == pdf


def test_manifest_verifies_against_the_zip(bundle):
    folder, _ = bundle
    entries = zip_entries(folder)
    rows = list(csv.DictReader(io.StringIO(entries["manifest.csv"].decode())))
    assert rows == [{k: str(v) for k, v in row.items()} for row in json.loads(entries["manifest.json"])]
    assert {r["file"] for r in rows} == set(entries) - {"manifest.csv", "manifest.json"}
    for row in rows:
        data = entries[row["file"]]
        assert int(row["bytes"]) == len(data) and row["sha256"] == sha(data), row["file"]


def test_zip_is_deterministic(published, tmp_path):
    case, build, _ = published
    assert run_bundle(case, build, "--today", "01/12/2026") == 0
    first = (build / "child-w" / "bundle" / "child-w-submission.zip").read_bytes()
    emails = {p.name: p.read_bytes() for p in (build / "child-w" / "bundle" / "emails").iterdir()}
    shutil.rmtree(build / "child-w" / "bundle")
    assert run_bundle(case, build, "--today", "01/12/2026") == 0
    assert (build / "child-w" / "bundle" / "child-w-submission.zip").read_bytes() == first
    assert {p.name: p.read_bytes() for p in (build / "child-w" / "bundle" / "emails").iterdir()} == emails
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 12, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_readme_is_written_to_its_recipients(bundle):
    folder, _ = bundle
    readme = " ".join(zip_entries(folder)["README.txt"].decode().split())
    for words in ["To the Child Safeguarding Practice Review Panel, Ofsted and the Department for Education",
                  "from Northbrook Safeguarding Children Partnership, 1 December 2026",
                  "plans to publish on 12 January 2027", "by 31 December 2026", "signed the final report off on "
                  "20 November 2026", "led by Dr Morwenna Fictional", "signed by Priya Examplewood, Independent "
                  "Scrutineer", "so you can check that nothing changed", "information@nspcc.org.uk"]:
        assert words in readme, words
    for sender_words in ["email the report", "Send by:", "emails/", ".eml", "beside this zip"]:
        assert sender_words not in readme, sender_words


def test_covering_letter_reads_back_in_word_and_pdf(bundle):
    folder, _ = bundle
    entries = zip_entries(folder)
    document = docx.Document(io.BytesIO(entries["child-w-covering-letter.docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    pdf = pypdfium2.PdfDocument(entries["child-w-covering-letter.pdf"])
    pdf_text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).replace("\r\n", " ")
    for words in ["Dear Colleagues,", "1 December 2026", "publish on 12 January 2027",
                  "Dr Morwenna Fictional, Independent Lead Reviewer", "SCR.SIN@ofsted.gov.uk",
                  "Priya Examplewood", "Independent Scrutineer, on behalf of the Safeguarding Partners",
                  "Northbrook Safeguarding Children Partnership"]:
        assert words in text, words
        assert words in pdf_text.replace("\n", " "), words
    assert "31 December 2026" not in text       # dated the day it is built, not the send-by date
    assert "{{" not in text and "{%" not in text
    props = document.core_properties
    assert props.author == props.last_modified_by == "Northbrook Safeguarding Children Partnership"
    assert props.created == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


# --- the emails ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, mailbox", MAILBOXES.items())
def test_each_email_parses_with_its_recipient_and_the_report(bundle, name, mailbox):
    folder, pdf = bundle
    message = parse_eml(folder / "emails" / name)
    assert message["To"].addresses[0].addr_spec == mailbox
    assert message["From"].addresses[0].addr_spec == "safeguarding.partnership@example.co.uk"
    assert "Child W" in message["Subject"] and message["Message-ID"]
    assert message["Date"].datetime.date() == dt.date(2026, 12, 1)   # the day it was built (--today)
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert sha(attached["child-w.pdf"]) == sha(pdf)
    body = message.get_body(("plain",)).get_content()
    assert "12 January 2027" in body and "{{" not in body
    assert "Priya Examplewood\r\nIndependent Scrutineer" in body


def test_mailboxes_can_be_overridden_in_review_yaml(letters_case, tmp_path):
    with (letters_case / "review.yaml").open("a") as handle:
        handle.write("\nmailboxes:\n  ofsted: test.ofsted@example.co.uk\n")
    build = tmp_path / "build"
    fake_publish(letters_case, build)
    assert run_bundle(letters_case, build) == 0
    message = parse_eml(build / "child-w" / "bundle" / "emails" / "ofsted.eml")
    assert message["To"].addresses[0].addr_spec == "test.ofsted@example.co.uk"


# --- lateness -----------------------------------------------------------------------------

@pytest.mark.parametrize("today, late", [("31/12/2026", False), ("04/01/2027", True)])
def test_late_bundle_is_built_and_says_what_to_do(published, capsys, today, late):
    case, build, _ = published
    assert run_bundle(case, build, "--today", today) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert (build / "child-w" / "bundle" / "child-w-submission.zip").exists()
    if late:
        assert "send-by date has passed" in err and "31 December 2026" in err
        assert "inform the National Panel and the Secretary of State (DfE) of the delay and the reasons" in err
    else:
        assert "by Thursday 31 December 2026" in err and "passed" not in err


# --- confidentiality ----------------------------------------------------------------------

def register_values(case: Path) -> list[str]:
    """Every register value, and the parts of names and addresses that identify on their own."""
    data, _ = load_yaml(case / "review.yaml")
    register = Review.model_validate(data).register
    values: set[str] = set()
    for person in register.people:
        for name in [person.name, *person.aliases]:
            values |= {name, *(part for part in name.split() if len(part) > 2)}
        values |= {line for line in person.address if any(c.isdigit() for c in line)}
        if person.date_of_birth:
            d = person.date_of_birth
            values |= {f"{d:%d/%m/%Y}", d.isoformat(), f"{d.day} {d:%B %Y}"}
    for place in register.places:
        values |= {place.name, *place.aliases}
    values |= {ident.value for ident in register.identifiers}
    return sorted(values)


def texts_of(name: str, data: bytes) -> list[str]:
    """Everything a reader or a program could find in a file: text, XML parts, PDF text, email parts."""
    if name.endswith(".zip") or name.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [t for member in archive.namelist() for t in texts_of(member, archive.read(member))]
    if name.endswith(".pdf"):
        pdf = pypdfium2.PdfDocument(data)
        return [*map(str, pdf.get_metadata_dict().values()), *(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))]
    if name.endswith(".eml"):
        message = BytesParser(policy=policy.default).parsebytes(data)
        found = [str(v) for v in message.values()]
        for part in message.walk():
            if part.is_multipart():
                continue
            content = part.get_content()
            found += texts_of(part.get_filename() or "body.txt", content if isinstance(content, bytes) else content.encode())
        return found
    return [data.decode("utf-8", "replace")]


def register_leaks(folder: Path, case: Path) -> list[str]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) == 5
    haystack = "\n".join(t for path in files for t in texts_of(path.name, path.read_bytes()))
    assert "Dr Morwenna Fictional" in haystack and "Child W" in haystack  # the search does see the text
    return [value for value in register_values(case)
            if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", haystack, re.IGNORECASE)]


def test_nothing_from_the_register_appears_in_the_bundle(bundle, letters_case):
    folder, _ = bundle
    assert register_leaks(folder, letters_case) == []


REFUSED_FIELDS = {  # (review.yaml field, change): a register value typed into a field the bundle publishes
    "reviewer named like the mother": ("review.lead_reviewers[0].name",
                                       lambda d: d["review"]["lead_reviewers"][0].update(name="Shannon Hartnell"),
                                       "register person 'mother'"),
    "hospital in the reviewer's title": ("review.lead_reviewers[0].title",
                                         lambda d: d["review"]["lead_reviewers"][0].update(
                                             title="Named Nurse, Northbrook General Hospital"),
                                         "register place 'hospital'"),
    "nickname in the title": ("review.title", lambda d: d["review"].update(title="A review about Shaz"),
                              "register person 'mother'"),
    "street in the partnership's address": ("partnership.address[0]",
                                            lambda d: d["partnership"].update(address=["14 Larkspur Close"]),
                                            "register place 'home'"),
    "register email as a mailbox": ("mailboxes.dfe",
                                    lambda d: d.setdefault("mailboxes", {}).update(dfe="shaz.h95@example.co.uk"),
                                    "register identifier 'mother-email'"),
    "surname in an agency's public name": ("agencies[0].public_name",
                                           lambda d: d["agencies"][0].update(public_name="Hartnell family support"),
                                           "register person"),
}


@pytest.mark.parametrize("name", REFUSED_FIELDS)
def test_register_value_in_a_published_field_is_refused(name, letters_case, edit_review, tmp_path, capsys):
    field, change, entry = REFUSED_FIELDS[name]
    edit_review(letters_case, change)
    build = tmp_path / "build"
    fake_publish(letters_case, build)
    assert run_bundle(letters_case, build) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "review.yaml, line " in err and f"field '{field}'" in err and entry in err and "is published" in err
    assert "Traceback" not in err
    assert not (build / "child-w" / "bundle").exists()


def test_a_register_value_in_the_published_pdf_holds_the_bundle(letters_case, tmp_path, capsys):
    """The leak scan reads every file the bundle would write, not only review.yaml's fields."""
    from pipeline.tools.weasy import render_pdf

    build = tmp_path / "build"
    fake_publish(letters_case, build)
    public = build / "child-w" / "public"
    pdf = render_pdf('<html lang="en-GB"><head><title>Child W</title></head><body><p>Willow Hartnell</p></body></html>',
                     base_dir=public, roots=[], what="test", date=dt.date(2027, 1, 12))
    (public / "child-w.pdf").write_bytes(pdf)
    record = json.loads((public / "publish-record.json").read_text())
    (public / "publish-record.json").write_text(json.dumps(record | {"pdf_sha256": sha(pdf)}))
    assert run_bundle(letters_case, build) == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "bundle/child-w.pdf" in err and "the name of the person the report calls Child W" in err and "page 1" in err
    assert "no bundle was written" in err and "Willow" not in err   # the message never repeats the value
    assert not (build / "child-w" / "bundle").exists()


def test_the_scan_reads_word_xml_split_across_runs_and_encoded_email_parts(tmp_path):
    """What a user cannot plant through review.yaml (its fields are refused first) the scan still reads:
    a name split over two Word runs, a base64 email body, an RFC 2047 header, a file name."""
    review = Review.model_validate(load_yaml(ROOT / "examples/child-w/review.yaml")[0])
    document = docx.Document()
    paragraph = document.add_paragraph("Letter about ")
    paragraph.add_run("Hart")
    paragraph.add_run("nell")
    letter = io.BytesIO()
    document.save(letter)
    message = EmailMessage()
    message["Subject"] = "Report – Kingfisher Medical Centre"
    message.set_content("Dear colleagues,\nShaz moved to 22 Orchard Row.\n", cte="base64")
    files = {"letter.docx": letter.getvalue(), "emails/x.eml": bytes(message), "README.txt": b"nothing here\n"}
    found = {(p.file, p.message.split(" found in ")[1]): p.message for p in
             leak_problems(review, files, ["NB4 7QT.zip"], tmp_path)}
    letter_hits = [m for (file, part), m in found.items() if file == "bundle/letter.docx"
                   and part.startswith("word/document.xml text, line")]
    assert letter_hits and "the surname of the person the report calls Mother" in letter_hits[0]
    assert ("bundle/emails/x.eml", "headers, line 1") in found
    assert any(file == "bundle/emails/x.eml" and part.startswith("part 1 text") for file, part in found)
    assert ("bundle/NB4 7QT.zip", "its file name") in found
    assert not any(file == "bundle/README.txt" for file, _ in found)


_opened: list[str] = []
_recording = {"on": False}


def _record_opens(event, args):
    """An audit hook sees every file Python opens, whichever library opens it (WeasyPrint included)."""
    if _recording["on"] and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        _opened.append(str(args[0]))


sys.addaudithook(_record_opens)


def test_bundle_never_reads_internal(published):
    case, build, _ = published
    assert main(["letters", str(case), "--build-dir", str(build)]) == 0
    internal = build / "child-w" / "internal"
    assert any(internal.rglob("*.docx"))
    _opened.clear()
    _recording["on"] = True
    try:
        assert run_bundle(case, build) == 0
    finally:
        _recording["on"] = False
    assert any("publish-record.json" in p for p in _opened)  # the hook does see the bundle's reads
    assert not [p for p in _opened if "/internal" in p]
    shutil.rmtree(internal)
    assert run_bundle(case, build) == 0
    assert not internal.exists()


# --- improvements-only: the full report still goes to the Panel, Ofsted and DfE -------------

FULL_REPORT = "child-w-full-report-not-for-publication.pdf"


def pdf_words(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    return " ".join(text.split())


def email_of(path: Path) -> tuple[str, str, dict[str, bytes]]:
    """(subject, body, {attachment name: bytes}) of a written email."""
    message = parse_eml(path)
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    return str(message["Subject"]), " ".join(message.get_body(("plain",)).get_content().split()), attached


@pytest.fixture(scope="module")
def improvements_bundle(tmp_path_factory) -> tuple[Path, Path]:
    """The example case published with `publication: improvements-only`, and bundled: (public/, bundle/)."""
    import yaml
    from tests.conftest import EXAMPLE, PUBLIC_REPORT
    from pipeline.case.load import load_case

    root = tmp_path_factory.mktemp("improvements")
    case, build = root / "case", root / "build"
    (case / "redaction").mkdir(parents=True)
    data = yaml.safe_load((EXAMPLE / "review.yaml").read_text(encoding="utf-8")) | {"publication": "improvements-only"}
    (case / "review.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(EXAMPLE / "redaction" / "decisions.yaml", case / "redaction" / "decisions.yaml")
    ctx = load_case(case, build, with_files=False)
    (ctx.zone("redaction") / "status.json").write_text('{"pending": 0}')
    ctx.public_text_file.write_text(PUBLIC_REPORT, encoding="utf-8")
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    assert run_bundle(case, build, "--today", "01/12/2026") == 0
    return build / "child-w" / "public", build / "child-w" / "bundle"


def test_improvements_only_publishes_both_documents_under_names_that_say_which_is_which(improvements_bundle):
    public, _ = improvements_bundle
    assert sorted(p.name for p in public.iterdir()) == [
        "child-w-full-report-not-for-publication.html", FULL_REPORT, "child-w.html", "child-w.pdf",
        "publish-record.json"]
    website = pdf_words((public / "child-w.pdf").read_bytes())
    report = pdf_words((public / FULL_REPORT).read_bytes())
    assert "Why the report is not published" in website and "Commission training on coercive control" not in website
    assert "Commission training on coercive control" in report and "Why the report is not published" not in report
    links = {name: re.findall(r'href="([^"#:]+\.pdf)"', (public / name).read_text(encoding="utf-8"))
             for name in ("child-w.html", "child-w-full-report-not-for-publication.html")}
    assert links == {"child-w.html": ["child-w.pdf"], "child-w-full-report-not-for-publication.html": [FULL_REPORT]}


def test_improvements_only_sends_the_full_report_to_the_panel_and_says_what_is_published(improvements_bundle):
    public, folder = improvements_bundle
    entries = zip_entries(folder)
    assert entries[FULL_REPORT] == (public / FULL_REPORT).read_bytes()
    assert entries["child-w.pdf"] == (public / "child-w.pdf").read_bytes()
    readme = " ".join(entries["README.txt"].decode().split())
    assert f"{FULL_REPORT}: the full report (anonymised); it will not be published" in readme
    assert "child-w.pdf: the improvements document, exactly as it will be published in place of the report" in readme
    letter = "\n".join(p.text for p in docx.Document(io.BytesIO(entries["child-w-covering-letter.docx"])).paragraphs)
    assert "would not be appropriate to publish the report itself" in letter and FULL_REPORT in letter
    for name in ("national-panel.eml", "ofsted.eml", "dfe.eml"):
        subject, body, attached = email_of(folder / "emails" / name)
        assert subject.startswith("Full report (not published")
        assert attached[FULL_REPORT] == entries[FULL_REPORT] and attached["child-w.pdf"] == entries["child-w.pdf"]
        assert f"{FULL_REPORT}: the full report (anonymised), which will not be published" in body
        assert "child-w.pdf: the improvements document, as it will be published in place of the report" in body


def test_improvements_only_sends_the_nspcc_what_is_published_and_not_the_full_report(improvements_bundle):
    public, folder = improvements_bundle
    subject, body, attached = email_of(folder / "emails" / "nspcc.eml")
    assert list(attached) == ["child-w.pdf"] and attached["child-w.pdf"] == (public / "child-w.pdf").read_bytes()
    assert "improvements document" in subject
    assert "published improvements document (child-w.pdf)" in body and "the full report is not published" in body


def test_going_back_to_publishing_the_report_removes_the_full_report_copy(improvements_bundle, tmp_path):
    public, _ = improvements_bundle
    case, build = tmp_path / "case", tmp_path / "build"
    shutil.copytree(public.parent.parent.parent / "case", case)
    shutil.copytree(public.parent, build / "child-w")
    review = case / "review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("publication: improvements-only\n", ""),
                      encoding="utf-8")
    assert main(["publish", str(case), "--build-dir", str(build)]) == 0
    moved = build / "child-w" / "public"
    assert sorted(p.name for p in moved.iterdir()) == ["child-w.html", "child-w.pdf", "publish-record.json"]
    assert "Commission training on coercive control" in pdf_words((moved / "child-w.pdf").read_bytes())
