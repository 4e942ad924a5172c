"""The draft report: what the lead reviewer and the Panel see in the PDF, the Word file and the terminal."""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pikepdf
import pypdfium2
import pytest

from pipeline.cli import main
from pipeline.case.sections import LINES_OF_ENQUIRY_TITLE, RECOMMENDATIONS_TITLE, SECTIONS

from .conftest import write_draft_case

RECOMMENDATION_HEADER = ["Number", "Recommendation", "Owning agencies", "Due by", "Finding it answers"]


def pdf_pages(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def flat(text: str) -> str:
    """Text as written: curly apostrophes straightened, a hyphen at a line break (pdfium: U+FFFE) joined again."""
    return re.sub(r"-\s+", "-", " ".join(text.replace("\u2019", "'").replace("\ufffe", "-").split()))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One draft of the fixture case, built through the CLI, shared by the read-back tests."""
    root = tmp_path_factory.mktemp("draft")
    case = write_draft_case(root / "case")
    assert main(["draft", str(case), "--build-dir", str(root / "build")]) == 0
    return root / "build" / "child-w" / "internal"


def test_pdf_shows_every_section_in_order_then_recommendations_and_appendices(built):
    text = flat(" ".join(pdf_pages(built / "draft-report.pdf")[2:]))  # after the title and contents pages
    titles = [s.title for s in SECTIONS if s.id != "glossary"] + [
        RECOMMENDATIONS_TITLE, LINES_OF_ENQUIRY_TITLE, "Appendix 2: Glossary"]
    positions = [text.find(flat(title)) for title in titles]
    assert -1 not in positions, dict(zip(titles, positions))
    assert positions == sorted(positions)


def test_pdf_shows_the_recommendations_with_owners_dates_and_findings(built):
    text = flat(" ".join(pdf_pages(built / "draft-report.pdf")))
    assert "Number Recommendation Owning agencies Due by Finding it answers" in text
    assert "Recommendation 1 " in text
    assert "commission multi-agency training on recognising coercive control" in text
    assert "Children's Social Care, Housing provider 31 March 2027 Finding 2: Information did not follow" in text
    assert "30 September 2027" in text


def test_pdf_title_page_names_partnership_title_reviewer_and_date(built):
    first = flat(pdf_pages(built / "draft-report.pdf")[0])
    for expected in ("Northbrook Safeguarding Children Partnership", "Local Child Safeguarding Practice Review: Child W",
                     "Dr Morwenna Fictional, Independent Lead Reviewer", "January 2027"):
        assert expected in first


def test_every_pdf_page_is_marked_draft_and_numbered(built):
    pages = pdf_pages(built / "draft-report.pdf")
    assert len(pages) >= 3   # cover, contents, the sections flowing on
    for number, text in enumerate(pages, 1):
        assert "DRAFT" in text and "OFFICIAL-SENSITIVE" in text, f"page {number} is not marked"
        assert f"Page {number} of {len(pages)}" in text


def test_contents_page_lists_sections_with_their_page_numbers(built):
    pages = pdf_pages(built / "draft-report.pdf")
    contents = pages[1]
    for title in ("Introduction", "Findings", RECOMMENDATIONS_TITLE):
        match = re.search(re.escape(title) + r" ?\.+ ?(\d+)", flat(contents))
        assert match, title
        assert flat(title) in flat(pages[int(match.group(1)) - 1])


def test_pdf_is_tagged_in_english_with_the_shipped_font_embedded(built):
    with pikepdf.open(built / "draft-report.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as meta:
            assert meta.get("dc:title") == "Local Child Safeguarding Practice Review: Child W"
        fonts = {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}
    shipped = ("Atkinson-Hyperlegible", "Report-Digits")   # templates/fonts: no fallback to system fonts
    assert fonts and all(any(font in name for font in shipped) for name in fonts), fonts


def test_word_file_has_the_section_headings_and_the_recommendations_table(built):
    document = docx.Document(str(built / "draft-report.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    expected = [s.title for s in SECTIONS if s.id != "glossary"] + [
        RECOMMENDATIONS_TITLE, LINES_OF_ENQUIRY_TITLE, "Appendix 2: Glossary"]
    assert [h.replace("\u2019", "'") for h in headings] == expected
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == RECOMMENDATION_HEADER
    assert [c.text for c in table.rows[1].cells][:4] == [
        "Recommendation 1", table.rows[1].cells[1].text, "Children\u2019s Social Care, Police", "30 June 2027"]
    numbers = [p.text.split()[0] for p in document.paragraphs if re.match(r"\d+\.\d+ ", p.text)]
    html_numbers = re.findall(r'class="para-number"[^>]*>([\d.]+)<', (built / "draft-report.html").read_text())
    assert numbers and numbers == html_numbers  # the Word draft numbers paragraphs as the PDF and HTML do
    assert len(table.rows) == 7
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text


def test_markdown_is_one_document_with_plain_level_one_headings(built):
    text = (built / "draft-report.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ")
    assert "{#" not in text
    headings = re.findall(r"^# (.+)$", text, re.MULTILINE)
    assert headings[0] == "Introduction" and headings[-1] == "Appendix 2: Glossary"
    assert "| Recommendation 4 |" in text


def test_outputs_are_private(built):
    for name in ("draft-report.md", "draft-report.html", "draft-report.pdf", "draft-report.docx"):
        assert (built / name).stat().st_mode & 0o777 == 0o600, name
