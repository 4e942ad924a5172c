"""The one report renderer: Pandoc Markdown -> an HTML page -> an accessible PDF.

Used by `draft` (public=False: DRAFT / OFFICIAL-SENSITIVE on every page, and the chronology
timeline when there is one) and by `publish` (public=True: no marking, and nothing from
internal/ is ever read). The HTML is one self-contained file: the CSS and the shipped OFL
font are inlined, so it looks the same everywhere and the PDF embeds the font.
"""
from __future__ import annotations

import base64
import datetime as dt
import html as html_lib
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2
import yaml

from pipeline import TEMPLATES
from pipeline.tools import pandoc, weasy
from pipeline.errors import BadInput, Problem

FONTS = TEMPLATES / "fonts"
REFERENCE_DOCX = TEMPLATES / "reference.docx"
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILES = {("normal", 400): "AtkinsonHyperlegible-Regular.ttf", ("italic", 400): "AtkinsonHyperlegible-Italic.ttf",
              ("normal", 700): "AtkinsonHyperlegible-Bold.ttf", ("italic", 700): "AtkinsonHyperlegible-BoldItalic.ttf"}
MARKING = "DRAFT \u2013 OFFICIAL-SENSITIVE"
TIMELINE_TITLE = "Appendix: Timeline of agency involvement (draft only)"
TIMELINE_ALT = ("Swimlane timeline of each agency's contacts with the family across the period under review, "
                "drawn from the integrated chronology")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
SECTION_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)
UNSCOPED_TH = re.compile(r"<th(?=[ >])(?![^>]*scope=)")
IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')


@dataclass(frozen=True)
class Entry:
    """A line of the contents page."""

    target: str
    title: str


def front_matter(markdown: str) -> dict:
    """The title block (title, subtitle = partnership, author = reviewers, date, lang)."""
    match = FRONT_MATTER.match(markdown)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


@cache
def font_faces() -> str:
    """@font-face rules with the font inlined as data: URIs, so nothing depends on installed fonts."""
    rules = []
    for (style, weight), name in FONT_FILES.items():
        data = base64.b64encode((FONTS / name).read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: {style}; font-weight: {weight}; '
                     f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}')
    return "\n".join(rules)


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "report"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]),
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def contents_of(body: str) -> list[Entry]:
    return [Entry(target, html_lib.unescape(re.sub(r"<[^>]+>", "", title)))
            for target, title in SECTION_HEADING.findall(body)]


def scope_table_headers(body: str) -> str:
    """Header cells say what they head: column headers in <thead>, row headers elsewhere."""
    body = re.sub(r"<thead>.*?</thead>", lambda m: UNSCOPED_TH.sub('<th scope="col"', m.group(0)), body, flags=re.DOTALL)
    return UNSCOPED_TH.sub('<th scope="row"', body)


def svg_data_uri(path: Path) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def embed_images(body: str, folder: Path, what: str) -> str:
    """Every <img> as a data: URI read from below `folder`, so the page is one self-contained file;
    `what` names the Markdown file in messages."""
    root = folder.resolve()

    def inline(match: re.Match) -> str:
        src = html_lib.unescape(match.group(2))
        if src.startswith("data:"):
            return match.group(0)
        path = (root / unquote(urlparse(src).path)).resolve()
        if urlparse(src).scheme:
            raise BadInput(Problem(what, f"image '{src}' is on the web; the build never fetches anything",
                                   "remove it from its section, or save the image into the case folder"))
        if root not in path.parents or not path.is_file():
            raise BadInput(Problem(what, f"image '{src}' is not in {folder}",
                                   "run make redaction again: it copies each image the public text shows"))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{kind};base64,{data}{match.group(3)}"

    return IMG_SRC.sub(inline, body)


def render_html(markdown: str, *, public: bool, timeline_svg: Path | None = None,
                images_from: Path | None = None, what: str = "the report") -> str:
    """The report as one HTML page; `timeline_svg` (internal) is only ever drawn into a draft.
    With `images_from`, images are embedded from that folder (the public report's own folder)."""
    if public and timeline_svg is not None:
        raise ValueError("the public report never includes internal material such as the timeline")
    meta = front_matter(markdown)
    body = scope_table_headers(pandoc.markdown_to_html(markdown))
    if images_from is not None:
        body = embed_images(body, images_from, what)
    contents = contents_of(body)
    timeline = None
    if timeline_svg is not None:
        timeline = {"target": "draft-timeline", "title": TIMELINE_TITLE, "alt": TIMELINE_ALT,
                    "src": svg_data_uri(timeline_svg)}
        contents.append(Entry(timeline["target"], TIMELINE_TITLE))
    authors = meta.get("author") or []
    return environment().get_template("report.html.j2").render(
        public=public, marking=MARKING, title=meta.get("title", ""), partnership=meta.get("subtitle", ""),
        reviewers=[authors] if isinstance(authors, str) else authors, date=meta.get("date", ""),
        lang=meta.get("lang", "en-GB"), body=body, contents=contents, timeline=timeline,
        font_faces=font_faces(), font_family=FONT_FAMILY)


def render_pdf(html: str, *, base_dir: Path, what: str, date: dt.date | None) -> bytes:
    """PDF/UA-1 (tagged, with /Lang and a document title) through the one WeasyPrint wrapper; it may
    read files below `base_dir` only (images are embedded already in the public report)."""
    return weasy.render_pdf(html, base_dir=base_dir, roots=[base_dir], what=what, variant="pdf/ua-1", date=date)
