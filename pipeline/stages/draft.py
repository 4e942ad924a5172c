"""Stage `draft`: sections + review.yaml (+ the chronology timeline) -> build/<id>/internal/draft-report.*

The whole report becomes ONE Pandoc Markdown document (draft-report.md): the anonymiser
reads it and publish renders what the anonymiser makes of it, so everything that will be
public (titles, captions, alt text, link text) is inside it. From it come the HTML, the
PDF (marked DRAFT / OFFICIAL-SENSITIVE on every page) and the Word file for the Panel's
track changes.

The lead reviewer wants to see the draft even with gaps, so the outputs are written first
and the checks (all reported together) then hold the gate with exit 1.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import statistics
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree import ElementTree

import yaml
from rich.markup import escape
from rich.table import Table

from pipeline import messages
from pipeline.case.schema import Review
from pipeline.case.sections import (
    BY_ID,
    GLOSSARY_TITLE,
    LINES_OF_ENQUIRY_TITLE,
    RECOMMENDATIONS_TITLE,
    SECTION_IDS,
    SECTIONS,
)
from pipeline.case.yamlfile import line_of, load_yaml
from pipeline.context import SECTION_TYPES, BuildContext, case_files
from pipeline.errors import BadInput, GateHeld, Problem
from pipeline.fileio import ensure_dir, write_atomic, write_atomic_with
from pipeline.report import render
from pipeline.report.activecontent import active_content, line_holding
from pipeline.tools import pandoc
from pipeline.wording import long_date

PLACEHOLDER = re.compile(r"\[insert|\bTBC\b|\bXXX+\b|\blorem\b", re.IGNORECASE)
GENOGRAM = re.compile(r"genogram", re.IGNORECASE)
WORD_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
LONG_SECTION_FACTOR = 3
LONG_SECTION_MIN_WORDS = 1500
OUTPUT_STEM = "draft-report"


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


def find_section_files(case_dir: Path) -> dict[str, Path]:
    """{section id: file}; a file that is no section, or a section written twice, is bad input."""
    problems: list[Problem] = []
    found: dict[str, Path] = {}
    for path in case_files(case_dir / "sections"):
        if path.suffix.lower() not in SECTION_TYPES:
            continue  # validate reports these
        shown = f"sections/{path.name}"
        if path.stem not in BY_ID:
            close = difflib.get_close_matches(path.stem, SECTION_IDS, n=1)
            hint = (f"did you mean '{close[0]}{path.suffix}'?" if close
                    else f"name it after a section: {', '.join(SECTION_IDS)}")
            problems.append(Problem(shown, f"'{path.stem}' is no section of the report", hint))
        elif path.stem in found:
            problems.append(Problem(shown, f"section '{path.stem}' is written twice: "
                                           f"sections/{found[path.stem].name} and {shown}",
                                    "keep one of the two files (Markdown or Word), delete the other"))
        else:
            found[path.stem] = path
    if problems:
        raise BadInput(problems, f"{len(problems)} problem(s) with the section files")
    return found


def count_comments(path: Path) -> int:
    """Word comments (w:comment in word/comments.xml): removed from the draft, but the author must know."""
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return 0
        root = ElementTree.fromstring(archive.read("word/comments.xml"))
    return len(root.findall("w:comment", WORD_NS))


def find_placeholders(text: str, unit: str) -> list[tuple[int, str]]:
    """(number, text) of placeholder text left in; numbered by line (Markdown) or paragraph (Word)."""
    chunks = text.splitlines() if unit == "line" else [p for p in text.replace("\\", "").split("\n\n") if p.strip()]
    return [(number, match.group(0)) for number, chunk in enumerate(chunks, 1) for match in PLACEHOLDER.finditer(chunk)]


def localise_image(node: dict, section: str, source_dir: Path, media_dir: Path, internal: Path, shown: str) -> Image:
    """Point an image at a copy under internal/media/<section>/ so the draft's paths are its own."""
    attr, alt, (src, title) = node["c"]
    image = Image(source=src, alt=pandoc.stringify(alt))
    if urlparse(src).scheme not in ("", "file"):
        raise BadInput(Problem(shown, f"image '{src}' is on the web; the build never fetches anything",
                               "save the image into the sections folder and link to the file"))
    path = Path(unquote(urlparse(src).path))
    if not path.is_absolute():
        path = source_dir / path
    if not path.is_file():
        raise BadInput(Problem(shown, f"image '{src}' does not exist", "check the file name, or remove the image"))
    if internal.resolve() not in path.resolve().parents:  # a Markdown image: copy it beside the draft
        target = ensure_dir(media_dir / section) / path.name
        shutil.copyfile(path, target)
        path = target
    node["c"][2][0] = Path(os.path.relpath(path.resolve(), internal.resolve())).as_posix()
    return image


def read_section(section_id: str, path: Path, internal: Path) -> SectionText:
    section = BY_ID[section_id]
    shown = f"sections/{path.name}"
    text = SectionText(id=section_id, title=section.title, file=shown, exists=True)
    media_dir = internal / "media"
    word = path.suffix.lower() == ".docx"
    tree = pandoc.read_tree(path, shown, media_dir / section_id)
    for heading in pandoc.of_type(tree, "Header"):
        heading["c"][1][0] = ""  # no explicit ids: pandoc makes them from the (anonymised) text
        if heading["c"][0] == 1:
            text.level_one.append(pandoc.stringify(heading["c"][2]))
    text.images = [localise_image(node, section_id, path.parent, media_dir, internal, shown)
                   for node in pandoc.of_type(tree, "Image")]
    text.words = pandoc.words(tree["blocks"])
    text.markdown = pandoc.tree_to_markdown(tree).strip() if tree["blocks"] else ""
    if word:
        text.comments = count_comments(path)
        text.placeholders = find_placeholders(text.markdown, "paragraph")
    else:
        text.placeholders = find_placeholders(path.read_text(encoding="utf-8-sig"), "line")
    return text


def read_sections(ctx: BuildContext, internal: Path) -> list[SectionText]:
    files = find_section_files(ctx.case_dir)
    shutil.rmtree(internal / "media", ignore_errors=True)
    return [read_section(s.id, files[s.id], internal) if s.id in files
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
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def recommendations_markdown(review: Review) -> str:
    labels = finding_labels(review)
    rows = ["| Id | Recommendation | Owning agencies | Due by | Finding it answers |",
            "|---|------------------------------------|-----------------|-------------|----------------------|"]
    for rec in review.recommendations:
        owners = ", ".join((review.agency(o).public_name if review.agency(o) else o) for o in rec.owners)
        rows.append("| " + " | ".join(cell(v) for v in (
            rec.id, rec.text, owners or "none named", long_date(rec.due) if rec.due else "no date",
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
        if section.required and not text.present:
            state = "empty" if text.exists else "missing"
            problems.append(Problem(text.file, f"required section '{text.id}' ({section.title}) is {state}",
                                    f"write sections/{text.id}.md or sections/{text.id}.docx: {section.about}"))
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
    """Things to know that do not hold the gate: removed comments, a section far longer than the rest."""
    notes = [f"{s.file}: {s.comments} Word comment(s) removed from section '{s.id}'; comments often hold "
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
    """Raw HTML that would run or fetch from another site is refused at its source, the section."""
    problems = []
    for item in active_content(html):
        source = next((s for s in sections if item.needle.casefold() in s.markdown.casefold()), None)
        file = source.file if source else f"internal/{OUTPUT_STEM}.md"
        text = (case_dir / file).read_text(encoding="utf-8") if file.endswith(".md") and source else ""
        problems.append(Problem(file, f"{item.what}: the report may hold text, tables, images from the case "
                                      "folder and links only", "remove it", line=line_holding(text, item.needle)))
    if problems:
        raise BadInput(problems, "nothing was written")


def write_outputs(ctx: BuildContext, markdown: str, sections: list[SectionText], internal: Path) -> list[Path]:
    day = ctx.review.review.dates.planned_publication
    what = f"internal/{OUTPUT_STEM}.pdf"
    html = render.render_html(markdown, public=False, timeline_svg=timeline_of(internal))
    check_active_content(html, sections, ctx.case_dir)
    pdf = render.render_pdf(html, base_dir=internal, what=what, date=day)
    docx_path = internal / f"{OUTPUT_STEM}.docx"
    write_atomic_with(docx_path, lambda tmp: pandoc.markdown_to_docx(
        markdown, tmp, reference_doc=render.REFERENCE_DOCX, resource_dir=internal, date=day))
    return [write_atomic(internal / f"{OUTPUT_STEM}.md", markdown),
            write_atomic(internal / f"{OUTPUT_STEM}.html", html),
            write_atomic(internal / f"{OUTPUT_STEM}.pdf", pdf),
            docx_path]


def draft(ctx: BuildContext) -> DraftResult:
    """Read, assemble, write, then check; the caller holds the gate when `problems` is not empty."""
    internal = ctx.zone("internal")
    sections = read_sections(ctx, internal)
    markdown = assemble_markdown(ctx.review, sections)
    outputs = write_outputs(ctx, markdown, sections, internal)
    _, lines = load_yaml(ctx.case_dir / "review.yaml", ctx.case_dir)
    problems = check_review(ctx.review, lines) + check_sections(sections)
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
