"""`lcspr publish CASE`: accessible public PDF and HTML from the anonymised text, or nothing."""
from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser

import pikepdf
import pypdfium2 as pdfium
import pytest

from pipeline.cli import main
from pipeline.tools.pdfcheck import structural_checks


def run_publish(ctx) -> int:
    return main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root)])


def public_files(ctx):
    public = ctx.out / "public"
    return public / "child-w.pdf", public / "child-w.html", public / "publish-record.json"


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(str(path))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    return " ".join(text.split())


class Outline(HTMLParser):
    """What a screen-reader user navigates by: headings, links, ids, table headers, images."""

    def __init__(self):
        super().__init__()
        self.headings, self.links, self.ids, self.th, self.images, self.lang = [], [], set(), [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "a":
            self.links.append(attrs.get("href"))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "th":
            self.th.append(attrs.get("scope"))
        if tag == "img":
            self.images.append(attrs.get("alt"))


def outline_of(path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("pending, text, expected", [
    (3, "# Introduction\n", "3 findings await decisions"),
    (0, None, "run `make redaction CASE="),
    (2, None, "2 findings await decisions"),
], ids=["pending", "no-public-text", "pending-and-no-text"])
def test_publish_refuses_until_redaction_is_settled(published_case, capfd, pending, text, expected):
    ctx = published_case(text=text, pending=pending)
    assert run_publish(ctx) == 1
    err = capfd.readouterr().err
    assert expected in err and "redaction" in err
    assert not (ctx.out / "public").exists()


def test_publish_writes_pdf_html_and_record(published_case):
    ctx = published_case()
    assert run_publish(ctx) == 0
    pdf, html, record = public_files(ctx)
    text = pdf_text(pdf)
    for words in ("Introduction", "Child W", "Commission training on coercive control", "Page 1 of"):
        assert words in text
    saved = json.loads(record.read_text())
    assert saved == {"pdf_sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
                     "html_sha256": hashlib.sha256(html.read_bytes()).hexdigest(),
                     "inputs_sha256": ctx.public_inputs_digest(), "leak_scan": "passed"}


def test_the_pdf_passes_the_structural_checks_and_is_described_by_the_case(published_case):
    ctx = published_case()
    run_publish(ctx)
    pdf, _, _ = public_files(ctx)
    assert [c.name for c in structural_checks(pdf) if not c.passed] == []
    with pikepdf.open(pdf) as document:
        assert str(document.docinfo.Title) == "Local Child Safeguarding Practice Review: Child W"
        assert str(document.docinfo.Author) == "Northbrook Safeguarding Children Partnership"
        assert str(document.docinfo.CreationDate) == "D:20270112000000Z"
        assert document.is_linearized
        with document.open_outline() as outline:
            assert [item.title for item in outline.root][:1] == ["Local Child Safeguarding Practice Review: Child W"]


def test_the_html_is_navigable(published_case):
    ctx = published_case()
    run_publish(ctx)
    page = outline_of(public_files(ctx)[1])
    assert page.lang == "en-GB"
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), page.headings
    assert page.links[0] == "#main" and "main" in page.ids
    assert {"#introduction", "#findings", "#recommendations"} <= set(page.links)
    assert page.th and all(scope in ("col", "row") for scope in page.th)
    assert all(alt for alt in page.images)
    html = public_files(ctx)[1].read_text()
    assert 'name="viewport"' in html and "<link" not in html and "<script" not in html


def test_two_builds_are_byte_identical(published_case, tmp_path):
    ctx = published_case()
    run_publish(ctx)
    first = [path.read_bytes() for path in public_files(ctx)]
    for path in public_files(ctx):
        path.unlink()
    run_publish(ctx)
    assert [path.read_bytes() for path in public_files(ctx)] == first


@pytest.mark.parametrize("leak, label, where", [
    ("Willow was seen at school.", "the first name of the person the report calls Child W", "text"),
    ("# What happened to Willow Hartnell\n\nThe family moved house twice in that year.\n",
     "the name of the person the report calls Child W", "named destination"),
    ("Seen at [the surgery](https://example.co.uk/kingfisher-medical-centre).", "a GP surgery named in the register", "link target"),
    ("Her number was 07700 900123.", "a phone number in the register", "page"),
    # forms only the anonymiser's register knows, which the leak scan uses too
    ("She was born 14th February 2018.", "the date of birth of the person the report calls Child W", "page"),
    ("Shanon Hartnell said so.", "the name of the person the report calls Mother", "page"),
    ("Call +44 7700 900 123.", "a phone number in the register", "page"),
], ids=["text", "heading-id", "link", "identifier", "date-of-birth-form", "misspelt-name", "phone-form"])
def test_a_leak_fails_and_leaves_the_previous_files(published_case, public_report, capfd, leak, label, where):
    ctx = published_case()
    assert run_publish(ctx) == 0
    good = [path.read_bytes() for path in public_files(ctx)]
    ctx.public_text_file.write_text(public_report + "\n" + leak + "\n", encoding="utf-8")
    capfd.readouterr()
    assert run_publish(ctx) == 1
    err = " ".join(capfd.readouterr().err.split())
    assert label in err and where in err, err   # in a checker's words: no register key, no value
    assert "nothing was published" in err and "identifier:" not in err and "place:" not in err
    assert [path.read_bytes() for path in public_files(ctx)] == good
    assert sorted(p.name for p in ctx.out.iterdir() if p.name != ".stamps") == ["public", "redaction"]  # no staging



def test_leftovers_of_an_interrupted_run_are_cleared(published_case):
    """A run killed mid-write leaves dot-files; the next publish and bundle leave only finished outputs,
    whether they had work to do or were up to date."""
    ctx = published_case()
    assert run_publish(ctx) == 0
    bundle = ["bundle", str(ctx.case_dir), "--build-dir", str(ctx.build_root)]
    assert main(bundle) == 0
    public = ctx.out / "public"
    for force in ([], ["--force"]):
        (public / ".child-w.pdf.x1y2z3.pdf").write_bytes(b"half a pdf")
        (ctx.out / ".publish-abc123").mkdir(exist_ok=True)
        (ctx.out / "bundle" / "emails" / ".ofsted.eml.q9.tmp").write_bytes(b"half an email")
        assert main(["publish", str(ctx.case_dir), "--build-dir", str(ctx.build_root), *force]) == 0
        assert main(bundle + force) == 0
        assert sorted(p.name for p in public.iterdir()) == ["child-w.html", "child-w.pdf", "publish-record.json"]
        assert not [p for p in (ctx.out / "bundle").rglob(".*")]
    assert not list(ctx.out.glob(".publish-*")), "a publish that runs clears its staging folders"
