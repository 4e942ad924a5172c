"""Stage `draft`: sections + review.yaml (+ the chronology timeline) -> build/<id>/internal/draft-report.*

The whole report becomes ONE Pandoc Markdown document (draft-report.md): the anonymiser
reads it and publish renders what the anonymiser makes of it, so everything that will be
public (titles, captions, alt text, link text) is inside it. From it come the HTML, the
PDF (marked DRAFT / OFFICIAL-SENSITIVE on every page) and the Word file for the Panel's
track changes.

A section is read only if it is what a report is made of, each refusal naming the section
file and line (exit 2): text, tables, links and pictures from inside the case folder, of a
report's size (pipeline/case/sectionfile.py), with no raw HTML, CSS or data: links
(pipeline/report/activecontent.py). Each picture is rebuilt from what it shows, an SVG's
words put into its alt text (pipeline/report/images.py). All of it happens in a private
staging folder, and only a draft that got through reading and rendering replaces the last
one in internal/: a failing draft leaves build/ as it was.

The lead reviewer wants to see the draft even with gaps, so the outputs are written first
and the checks (all reported together) then hold the gate with exit 1.
"""
from __future__ import annotations

import argparse
import difflib
import re
import statistics
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from urllib.parse import unquote, urlparse

import defusedxml
import defusedxml.ElementTree
import yaml
from rich.markup import escape
from rich.table import Table

from pipeline import messages
from pipeline.case.schema import Review
from pipeline.case.sectionfile import (
    MAX_SECTION_BYTES,
    RESAVE,
    SHORTEN,
    prepare_section,
)
from pipeline.case.sections import (
    BY_ID,
    GLOSSARY_TITLE,
    LINES_OF_ENQUIRY_TITLE,
    RECOMMENDATIONS_TITLE,
    SECTIONS,
    not_written,
    section_files,
)
from pipeline.case.yamlfile import line_of, load_yaml
from pipeline.context import BuildContext
from pipeline.errors import BadInput, GateHeld, Problem
from pipeline.fileio import ensure_dir, is_inside, replace_folder, write_atomic
from pipeline.report import render
from pipeline.report.activecontent import active_content, line_holding, section_content
from pipeline.report.checks import MIN_SECTION_WORDS, PLACEHOLDER, words_in
from pipeline.report.images import MAX_IMAGE_BYTES, ImageError, clean_image
from pipeline.report.numbering import number_paragraphs
from pipeline.stamps import case_folder, files_below
from pipeline.tools import pandoc
from pipeline.wording import long_date

GENOGRAM = re.compile(r"genogram", re.IGNORECASE)
WORD_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
LONG_SECTION_FACTOR = 3
LONG_SECTION_MIN_WORDS = 1500
OUTPUT_STEM = "draft-report"
OUTPUTS = tuple(f"{OUTPUT_STEM}.{kind}" for kind in ("md", "html", "pdf", "docx"))
SIZE = re.compile(r"^([\d.]+(?:[eE][-+]?\d+)?)(.*)$")   # a picture's width or height, as activecontent allows
INTERNAL_LINK = re.compile(r'<a\b[^>]*?\shref="#([^"]+)"')
ELEMENT_ID = re.compile(r'\sid="([^"]+)"')
HEADING_ID = re.compile(r'<h[1-6]\b[^>]*?\sid="([^"]+)"')
MAX_NESTING = 40               # WeasyPrint overflows its stack at about 150 quotes, one inside another
MAX_PARAGRAPH_CHARS = 50_000   # publish refuses a line over 100,000: anonymising may lengthen a little


@dataclass
class Image:
    source: str
    alt: str


@dataclass
class SectionText:
    """One section as read: its Markdown (without the level-1 title) and what the checks need."""

    id: str
    title: str
    file: str  # as the user knows it: sections/<id>.md
    exists: bool = False
    markdown: str = ""
    words: int = 0
    images: list[Image] = field(default_factory=list)
    source: str = ""  # the Markdown as written, for line numbers ("" for Word)
    notes: list[str] = field(default_factory=list)
    comments: int = 0
    level_one: list[str] = field(default_factory=list)
    placeholders: list[tuple[int, str]] = field(default_factory=list)  # (line or paragraph, text)

    @property
    def present(self) -> bool:
        return bool(self.markdown.strip())


@dataclass
class DraftResult:
    sections: list[SectionText]
    problems: list[Problem]
    warnings: list[str]
    outputs: list[Path]

    @property
    def total_words(self) -> int:
        return sum(s.words for s in self.sections)


# --- finding and reading the section files ------------------------------------------------------


def count_comments(path: Path, shown: str) -> int:
    """Word comments (w:comment in word/comments.xml): removed from the draft, but the author must know."""
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return 0
        try:
            root = defusedxml.ElementTree.fromstring(archive.read("word/comments.xml"))
        except (defusedxml.DefusedXmlException, defusedxml.ElementTree.ParseError) as exc:
            raise BadInput(Problem(shown, f"could not be read as Word (its comments: {exc})", RESAVE)) from None
    return len(root.findall("w:comment", WORD_NS))


def find_placeholders(text: str, unit: str) -> list[tuple[int, str]]:
    """(number, text) of placeholder text left in; numbered by line (Markdown) or paragraph (Word)."""
    chunks = text.splitlines() if unit == "line" else [p for p in text.replace("\\", "").split("\n\n") if p.strip()]
    return [(number, match.group(0)) for number, chunk in enumerate(chunks, 1) for match in PLACEHOLDER.finditer(chunk)]


def refuse(shown: str, message: str, hint: str, source: str = "", needle: str = "") -> BadInput:
    """BadInput about a section, at the line of its Markdown that holds `needle` (when it has lines)."""
    return BadInput(Problem(shown, message, hint, line=line_holding(source, needle) if source and needle else None))


def image_file(src: str, section_file: Path, case_dir: Path, extracted: Path, shown: str, source: str) -> Path:
    """The file an image points at: in the case folder (Markdown) or among the pictures pandoc took out
    of a Word file. Anything else is refused before it is read: a file outside the case may be anyone's."""
    where = {"source": source, "needle": src}
    scheme = urlparse(src).scheme.lower()
    if scheme in ("http", "https", "ftp") or src.startswith("//"):
        raise refuse(shown, f"image '{src}' is on the web; the build never fetches anything",
                     "save the image into the case folder and link to the file", **where)
    if scheme and len(scheme) > 1:  # a Windows drive letter reads as a one-letter scheme
        raise refuse(shown, f"image '{src}' is a {scheme}: link, not a file in the case folder",
                     "save the picture into the case folder and link to it by a relative path", **where)
    if section_file.suffix.lower() == ".docx":
        path = Path(src)
        if not is_inside(path, extracted) or not path.is_file():
            raise refuse(shown, f"picture '{Path(src).name}' is linked to a file, not inside the Word document",
                         "insert the picture into the document (Insert > Pictures > This Device)")
        return path
    path = Path(unquote(src))
    if path.is_absolute() or PureWindowsPath(unquote(src)).is_absolute():
        raise refuse(shown, f"image '{src}' is an absolute path", "put the picture in the case folder and link "
                     "to it by a path relative to the section file, such as images/picture.png", **where)
    path = section_file.parent / path
    if not is_inside(path, case_dir):
        raise refuse(shown, f"image '{src}' is outside the case folder", "copy the picture into the case folder "
                     "(sections/images/) and link to the copy; nothing outside the case is read", **where)
    if not path.is_file():
        raise refuse(shown, f"image '{src}' does not exist", "check the file name, or remove the image", **where)
    return path


def localise_image(node: dict, section: SectionText, path: Path, media: Path, staging: Path) -> Image:
    """The picture, cleaned (pixels only; an SVG's drawing only), under media/<section>/, the node pointing
    at it; the words an SVG shows are added to its alt text, where the anonymiser reads them."""
    _, alt, (src, _) = node["c"]
    named = src if section.source else path.name   # a Word picture's own path is in the staging folder
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageError(f"is {size:,} bytes; a picture is at most {MAX_IMAGE_BYTES:,}")
        clean = clean_image(path.read_bytes())
    except ImageError as exc:
        raise refuse(section.file, f"image '{named}' {exc}", "save it as PNG, JPEG or SVG and use that file",
                     section.source, src) from None
    target = unused_name(ensure_dir(media / section.id), Path(path.name).stem, clean.suffix)
    target.write_bytes(clean.data)
    if clean.shown_text:
        node["c"][1] = as_inlines(with_shown_text(pandoc.stringify(alt), clean.shown_text))
    node["c"][2][0] = target.relative_to(staging).as_posix()
    node["c"][0][2] = [[key, short_size(value)] for key, value in node["c"][0][2]]
    image = Image(source=src, alt=pandoc.stringify(node["c"][1]))
    if not image.alt.strip():
        raise refuse(section.file, f"image '{Path(named).name}' has no alt text, which readers of the report who "
                                   "cannot see it need", "describe the picture: ![what it shows](file) in Markdown; "
                                   "in Word, right-click the picture > View Alt Text", section.source, src)
    return image


def short_size(value: str) -> str:
    """'0.6666666666666666in' (Word's picture sizes) as '0.67in': the text the anonymiser reads stays short."""
    number, unit = SIZE.match(value).groups()
    return f"{float(number):.2f}".rstrip("0").rstrip(".") + unit


def unused_name(folder: Path, stem: str, suffix: str) -> Path:
    """folder/stem.suffix, or stem-2.suffix, ... when two pictures share a name."""
    for number in range(1, 10_000):
        candidate = folder / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        if not candidate.exists():
            return candidate
    raise BadInput(Problem(f"section '{folder.name}'", f"more than 9,999 of its pictures are named '{stem}'",
                           "give the pictures in this section different file names"))


def as_inlines(text: str) -> list[dict]:
    """Plain text as pandoc inlines (the writer escapes what Markdown would read as markup)."""
    words = [{"t": "Str", "c": word} for word in text.split()]
    return [node for n, word in enumerate(words) for node in ([{"t": "Space"}] if n else []) + [word]]


def with_shown_text(alt: str, shown: tuple[str, ...]) -> str:
    words = "; ".join(shown)
    return f"{alt} (words in the picture: {words})" if alt.strip() else f"Words in the picture: {words}"


def implicit_figures(tree: dict) -> list[tuple[dict, dict]]:
    """(figure, image) for each picture alone in a paragraph, which Markdown captions with its alt text."""
    pairs = [(figure, pandoc.of_type(figure["c"][2], "Image")) for figure in pandoc.of_type(tree, "Figure")]
    return [(figure, images[0]) for figure, images in pairs
            if len(images) == 1 and pandoc.stringify(figure["c"][1][1]) == pandoc.stringify(images[0]["c"][1])]


def caption_by_alt_text(figures: list[tuple[dict, dict]]) -> None:
    """Keep such a caption the same as its (perhaps lengthened) alt text, so it stays one ![alt](file)."""
    for figure, image in figures:
        figure["c"][1][1] = [{"t": "Plain", "c": image["c"][1]}]


def check_section_content(tree: dict, text: SectionText) -> None:
    """Text, tables, images and links only (pipeline/report/activecontent.py says why)."""
    problems = [Problem(text.file, f"{item.what}: a section may hold text, tables, images from the case folder "
                                   "and links only", "remove it (write the words as plain text)",
                        line=line_holding(text.source, item.needle) if text.source else None)
                for item in section_content(tree)]
    if problems:
        raise BadInput(problems, "nothing was written")


def nesting(tree: object) -> int:
    """How many elements deep the tree goes (a quote in a quote in a list ...), counted without recursion:
    the renderer and the tree walks recurse, and a section must not exhaust their stack."""
    deepest, stack = 0, [(tree, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            depth += "t" in value
            deepest = max(deepest, depth)
            stack.extend((child, depth) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth) for child in value)
    return deepest


def check_nesting(tree: dict, text: SectionText) -> None:
    if nesting(tree) > MAX_NESTING:
        raise refuse(text.file, f"has quotes, lists or tables nested {nesting(tree)} deep, one inside another; "
                                f"at most {MAX_NESTING}", "flatten them: a report needs two or three levels")


def check_paragraphs(text: SectionText) -> None:
    """A paragraph pandoc writes on one line must stay within what publish reads; said here, of the section."""
    for number, line in enumerate(text.markdown.splitlines(), start=1):
        if len(line) > MAX_PARAGRAPH_CHARS:
            begins = " ".join(line[:40].split())
            raise refuse(text.file, f"has a paragraph of {len(line):,} characters (it begins '{begins}'); a "
                                    f"paragraph is at most {MAX_PARAGRAPH_CHARS:,}",
                         "break it into paragraphs (a blank line between them)", text.source, line[:20])


def read_section(section_id: str, path: Path, case_dir: Path, staging: Path) -> SectionText:
    section = BY_ID[section_id]
    shown = f"sections/{path.name}"
    prepared = prepare_section(path, shown, ensure_dir(staging / "sources"))
    text = SectionText(id=section_id, title=section.title, file=shown, exists=True, source=prepared.text,
                       notes=prepared.notes)
    extracted = staging / "extracted" / section_id
    tree = pandoc.read_tree(prepared.readable, shown, extracted)
    check_nesting(tree, text)
    check_section_content(tree, text)
    for heading in pandoc.of_type(tree, "Header"):
        heading["c"][1][0] = ""  # no explicit ids: pandoc makes them from the (anonymised) text
        if heading["c"][0] == 1:
            text.level_one.append(pandoc.stringify(heading["c"][2]))
    figures = implicit_figures(tree)
    text.images = [localise_image(node, text, image_file(node["c"][2][0], path, case_dir, extracted, shown,
                                                         prepared.text), staging / "media", staging)
                   for node in pandoc.of_type(tree, "Image")]
    caption_by_alt_text(figures)
    text.words = pandoc.words(tree["blocks"])
    text.markdown = pandoc.tree_to_markdown(tree).strip() if tree["blocks"] else ""
    if len(text.markdown.encode("utf-8")) > MAX_SECTION_BYTES:
        raise refuse(shown, f"holds {len(text.markdown.encode('utf-8')):,} bytes of text; a section is at most "
                            f"{MAX_SECTION_BYTES:,}", SHORTEN)
    check_paragraphs(text)
    if path.suffix.lower() == ".docx":
        text.comments = count_comments(path, shown)
        text.placeholders = find_placeholders(text.markdown, "paragraph")
    else:
        text.placeholders = find_placeholders(prepared.text, "line")
    return text


def read_sections(ctx: BuildContext, staging: Path) -> list[SectionText]:
    """Every section in order (an empty SectionText for one with no file); a file that is no section,
    or a section written twice, is bad input."""
    files, problems = section_files(ctx.case_dir)
    if problems:
        raise BadInput(problems, f"{len(problems)} problem(s) with the section files")
    return [read_section(s.id, files[s.id], ctx.case_dir, staging) if s.id in files
            else SectionText(id=s.id, title=s.title, file=f"sections/{s.id}.md")
            for s in SECTIONS]


# --- assembling the one Markdown document ------------------------------------------------------


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def finding_labels(review: Review) -> dict[str, str]:
    return {f.id: f"Finding {n}: {f.title}" for n, f in enumerate(review.findings, 1)}


def title_block(review: Review) -> str:
    meta = {
        "title": review.review.title,
        "subtitle": review.partnership.name,
        "author": [f"{r.name}, {r.title}" for r in review.review.lead_reviewers],
        "date": f"{review.review.dates.planned_publication:%B %Y}",
        "lang": "en-GB",
    }
    if review.review.summary:
        meta["abstract"] = review.review.summary  # shown under the title; anonymised with the rest
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def recommendations_markdown(review: Review) -> str:
    labels = finding_labels(review)
    rows = ["| Number | Recommendation | Owning agencies | Due by | Finding it answers |",
            "|---|------------------------------------|-----------------|-------------|----------------------|"]
    for number, rec in enumerate(review.recommendations, 1):
        owners = ", ".join((review.agency(o).public_name if review.agency(o) else o) for o in rec.owners)
        rows.append("| " + " | ".join(cell(v) for v in (
            f"Recommendation {number}", rec.text, owners or "none named", long_date(rec.due) if rec.due else "no date",
            labels.get(rec.finding or "", "none")) ) + " |")
    if not review.recommendations:
        return f"# {RECOMMENDATIONS_TITLE}\n\nThis review makes no recommendations.\n"
    return (f"# {RECOMMENDATIONS_TITLE}\n\n"
            "Each recommendation names the agencies that must act on it, the date by which they must, "
            "and the finding it answers.\n\n"
            + "\n".join(rows) + "\n\n: Recommendations, their owning agencies, due dates and findings\n")


def lines_of_enquiry_markdown(review: Review) -> str:
    labels = finding_labels(review)
    items = []
    for number, kloe in enumerate(review.review.key_lines_of_enquiry, 1):
        answered = [labels[f.id] for f in review.findings if kloe.id in f.lines_of_enquiry]
        by = "; ".join(answered) if answered else "no finding yet"
        items.append(f"{number}. {cell(kloe.text)}\n\n    Addressed by: {by}.")
    body = "\n\n".join(items) if items else "The terms of reference set no key lines of enquiry."
    return (f"# {LINES_OF_ENQUIRY_TITLE}\n\nThe terms of reference set these key lines of enquiry. "
            f"Under each are the findings that address it.\n\n{body}\n")


def assemble_markdown(review: Review, sections: list[SectionText]) -> str:
    """The whole report: title block, sections in order, recommendations, appendices."""
    parts = [title_block(review)]
    for text in sections:
        if text.id == "glossary":
            parts.append(recommendations_markdown(review))
            parts.append(lines_of_enquiry_markdown(review))
            if text.present:
                parts.append(f"# {GLOSSARY_TITLE}\n\n{text.markdown}\n")
        elif text.present:
            parts.append(f"# {text.title}\n\n{text.markdown}\n")
    return "\n".join(parts)


# --- checks ------------------------------------------------------------------------------------


def check_sections(sections: list[SectionText]) -> list[Problem]:
    problems = []
    for text in sections:
        section = BY_ID[text.id]
        words = words_in(text.markdown)
        if section.required and not text.present:
            problems.append(not_written(section, text.file, text.exists))
        elif text.present and words < MIN_SECTION_WORDS:
            optional = "" if section.required else "; it is optional, so you may delete the file instead"
            problems.append(Problem(text.file, f"section '{text.id}' ({section.title}) is not yet written: it has "
                                               f"{words} word(s)", f"write it: {section.about}{optional}"))
        for title in text.level_one:
            problems.append(Problem(text.file, f"section '{text.id}' has its own level-1 heading '{title}'; "
                                               "the draft adds the section title",
                                    "use ## and lower for headings inside a section"))
        word = text.file.endswith(".docx")
        for number, found in text.placeholders:
            problems.append(Problem(text.file, f"placeholder text '{found}' left in section '{text.id}'"
                                               + (f" (paragraph {number})" if word else ""),
                                    "replace it with the real text", line=None if word else number))
        for image in text.images:
            if GENOGRAM.search(Path(image.source).name) or GENOGRAM.search(image.alt):
                problems.append(Problem(text.file, f"section '{text.id}' shows a genogram (image "
                                                   f"'{Path(image.source).name}', alt text '{image.alt}')",
                                        "remove it: the genogram is never part of the report (framework, section 7)"))
    return problems


def check_review(review: Review, lines: dict) -> list[Problem]:
    """What review.yaml must say before the report can go to the Panel (section 8 of the framework)."""
    problems = []
    file = "review.yaml"

    def add(loc: tuple, message: str, hint: str) -> None:
        field_name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        problems.append(Problem(file, message, hint, line=line_of(lines, loc), field=field_name))

    if not review.review.lead_reviewers:
        add(("review", "lead_reviewers"), "no lead reviewer is named; the report must name its reviewer(s)",
            "add review.lead_reviewers with a name and title")
    decision = review.review.dates.decision
    finding_ids = {f.id for f in review.findings}
    agency_ids = {a.id for a in review.agencies}
    for i, rec in enumerate(review.recommendations):
        at = ("recommendations", i)
        if not rec.owners:
            add(at + ("owners",), f"recommendation '{rec.id}' names no owning agency",
                "say which agencies must act: owners: [agency ids]")
        for j, owner in enumerate(rec.owners):
            if owner not in agency_ids:
                add(at + ("owners", j), f"recommendation '{rec.id}' is owned by '{owner}', which is no agency",
                    f"use an agency id: {', '.join(sorted(agency_ids))}")
        if rec.due is None:
            add(at, f"recommendation '{rec.id}' has no due date", "add due: DD/MM/YYYY")
        elif rec.due < decision:
            add(at + ("due",), f"recommendation '{rec.id}' is due {rec.due:%d/%m/%Y}, before the decision to "
                               f"hold the review ({decision:%d/%m/%Y})", "give a due date after the decision")
        if rec.finding not in finding_ids:
            add(at + ("finding",), f"recommendation '{rec.id}' answers no finding",
                f"add finding: one of {', '.join(sorted(finding_ids)) or '(define findings first)'}")
        for found in PLACEHOLDER.findall(rec.text):
            add(at + ("text",), f"placeholder text '{found}' left in recommendation '{rec.id}'",
                "replace it with the real text")
    for i, kloe in enumerate(review.review.key_lines_of_enquiry):
        if not any(kloe.id in f.lines_of_enquiry for f in review.findings):
            add(("review", "key_lines_of_enquiry", i), f"no finding addresses line of enquiry '{kloe.id}' "
                                                        f"({kloe.text})",
                f"list '{kloe.id}' under lines_of_enquiry of the finding that answers it")
    for i, finding in enumerate(review.findings):
        for found in PLACEHOLDER.findall(finding.title):
            add(("findings", i, "title"), f"placeholder text '{found}' left in finding '{finding.id}'",
                "replace it with the real text")
    return problems


def warnings_for(sections: list[SectionText]) -> list[str]:
    """Things to know that do not hold the gate: removed comments, text boxes and metadata read or left
    out, a section far longer than the rest."""
    notes = [note for s in sections for note in s.notes]
    notes += [f"{s.file}: {s.comments} Word comment(s) removed from section '{s.id}'; comments often hold "
              "names, so delete them from the file too" for s in sections if s.comments]
    written = [s for s in sections if s.words]
    for text in written:
        others = [s.words for s in written if s is not text]
        if others and text.words >= LONG_SECTION_MIN_WORDS and text.words > LONG_SECTION_FACTOR * statistics.median(others):
            notes.append(f"{text.file}: section '{text.id}' has {text.words:,} words, more than "
                         f"{LONG_SECTION_FACTOR} times the typical section ({statistics.median(others):,.0f}); "
                         "reports should be succinct")
    return notes


# --- outputs -----------------------------------------------------------------------------------


def timeline_of(internal: Path) -> Path | None:
    """The chronology stage's swimlane timeline, when it has run."""
    path = internal / "timeline.svg"
    return path if path.is_file() else None


def check_active_content(html: str, sections: list[SectionText], case_dir: Path) -> None:
    """Raw HTML that would run or fetch from another site is refused at its source: a section, or else
    review.yaml (whose text the title block, recommendations and lines of enquiry are made of)."""
    problems = []
    for item in active_content(html):
        source = next((s for s in sections if item.needle.casefold() in s.markdown.casefold()), None)
        file = source.file if source else "review.yaml"
        text = source.source if source else (case_dir / "review.yaml").read_text(encoding="utf-8")
        problems.append(Problem(file, f"{item.what}: the report may hold text, tables, images from the case "
                                      "folder and links only", "remove it", line=line_holding(text, item.needle)))
    if problems:
        raise BadInput(problems, "nothing was written")


def broken_links(html: str) -> list[str]:
    """Each anchor a link inside the report points at (#...) that no element of the page has, once."""
    ids = set(ELEMENT_ID.findall(html))
    return list(dict.fromkeys(a for a in INTERNAL_LINK.findall(html) if a not in ids))


def unlink(html: str, anchors: list[str]) -> str:
    """The page with each link to a missing anchor made plain text, so the draft can still be rendered."""
    for anchor in anchors:
        html = html.replace(f'href="#{anchor}"', "")
    return html


def broken_link_problems(anchors: list[str], html: str, sections: list[SectionText]) -> list[Problem]:
    """Each link to a missing anchor, at the section file and line that write it, with the headings'
    anchors closest to it first (a link is #anchor, the heading's words in lower case joined by -)."""
    headings = list(dict.fromkeys(HEADING_ID.findall(html)))
    problems = []
    for anchor in anchors:
        needle = f"#{unquote(anchor)}"
        source = next((s for s in sections if needle.casefold() in (s.source or s.markdown).casefold()), None)
        close = difflib.get_close_matches(unquote(anchor), headings, n=3, cutoff=0.4)
        if close:
            hint = "did you mean " + " or ".join(f"'#{a}'" for a in close) + "? Link to a heading that exists"
        else:
            hint = "link to a heading that exists: " + ", ".join(f"#{a}" for a in headings[:12])
        problems.append(Problem(source.file if source else "review.yaml",
                                f"the link to '{needle}' goes nowhere: no heading in the report has that anchor",
                                hint, line=line_holding(source.source, needle) if source and source.source else None))
    return problems


def write_outputs(ctx: BuildContext, markdown: str, sections: list[SectionText], staging: Path) -> list[Problem]:
    """The Markdown, HTML, PDF and Word draft in `staging`, beside the pictures they show; returns
    the links that go nowhere (the draft is written with them as plain text)."""
    day = ctx.review.review.dates.planned_publication
    html = render.render_html(markdown, public=False, timeline_svg=timeline_of(ctx.out / "internal"))
    check_active_content(html, sections, ctx.case_dir)
    broken = broken_links(html)
    problems = broken_link_problems(broken, html, sections)
    html = unlink(html, broken)
    pdf = render.render_pdf(html, base_dir=staging, what=f"internal/{OUTPUT_STEM}.pdf", date=day)
    pandoc.markdown_to_docx(number_paragraphs(markdown), staging / f"{OUTPUT_STEM}.docx", reference_doc=render.REFERENCE_DOCX,
                            resource_dir=staging, date=day)
    (staging / f"{OUTPUT_STEM}.md").write_text(markdown, encoding="utf-8")
    (staging / f"{OUTPUT_STEM}.html").write_text(html, encoding="utf-8")
    (staging / f"{OUTPUT_STEM}.pdf").write_bytes(pdf)
    return problems


def install(staging: Path, internal: Path) -> list[Path]:
    """Move a finished draft from its staging folder into internal/: the pictures first, then each file."""
    ensure_dir(staging / "media")
    replace_folder(staging / "media", internal / "media")
    return [write_atomic(internal / name, (staging / name).read_bytes()) for name in OUTPUTS]


def draft(ctx: BuildContext) -> DraftResult:
    """Read, assemble and render in a private staging folder; only a draft that got that far replaces
    the last one in internal/ (a failure leaves build/ as it was). Then check; the caller holds the
    gate when `problems` is not empty."""
    with tempfile.TemporaryDirectory(prefix="lcspr-draft-") as tmp:   # 0700: it holds real names
        staging = Path(tmp)
        sections = read_sections(ctx, staging)
        markdown = assemble_markdown(ctx.review, sections)
        link_problems = write_outputs(ctx, markdown, sections, staging)
        outputs = install(staging, ctx.zone("internal"))
    _, lines = load_yaml(ctx.case_dir / "review.yaml", ctx.case_dir)
    problems = check_review(ctx.review, lines) + check_sections(sections) + link_problems
    return DraftResult(sections=sections, problems=problems, warnings=warnings_for(sections), outputs=outputs)


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    result = draft(ctx)
    table = Table(title=f"Draft report: {ctx.review.review.title}")
    for column in ("Section", "File", "Words"):
        table.add_column(column, justify="right" if column == "Words" else "left")
    for text in result.sections:
        table.add_row(escape(text.title), escape(text.file) if text.exists else "[red]missing[/red]", f"{text.words:,}")
    table.add_row("[bold]Total[/bold]", "", f"[bold]{result.total_words:,}[/bold]")
    messages.console.print(table)
    for note in result.warnings:
        messages.warn(note)
    written = ", ".join(path.name for path in result.outputs)
    if result.problems:
        raise GateHeld(result.problems, f"{len(result.problems)} check(s) failed; the draft was written anyway "
                                        f"to {ctx.zone('internal')} ({written})")
    messages.done(f"draft written to {ctx.zone('internal')}: {written}")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    internal = ctx.out / "internal"
    return [case_folder(ctx, "redaction", "chronologies", "organisational"), internal / "timeline.svg"]


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    internal = ctx.out / "internal"
    return [internal / name for name in OUTPUTS] + files_below(internal / "media")
