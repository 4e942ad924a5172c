"""The one report renderer: Pandoc Markdown -> an HTML page -> an accessible PDF.

Used by `draft` (public=False: DRAFT / OFFICIAL-SENSITIVE on every page, and the chronology
timeline when there is one) and by `publish` (public=True: no marking, and nothing from
internal/ is ever read; with the partnership's details, a cover logo and a back page). One
stylesheet serves both: the HTML is one self-contained page for the web (the system font
stack keeps it small), and the PDF gets the shipped OFL fonts inlined, so it embeds them.
Paragraphs are numbered (pipeline.report.numbering) before pandoc renders the text.
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
from pipeline.errors import BadInput, Problem
from pipeline.fileio import write_atomic
from pipeline.report.numbering import APPENDIX, number_paragraphs
from pipeline.report.record import full_report_name
from pipeline.tools import pandoc, pdfpost, weasy

FONTS = TEMPLATES / "fonts"
REFERENCE_DOCX = TEMPLATES / "reference.docx"
FONT_FAMILY = "Atkinson Hyperlegible"
DIGIT_FAMILY = "Report Digits"   # Lato's digits: Atkinson Hyperlegible draws a slashed zero ("2Ø27")
STYLES = {("normal", 400): "Regular", ("italic", 400): "Italic", ("normal", 700): "Bold", ("italic", 700): "BoldItalic"}
FONT_FILES = {DIGIT_FAMILY: "ReportDigits-{}.ttf", FONT_FAMILY: "AtkinsonHyperlegible-{}.ttf"}
LOGO_NAMES = ("logo.svg", "logo.png")
MARKING = "DRAFT \u2013 OFFICIAL-SENSITIVE"
TIMELINE_TITLE = "Appendix: Timeline of agency involvement (draft only)"
TIMELINE_ALT = ("Swimlane timeline of each agency's contacts with the family across the period under review, "
                "drawn from the integrated chronology")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
SECTION_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)
UNSCOPED_TH = re.compile(r"<th(?=[ >])(?![^>]*scope=)")
IMG_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
CELL_START = re.compile(r"<(td|th)\b([^>]*)>")
CELL = re.compile(r"<(td|th)\b[^>]*>(.*?)</\1>", re.DOTALL)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
COLGROUP = re.compile(r"<colgroup>.*?</colgroup>\s*", re.DOTALL)
DATE_CELL = re.compile(r"<td([^>]*)>((?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September|"
                       r"October|November|December) \d{4})</td>")
BACK_TO_CONTENTS = '<p class="back-to-contents"><a href="#contents-title">Back to contents</a></p>\n'


@dataclass(frozen=True)
class Entry:
    """A line of the contents page."""

    target: str
    title: str


def front_matter(markdown: str) -> dict:
    """The title block (title, subtitle = partnership, author = reviewers, date, lang)."""
    match = FRONT_MATTER.match(markdown)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


@dataclass(frozen=True)
class Publication:
    """What the public report says about itself: who publishes it, how to reach them, what it covers."""

    pdf_name: str
    partnership: str
    website: str
    mailbox: str
    address: tuple[str, ...]
    phone: str | None
    period: str
    logo: dict | None


def logo_of(case_dir: Path, partnership: str) -> dict | None:
    """The partnership's logo (`<case>/logo.svg` or `logo.png`) as a data: URI with its alt text."""
    for name in LOGO_NAMES:
        path = case_dir / name
        if path.is_file():
            kind = mimetypes.guess_type(name)[0]
            return {"src": f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii"),
                    "alt": f"{partnership} logo"}
    return None


def publication_of(review, case_dir: Path) -> Publication:
    """The public report's cover and back page details from review.yaml (a Review) and the case folder."""
    partnership, period = review.partnership, review.review.period
    return Publication(
        pdf_name=f"{full_report_name(review)}.pdf", partnership=partnership.name, website=partnership.website,
        mailbox=partnership.mailbox, address=tuple(partnership.address), phone=partnership.phone,
        period=f"{period.start:%B %Y} to {period.end:%B %Y}", logo=logo_of(case_dir, partnership.name))


@cache
def font_faces() -> str:
    """@font-face rules with the fonts inlined as data: URIs (the PDF embeds them), and the family
    that uses them: digits from Report Digits, everything else from Atkinson Hyperlegible."""
    rules = []
    for family, pattern in FONT_FILES.items():
        for (style, weight), name in STYLES.items():
            data = base64.b64encode((FONTS / pattern.format(name)).read_bytes()).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
                         f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}')
    rules.append(f'html:root {{ font-family: "{DIGIT_FAMILY}", "{FONT_FAMILY}", sans-serif; }}')
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


def label_cells(table: str) -> str:
    """Each body cell carries its column header as data-label, so a phone can show a table as
    stacked rows that still say what each value is."""
    head = re.search(r"<thead>.*?</thead>", table, re.DOTALL)
    if not head:
        return table
    labels = [html_lib.escape(html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip(), quote=True)
              for _, text in CELL.findall(head.group(0))]

    def label_row(row: re.Match) -> str:
        column = iter(labels)
        return CELL_START.sub(lambda cell: f'<{cell.group(1)}{cell.group(2)} data-label="{next(column, "")}">',
                              row.group(0))

    body_start = head.end()
    return table[:body_start] + ROW.sub(label_row, table[body_start:])


def text_of(cell_html: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", cell_html)).split())


def size_columns(table: str) -> str:
    """Column widths in proportion to how much each column says (its cells' average length, at
    least its longest word), in place of the widths pandoc takes from the Markdown's dashes."""
    rows = [[text_of(text) for _, text in CELL.findall(row)] for row in ROW.findall(table)]
    columns = max((len(row) for row in rows), default=0)
    if columns < 2 or any(len(row) != columns for row in rows):
        return COLGROUP.sub("", table)
    weights = []
    for column in zip(*rows):
        longest_word = max((len(word) for text in column for word in text.split()), default=1)
        weights.append(max(sum(len(text) for text in column) / len(column), longest_word) ** 0.8)
    cols = "".join(f'<col style="width: {100 * w / sum(weights):.1f}%">' for w in weights)
    table = COLGROUP.sub("", table)
    at = table.index("</caption>") + len("</caption>") if "</caption>" in table else table.index(">") + 1
    return f"{table[:at]}\n<colgroup>{cols}</colgroup>{table[at:]}"


def shape_tables(body: str) -> str:
    """Columns sized to their content, dates kept on one line, header labels on every cell."""
    body = DATE_CELL.sub(r'<td\1 class="nowrap">\2</td>', body)
    return TABLE.sub(lambda table: label_cells(size_columns(table.group(0))), body)


def captions_of(html: str) -> list[str]:
    """Each table caption's text, in order: the PDF's table summaries."""
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in CAPTION.findall(html)]


def mark_sections(body: str) -> str:
    """A way back to the contents after each section, and a page break before the first appendix
    only: sections flow on from each other."""
    headings = list(SECTION_HEADING.finditer(body))
    out, last = [], 0
    appendix_seen = False
    for number, heading in enumerate(headings):
        out.append(body[last:heading.start()])
        if number:
            out.append(BACK_TO_CONTENTS)
        tag = heading.group(0)
        if not appendix_seen and re.sub(r"<[^>]+>", "", heading.group(2)).strip().startswith(APPENDIX):
            appendix_seen = True
            tag = tag.replace("<h2 ", '<h2 class="appendix-start" ', 1)
        out.append(tag)
        last = heading.end()
    out.append(body[last:])
    return "".join(out) + (BACK_TO_CONTENTS if headings else "")


def svg_data_uri(path: Path) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def embed_images(body: str, folder: Path, what: str, redo: str) -> str:
    """Every <img> as a data: URI read from below `folder`, so the page is one self-contained file;
    `what` names the Markdown file in messages, `redo` says how to make a missing image again."""
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
                                   redo))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{kind};base64,{data}{match.group(3)}"

    return IMG_SRC.sub(inline, body)


def render_html(markdown: str, *, public: bool, timeline_svg: Path | None = None,
                images_from: Path | None = None, what: str = "the report",
                publication: Publication | None = None, redo: str = "") -> str:
    """The report as one HTML page; `timeline_svg` (internal) is only ever drawn into a draft.
    With `images_from`, images are embedded from that folder (the public report's own folder);
    `redo` says how to make a missing image again; `publication` adds the logo, the back page and the web footer."""
    if public and timeline_svg is not None:
        raise ValueError("the public report never includes internal material such as the timeline")
    meta = front_matter(markdown)
    body = shape_tables(scope_table_headers(pandoc.markdown_to_html(number_paragraphs(markdown))))
    if images_from is not None:
        body = embed_images(body, images_from, what, redo)
    contents = contents_of(body)
    body = mark_sections(body)
    timeline = None
    if timeline_svg is not None:
        timeline = {"target": "draft-timeline", "title": TIMELINE_TITLE, "alt": TIMELINE_ALT,
                    "src": svg_data_uri(timeline_svg)}
        contents.append(Entry(timeline["target"], TIMELINE_TITLE))
    authors = meta.get("author") or []
    return environment().get_template("report.html.j2").render(
        public=public, marking=MARKING, title=meta.get("title", ""), partnership=meta.get("subtitle", ""),
        reviewers=[authors] if isinstance(authors, str) else authors, date=meta.get("date", ""),
        summary=meta.get("abstract", ""), lang=meta.get("lang", "en-GB"), body=body, contents=contents,
        timeline=timeline, publication=publication)


def fragment_of(page: str) -> str:
    """The report without its page around it (no <html>, <head>, styles or skip link), for pasting
    into a council website's content system, which brings its own page and styles."""
    body = re.search(r"<body>(.*)</body>", page, re.DOTALL).group(1)
    return re.sub(r'<a class="skip"[^>]*>.*?</a>\s*', "", body, count=1).strip() + "\n"


def render_pdf(html: str, *, base_dir: Path, what: str, date: dt.date | None) -> bytes:
    """PDF/UA-1 (tagged, with /Lang and a document title) through the one WeasyPrint wrapper; it may
    read files below `base_dir` only (images are embedded already in the public report). The fonts
    are inlined here, not in the web page; table header scopes and summaries are added after."""
    printed = html.replace("</style>", font_faces() + "\n</style>", 1)
    pdf = weasy.render_pdf(printed, base_dir=base_dir, roots=[base_dir], what=what, variant="pdf/ua-1", date=date)
    return pdfpost.tag_tables(pdf, captions_of(html))


def write_fragment(page_path: Path) -> Path:
    """<id>-fragment.html beside the published page: the body alone, for a council CMS."""
    target = page_path.with_name(f"{page_path.stem}-fragment.html")
    write_atomic(target, fragment_of(page_path.read_text(encoding="utf-8")))
    return target
