"""`lcspr check-pdf FILE`: structural accessibility checks, exit 0 pass, 1 failures, 2 unreadable."""
from __future__ import annotations

import shutil

import pikepdf
import pytest

from pipeline.cli import main
from pipeline.tools.pdfcheck import structural_checks
from redaction.leakscan import structure_elements


def _remove_figure_alt(path):
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for node in structure_elements(pdf):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                del node.Alt
        pdf.save(path)


def _untagged_weasyprint(render_public):
    return render_public(variant=None)


def _pikepdf_new(render_public):
    path = render_public().with_name("new.pdf")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path)
    return path


def _figure_without_alt(render_public):
    path = render_public()
    _remove_figure_alt(path)
    return path


def _unembedded_font(render_public):
    path = render_public().with_name("helvetica.pdf")
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(
        F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")
    pdf.save(path)
    return path


@pytest.mark.parametrize("make, failed", [
    (_untagged_weasyprint, {"structure tree (StructTreeRoot)", "MarkInfo /Marked true",
                            "title shown as window title", "no page content outside marked content"}),
    (_pikepdf_new, {"structure tree (StructTreeRoot)", "MarkInfo /Marked true", "document language (/Lang)",
                    "title shown as window title"}),
    (_figure_without_alt, {"every Figure has alt text"}),
    (_unembedded_font, {"structure tree (StructTreeRoot)", "MarkInfo /Marked true", "document language (/Lang)",
                        "title shown as window title", "all fonts embedded", "no page content outside marked content"}),
], ids=["weasyprint-untagged", "pikepdf-new", "figure-without-alt", "unembedded-font"])
def test_checks_fail_on_untagged_or_incomplete_pdfs(render_public, capfd, make, failed):
    path = make(render_public)
    assert {c.name for c in structural_checks(path) if not c.passed} == failed
    assert main(["check-pdf", str(path)]) == 1
    err = capfd.readouterr().err
    assert all(f"{name}:" in err for name in failed), err


def test_weasyprint_pdf_ua_output_passes(render_public, capfd):
    path = render_public()
    assert main(["check-pdf", str(path)]) == 0
    err = capfd.readouterr().err
    assert "every accessibility check passed" in err
    if shutil.which("verapdf") is None:
        assert "veraPDF skipped" in err


@pytest.mark.parametrize("content", [b"", b"not a pdf at all", None], ids=["empty", "text", "missing"])
def test_an_unreadable_file_is_bad_input(tmp_path, capfd, content):
    path = tmp_path / "report.pdf"
    if content is not None:
        path.write_bytes(content)
    assert main(["check-pdf", str(path)]) == 2
    assert "cannot be read as a PDF" in capfd.readouterr().err
