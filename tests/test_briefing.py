"""The 7-minute briefing (`lcspr briefing`) and the improvements-only route (`publication:
improvements-only`): what a reader gets (the PDF's pages and text, the HTML in a browser), and
what holds them (a register value in the briefing block, a finding with no decision)."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from pipeline.case.load import load_case
from pipeline.case.public_fields import register_values
from pipeline.case.register import register_from
from pipeline.case.sections import SECTIONS
from pipeline.cli import main
from pipeline.tools.pdfcheck import structural_checks
from redaction.leakscan import scan_files
from tests.test_browser import AXE, CHROMIUM, axe_violations
from tests.test_report_layout import SCREENSHOTS

def said_by(capsys) -> str:
    out, err = capsys.readouterr()
    return " ".join((out + err).split())


SEVEN = ["Background", "What happened", "What we found", "What should change", "Questions for your team",
         "Further reading", "Contacts"]


def pdf_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    document.close()
    return texts


@pytest.fixture(scope="module")
def briefed(tmp_path_factory) -> Path:
    """The example case's briefing, built through the CLI; its public/ folder."""
    root = tmp_path_factory.mktemp("briefing")
    case = root / "case"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "child-w", case)
    assert main(["briefing", str(case), "--build-dir", str(root / "build")]) == 0
    return root / "build" / "child-w" / "public"


def test_the_briefing_fits_one_sheet_has_seven_sections_and_is_screenshotted(briefed):
    pdf = briefed / "child-w-briefing.pdf"
    pages = pdf_pages(pdf)
    assert len(pages) <= 2
    text = " ".join(pages)
    positions = [text.find(f"{n}. {title}") for n, title in enumerate(SEVEN, 1)]
    assert -1 not in positions and positions == sorted(positions)
    assert "Recommendation 6" in text and "Child W" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document, 1):
        page.render(scale=1.5).to_pil().save(SCREENSHOTS / f"briefing-page-{number}.png")
    document.close()


def test_the_briefing_passes_the_structural_checks_and_the_leak_scan(briefed):
    failed = [c.name for c in structural_checks(briefed / "child-w-briefing.pdf") if not c.passed]
    assert failed == []
    review = load_case(briefed.parent.parent.parent / "case", briefed.parent.parent, with_files=False).review
    files = [briefed / "child-w-briefing.pdf", briefed / "child-w-briefing.html"]
    assert scan_files(files, register_values(review), register=register_from(review)) == []
    assert main(["check-pdf", str(files[0])]) == 0


@pytest.mark.skipif(CHROMIUM is None or not AXE.exists(), reason="needs chromium and node_modules/axe-core")
def test_the_briefing_page_has_no_wcag_violations(briefed, tmp_path):
    assert axe_violations(briefed / "child-w-briefing.html", tmp_path) == []


@pytest.mark.parametrize(("field", "value"), [
    ("what_happened", "Willow Hartnell lived with her mother."),           # a name
    ("background", "The family lived on Larkspur Close."),                  # a street
    ("questions", "Would you have called 07700 900123 back?"),               # a phone number
])
def test_a_register_value_in_the_briefing_block_is_refused_naming_the_field(case_copy, tmp_path, capsys,
                                                                          field, value, edit_review):
    def change(data):
        data["briefing"][field] = [value] if field == "questions" else value

    edit_review(case_copy, change)
    assert main(["briefing", str(case_copy), "--build-dir", str(tmp_path / "build")]) == 2
    said = said_by(capsys)
    assert f"briefing.{field}" in said and "register" in said
    assert not (tmp_path / "build" / "child-w" / "public" / "child-w-briefing.pdf").exists()


def test_a_finding_in_the_briefing_holds_it_until_decided(case_copy, tmp_path, capsys, edit_review):
    build = tmp_path / "build"
    edit_review(case_copy, lambda data: data["briefing"].update(
        what_happened="Child W often stayed with Mrs Gwendolyn Abernathy at weekends."))
    assert main(["briefing", str(case_copy), "--build-dir", str(build)]) == 1
    said = said_by(capsys)
    assert "Abernathy" in said and "finding F" in said and "decide it in" in said
    assert not (build / "child-w" / "public" / "child-w-briefing.pdf").exists()

    decisions = case_copy / "redaction" / "decisions.yaml"
    data = yaml.safe_load(decisions.read_text(encoding="utf-8"))
    data["decisions"].append({"value": "Mrs Gwendolyn Abernathy", "replace": "a family friend",
                              "reason": "names a friend of the family", "decided_by": "Quality Checker (fictional)",
                              "date": "02/11/2026"})
    decisions.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["briefing", str(case_copy), "--build-dir", str(build)]) == 0
    text = " ".join(pdf_pages(build / "child-w" / "public" / "child-w-briefing.pdf"))
    assert "Abernathy" not in text and "stayed with a family friend at weekends" in text


def test_no_briefing_block_means_no_briefing(case_copy, tmp_path, capsys, edit_review):
    edit_review(case_copy, lambda data: data.pop("briefing"))
    assert main(["briefing", str(case_copy), "--build-dir", str(tmp_path / "build")]) == 0
    assert "no briefing" in said_by(capsys)
    assert not (tmp_path / "build" / "child-w" / "public" / "child-w-briefing.pdf").exists()


def redacted(case: Path, build: Path) -> None:
    """The anonymised full report as the redaction stage leaves it: improvements-only still sends it to the Panel."""
    from tests.conftest import PUBLIC_REPORT

    ctx = load_case(case, build, with_files=False)
    (ctx.zone("redaction") / "status.json").write_text('{"pending": 0}')
    ctx.public_text_file.write_text(PUBLIC_REPORT, encoding="utf-8")


def test_improvements_only_publishes_findings_and_recommendations_and_the_bundle_carries_them(case_copy, tmp_path,
                                                                                          edit_review):
    build = tmp_path / "build"
    edit_review(case_copy, lambda data: data.update(publication="improvements-only"))
    case = str(case_copy)
    redacted(case_copy, build)
    assert main(["publish", case, "--build-dir", str(build)]) == 0
    public = build / "child-w" / "public"
    text = " ".join(pdf_pages(public / "child-w.pdf"))
    html = (public / "child-w.html").read_text(encoding="utf-8")
    for shown in (text, html):
        assert "Why the report is not published" in shown and "Working Together" in shown
        assert "Finding 5" in shown and "Recommendation 6" in shown
    assert not [s.title for s in SECTIONS if s.title in text and s.title not in ("Recommendations",)]
    assert [c.name for c in structural_checks(public / "child-w.pdf") if not c.passed] == []

    zip_path = build / "child-w" / "bundle" / "child-w-submission.zip"
    assert main(["bundle", case, "--build-dir", str(build), "--today", "01/12/2026"]) == 0  # before the briefing
    with zipfile.ZipFile(zip_path) as bundle:
        assert bundle.read("child-w.pdf") == (public / "child-w.pdf").read_bytes()
        full_report = "child-w-full-report-not-for-publication.pdf"
        assert bundle.read(full_report) == (public / full_report).read_bytes()
        assert "child-w-briefing.pdf" not in bundle.namelist()
    assert main(["briefing", case, "--build-dir", str(build)]) == 0
    assert main(["bundle", case, "--build-dir", str(build), "--today", "01/12/2026"]) == 0
    with zipfile.ZipFile(zip_path) as bundle:
        assert bundle.read("child-w-briefing.pdf") == (public / "child-w-briefing.pdf").read_bytes()
    briefing = " ".join(pdf_pages(public / "child-w-briefing.pdf"))
    assert "The full report" not in briefing   # nothing links to a report that is not published


def test_a_briefing_longer_than_one_sheet_is_refused(case_copy, tmp_path, capsys, edit_review):
    long = " ".join(["Agencies met the family often and shared what they knew with each other."] * 60)
    edit_review(case_copy, lambda data: data["briefing"].update(what_happened=long))
    assert main(["briefing", str(case_copy), "--build-dir", str(tmp_path / "build")]) == 2
    said = said_by(capsys)
    assert "must fit on one sheet" in said and "shorten" in said
    assert not (tmp_path / "build" / "child-w" / "public" / "child-w-briefing.pdf").exists()


def test_the_bundle_refuses_a_briefing_made_before_the_decisions_changed(case_copy, tmp_path, capsys,
                                                                        edit_review):
    build, case = tmp_path / "build", str(case_copy)
    edit_review(case_copy, lambda data: data.update(publication="improvements-only"))
    redacted(case_copy, build)
    assert main(["publish", case, "--build-dir", str(build)]) == 0
    assert main(["briefing", case, "--build-dir", str(build)]) == 0
    decisions = case_copy / "redaction" / "decisions.yaml"
    decisions.write_text(decisions.read_text(encoding="utf-8") + "# checked again\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["bundle", case, "--build-dir", str(build), "--today", "01/12/2026"]) == 1
    assert "the decisions or the anonymised text changed since the report was published" in said_by(capsys)
    assert main(["publish", case, "--build-dir", str(build)]) == 0  # the report again, the briefing not
    capsys.readouterr()
    assert main(["bundle", case, "--build-dir", str(build), "--today", "01/12/2026"]) == 1
    assert "briefing is not the one made from the current" in said_by(capsys)
    assert not (build / "child-w" / "bundle" / "child-w-submission.zip").exists()
