"""A link inside the report to a heading that names someone: the heading is anonymised, so its id
changes; the link must follow it to the public HTML and PDF and carry no register value, and a link
that still goes nowhere at publish is named in words (exit 1), never WeasyPrint's raw error.
Real CLI, real pandoc and WeasyPrint; text read back from the public files."""
from __future__ import annotations

import html
import re
import shutil

import pikepdf
import pytest

from pipeline.case.anonymiser import names_in
from pipeline.case.register import register_from
from pipeline.case.schema import Review
from pipeline.cli import main
from tests.conftest import EXAMPLE, refuse_network

import yaml

# (form, what the section writes: a heading or an element with its own id, the anchor the link names,
# the link's words)
FORMS = [
    ("possessive", "## Willow's lived experience", "willows-lived-experience", "her lived experience"),
    ("name in the middle", "## Time with Shannon and the children", "time-with-shannon-and-the-children",
     "time with her mother"),
    ("a date", "## What happened on 14 March 2025", "what-happened-on-14-march-2025", "what happened"),
    ("full name and possessive", "## Willow Hartnell's school days", "willow-hartnells-school-days", "school days"),
    ("an explicit id", "[Her words were recorded by the school.]{#willow-words}", "willow-words",
     "the words she used"),
]


def linked_case(root, forms=FORMS):
    """The example case with each form written into a section and a link to each from another."""
    case = root / "case"
    shutil.copytree(EXAMPLE, case)
    lived = case / "sections" / "lived-experience.md"
    blocks = [f"{written}\n\nThe panel considered this part of the child's day with care and attention."
              for _, written, _, _ in forms]
    lived.write_text(lived.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    family = case / "sections" / "family-involvement.md"
    links = " ".join(f"See [{words}](#{anchor})." for _, _, anchor, words in forms)
    family.write_text(family.read_text(encoding="utf-8") + f"\n\n{links}\n", encoding="utf-8")
    return case


@pytest.fixture(scope="module")
def linked_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("links")
    case, build = linked_case(root), root / "build"
    with pytest.MonkeyPatch.context() as patch:
        refuse_network(patch)
        code = main(["report", str(case), "--build-dir", str(build)])
    assert code == 0
    public = build / "child-w" / "public"
    register = register_from(Review.model_validate(yaml.safe_load((case / "review.yaml").read_text())))
    return public / "child-w.html", public / "child-w.pdf", register


def href_of(page: str, words: str) -> str:
    links = {" ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()): href
             for href, text in re.findall(r'<a\b[^>]*?\shref="#([^"]*)"[^>]*>(.*?)</a>', page, re.DOTALL)}
    return links[words]


@pytest.mark.parametrize("form, written, anchor, words", FORMS, ids=[f[0] for f in FORMS])
def test_a_link_to_a_named_heading_works_in_the_public_html(linked_build, form, written, anchor, words):
    page = linked_build[0].read_text(encoding="utf-8")
    href = href_of(page, words)
    assert f' id="{href}"' in page, f"#{href} matches no element of the public HTML"
    assert not names_in(href, linked_build[2]), href


@pytest.mark.parametrize("form, written, anchor, words", FORMS, ids=[f[0] for f in FORMS])
def test_a_link_to_a_named_heading_works_in_the_public_pdf(linked_build, form, written, anchor, words):
    href = href_of(linked_build[0].read_text(encoding="utf-8"), words)
    with pikepdf.open(linked_build[1]) as pdf:
        destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
        links = [str(a.Dest) for page in pdf.pages for a in page.get("/Annots", [])
                 if a.get("/Subtype") == "/Link" and "/Dest" in a]
        assert href in links, f"no link in the PDF goes to {href}"
        assert href in destinations, f"the PDF has no destination {href}"
        page_of = destinations[href][0]
        assert any(page_of.objgen == page.obj.objgen for page in pdf.pages)


def test_no_register_value_in_any_link_target_or_id(linked_build):
    page_path, pdf_path, register = linked_build
    page = page_path.read_text(encoding="utf-8")
    anchors = re.findall(r'\s(?:href|id)="#?([^"]*)"', page)
    with pikepdf.open(pdf_path) as pdf:
        anchors += [str(name) for name, _ in pikepdf.NameTree(pdf.Root.Names.Dests).items()]
    assert anchors
    assert [a for a in anchors if names_in(html.unescape(a), register)] == []


def run_stages(case, build, *stages):
    return [main([stage, str(case), "--build-dir", str(build)]) for stage in stages]


def test_a_link_that_goes_nowhere_at_publish_is_named_in_words(tmp_path, capsys):
    forms = [("nowhere", "## Willow's lived experience", "willows-day-at-school", "her day at school")]
    case, build = linked_case(tmp_path, forms), tmp_path / "build"
    codes = run_stages(case, build, "validate", "chronology", "draft", "redaction", "publish")
    assert codes == [0, 0, 1, 0, 1]     # the draft holds on the link, but is written; publish holds too
    said = " ".join("".join(capsys.readouterr()).split())
    said = said[said.index("publish: running"):]    # the draft's own message is internal: it names the anchor
    assert "the link 'her day at school' in section 'Family involvement' points to '#child-ws-day-at-school', " \
           "which no heading of the public text has" in said
    assert "link(s) in the public text go nowhere; nothing was published" in said
    assert "Traceback" not in said and "No anchor" not in said and "willow" not in said.lower()
    assert not (build / "child-w" / "public" / "child-w.pdf").exists()


def test_an_id_whose_name_cannot_be_cleaned_is_refused_at_its_line(tmp_path, capsys):
    forms = [("surname", "[Notes from the family.]{#hartnell-notes}", "hartnell-notes", "the family's notes")]
    case, build = linked_case(tmp_path, forms), tmp_path / "build"
    assert run_stages(case, build, "validate", "chronology", "draft", "redaction") == [0, 0, 0, 2]
    said = " ".join("".join(capsys.readouterr()).split())
    line = (case / "sections" / "lived-experience.md").read_text().splitlines().index(forms[0][1]) + 1
    assert f"sections/lived-experience.md, line {line}: an anchor written in the section (#...) holds a name " \
           "from the register" in said
    assert not (build / "child-w" / "redaction" / "public-report.md").exists()
