"""The leak scan finds register values wherever a public PDF or HTML file can carry them."""
from __future__ import annotations

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redaction.leakscan import Matcher, scan_files, structure_elements
from redaction.normalise import normalise

REGISTER = [
    ("child: name", "Willow Hartnell"),
    ("mother: name", "Shannon Hartnell"),
    ("partner: alias", "Deano"),
    ("sibling: alias", "Ty"),
    ("grandmother: name", "Maureen Hartnell"),
    ("school: place name", "St Aldhelm's C of E Primary School"),
    ("school: alias", "St Aldhelms"),
    ("child-nhs: nhs number", "999 765 4323"),
    ("partner-handle: social media", "@deano_c90"),
]


@pytest.mark.parametrize("text, label", [
    ("Willow Hartnell was seen", "child: name"),
    ("WILLOW   HARTNELL", "child: name"),
    ("Willow\u00a0Hart-\nnell", "child: name"),
    ("Willow Hart\u00adnell", "child: name"),
    ("Ｗｉｌｌｏｗ Ｈａｒｔｎｅｌｌ", "child: name"),
    ("willow-hartnell", "child: name"),
    ("Willow Hartnell\u2019s school", "child: name"),
    ("St Aldhelm\u2019s C of E Primary School", "school: place name"),
    ("number 9997654323", "child-nhs: nhs number"),
    ("number 999-765-4323", "child-nhs: nhs number"),
    ("as Ty said", "sibling: alias"),
    ("attended St Aldhelm\u2019s from Reception", "school: alias"),
])
def test_normalised_forms_are_found(text, label):
    assert label in Matcher(REGISTER).labels_in(text)


@pytest.mark.parametrize("text", ["typically", "Child W and Mother", "Deanoville", "999 765 432"])
def test_words_that_only_contain_a_value_are_not_hits(text):
    assert Matcher(REGISTER).labels_in(text) == set()


def test_normalise_collapses_whitespace_and_case():
    assert normalise("  A\tB\r\n  C-\n d ").text.casefold().strip() == "a b cd"


def test_a_clean_public_pdf_and_html_pass(render_public, tmp_path, public_html):
    html = tmp_path / "child-w.html"
    html.write_text(public_html(), encoding="utf-8")
    assert scan_files([render_public(), html], REGISTER) == []


def _set_info(pdf):
    pdf.docinfo["/Author"] = "Shannon Hartnell"


def _set_xmp(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:description"] = "About Maureen Hartnell"


def _add_bookmark(pdf):
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Deano's role", 0))


def _set_alt(pdf):
    figure = next(node for node in structure_elements(pdf) if node.get("/S") == "/Figure")
    figure.Alt = pikepdf.String("Photo of Willow Hartnell")


def _set_link(pdf):
    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            if "/URI" in annot.get("/A", {}):
                annot.A.URI = pikepdf.String("https://www.example.co.uk/st-aldhelms-c-of-e-primary-school")
                return
    raise AssertionError("no link to tamper with")


@pytest.mark.parametrize("tamper, label, where", [
    (_set_info, "mother: name", "document information /Author"),
    (_set_xmp, "grandmother: name", "XMP metadata"),
    (_add_bookmark, "partner: alias", "bookmark"),
    (_set_alt, "child: name", "alt text of a Figure element"),
    (_set_link, "school: place name", "link target"),
])
def test_a_value_put_into_the_pdf_is_caught(render_public, tmp_path, tamper, label, where):
    clean = render_public()
    tampered = tmp_path / "tampered.pdf"
    with pikepdf.open(clean) as pdf:
        tamper(pdf)
        pdf.save(tampered)
    hits = scan_files([tampered], REGISTER)
    assert label in {h.label for h in hits} and any(where in h.where for h in hits), hits
    assert all(h.label.split(":")[0] == label.split(":")[0] for h in hits), hits


def test_a_heading_id_becomes_a_named_destination_and_is_caught(render_public, public_html):
    hits = scan_files([render_public(public_html(heading_id="willow-hartnell"))], REGISTER)
    assert {h.label for h in hits} == {"child: name"}
    assert any("named destination" in h.where for h in hits), hits


@pytest.mark.parametrize("change, where", [
    (lambda make: make(heading_id="deano-c90"), "id"),
    (lambda make: make(alt="Ty at school"), "attribute alt of <img>"),
    (lambda make: make().replace("the reviews</a>", "the reviews</a> (999 765 4323)"), "text"),
    (lambda make: make().replace("</body>", "<!-- Shannon Hartnell --></body>"), "comment"),
], ids=["id", "alt", "text", "comment"])
def test_a_value_put_into_the_html_is_caught(tmp_path, public_html, change, where):
    page = change(public_html)
    html = tmp_path / "child-w.html"
    html.write_text(page, encoding="utf-8")
    hits = scan_files([html], REGISTER)
    assert len(hits) >= 1 and all(where in h.where for h in hits if "across" not in h.where), hits


def test_a_value_in_a_file_name_is_caught(render_public):
    hits = scan_files([render_public(name="willow-hartnell.pdf")], REGISTER)
    assert [h.where for h in hits] == ["file name willow-hartnell.pdf"]


def test_the_final_file_names_are_scanned_too(render_public):
    hits = scan_files([render_public()], REGISTER, names=["maureen_hartnell.html"])
    assert [(h.label, h.where) for h in hits] == [("grandmother: name", "file name maureen_hartnell.html")]


# --- what a hit says: the kind in a checker's words, the value only where the message stays internal ---

def _words_register():
    from redaction.register import Person, Register, Term
    return Register([Person("aunt", "Jenna Moss", "Aunt", ("Jen Moss",))],
                    [Term("place:clinic", "Quillwood Clinic", "a health clinic", "gp surgery"),
                     Term("identifier:aunt-nhs", "943 476 5919", "an NHS number", "nhs number"),
                     Term("place:yard", "Brackenfold Yard", "a workplace", "other place")])


SAID = [
    ("aunt: surname", "the surname of the person the report calls Aunt", "Jenna Moss"),
    ("aunt: alias", "the other name of the person the report calls Aunt", "Jenna Moss"),
    ("place:clinic: gp surgery", "a GP surgery named in the register, published as \u2018a health clinic\u2019",
     "Quillwood Clinic"),
    ("place:clinic: street", "a street named in the register", "Quillwood Clinic"),
    ("identifier:aunt-nhs: nhs number", "an NHS number in the register, published as \u2018an NHS number\u2019",
     "943 476 5919"),
    ("place:yard: other", "a place named in the register", "Brackenfold Yard"),
    ("place:yard: other place", "a place named in the register", "Brackenfold Yard"),
]


@pytest.mark.parametrize("label, words, value", SAID, ids=[s[0] for s in SAID])
def test_a_label_is_said_in_words_without_ids_and_with_the_value_only_inside(label, words, value):
    from redaction.leakscan import in_words
    register = _words_register()
    public, internal = in_words(label, register), in_words(label, register, internal=True)
    assert public.startswith(words) and value not in public
    assert label.rpartition(": ")[0] not in public  # no register key ("place:clinic", "aunt")
    assert internal.startswith(words) and internal.endswith(value)


def test_a_hit_in_a_scanned_file_says_what_it_found_in_words(tmp_path):
    register = _words_register()
    page = tmp_path / "report.html"
    page.write_text("<p>Seen at Quillwood Clinic with Jen Moss.</p>", encoding="utf-8")
    said = {str(h) for h in scan_files([page], [("place:clinic: gp surgery", "Quillwood Clinic")], register=register)}
    assert any(s.startswith("a GP surgery named in the register") for s in said), said
    assert any(s.startswith("the name of the person the report calls Aunt") for s in said), said
    assert not any("Quillwood" in s or "Moss" in s or "place:" in s for s in said), said


# --- Word and Excel files: one reading of their XML for the bundle and the anonymised chronology ---

def _xlsx(cells: list[list], sheet: str = "Events") -> bytes:
    import io

    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in cells:
        book.active.append([CellRichText([TextBlock(InlineFont(b=True), part) for part in value])
                            if isinstance(value, tuple) else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx(*runs: str, tab: bool = False) -> bytes:
    import io

    import docx
    document = docx.Document()
    paragraph = document.add_paragraph()
    for n, run in enumerate(runs):
        if tab and n:
            paragraph.add_run().add_tab()
        paragraph.add_run(run)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _shown(texts: list[tuple[str, str]]) -> str:
    return "\n".join(text for _, text in texts)


SHOWN = [  # (file, what must be read as a line of its text, what must not be)
    (lambda: _docx("Jenna Mo", "ss rang"), "Jenna Moss rang", None),
    (lambda: _docx("Aunt", "Moss", tab=True), "Aunt Moss", "AuntMoss"),
    (lambda: _xlsx([[("Jen", "na Moss")]]), "Jenna Moss", None),
    (lambda: _xlsx([["Aunt", "Moss"]]), "Moss", "AuntMoss"),
    (lambda: _xlsx([["fine"]], sheet="Jenna Moss"), "Jenna Moss", None),
]


@pytest.mark.parametrize("make, line, never", SHOWN, ids=["word runs", "word tab", "excel runs", "excel cells",
                                                          "sheet name"])
def test_an_office_file_is_read_as_the_application_shows_it(make, line, never):
    from pipeline.tools.office import office_texts
    shown = _shown(office_texts(make()))
    assert line in shown.splitlines() or any(line in s for s in shown.splitlines())
    assert never is None or never not in shown


@pytest.mark.parametrize("make", [lambda: _xlsx([["Aunt", "Jenna Moss"]]), lambda: _xlsx([[("Jen", "na Moss")]]),
                                  lambda: _xlsx([["ok"]], sheet="Jenna Moss")], ids=["cell", "runs", "sheet name"])
def test_the_anonymised_chronology_and_the_bundle_read_a_workbook_and_a_letter_alike(tmp_path, make):
    """Both scans go through pipeline.tools.office: a name in a cell, split over runs or in a sheet
    name is found in the workbook the anonymised chronology writes, and in a Word letter in the bundle."""
    from pipeline.chronology.anonymised import staged_surfaces
    from pipeline.stages.bundle import surfaces
    values = [("aunt: name", "Jenna Moss")]
    places = staged_surfaces({"chronology.xlsx": make()}, tmp_path)
    assert scan_files([tmp_path / p for p in places], values)
    letter = tmp_path / "letter"
    letter.mkdir()
    texts, _ = surfaces("letter.docx", _docx("Dear Jen", "na Mo", "ss"))
    (letter / "l.html").write_text("".join(f"<p>{line}</p>" for _, t in texts for line in t.splitlines()))
    assert scan_files([letter / "l.html"], values)


# --- a plural or a possessive written without its apostrophe, as heading ids and URLs write it ---

PLURAL_FORMS = [
    ("<p>The Mosses moved twice.</p>", "surname"),
    ('<p><a href="#jennas-lived-experience">her story</a></p>', "first name"),
    ('<p><a href="https://example.co.uk/news/the-mosss-home">news</a></p>', "surname"),
    ('<p id="quillwood-clinics-notes">Notes</p>', "gp surgery"),
    ('<p><a href="https://example.co.uk/jen-mosss-page">x</a></p>', "alias"),
]


@pytest.mark.parametrize("html_text, kind", PLURAL_FORMS)
def test_a_plural_or_possessive_without_apostrophe_is_caught_in_text_ids_and_links(tmp_path, html_text, kind):
    page = tmp_path / "report.html"
    page.write_text(html_text, encoding="utf-8")
    values = [("aunt: name", "Jenna Moss"), ("aunt: first name", "Jenna"), ("aunt: surname", "Moss"),
              ("aunt: alias", "Jen Moss"), ("place:clinic: gp surgery", "Quillwood Clinic")]
    labels = {hit.label for hit in scan_files([page], values, register=_words_register())}
    assert any(label.endswith(kind) for label in labels), labels


@pytest.mark.parametrize("text", ["Mossop and Mossy", "Jennaton", "the clinicians at Quillwoodside", "Tyson", "Deanosaur"])
def test_a_longer_word_that_starts_with_a_value_is_not_a_plural(text):
    values = REGISTER + [("aunt: surname", "Moss"), ("aunt: first name", "Jenna")]
    assert Matcher(values).labels_in(text) == set()


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True), st.sampled_from(["s", "es"]),
       st.sampled_from(["#{}-story", "https://example.co.uk/news/{}", "The {} home"]))
def test_any_name_plural_or_possessive_in_a_link_is_caught(name, ending, shape):
    """Whatever the name, its plural or apostrophe-less possessive is found in text and wherever a link carries it."""
    link = not shape.startswith("The")
    text = shape.format((name + ending).lower() if link else name + ending)
    assert Matcher([("someone: name", name)]).labels_in(text, link=link) == {"someone: name"}
