"""Sections in Word, images, bad section files, the chronology timeline, the public switch, reproducibility."""
from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdfium2
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from pipeline.report import render
from pipeline.cli import main

from .test_draft_checks import PNG, add_image, run_draft

TRACKED = 'w:author="Panel member" w:date="2025-06-01T00:00:00Z"'


def pdf_text(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def internal(tmp_path: Path) -> Path:
    return tmp_path / "build" / "child-w" / "internal"


def word_section(path: Path) -> None:
    """A Word section with a heading, a comment, an insertion and a deletion, as a reviewer's file would have."""
    document = docx.Document()
    document.add_heading("What the social worker decided", level=2)
    commented = document.add_paragraph("The social worker decided to close the case.")
    document.add_comment(commented.runs, text="Ask Shannon Hartnell about this", author="Panel member")
    changed = document.add_paragraph("The case was closed ")
    changed._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="901" {TRACKED}><w:r><w:t>after a home visit'
                                f'</w:t></w:r></w:ins>'))
    changed._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="902" {TRACKED}><w:r><w:delText> before any visit'
                                f'</w:delText></w:r></w:del>'))
    document.save(str(path))


def test_word_section_accepts_tracked_changes_and_drops_comments_with_a_warning(draft_case, tmp_path, capsys):
    (draft_case / "sections" / "decisions.md").unlink()
    word_section(draft_case / "sections" / "decisions.docx")
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 0, err
    assert "warning sections/decisions.docx: 1 Word comment(s) removed from section 'decisions'" in err
    text = (internal(tmp_path) / "draft-report.md").read_text(encoding="utf-8")
    decisions = text.split("# Why relevant decisions were taken", 1)[1].split("\n# ", 1)[0]
    assert "## What the social worker decided" in decisions
    assert "The case was closed after a home visit" in decisions
    assert "before any visit" not in text
    assert "Shannon" not in text
    pages = " ".join(pdf_text(internal(tmp_path) / "draft-report.pdf"))
    assert "The case was closed after a home visit" in pages and "Shannon" not in pages


def test_placeholder_in_a_word_section_names_the_paragraph(draft_case, tmp_path, capsys):
    (draft_case / "sections" / "findings.md").unlink()
    document = docx.Document()
    document.add_paragraph("The first finding is set out below.")
    document.add_paragraph("Finding 2 is [Insert finding here].")
    document.save(str(draft_case / "sections" / "findings.docx"))
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 1
    assert "sections/findings.docx: placeholder text '[Insert' left in section 'findings' (paragraph 2)" in err


def test_a_genogram_picture_in_a_word_section_holds_the_gate(draft_case, tmp_path, capsys):
    (draft_case / "sections" / "overview.md").unlink()
    document = docx.Document()
    document.add_paragraph("The family's relationships are shown below.")
    document.add_picture(io.BytesIO(PNG))
    document.inline_shapes[0]._inline.docPr.set("descr", "Genogram of the family")
    document.save(str(draft_case / "sections" / "overview.docx"))
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 1
    assert ("sections/overview.docx: section 'overview' shows a genogram (image 'image1.png', "
            "alt text 'Genogram of the family')") in err


@pytest.mark.parametrize("files, expected", [
    (["decisions.docx"], ["section 'decisions' is written twice", "sections/decisions.md", "sections/decisions.docx"]),
    (["decisons.md"], ["sections/decisons.md: 'decisons' is no section of the report", "did you mean 'decisions.md'?"]),
    (["apendix.md"], ["'apendix' is no section of the report", "name it after a section: introduction, overview"]),
], ids=["md and docx", "misspelt", "unknown"])
def test_bad_section_files_are_bad_input(draft_case, tmp_path, capsys, files, expected):
    for name in files:
        target = draft_case / "sections" / name
        if name.endswith(".docx"):
            docx.Document().save(str(target))
        else:
            target.write_text("## A heading\n\nText.\n", encoding="utf-8")
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 2
    for text in expected:
        assert text in err
    assert not (internal(tmp_path) / "draft-report.pdf").exists()


def test_an_unreadable_word_section_is_bad_input(draft_case, tmp_path, capsys):
    (draft_case / "sections" / "learning.md").unlink()
    (draft_case / "sections" / "learning.docx").write_bytes(b"this is not a Word file")
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 2
    assert "sections/learning.docx: could not be read as Word" in err


def test_a_missing_image_is_bad_input(draft_case, tmp_path, capsys):
    (draft_case / "sections" / "overview.md").write_text("## Context\n\n![A map of services](images/map.png)\n")
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 2
    assert "sections/overview.md, line 3: image 'images/map.png' does not exist" in err


def test_images_are_copied_beside_the_draft_with_their_alt_text(draft_case, tmp_path, capsys):
    add_image(draft_case, "services.png", "How the services were arranged")
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 0, err
    text = (internal(tmp_path) / "draft-report.md").read_text(encoding="utf-8")
    assert "![How the services were arranged](media/overview/services.png)" in text
    assert (internal(tmp_path) / "media" / "overview" / "services.png").read_bytes() == PNG
    assert 'alt="How the services were arranged"' in (internal(tmp_path) / "draft-report.html").read_text()


TIMELINE = ('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="200" viewBox="0 0 800 200">'
            '<rect x="10" y="10" width="300" height="30" fill="#1d3557"/>'
            '<text x="20" y="80" font-size="20">Police</text></svg>')


def test_draft_includes_the_chronology_timeline_when_it_exists(draft_case, tmp_path, capsys):
    out = internal(tmp_path)
    out.mkdir(parents=True)
    (out / "timeline.svg").write_text(TIMELINE, encoding="utf-8")
    code, err = run_draft(draft_case, tmp_path, capsys)
    assert code == 0, err
    pages = pdf_text(out / "draft-report.pdf")
    assert render.TIMELINE_TITLE in pages[1], "listed in the contents"
    assert render.TIMELINE_TITLE in pages[-1] and "Police" in pages[-1]
    assert "timeline" not in (out / "draft-report.md").read_text(encoding="utf-8").lower(), "never in the public text"


def test_public_rendering_has_no_marking_and_refuses_internal_material(draft_case, tmp_path, capsys):
    assert run_draft(draft_case, tmp_path, capsys)[0] == 0
    markdown = (internal(tmp_path) / "draft-report.md").read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        render.render_html(markdown, public=True, timeline_svg=tmp_path / "timeline.svg")
    html = render.render_html(markdown, public=True)
    assert '<html lang="en-GB">' in html and "<title>Local Child Safeguarding Practice Review: Child W</title>" in html
    public = tmp_path / "public"
    public.mkdir()
    (public / "report.pdf").write_bytes(render.render_pdf(html, base_dir=public, what="public report", date=None))
    pages = pdf_text(public / "report.pdf")
    assert all("DRAFT" not in page and "OFFICIAL-SENSITIVE" not in page for page in pages)
    assert f"Page 3 of {len(pages)}" in pages[2]


def test_draft_outputs_are_byte_identical_when_run_again(draft_case, tmp_path, capsys):
    outputs = ("draft-report.md", "draft-report.html", "draft-report.pdf", "draft-report.docx")
    assert run_draft(draft_case, tmp_path, capsys)[0] == 0
    first = {name: (internal(tmp_path) / name).read_bytes() for name in outputs}
    assert main(["draft", str(draft_case), "--build-dir", str(tmp_path / "build")]) == 0
    for name in outputs:
        assert (internal(tmp_path) / name).read_bytes() == first[name], name
