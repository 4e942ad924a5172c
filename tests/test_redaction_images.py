"""Images from the draft to the public report: each is a finding a person decides (keep or replace);
kept ones are copied beside the public text and embedded by publish (data: URI in the HTML, a
Figure with alt text in the PDF); replaced ones leave only the replacement words.
(A genogram never gets this far: the draft refuses it, tests/test_draft_checks.py.)"""
import io
import json
import struct
import zlib

import docx
import pikepdf
import pypdfium2
import pytest
import yaml
from PIL import Image

from pipeline.cli import main
from redaction.leakscan import structure_elements

ALT = "A drawing of a house by Child W"
REPLACEMENT = "Child W drew a house; the drawing is not published."


def tiny_png() -> bytes:
    """A 4 x 3 red PNG, made by hand (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xcc\x33\x33" * 4 for _ in range(3))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def run(stage, case, build, capfd):
    code = main([stage, str(case), "--build-dir", str(build)])
    return code, capfd.readouterr().err


def decide_image(case, **action):
    (case / "redaction").mkdir(exist_ok=True)
    decision = {"value": "house.png", "decided_by": "Quality Checker (fictional)", "date": "02/11/2026", **action}
    (case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump({"decisions": [decision]}))


def figures_alt(pdf_path) -> list[str]:
    with pikepdf.open(pdf_path) as pdf:
        return [str(node.get("/Alt", "")) for node in structure_elements(pdf) if node.get("/S") == "/Figure"]


def pdf_text(pdf_path) -> str:
    document = pypdfium2.PdfDocument(pdf_path)
    return " ".join(page.get_textpage().get_text_range() for page in document)


@pytest.fixture
def image_case(redaction_case, redaction_sections):
    return with_image(redaction_case, redaction_sections, ALT)


def with_image(redaction_case, redaction_sections, alt):
    case, build, write_draft = redaction_case
    sections = dict(redaction_sections)
    sections["Overview"] += f"\n\n![{alt}](media/overview/house.png)\n"
    draft = write_draft(sections)
    (draft.parent / "media" / "overview").mkdir(parents=True)
    (draft.parent / "media" / "overview" / "house.png").write_bytes(tiny_png())
    return case, build, build / "child-w"


def test_an_undecided_image_holds_the_gate(image_case, capfd):
    case, build, out = image_case
    code, err = run("redaction", case, build, capfd)
    assert code == 1 and "1 finding(s) await a decision" in err
    [image] = [f for f in json.loads((out / "redaction" / "findings.json").read_text())["findings"]
               if f["kind"] == "IMAGE"]
    assert image["text"] == "house.png" and image["status"] == "pending" and ALT in image["sentence"]
    assert "house.png" in (out / "redaction" / "findings.html").read_text()
    assert not (out / "redaction" / "public-report.md").exists()
    assert not (out / "redaction" / "media").exists()
    code, err = run("publish", case, build, capfd)
    assert code == 1


def image_id(case, build, capfd) -> str:
    run("redaction", case, build, capfd)
    findings = json.loads((build / "child-w" / "redaction" / "findings.json").read_text())["findings"]
    return next(f["id"] for f in findings if f["kind"] == "IMAGE")


def keep_image(case, build, capfd) -> str:
    """Keep house.png by value, covering the place it is in now (as findings.html offers it)."""
    covered = image_id(case, build, capfd)
    decide_image(case, keep=True, reason="a child's drawing of a house; it shows no one", covers=[covered])
    return covered


def test_a_kept_image_is_copied_and_embedded_in_html_and_pdf(image_case, capfd):
    case, build, out = image_case
    keep_image(case, build, capfd)
    code, err = run("redaction", case, build, capfd)
    assert code == 0, err
    copied = Image.open(out / "redaction" / "media" / "overview" / "house.png")   # rebuilt from its pixels
    assert copied.tobytes() == Image.open(io.BytesIO(tiny_png())).convert("RGB").tobytes() and copied.info == {}
    assert "](media/overview/house.png)" in (out / "redaction" / "public-report.md").read_text()

    code, err = run("publish", case, build, capfd)
    assert code == 0, err
    html = (out / "public" / "child-w.html").read_text()
    assert f'alt="{ALT}"' in html and 'src="data:image/png;base64,' in html
    assert "media/overview" not in html
    assert ALT in figures_alt(out / "public" / "child-w.pdf")


def test_a_replaced_image_leaves_only_its_replacement(image_case, capfd):
    case, build, out = image_case
    decide_image(case, replace=REPLACEMENT)
    code, err = run("redaction", case, build, capfd)
    assert code == 0, err
    public = (out / "redaction" / "public-report.md").read_text()
    assert REPLACEMENT in public and "house.png" not in public and ALT not in public
    assert not (out / "redaction" / "media").exists()

    code, err = run("publish", case, build, capfd)
    assert code == 0, err
    html = (out / "public" / "child-w.html").read_text()
    assert "<img" not in html and REPLACEMENT in html
    assert figures_alt(out / "public" / "child-w.pdf") == []
    assert "Child W drew a house" in " ".join(pdf_text(out / "public" / "child-w.pdf").split())


def test_what_a_replaced_images_alt_text_names_needs_no_decision_of_its_own(redaction_case, redaction_sections,
                                                                           capfd):
    case, build, out = with_image(redaction_case, redaction_sections,
                                  "Kayleigh Brightwater's drawing, phone 07700 900461 on the back")
    code, err = run("redaction", case, build, capfd)
    findings = json.loads((out / "redaction" / "findings.json").read_text())["findings"]
    inside = {f["kind"] for f in findings if f["kind"] != "IMAGE" and "Kayleigh" in f["sentence"]}
    assert code == 1 and {"PERSON", "UK_PHONE"} <= inside  # kept, the alt text is published: decide each

    decide_image(case, replace=REPLACEMENT)
    code, err = run("redaction", case, build, capfd)
    assert code == 0, err
    findings = json.loads((out / "redaction" / "findings.json").read_text())["findings"]
    assert [f["kind"] for f in findings if "Kayleigh" in f["sentence"]] == ["IMAGE"]
    public = (out / "redaction" / "public-report.md").read_text()
    assert REPLACEMENT in public and "Kayleigh" not in public and "900461" not in public


def test_a_picture_in_a_word_section_reaches_the_public_report_only_once_kept(draft_case, tmp_path, capfd):
    """Word images come out of the .docx through pandoc; from then on they are images like any other."""
    (draft_case / "sections" / "overview.md").unlink()
    document = docx.Document()
    document.add_heading("Context", level=2)
    document.add_paragraph("The family lived in a rented house on the edge of the town.")
    document.add_picture(io.BytesIO(tiny_png()))
    document.inline_shapes[0]._inline.docPr.set("descr", ALT)
    document.save(str(draft_case / "sections" / "overview.docx"))
    build, out = tmp_path / "build", tmp_path / "build" / "child-w"
    assert run("draft", draft_case, build, capfd)[0] == 0

    code, err = run("redaction", draft_case, build, capfd)
    [image] = [f for f in json.loads((out / "redaction" / "findings.json").read_text())["findings"]
               if f["kind"] == "IMAGE"]
    assert code == 1 and image["status"] == "pending" and ALT in image["sentence"]
    (draft_case / "redaction").mkdir()
    (draft_case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump({"decisions": [
        {"finding": image["id"], "keep": True, "reason": "a child's drawing of a house; it shows no one",
         "decided_by": "Quality Checker (fictional)", "date": "02/11/2026"}]}))
    code, err = run("redaction", draft_case, build, capfd)
    assert code == 0, err
    code, err = run("publish", draft_case, build, capfd)
    assert code == 0, err
    html = (out / "public" / "child-w.html").read_text()
    assert f'alt="{ALT}"' in html and 'src="data:image/png;base64,' in html
    assert ALT in figures_alt(out / "public" / "child-w.pdf")


def red_png() -> bytes:
    return tiny_png()


def other_png() -> bytes:
    """The same size and name, another picture (blue)."""
    return tiny_png().replace(zlib.compress(b"".join(b"\x00" + b"\xcc\x33\x33" * 4 for _ in range(3))),
                              zlib.compress(b"".join(b"\x00" + b"\x33\x33\xcc" * 4 for _ in range(3))))


@pytest.mark.parametrize("decision", ["value", "finding", "unbounded value"])
def test_a_picture_changed_after_it_was_kept_waits_for_a_decision_again(image_case, capfd, decision):
    case, build, out = image_case
    covered = image_id(case, build, capfd)
    extra = {"covers": [covered]} if decision == "value" else {}
    decide_image(case, keep=True, reason="a drawing of a house; it shows no one", **extra)
    if decision == "finding":
        entry = yaml.safe_load((case / "redaction" / "decisions.yaml").read_text())
        entry["decisions"][0]["finding"] = entry["decisions"][0].pop("value") and covered
        (case / "redaction" / "decisions.yaml").write_text(yaml.safe_dump(entry))
    if decision != "unbounded value":
        assert run("redaction", case, build, capfd)[0] == 0
    (out / "internal" / "media" / "overview" / "house.png").write_bytes(other_png())
    code, err = run("redaction", case, build, capfd)
    assert code == 1 and "1 finding(s) await a decision" in err
    assert not (out / "redaction" / "public-report.md").exists()
    [image] = [f for f in json.loads((out / "redaction" / "findings.json").read_text())["findings"]
               if f["kind"] == "IMAGE"]
    assert image["status"] == "pending" and image["id"] != covered
