"""pikepdf post-processing: sanitised, described from the case, linearised, deterministic."""
from __future__ import annotations

import datetime as dt
import io

import pikepdf
import pytest

from pipeline.tools.pdfcheck import structural_checks
from pipeline.tools.pdfpost import PublicMetadata, postprocess

META = PublicMetadata(title="Local Child Safeguarding Practice Review: Child W",
                      author="Northbrook Safeguarding Children Partnership",
                      subject="The published report of a Local Child Safeguarding Practice Review",
                      keywords=["safeguarding", "practice review"], date=dt.date(2027, 1, 12))


def _with_active_content(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))
        pdf.Root.OpenAction = pdf.make_indirect(script)
        pdf.Root.Names.JavaScript = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), script]))
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"Willow Hartnell")
        pdf.pages[0].obj.AA = pikepdf.Dictionary(O=script)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


@pytest.fixture
def posted(render_public):
    return postprocess(_with_active_content(render_public().read_bytes()), META)


def test_scripts_attachments_and_actions_are_removed(posted):
    with pikepdf.open(io.BytesIO(posted)) as pdf:
        assert "/OpenAction" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.Names
        assert len(pdf.attachments) == 0
        assert "/AA" not in pdf.pages[0].obj
        assert b"app.alert" not in posted


def test_links_survive(posted):
    with pikepdf.open(io.BytesIO(posted)) as pdf:
        uris = [str(a.A.URI) for a in pdf.pages[0].obj.Annots if "/URI" in a.get("/A", {})]
    assert uris == ["https://www.example.co.uk/reviews"]


@pytest.mark.parametrize("key, value", [
    ("/Title", META.title), ("/Author", META.author), ("/Subject", META.subject),
    ("/Keywords", "safeguarding; practice review"), ("/Producer", "lcspr"), ("/Creator", "lcspr"),
    ("/CreationDate", "D:20270112000000Z"), ("/ModDate", "D:20270112000000Z"),
])
def test_info_comes_from_the_case(posted, key, value):
    with pikepdf.open(io.BytesIO(posted)) as pdf:
        assert str(pdf.docinfo[key]) == value


@pytest.mark.parametrize("key, value", [
    ("dc:title", META.title), ("dc:creator", [META.author]), ("dc:description", META.subject),
    ("pdf:Producer", "lcspr"), ("xmp:CreatorTool", "lcspr"), ("xmp:CreateDate", "2027-01-12T00:00:00+00:00"),
    ("pdfuaid:part", "1"),
])
def test_xmp_matches_info(posted, key, value):
    with pikepdf.open(io.BytesIO(posted)) as pdf:
        meta = pdf.open_metadata()
        assert meta[key] == value


def test_no_tool_versions_user_names_or_paths(posted):
    with pikepdf.open(io.BytesIO(posted)) as pdf:
        text = pdf.Root.Metadata.read_bytes().decode() + " ".join(str(v) for v in pdf.docinfo.values())
    for leak in ("WeasyPrint", "pikepdf", "/tmp", "/home", "root", "uuid:"):
        assert leak not in text


def test_output_is_linearised_tagged_and_deterministic(posted, render_public, tmp_path):
    again = postprocess(_with_active_content(render_public().read_bytes()), META)
    assert again == posted
    path = tmp_path / "posted.pdf"
    path.write_bytes(posted)
    with pikepdf.open(path) as pdf:
        assert pdf.is_linearized
        assert str(pdf.Root.Lang) == "en-GB"
    assert all(c.passed for c in structural_checks(path))
