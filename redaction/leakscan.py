"""The leak scan: the last check before anything is published.

A published PDF leaks through more than its page text: the Info dictionary and XMP
metadata, bookmark titles, alt text, link targets and named destinations (made from
heading ids), and the file name. The HTML leaks through text, attribute values and ids.
Every surface is read in the normalisation the register matches in (redaction/normalise.py:
look-alike letters, accents, invisible characters, line-break hyphens), with case ignored, and
inside every link: percent-decoded, split at URL punctuation and digits, and a data: URI's text
payload decoded. Link targets (href, src, PDF link actions) are read whole as links.

Values come in as (label, value) pairs; the label says whose value it is and what kind, by the
register's keys ("mother: alias", "place:school: school"). A hit carries the label and, given the
register, the same in a checker's words ("the other name of the person the report calls Mother",
"a school named in the register, published as 'the child's primary school'"): public and bundle
messages show those words and never the value; a message inside the redaction zone may add the
register's value, as findings.html does.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2 as pdfium

from .normalise import normalise, views

_TOKEN = re.compile(r"[^\W_]+")
_SEPARATOR = r"[\W_]{0,3}"      # what may stand between the words of a value: space, hyphen, dot, apostrophe…
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![^\W_])", r"(?![^\W_])"   # a value starts and ends at a word edge
_PLURAL = "(?:e?s)?"


@dataclass(frozen=True, order=True)
class Hit:
    """A register value found in a public file: what kind of value (label) and where."""

    label: str
    where: str
    words: str = field(default="", compare=False)  # the label in a checker's words (in_words)

    def __str__(self) -> str:
        return f"{self.words or self.label} found in {self.where}"


class Surface(NamedTuple):
    """Where a text was read, the text, and whether it is a link target or an id (read whole as a link)."""

    where: str
    text: str
    link: bool = False


def variants(label: str, value: str) -> Iterator[tuple[str, str]]:
    """The few forms the scanner adds itself: the value, and for a value containing digits its
    digits-and-letters-only form (999 765 4323 -> 9997654323). Separators between words are
    matched loosely anyway; the anonymiser's register supplies the rest (aliases, name parts)."""
    yield label, value
    if any(ch.isdigit() for ch in value):
        compact = "".join(_TOKEN.findall(value))
        if compact != value:
            yield label, compact


class Matcher:
    """All values compiled into one pattern; a match is traced back to the labels it belongs to."""

    def __init__(self, values: Iterable[tuple[str, str]]):
        self.patterns: dict[str, re.Pattern] = {}
        self.labels: dict[str, set[str]] = {}
        for label, value in values:
            tokens = _TOKEN.findall(normalise(value).text.casefold())
            if not tokens:
                continue
            body = _SEPARATOR.join(re.escape(t) for t in tokens)
            if tokens[-1].isalpha():  # "the Hartnells", "willows-lived-experience": a plural or a possessive
                body += _PLURAL          # without its apostrophe (as a heading id or a URL writes it)
            self.patterns.setdefault(body, re.compile(_EDGE_BEFORE + body + _EDGE_AFTER))
            self.labels.setdefault(body, set()).add(label)
        bodies = sorted(self.patterns, key=len, reverse=True)
        self.combined = re.compile(_EDGE_BEFORE + "(?:" + "|".join(bodies) + ")" + _EDGE_AFTER) if bodies else None

    def labels_in(self, text: str, link: bool = False) -> set[str]:
        if self.combined is None or not text:
            return set()
        found: set[str] = set()
        for view in views(text, link):
            seen = view.text.casefold()
            for form in {seen, seen.replace("'", "")}:   # "St Aldhelm's" is also the register's "St Aldhelms"
                for match in self.combined.finditer(form):
                    window = form[max(0, match.start() - 1):match.end() + 1]
                    for body, pattern in self.patterns.items():
                        if pattern.search(window):
                            found |= self.labels[body]
        return found


class RegisterForms:
    """The anonymiser's own register matcher as a leak-scan matcher: every form it knows (possessives,
    initials, one-letter misspellings, dates of birth and numbers written any way) is looked for too."""

    def __init__(self, register):
        self.register = register

    def labels_in(self, text: str, link: bool = False) -> set[str]:
        return {f"{', '.join(m.owners)}: {m.form}" for m in self.register.find(text, link)} if text else set()


# what each kind of register value is called, as a noun a checker uses (a person's forms, and the kinds
# of places and identifiers review.yaml lists)
NOUNS = {"name": "name", "alias": "other name", "first name": "first name", "surname": "surname",
         "initials": "initials", "near-miss": "name, misspelt", "date of birth": "date of birth",
         "address": "address", "street": "street", "postcode": "postcode", "flat number": "flat number",
         "house number": "house number", "town": "town", "school": "school", "nursery": "nursery",
         "gp surgery": "GP surgery", "hospital": "hospital", "other place": "place", "nhs number": "NHS number",
         "ni number": "National Insurance number", "phone": "phone number", "email": "email address",
         "case reference": "case reference", "crime reference": "crime reference",
         "vehicle registration": "vehicle registration", "social media": "social media account"}


def in_words(label: str, register, internal: bool = False) -> str:
    """A hit's label ("place:school: school") as a checker reads it: whose or what kind of value, by the
    wording the report publishes for it (a pseudonym, a place's generic wording), never by the value;
    `internal` (a message that stays in the redaction zone) adds the register's value."""
    owners, _, form = label.rpartition(": ")
    said = [_owner_in_words(owner, form, register, internal) for owner in owners.split(", ")]
    return " or ".join(said)


def _owner_in_words(owner: str, form: str, register, internal: bool) -> str:
    if owner in register.people:
        person = register.people[owner]
        value = f": {person.name}" if internal else ""
        return f"the {NOUNS.get(form, form)} of the person the report calls {person.pseudonym}{value}"
    term = register.terms.get(owner)
    if term is None:
        return "a value in the register"
    noun = NOUNS.get(form, "identifier" if owner.startswith("identifier:") else "place")
    article = "an" if noun[0] in "aeiouAEIOU" or noun.startswith("NHS") else "a"
    value = f": {term.value}" if internal else ""
    where = "in the register" if owner.startswith("identifier:") else "named in the register"
    return f"{article} {noun} {where}, published as \u2018{term.replacement}\u2019{value}"


def _hits(matcher: Matcher | RegisterForms, surfaces: Iterable[Surface]) -> list[Hit]:
    return [Hit(label, where) for where, text, link in surfaces for label in matcher.labels_in(text, link)]


# --- PDF surfaces -------------------------------------------------------------------------

def _pdf_page_text(path: Path) -> Iterator[Surface]:
    document = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            yield Surface(f"{path.name}: page {number + 1} text", textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()


def _text_of(obj) -> str | None:
    if isinstance(obj, (pikepdf.String, pikepdf.Name)):
        return str(obj)
    return None


def _info_and_xmp(pdf: pikepdf.Pdf, name: str) -> Iterator[Surface]:
    for key, value in (pdf.trailer.get("/Info") or {}).items():
        text = _text_of(value)
        if text is not None:
            yield Surface(f"{name}: document information {key}", text)
    stream = pdf.Root.get("/Metadata")
    if isinstance(stream, pikepdf.Stream):
        xml = stream.read_bytes().decode("utf-8", "replace")
        yield Surface(f"{name}: XMP metadata", html.unescape(re.sub(r"<[^>]*>", " ", xml)))


def _outline(pdf: pikepdf.Pdf, name: str) -> Iterator[Surface]:
    with pdf.open_outline() as outline:
        stack = [(str(n), item) for n, item in enumerate(outline.root, start=1)]
        while stack:
            number, item = stack.pop()
            yield Surface(f"{name}: bookmark {number}", item.title)
            if isinstance(item.destination, (str, pikepdf.String, pikepdf.Name)):
                yield Surface(f"{name}: bookmark destination", str(item.destination), link=True)
            stack.extend((f"{number}.{n}", child) for n, child in enumerate(item.children, start=1))


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every element of the PDF's structure tree (each once), for alt text and tag checks."""
    stack, seen = [pdf.Root.get("/StructTreeRoot")], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if "/S" in node:
            yield node
        if "/K" in node:
            stack.append(node.K)


def _structure_tree(pdf: pikepdf.Pdf, name: str) -> Iterator[Surface]:
    """Alt text, actual text, titles and expansions of every structure element."""
    for node in structure_elements(pdf):
        role = str(node.get("/S", "element")).lstrip("/")
        for key, what in (("/Alt", "alt text"), ("/ActualText", "actual text"), ("/T", "title"), ("/E", "expansion")):
            text = _text_of(node.get(key))
            if text is not None:
                yield Surface(f"{name}: {what} of a {role} element", text)


def _links_and_destinations(pdf: pikepdf.Pdf, name: str) -> Iterator[Surface]:
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots") or []:
            action = annot.get("/A") or {}
            for key, what in ((action.get("/URI"), "link target"), (action.get("/D"), "link destination"),
                              (annot.get("/Dest"), "link destination"), (annot.get("/Contents"), "annotation text")):
                text = _text_of(key)
                if text is not None:
                    yield Surface(f"{name}: page {number} {what}", text, link=what != "annotation text")
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for key in pikepdf.NameTree(names.Dests).keys():
            yield Surface(f"{name}: named destination", key, link=True)
    for key in (pdf.Root.get("/Dests") or {}).keys():
        yield Surface(f"{name}: named destination", key.lstrip("/"), link=True)


def pdf_surfaces(path: Path) -> Iterator[Surface]:
    """(where, text) for everything a reader or a crawler can get out of a PDF."""
    yield from _pdf_page_text(path)
    with pikepdf.open(path) as pdf:
        for surface in (_info_and_xmp, _outline, _structure_tree, _links_and_destinations):
            yield from surface(pdf, path.name)


# --- HTML surfaces ------------------------------------------------------------------------

IDS = {"id", "name", "for"}
# attributes whose value is an address: read whole as a link (a data: URI for its decoded text)
LINKS = {"href", "src", "srcset", "action", "formaction", "cite", "poster", "data", "background", "xlink:href"}


class _Surfaces(HTMLParser):
    def __init__(self, name: str):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.found: list[Surface] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for attribute, value in attrs:
            if value is None:
                continue
            what = "id" if attribute in IDS else f"attribute {attribute} of <{tag}>"
            link = attribute in IDS or attribute in LINKS
            self.found.append(Surface(f"{self.name}: line {self.getpos()[0]} {what}", value, link))
            if attribute == "href" and value.startswith("#"):
                self.found.append(Surface(f"{self.name}: line {self.getpos()[0]} link to id", value[1:], True))

    def handle_data(self, data):
        self.text.append(data)
        if data.strip():
            self.found.append(Surface(f"{self.name}: line {self.getpos()[0]} text", data))

    def handle_comment(self, data):
        self.found.append(Surface(f"{self.name}: line {self.getpos()[0]} comment", data))


def html_surfaces(path: Path) -> Iterator[Surface]:
    """(where, text) for the text, every attribute value and id, and comments of an HTML file."""
    parser = _Surfaces(path.name)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    yield from parser.found
    yield Surface(f"{path.name}: text across elements", " ".join(parser.text))


def file_name_surface(path: Path) -> Surface:
    return Surface(f"file name {path.name}", path.name, link=True)


def scan_files(paths: Iterable[Path], values: Iterable[tuple[str, str]], names: Iterable[str] = (),
               register=None, internal: bool = False) -> list[Hit]:
    """Scan PDFs and HTML files (and extra file names, e.g. the final ones) for every value, and,
    given the anonymiser's `register`, for every form of every value it knows; each hit says what it
    found in words (with the register's value only if `internal`: its message stays in the redaction zone)."""
    matchers = [Matcher(pair for label, value in values for pair in variants(label, value))]
    if register is not None:
        matchers.append(RegisterForms(register))
    hits: set[Hit] = set()
    for path in map(Path, paths):
        surfaces = list(pdf_surfaces(path) if path.suffix.lower() == ".pdf" else html_surfaces(path))
        surfaces.append(file_name_surface(path))
        for matcher in matchers:
            hits.update(_hits(matcher, surfaces))
    for matcher in matchers:
        hits.update(_hits(matcher, [Surface(f"file name {n}", n, link=True) for n in names]))
    found = _drop_redundant(sorted(hits))
    if register is None:
        return found
    return [Hit(h.label, h.where, in_words(h.label, register, internal)) for h in found]


def _drop_redundant(hits: list[Hit]) -> list[Hit]:
    """'text across elements' repeats hits already placed on a line; keep it only when it adds one."""
    placed = {h.label for h in hits if "text across elements" not in h.where}
    return [h for h in hits if "text across elements" not in h.where or h.label not in placed]
