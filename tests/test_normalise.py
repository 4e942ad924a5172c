"""One normalisation for the register and the leak scan: disguised register values are found,
replaced at their original offsets, in prose and inside links and data: URIs; everyday words,
accented words and the example's pseudonyms are not."""
from __future__ import annotations

import base64

import pikepdf
import pytest

from redaction.leakscan import Matcher, scan_files
from redaction.normalise import normalise, views
from redaction.register import Person, Register

SOFT_HYPHEN, ZERO_WIDTH, JOINER, BOM = "\u00ad", "\u200b", "\u200d", "\ufeff"


@pytest.mark.parametrize("text, matched_as", [
    ("H\u0430rtnell", "Hartnell"),                       # Cyrillic a
    ("\u041d\u0410RTNELL", "HARTNELL"),                   # Cyrillic capitals En, A
    ("Sh\u03b1nnon", "Shannon"),                          # Greek alpha
    ("\u0406AN", "IAN"),                                  # Cyrillic capital I folds to a capital I, not l
    ("\uff37\uff49\uff4c\uff4c\uff4f\uff57", "Willow"),   # full-width letters (NFKC)
    ("Ren\u00e9e", "Renee"),                              # precomposed accent
    ("Rene\u0301e", "Renee"),                             # combining accent
    ("Bj\u00f8rn \u0141ukasz", "Bjorn Lukasz"),           # letters with strokes
    (f"Hart{SOFT_HYPHEN}nell", "Hartnell"),
    (f"Hart{ZERO_WIDTH}nell Hart{JOINER}nell {BOM}Ty", "Hartnell Hartnell Ty"),
    ("Hart-\nnell", "Hartnell"),
    ("Shan-\n non", "Shannon"),
    ("Hart-\r\nnell", "Hartnell"),
    ("Hart\x02\r\nnell", "Hartnell"),                     # pdfium's hyphen at a line end
    ("Willow\ufffeMae", "Willow-Mae"),                    # and in a word
    ("Hart\u2010\r\nnell", "Hartnell"),                   # WeasyPrint's hyphenation, as pdfium reads it
    ("Shannon\u2019s and Shannon`s", "Shannon's and Shannon's"),
    ("a  b\tc\n\nd", "a b c\nd"),
    ("\ufb01ne", "fine"),                                 # a ligature is two letters
])
def test_disguises_are_undone(text, matched_as):
    assert normalise(text).text == matched_as


@pytest.mark.parametrize("text, matched_as", [
    ("well-known", "well-known"), ("twenty-one", "twenty-one"), ("50% of 20%", "50% of 20%"),
    ("the end\n- a list item", "the end - a list item"), ("Hart- nell", "Hart- nell"),
])
def test_ordinary_hyphens_and_percents_stay(text, matched_as):
    assert normalise(text).text == matched_as


def test_every_normalised_character_maps_back_to_what_it_came_from():
    text = f"Mrs H\u0430rt{SOFT_HYPHEN}nell-\n  said \ufb01ne"
    norm = normalise(text)
    start = norm.text.index("Hartnell")
    assert text[slice(*norm.span(start, start + len("Hartnell")))] == f"H\u0430rt{SOFT_HYPHEN}nell"
    fi = norm.text.index("fi")
    assert norm.span(fi, fi + 1) == norm.span(fi + 1, fi + 2) == (len(text) - 3, len(text) - 2)


# --- the register finds disguises and replaces them where the author wrote them -----------

def replaced(register, text):
    out, last = [], 0
    for m in register.find(text):
        out += [text[last:m.start], m.replacement or "<?>"]
        last = m.end
    return "".join(out + [text[last:]])


@pytest.mark.parametrize("text, expected", [
    ("H\u0430rtnell, Shannon said", "Mother said"),
    ("Sh\u0430nnon Hartn\u0435ll said", "Mother said"),
    ("SH\u0410NNON said", "Mother said"),
    (f"Shan{SOFT_HYPHEN}non{ZERO_WIDTH} Hartnell said", "Mother said"),
    ("Shan-\n non Hartnell said", "Mother said"),
    ("W\u00efll\u00f3w went", "Child W went"),
    ("Sh\u0430nnon\u2019s partner", "Mother\u2019s partner"),
])
def test_the_register_replaces_disguised_names_at_their_original_offsets(example_register, text, expected):
    assert replaced(example_register, text) == expected


def test_an_accented_register_value_finds_the_plain_spelling_and_back():
    accented = Register([Person("m", "Ren\u00e9e Dubois", "Mother")])
    plain = Register([Person("m", "Renee Dubois", "Mother")])
    assert replaced(accented, "Renee said") == "Mother said"
    assert replaced(plain, "Ren\u00e9e said") == "Mother said"
    assert replaced(plain, "RENE\u0301E DUBOIS said") == "Mother said"


def data_uri(text: str, media: str = "text/plain") -> str:
    return f"data:{media};base64," + base64.b64encode(text.encode()).decode()


LINKS = [
    ("[search](https://www.example.co.uk/?q=child-w%20hartnell)", "hartnell"),
    ("[page](https://www.example.co.uk/?name=mother.hartnell95)", "hartnell"),
    ("see https://www.example.co.uk/people/shannon_hartnell/2024", "shannon_hartnell"),
    ("[x](https://www.example.co.uk/?who=Sh%D0%B0nnon)", "Sh%D0%B0nnon"),           # an encoded Cyrillic a
    ("[x](page.html#larkspur-close-14)", "larkspur-close"),
]


@pytest.mark.parametrize("text, value", LINKS)
def test_the_register_looks_inside_links(example_register, text, value):
    found = [(m.start, m.end) for m in example_register.find(text)]
    at = text.index(value)
    assert any(s < at + len(value) and at < e for s, e in found), found


@pytest.mark.parametrize("payload, media", [
    ("Shannon Hartnell lives at 14 Larkspur Close", "text/plain"),
    ("<svg xmlns='http://www.w3.org/2000/svg'><title>Willow Hartnell</title></svg>", "image/svg+xml"),
    ("<p>Deano</p>", "text/html;charset=utf-8"),
])
def test_the_register_reads_a_data_uri_payload(example_register, payload, media):
    text = f"[file]({data_uri(payload, media)}) and [plain](data:text/plain,Shannon%20Hartnell)"
    found = example_register.find(text)
    payload_at = text.index("base64,") + len("base64,")
    assert any(m.start <= payload_at < m.end for m in found), [m.text[:20] for m in found]
    assert any(m.text == "Shannon%20Hartnell" for m in found)


def test_an_image_data_uri_is_not_read_as_text(example_register):
    # a picture's bytes spell nothing; whatever letters base64 makes of them are no one's name
    image = "data:image/png;base64," + base64.b64encode(b"\x89PNG Ty Hartnell").decode()
    assert example_register.find(image, link=True) == []
    assert Matcher([("child: name", "Willow Hartnell")]).labels_in(image, link=True) == set()


@pytest.mark.parametrize("text, link", [
    ("?q=child-w%20hartnell", True),
    ("https://www.example.co.uk/?name=mother.hartnell95", True),
    (data_uri("Maureen Hartnell, 7 Heron Way"), True),
    ("data:text/plain,Nanna%20Mo%20Hartnell", True),
    ("see https://www.example.co.uk/?name=mother.hartnell95 for more", False),
])
def test_the_leak_scan_looks_inside_links(text, link):
    assert "grandmother: name" in Matcher([("grandmother: name", "Hartnell")]).labels_in(text, link)


# --- what must not be flagged ------------------------------------------------------------

NOT_FLAGGED = [
    "Child W lived with Mother, Father, Sibling and Maternal Grandmother; Mr C visited.",
    "The pillow was on the bed and the shallow bath was run.",
    "A caf\u00e9 owner, a na\u00efve r\u00e9sum\u00e9 and a fianc\u00e9e.",
    "\u041c\u043e\u0441\u043a\u0432\u0430 and \u0391\u03b8\u03ae\u03bd\u03b1 are cities.",   # Cyrillic and Greek words
    ("See https://www.gov.uk/government/publications/working-together-to-safeguard-children--2 and "
     "[the review](https://www.example.co.uk/reviews/2027/child-w-report.pdf)."),
    "50% of 20% were well-known twenty-one year olds.",
    "The strategy discussion was on 14 February 2019 and again on 3 March 2024.",
    "[chart](data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Crect/%3E%3C/svg%3E)",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_everyday_text_and_pseudonyms_are_not_register_values(example_register, text):
    assert example_register.find(text) == []


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_everyday_text_and_pseudonyms_are_not_leaks(text):
    values = [("child: name", "Willow Hartnell"), ("mother: name", "Shannon Hartnell"), ("sibling: alias", "Ty"),
              ("partner: alias", "Deano"), ("home: address", "14 Larkspur Close")]
    assert Matcher(values).labels_in(text) == set()


def test_views_of_plain_prose_are_the_normalised_text_alone():
    assert [v.text for v in views("Mother said so.")] == ["Mother said so."]


@pytest.mark.parametrize("uri", [
    "https://www.example.co.uk/search?q=child-w%20hartnell",
    "https://www.example.co.uk/page?name=mother.hartnell95",
    data_uri("Notes about Shannon Hartnell"),
])
def test_the_leak_scan_reads_a_pdf_link_target_as_a_link(render_public, tmp_path, example_register, uri):
    tampered = tmp_path / "tampered.pdf"
    with pikepdf.open(render_public()) as pdf:
        annot = next(a for page in pdf.pages for a in page.obj.get("/Annots") or [] if "/URI" in a.get("/A", {}))
        annot.A.URI = pikepdf.String(uri)
        pdf.save(tampered)
    hits = scan_files([tampered], [("mother: surname", "Hartnell")], register=example_register)
    assert any("link target" in h.where for h in hits), hits


def test_the_leak_scan_reads_names_hyphenated_in_a_rendered_pdf(render_public):
    page = ('<html lang="en-GB"><head><title>Review: Child W</title><style>p {width: 1.3cm}</style></head>'
            "<body><h1>Review</h1><p>Hart&shy;nell</p><p>Dean Corrigan-Bell</p></body></html>")
    hits = scan_files([render_public(page, variant=None)], [("child: surname", "Hartnell"),
                                                            ("partner: alias", "Dean Corrigan-Bell")])
    assert {h.label for h in hits if "page 1 text" in h.where} == {"child: surname", "partner: alias"}
