"""The published report as a comms lead would put it on a website (issue 16): layout, paragraph
numbers, PDF/UA details, the web page's fragment, and the checks before publishing.

The example is drafted, anonymised and published once; the checks use the small public text.
Pages 1, 3 and the recommendations page are written to build/screenshots/ for a person to look at.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pikepdf
import pypdfium2 as pdfium
import pytest

from pipeline.cli import main
from pipeline.report import render
from pipeline.report.numbering import number_paragraphs
from pipeline.tools import pandoc
from tests.conftest import EXAMPLE, ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"
MM = 72 / 25.4
PAGE_TOP_MARGIN, PAGE_BOTTOM_MARGIN = 24 * MM, 22 * MM     # templates/report/report.css @page
NUMBER_AT_LINE_START = re.compile(r"^(\d+\.\d+)\s", re.MULTILINE)
HTML_NUMBER = re.compile(r'<span class="para-number"[^>]*>(\d+\.\d+)</span>')


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """The example case drafted, anonymised and published through the CLI; its public/ folder."""
    root = tmp_path_factory.mktemp("example")
    case = root / "case"
    shutil.copytree(EXAMPLE, case)
    for stage in ("draft", "redaction"):
        assert main([stage, str(case), "--build-dir", str(root / "build")]) == 0
    assert main(["publish", str(case), "--build-dir", str(root / "build"), "--fragment"]) == 0
    return root / "build" / "child-w"


def page_texts(pdf_path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf_path))
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return texts


def fill_of(page: pdfium.PdfPage) -> float:
    """How far down the text area the lowest line of text reaches (0 empty, 1 full)."""
    text, height = page.get_textpage(), page.get_height()
    top, bottom = height - PAGE_TOP_MARGIN, PAGE_BOTTOM_MARGIN
    lows = [rect[1] for rect in (text.get_rect(i) for i in range(text.count_rects()))
            if rect[1] > bottom - 1 and rect[3] < top + 1]
    return (top - min(lows)) / (top - bottom) if lows else 0.0


def screenshot(pdf_path: Path, numbers: list[int]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf_path))
    for number in numbers:
        document[number - 1].render(scale=1.5).to_pil().save(SCREENSHOTS / f"public-pdf-page-{number}.png")
    document.close()


def test_paragraph_numbers_are_the_same_in_the_pdf_the_html_and_word(example, tmp_path):
    pdf_numbers = [n for text in page_texts(example / "public" / "child-w.pdf")
                   for n in NUMBER_AT_LINE_START.findall(text)]
    html_numbers = HTML_NUMBER.findall((example / "public" / "child-w.html").read_text(encoding="utf-8"))
    word = tmp_path / "numbered.docx"
    markdown = (example / "redaction" / "public-report.md").read_text(encoding="utf-8")
    pandoc.markdown_to_docx(number_paragraphs(markdown), word, reference_doc=render.REFERENCE_DOCX,
                            resource_dir=tmp_path)
    word_numbers = [m.group(1) for p in docx.Document(str(word)).paragraphs
                    if (m := re.match(r"(\d+\.\d+)\s", p.text))]
    assert html_numbers[:3] == ["1.1", "1.2", "1.3"] and len(html_numbers) > 60
    assert pdf_numbers == html_numbers == word_numbers


def test_only_running_text_is_numbered():
    markdown = ("# One\n\nFirst.\n\n- a list item\n\n| A | B |\n|---|---|\n| x | y |\n\n> quoted\n\nSecond.\n\n"
                "# Two\n\nThird.\n\n# Appendix 1: Terms\n\nNot numbered.\n")
    numbered = number_paragraphs(markdown)
    assert re.findall(r"\[(\d+\.\d+)\]\{\.para-number", numbered) == ["1.1", "1.2", "2.1"]
    assert number_paragraphs(numbered) == numbered


def test_the_example_has_no_page_under_40_percent_full_but_a_section_end_before_the_appendices(example):
    pdf_path = example / "public" / "child-w.pdf"
    texts = page_texts(pdf_path)
    first_appendix = next(n for n, text in enumerate(texts, 1) if text.lstrip().startswith("Appendix"))
    document = pdfium.PdfDocument(str(pdf_path))
    fills = {n: fill_of(document[n - 1]) for n in range(1, len(document) + 1)}
    document.close()
    recommendations = next(n for n, text in enumerate(texts, 1) if "Recommendations, their owning" in text)
    screenshot(pdf_path, [1, 3, recommendations])
    under = {n: f"{fill:.0%}" for n, fill in fills.items() if fill < 0.4 and n != first_appendix - 1}
    assert under == {}


def test_cover_and_back_page_say_who_published_it_when_and_how_to_reach_them(example):
    texts = page_texts(example / "public" / "child-w.pdf")
    cover, back = " ".join(texts[0].split()), " ".join(texts[-1].split())
    assert "Published: January 2027" in cover and "Lead reviewer: Dr Morwenna Fictional" in cover
    assert "September 2023 to March 2025" in back
    assert "safeguarding.partnership@example.co.uk" in back and "07700 900100" in back
    assert "Ø" not in " ".join(texts)


def test_digits_come_from_a_font_with_a_plain_zero(example):
    with pikepdf.open(example / "public" / "child-w.pdf") as pdf:
        fonts = {str(font.get("/BaseFont")) for page in pdf.pages for font in page.Resources.Font.values()}
    assert any("Report-Digits" in name for name in fonts), fonts


def test_every_table_header_has_a_scope_and_captioned_tables_a_summary(example):
    with pikepdf.open(example / "public" / "child-w.pdf") as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
        elements = []
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                elements.append(node)
                stack.append(node.get("/K"))
        headers = [e for e in elements if e.S == "/TH"]
        summaries = [str(e.A.Summary) for e in elements if e.S == "/Table" and "/Summary" in e.get("/A", {})]
        assert len(headers) >= 7
        assert all(str(h.A.Scope) in ("/Column", "/Row") for h in headers)
        assert "Recommendations, their owning agencies, due dates and findings" in summaries


def test_a_pdf_without_scopes_fails_the_structural_check(example, tmp_path):
    stripped = tmp_path / "unscoped.pdf"
    with pikepdf.open(example / "public" / "child-w.pdf") as pdf:
        for node in pdf.objects:
            if isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/TH":
                del node.A.Scope
        pdf.save(stripped)
    assert main(["check-pdf", str(stripped)]) == 1


def test_the_fragment_is_the_body_alone(example):
    fragment = (example / "public" / "child-w-fragment.html").read_text(encoding="utf-8")
    assert not re.search(r"<(html|head|body|style|title)\b", fragment, re.IGNORECASE)
    assert '<h1 class="report-title">' in fragment and 'href="#contents-title">Back to contents' in fragment


def test_the_web_page_is_small_and_links_back_to_the_contents_and_the_pdf(example):
    page = (example / "public" / "child-w.html").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < 150_000
    assert "@font-face" not in page
    assert page.count("Back to contents") >= 12
    assert '<a href="child-w.pdf">' in page and "Published January 2027 by Northbrook" in page


# --- checks before publishing --------------------------------------------------------------


def test_a_report_with_problems_is_refused_with_every_reason_at_once(published_case, edit_review, capfd):
    def unready(data):
        data["review"]["dates"].pop("completed", None)
        data["recommendations"][1]["due"] = "31/12/2026"
        data["review"]["lead_reviewers"][0]["name"] = "Dr Someone Else"
    ctx = published_case()
    edit_review(ctx.case_dir, unready)
    assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]) == 1
    err = " ".join(capfd.readouterr().err.split())
    assert "recommendation 2 ('r2') is due by 31 December 2026, before the report is published on 12 January 2027" in err
    assert "review.dates.completed is not set" in err and "--unsigned" in err
    assert "the lead reviewer 'Dr Someone Else' is not named in the published text" in err
    assert not (ctx.out / "public" / "child-w.pdf").exists()


def test_unsigned_publishes_a_proof(published_case, edit_review):
    ctx = published_case()
    edit_review(ctx.case_dir, lambda data: data["review"]["dates"].pop("completed", None))
    args = ["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]
    assert main(args) == 1
    assert main([*args, "--unsigned"]) == 0


def test_the_cover_shows_the_partnership_logo_when_the_case_has_one(published_case, tmp_path):
    ctx = published_case()
    (ctx.case_dir / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
                                           '<rect width="120" height="40" fill="#1d3557"/></svg>')
    assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]) == 0
    page = (ctx.out / "public" / "child-w.html").read_text(encoding="utf-8")
    assert '<img class="logo" src="data:image/svg+xml;base64,' in page
    assert 'alt="Northbrook Safeguarding Children Partnership logo"' in page


def test_the_summary_in_the_anonymised_title_block_shows_under_the_title(published_case, public_report):
    summary = "Child W, aged seven, was admitted to hospital with serious injuries."
    ctx = published_case(public_report.replace("lang: en-GB\n", f"lang: en-GB\nabstract: {summary}\n", 1))
    assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]) == 0
    page = (ctx.out / "public" / "child-w.html").read_text(encoding="utf-8")
    assert re.search(r'Child W</h1>\s*<p class="summary">' + re.escape(summary) + "</p>", page)
