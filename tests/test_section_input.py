"""What a section may hold, and what happens when it holds something else: each row is a section
file as a user might write it, through `lcspr draft`. Refused input is exit 2 naming the section
file (and line), and leaves build/ as it was: nothing is read from outside the case, nothing is
half written."""
from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from pipeline.cli import main
from tests.conftest import EXAMPLE, tree_digest, write_draft_case

from .test_draft_checks import PNG

LINE = 8   # the fixture's section files are 6 lines long; text appended after a blank line starts on line 8


def run(stage: str, case: Path, build: Path, capsys) -> tuple[int, str]:
    code = main([stage, str(case), "--build-dir", str(build)])
    return code, " ".join(capsys.readouterr().err.split())


def append(case: Path, text: str, section: str = "overview") -> None:
    path = case / "sections" / f"{section}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


@pytest.fixture
def case(tmp_path) -> Path:
    return write_draft_case(tmp_path / "case")


@pytest.fixture
def build(tmp_path) -> Path:
    return tmp_path / "build"


# --- no raw HTML, CSS or data: links (issue 18, item 3) -------------------------------------------

REFUSED_CONTENT = [  # (id, text appended at line 8, what is said)
    ("img with a data URI", 'A drawing <img src="data:image/png;base64,iVBORw0KGgo=" alt="house"> of the house.',
     'raw HTML (<img src="data:image/png;base64,iVBORw0KGgo=" alt="house">)'),
    ("html comment", "<!-- ask Shannon Hartnell about this -->", "an HTML comment (<!-- ask Shannon"),
    ("style block with CSS escapes", '<style>p::after { content: "\\53 hannon" }</style>', "raw HTML (<style>"),
    ("span with a style", 'A <span style="color:white">hidden</span> word.',
     'the attribute style="color:white" (HTML or CSS)'),
    ("bracketed span with a style", 'A [hidden]{style="display:none"} word.', 'the attribute style="display:none"'),
    ("div with an event handler", '<div onclick="go()">\nText in a div.\n</div>', 'the attribute onclick="go()"'),
    ("data link", "See [the notes](data:text/plain;base64,U2hhbm5vbiBIYXJ0bmVsbA==).", "a data: link"),
    ("data autolink", "See <data:text/plain,Shannon>.", "a data: link"),
    ("data image", "![A house](data:image/png;base64,iVBORw0KGgo=)", "a data: image"),
    ("raw html block", "```{=html}\n<b>bold</b>\n```", "raw HTML (<b>bold</b>)"),  # said at its own line, 9
    ("raw latex", "Text `\\textbf{x}`{=latex} here.", "raw LATEX"),
    ("bold tag", "Some <b>bold</b> text.", "raw HTML (<b>)"),
    ("link with an attribute", '[the site](https://www.example.co.uk){data-who="Shaz"}',
     'the attribute data-who="Shaz"'),
]


@pytest.mark.parametrize("text, expected", [row[1:] for row in REFUSED_CONTENT],
                         ids=[row[0] for row in REFUSED_CONTENT])
def test_raw_html_css_and_data_links_are_refused_at_their_line(case, build, capsys, text, expected):
    append(case, text)
    code, err = run("draft", case, build, capsys)
    assert code == 2, err
    line = LINE + 1 if text.startswith("```") else LINE
    assert f"sections/overview.md, line {line}: {expected}" in err
    assert "a section may hold text, tables, images from the case folder and links only" in err
    assert not build.exists()


ALLOWED_CONTENT = [
    ("comparisons", "Referrals rose where a < b and fell where c > d; 3 <4 is not a tag."),
    ("an ampersand", "Police & Children's Social Care met at 10 & 11."),
    ("a web link", "See <https://www.example.co.uk/guidance> and [the guidance](https://www.example.co.uk/g)."),
    ("a sized image", "![How services were arranged](images/services.png){width=50%}"),
    ("a class on a heading", "## Appendix {.unnumbered}"),
]


@pytest.mark.parametrize("text", [row[1] for row in ALLOWED_CONTENT], ids=[row[0] for row in ALLOWED_CONTENT])
def test_text_links_and_images_are_allowed(case, build, capsys, text):
    (case / "sections" / "images").mkdir()
    (case / "sections" / "images" / "services.png").write_bytes(PNG)
    append(case, text)
    code, err = run("draft", case, build, capsys)
    assert code == 0, err


# --- files stay inside the case (item 7) ----------------------------------------------------------


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(PNG)
    return secret


def other_case(tmp_path: Path) -> Path:
    picture = tmp_path / "other-case" / "sections" / "images" / "family.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(PNG)
    return picture


def symlink_in_case(tmp_path: Path, case: Path) -> str:
    (case / "sections" / "images").mkdir()
    (case / "sections" / "images" / "linked.png").symlink_to(outside_file(tmp_path))
    return "images/linked.png"


def folder_link_in_case(tmp_path: Path, case: Path) -> str:
    outside_file(tmp_path)
    (case / "sections" / "images").symlink_to(tmp_path / "outside", target_is_directory=True)
    return "images/secret.png"


OUTSIDE = [  # (id, the image target as written, given (tmp_path, case); what is said)
    ("parent folders", lambda tmp, case: "../../../../../../../../etc/passwd", "is outside the case folder"),
    ("beside the case", lambda tmp, case: f"../../outside/{outside_file(tmp).name}", "is outside the case folder"),
    ("another case", lambda tmp, case: f"../../other-case/sections/images/{other_case(tmp).name}",
     "is outside the case folder"),
    ("absolute path", lambda tmp, case: str(outside_file(tmp)), "is an absolute path"),
    ("absolute path into the case", lambda tmp, case: str(case / "sections" / "overview.md"), "is an absolute path"),
    ("a symlink", symlink_in_case, "is outside the case folder"),
    ("a linked folder", folder_link_in_case, "is outside the case folder"),
    ("file URL", lambda tmp, case: f"file://{outside_file(tmp)}", "is a file: link, not a file in the case folder"),
]


@pytest.mark.parametrize("target, said", [row[1:] for row in OUTSIDE], ids=[row[0] for row in OUTSIDE])
def test_an_image_outside_the_case_is_refused_unread(case, build, tmp_path, capsys, target, said):
    written = target(tmp_path, case)
    append(case, f"![A picture]({written})")
    code, err = run("draft", case, build, capsys)
    assert code == 2, err
    assert f"sections/overview.md, line {LINE}: image '" in err and said in err
    assert not build.exists()


@pytest.mark.parametrize("linked", ["sections/overview.md", "review.yaml"])
def test_a_case_file_linked_from_outside_is_refused(case, build, tmp_path, capsys, linked):
    elsewhere = tmp_path / "elsewhere" / Path(linked).name
    elsewhere.parent.mkdir()
    (case / linked).rename(elsewhere)
    (case / linked).symlink_to(elsewhere)
    code, err = run("draft", case, build, capsys)
    assert code == 2, err
    assert f"{linked}: " in err and "outside the case folder" in err
    assert not build.exists()


def test_a_decisions_file_linked_from_outside_the_case_is_refused(redaction_case, tmp_path, capsys):
    case, build, write_draft = redaction_case
    write_draft()
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("decisions: []\n")
    (case / "redaction").mkdir()
    (case / "redaction" / "decisions.yaml").symlink_to(elsewhere)
    before = tree_digest(build)
    code, err = run("redaction", case, build, capsys)
    assert code == 2, err
    assert f"redaction/decisions.yaml: is a link to {elsewhere}, outside the case folder" in err
    assert tree_digest(build) == before and not (build / "child-w" / "redaction").exists()


def test_a_failing_draft_leaves_the_last_draft_as_it_was(case, build, capsys):
    assert run("draft", case, build, capsys)[0] == 0
    before = tree_digest(build)
    append(case, "A <span style=\"color:white\">hidden</span> word.", section="findings")
    assert run("draft", case, build, capsys)[0] == 2
    assert tree_digest(build) == before


def test_a_draft_failing_after_rendering_writes_nothing_and_names_review_yaml(case, build, capsys, edit_review):
    assert run("draft", case, build, capsys)[0] == 0
    before = tree_digest(build)
    append(case, "![A new picture](images/new.png)", section="learning")
    (case / "sections" / "images").mkdir()
    (case / "sections" / "images" / "new.png").write_bytes(PNG)
    edit_review(case, lambda data: data["recommendations"][0].update(
        text='Train staff <img src="https://tracker.example.co.uk/p.gif" alt="">'))
    code, err = run("draft", case, build, capsys)
    assert code == 2, err
    assert "review.yaml, line " in err and "<img> fetching https://tracker.example.co.uk/p.gif" in err
    assert tree_digest(build) == before
    assert not (build / "child-w" / "internal" / "media" / "learning").exists()


# --- section input that is too large, malformed or hides text (item 10) -----------------------------

PAGE = ("The social worker visited the family at home and recorded what the child said about school. " * 30
        + "\n\n")   # about one page


def word_file(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def huge_word_section(case: Path) -> None:
    """5,000 pages of Word text: a small document whose body is repeated (python-docx is too slow for it)."""
    path = word_file(case / "sections" / "overview.docx", ["PARAGRAPH"])
    (case / "sections" / "overview.md").unlink()
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    body = members["word/document.xml"].decode()
    paragraph = body[body.index("<w:p>"):body.index("</w:p>") + len("</w:p>")]
    members["word/document.xml"] = body.replace(paragraph, paragraph.replace("PARAGRAPH", PAGE.strip()) * 5000).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def write_section(text: str | bytes, section: str = "overview"):
    def change(case: Path) -> None:
        path = case / "sections" / f"{section}.md"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return change


def long_word_paragraph(case: Path) -> None:
    (case / "sections" / "learning.md").unlink()
    word_file(case / "sections" / "learning.docx", ["A first paragraph.", "x" * 60_000])


BOMB = ("---\ntitle: notes\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n---\n\n## Context\n\nText.\n")
def entities_in_word_comments(case: Path) -> None:
    """A billion-laughs DTD in word/comments.xml, which the draft reads to count the comments."""
    (case / "sections" / "learning.md").unlink()
    path = case / "sections" / "learning.docx"
    document = docx.Document()
    commented = document.add_paragraph("The plan was agreed.")
    document.add_comment(commented.runs, text="ask about this", author="Panel member")
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    bomb = b'<!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    xml = members["word/comments.xml"]
    members["word/comments.xml"] = xml.replace(b"?>", b"?>" + bomb, 1).replace(b"ask about this", b"&b;")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


INPUT = [  # (id, change to the case, what is said)
    ("5,000 pages of Markdown", write_section(PAGE * 5000),
     "sections/overview.md: is 13,810,000 bytes; a section is at most 300,000"),
    ("5,000 pages of Word", huge_word_section,
     "sections/overview.docx: holds"),
    ("YAML bomb in front matter", write_section(BOMB),
     "sections/overview.md, line 4: is not valid YAML: anchors and aliases (*name) are not allowed in a case file"),
    ("YAML bomb further down", write_section("## Context\n\nText.\n\n" + BOMB),
     "sections/overview.md, line 8: is not valid YAML: anchors and aliases"),
    ("deeply nested front matter", write_section("---\na: " + "[" * 80 + "]" * 80 + "\n---\n\nText.\n"),
     "sections/overview.md, line 2: is not valid YAML: lists and mappings are nested more than 50 deep"),
    ("broken front matter", write_section("---\ntitle: [unclosed\nauthor: x\n---\n\nText.\n"),
     "sections/overview.md, line 3: is not valid YAML"),
    ("invalid UTF-8", write_section("## Context\n\nLine three.\n\nCaf\xe9 on line five.\n".encode("latin-1")),
     "sections/overview.md, line 5: is not UTF-8 text (byte"),
    ("one very long line", write_section("## Context\n\n" + "word " * 30_000 + "\n"),
     "sections/overview.md, line 3: has a paragraph of 149,999 characters"),
    ("a long paragraph over many lines", write_section("## Context\n\n" + "a line of words in one paragraph\n" * 2_000),
     "sections/overview.md, line 3: has a paragraph of"),
    ("quotes nested 150 deep", write_section("## Context\n\n" + ">" * 150 + " Deep.\n"),
     "sections/overview.md: has quotes, lists or tables nested 152 deep, one inside another; at most 40"),
    ("quotes nested 5,000 deep", write_section("## Context\n\n" + ">" * 5_000 + " Deep.\n"),
     "sections/overview.md: could not be read as Markdown"),
    ("entities in Word comments", entities_in_word_comments, "sections/learning.docx: could not be read as Word"),
    ("a long Word paragraph", long_word_paragraph,
     "sections/learning.docx: has a paragraph of 60,000 characters"),
]


@pytest.mark.parametrize("change, said", [row[1:] for row in INPUT], ids=[row[0] for row in INPUT])
def test_bad_section_input_ends_at_once_naming_the_section(case, build, capsys, change, said):
    change(case)
    code, err = run("draft", case, build, capsys)
    assert code == 2, err
    assert said in err
    assert "internal error" not in err and "draft-report" not in err
    assert not build.exists()


def test_front_matter_is_read_safely_and_left_out_with_a_warning(case, build, capsys):
    write_section("---\ntitle: Notes for Shannon Hartnell\n---\n\n## Context\n\n"
                  "The family moved to the area in the spring of that year.\n")(case)
    code, err = run("draft", case, build, capsys)
    assert code == 0, err
    assert "warning sections/overview.md: lines 1-3 are YAML metadata, which is no part of the report" in err
    assert "Shannon" not in (build / "child-w" / "internal" / "draft-report.md").read_text()


NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')
BOX = '<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
DRAWING = ('<w:drawing><wp:anchor><wp:docPr id="5" name="Text Box 5"/><a:graphic><a:graphicData uri="wps">'
           '<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')
VML = '<w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>'
TEXT_BOXES = {  # how Word has written text boxes over the years
    "drawing with a VML fallback": ((f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps">{DRAWING}'
                                     f'</mc:Choice><mc:Fallback>{VML}</mc:Fallback></mc:AlternateContent></w:r>'),
                                    "Text Box 5"),
    "VML only (Word 2007)": (f"<w:r {NS}>{VML}</w:r>", "text box 1"),
    "drawing only": (f"<w:r {NS}>{DRAWING}</w:r>", "Text Box 5"),
}


@pytest.mark.parametrize("xml, name", TEXT_BOXES.values(), ids=TEXT_BOXES.keys())
def test_a_word_text_box_is_read_into_the_section(case, build, capsys, xml, name):
    (case / "sections" / "learning.md").unlink()
    document = docx.Document()
    document.add_paragraph("Before the box.")
    anchor = document.add_paragraph("The paragraph holding the box.")
    anchor._p.append(parse_xml(xml.format(box=BOX.format(text="The box says agencies met monthly."))))
    document.add_paragraph("After the box.")
    document.save(str(case / "sections" / "learning.docx"))
    code, err = run("draft", case, build, capsys)
    assert code == 0, err
    text = (build / "child-w" / "internal" / "draft-report.md").read_text()
    assert ("Before the box.\n\nThe paragraph holding the box.\n\nThe box says agencies met monthly.\n\n"
            "After the box.") in text
    assert text.count("The box says") == 1
    assert (f"warning sections/learning.docx: the text of 1 text box(es) ({name}) is read into the section") in err


def test_an_example_section_reads_as_it_did(tmp_path, capsys):
    """The bundled example's sections pass every rule above (its draft is not refused)."""
    case = tmp_path / "case"
    shutil.copytree(EXAMPLE, case)
    code, err = run("draft", case, tmp_path / "build", capsys)
    assert code in (0, 1), err
    assert (tmp_path / "build" / "child-w" / "internal" / "draft-report.pdf").exists()
    assert oct(os.stat(tmp_path / "build" / "child-w" / "internal").st_mode & 0o777) == "0o700"


def test_an_embedded_document_in_a_word_section_is_named_in_a_warning(case, build, capsys):
    """Word's 'Text from File' keeps another document inside (w:altChunk); it is not read: say so."""
    (case / "sections" / "learning.md").unlink()
    document = docx.Document()
    document.add_paragraph("The plan agreed by every agency at the panel is attached below.")
    document.element.body.insert(1, parse_xml(
        '<w:altChunk xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdChunk"/>'))
    document.save(str(case / "sections" / "learning.docx"))
    code, err = run("draft", case, build, capsys)
    assert code == 0, err
    assert ("warning sections/learning.docx: 1 embedded document(s) (inserted as 'Text from File' or pasted as "
            "HTML) are not read into the report") in err


@pytest.mark.parametrize("text, exit_code", [
    ("Before.\n\n---\nA rule: then prose: with colons\nmore prose\n---\n\nAfter.\n", 2),
    ("Before.\n\n---\n\nA rule: then prose: with colons\nmore prose\n\n---\n\nAfter.\n", 0),
], ids=["read as YAML", "rules"])
def test_rules_read_as_yaml_are_explained(case, build, capsys, text, exit_code):
    """pandoc reads text between two '---' lines as YAML metadata unless a blank line follows the first."""
    write_section(text)(case)
    code, err = run("draft", case, build, capsys)
    assert code == exit_code, err
    if exit_code:
        assert ("sections/overview.md, line 4: is not valid YAML" in err
                and "(lines 3-6, between '---' lines, are read as YAML metadata)" in err
                and "put a blank line after the first" in err), err
