"""Stage `publish`: the anonymised text -> build/<id>/public/<id>.pdf and <id>.html.

With `publication: improvements-only` (framework section 9, footnote 6) public/<id>.pdf and .html
are the improvements document, the website copy, and the full report, which still goes to the
National Panel, Ofsted and DfE, is public/<id>-full-report-not-for-publication.pdf and .html.
Reads only redaction/public-report.md, review.yaml and (improvements-only) decisions.yaml. The files are rendered, post-processed
and checked in a staging folder beside public/ and only move into public/ when the
accessibility structure and the leak scan pass, so a failure leaves the previous good files.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline import messages
from pipeline.case.public_fields import refuse_register_values
from pipeline.case.schema import PublicationKind, Review
from pipeline.case.yamlfile import parse_yaml
from pipeline.context import BuildContext
from pipeline.errors import BadInput, GateHeld, Problem, display_path
from pipeline.fileio import clear_leftovers, read_utf8, write_atomic
from pipeline.report import briefing, render
from pipeline.report.activecontent import active_content, line_holding
from pipeline.report.checks import (
    PLACEHOLDER,
    accessibility_problems,
    broken_link_problems,
    leak_problems,
    refuse_unready,
    unwritten_sections,
)
from pipeline.report.record import NOT_FOR_THE_WEBSITE, full_report_name, website_name, write_record
from pipeline.report.render import write_fragment
from pipeline.stamps import Folder, case_folder
from pipeline.tools.pdfpost import PublicMetadata, postprocess
from redaction.anonymise import GUIDANCE, Context

MAX_LEAKS_SHOWN = 20
MAX_PUBLIC_TEXT_BYTES = 4_000_000    # a 60-page report is about 200 KB of Markdown
MAX_LINE_CHARS = 100_000             # a long paragraph is a few thousand
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def fix_at_source(ctx: BuildContext) -> str:
    return f"fix the section it comes from, then run {ctx.make('publish')} again (it runs redaction first)"


def public_metadata(review: Review) -> PublicMetadata:
    return PublicMetadata(
        title=review.review.title, author=review.partnership.name,
        subject=f"The published report of a Local Child Safeguarding Practice Review by {review.partnership.name}",
        keywords=[*briefing.KEYWORDS, review.review.child_public_name], date=review.review.dates.planned_publication)


def pending_findings(ctx: BuildContext) -> int | None:
    """Findings awaiting a decision, or None when the redaction stage has not run."""
    status = ctx.out / "redaction" / "status.json"
    try:
        pending = json.loads(status.read_text(encoding="utf-8"))["pending"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pending if type(pending) is int and pending >= 0 else None


def refuse_while_pending(ctx: BuildContext) -> None:
    pending = pending_findings(ctx)
    findings = display_path(ctx.out / "redaction" / "findings.html")
    if pending is None or not ctx.public_text_file.exists():
        waiting = f"; {pending} findings await decisions in {findings}" if pending else ""
        raise GateHeld(Problem(display_path(ctx.public_text_file), "there is no anonymised text to publish",
                               f"run {ctx.make('redaction')}{waiting}"))
    if pending > 0:
        raise GateHeld(Problem(findings, f"{pending} findings await decisions",
                               f"decide each in {display_path(ctx.decisions_file)} or on the review page "
                               f"({ctx.make('review')}), then run {ctx.make('publish')} again"))


def read_public_text(ctx: BuildContext) -> str:
    """The anonymised text, if it is text a report can be made from: UTF-8, of a report's size,
    with front matter that is plain YAML (no aliases: a YAML bomb there would stall pandoc)."""
    path = ctx.public_text_file
    shown = display_path(path)
    text = read_utf8(path, shown, limit=MAX_PUBLIC_TEXT_BYTES, what="a report's text",
                     fix=f"check the sections it comes from, then run {ctx.make('redaction')} again")
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise BadInput(Problem(shown, f"has a line of {len(line):,} characters; a paragraph is at most "
                                   f"{MAX_LINE_CHARS:,}", fix_at_source(ctx), line=number))
    match = FRONT_MATTER.match(text)
    if match:
        meta, _ = parse_yaml(match.group(1), shown, first_line=2)
        if not isinstance(meta, dict):
            raise BadInput(Problem(shown, "its front matter (between the --- lines) is not a mapping of fields",
                                   "write it as 'title: ...' lines", line=2))
    return text


def unwritten_text(ctx: BuildContext, plain: str) -> list[Problem]:
    """Placeholders for text still to be written ("TBC", "[to follow]") and sections too short to be
    written yet, which the draft reported: they are fixed in the section, not in a decision."""
    write = f"write it in the section, then run {ctx.make('publish')} again (it drafts and anonymises first)"
    shown = display_path(ctx.public_text_file)
    problems = [Problem(shown, f"placeholder text '{m.group(0)}' would be published in "
                               f"\"{Context.around(plain, m.start(), m.end()).sentence.strip()}\"", write)
                for m in PLACEHOLDER.finditer(plain)]
    problems += [Problem(shown, f"section '{title}' is not yet written: it has {words} word(s)", write)
                 for title, words in unwritten_sections(plain)]
    return problems


def refuse_placeholders(ctx: BuildContext, markdown: str) -> None:
    """Refuse (exit 1) public text holding wording the tool offered as guidance ("(name their role)"),
    a placeholder in square brackets ("[removed]"), or a bracket a replacement left open; each problem
    names the finding or change whose wording it is (from redaction/findings.json), and the sentence."""
    # escaped brackets (how a replacement writes them), or a bracket pair that is no link, image,
    # footnote or attribute span
    placeholder = re.compile(r"\\\[[^\n]*?\\\]|(?<![\\!\]])\[(?![\^@])[^\[\]\n]*\](?![(\[{:])")

    def unescaped(text: object) -> str:
        return re.sub(r"\\([^\w\s])", r"\1", str(text or ""))

    def balanced(text: str) -> bool:
        return all(text.count(a) == text.count(b) for a, b in ("()", "[]"))

    try:
        report = json.loads((ctx.out / "redaction" / "findings.json").read_text(encoding="utf-8"))
        items = [i for i in (*report.get("findings", []), *report.get("changes", [])) if isinstance(i, dict)]
    except (OSError, ValueError, AttributeError):
        items = []
    front = FRONT_MATTER.match(markdown)
    body = markdown[front.end() if front else 0:]
    plain = unescaped(body)
    found = [(phrase, Context.around(plain, m.start(), m.end()).sentence, [i for i in items if phrase.casefold()
              in unescaped(i.get("replacement")).casefold()])
             for phrase in GUIDANCE for m in re.finditer(re.escape(phrase), plain, re.IGNORECASE)]
    for m in placeholder.finditer(body):
        what = unescaped(m.group(0))
        if what.casefold() != "[sic]" and not PLACEHOLDER.search(what):  # text to write: unwritten_text
            found.append((what, unescaped(Context.around(body, m.start(), m.end()).sentence),
                          [i for i in items if what.casefold() in unescaped(i.get("replacement")).casefold()]))
    found += [("an unbalanced bracket", unescaped(i["after"]), [i]) for i in items
              if i.get("after") and not balanced(unescaped(i["after"])) and balanced(unescaped(i.get("sentence")))]
    problems, seen = unwritten_text(ctx, plain), set()
    for what, sentence, named in found:
        if (what.casefold(), sentence) in seen:
            continue
        seen.add((what.casefold(), sentence))
        who = ", ".join(dict.fromkeys(str(i.get("id")) for i in named)) or "the section text"
        problems.append(Problem(display_path(ctx.public_text_file),
                                f"{who}: '{what}' would be published in \"{sentence.strip()}\"",
                                f"decide it with wording a reader can read ('replace:' or 'rewrite:' in "
                                f"{display_path(ctx.decisions_file)}), then run {ctx.make('redaction')} again"))
    if problems:
        raise GateHeld(problems, "placeholder or instruction wording in the public text; nothing was published")


def check_active_content(ctx: BuildContext, html: str, markdown: str) -> None:
    """Refuse raw HTML that would run or fetch from another site in a reader's browser."""
    shown = display_path(ctx.public_text_file)
    problems = [Problem(shown, f"{item.what} would be published", "remove it: the public report is text, "
                        "images from the case folder and links; " + fix_at_source(ctx), line=line_holding(markdown, item.needle))
                for item in active_content(html)]
    if problems:
        raise BadInput(problems, "nothing was published, the previous public files are unchanged")


def refuse_broken_links(ctx: BuildContext, html: str, markdown: str) -> None:
    """Exit 1 naming each link that would go nowhere in the public report (a heading a decision reworded)."""
    fix = (f"link to a heading as the draft names it (internal/draft-report.html shows each heading's anchor: its "
           f"words in lower case joined by -) or decide the heading's wording again in "
           f"{display_path(ctx.decisions_file)}; " + fix_at_source(ctx))
    problems = broken_link_problems(html, markdown, display_path(ctx.public_text_file), fix)
    if problems:
        raise GateHeld(problems, f"{len(problems)} link(s) in the public text go nowhere; nothing was published")


def render_public(ctx: BuildContext, markdown: str) -> tuple[str, bytes]:
    """HTML and a post-processed PDF of the anonymised text."""
    html = render.render_html(markdown, public=True, images_from=ctx.public_text_file.parent,
                              redo=f"run {ctx.make('redaction')} again: it copies each image the public text shows",
                              what=display_path(ctx.public_text_file),
                              publication=render.publication_of(ctx.review, ctx.case_dir))
    refuse_broken_links(ctx, html, markdown)
    pdf = render.render_pdf(html, base_dir=ctx.public_text_file.parent, what=display_path(ctx.public_text_file),
                            date=ctx.review.review.dates.planned_publication)
    return html, postprocess(pdf, public_metadata(ctx.review))


def check_staged(ctx: BuildContext, staged: list[Path]) -> None:
    """Exit 1 unless the staged PDF passes the accessibility checks and both files the leak scan."""
    unchanged = "nothing was published, the previous public files are unchanged"
    problems = accessibility_problems(staged)
    if problems:
        raise GateHeld(problems, f"the PDF failed accessibility checks; {unchanged}")
    problems = leak_problems(staged, ctx.review, f"change the decision in {display_path(ctx.decisions_file)} or "
                             f"the section text, then run {ctx.make('publish')} again (it runs redaction first)")
    if problems:
        more = f" (first {MAX_LEAKS_SHOWN} shown)" if len(problems) > MAX_LEAKS_SHOWN else ""
        raise GateHeld(problems[:MAX_LEAKS_SHOWN], f"leak scan: register values found in {len(problems)} "
                                                    f"places{more}; {unchanged}")


@dataclass(frozen=True)
class Document:
    name: str   # its file stem in public/
    html: str
    pdf: bytes


def full_report(ctx: BuildContext, proof: bool) -> Document:
    """The full anonymised report: published, or (improvements-only) sent to the Panel, Ofsted and DfE."""
    refuse_while_pending(ctx)
    markdown = read_public_text(ctx)
    refuse_placeholders(ctx, markdown)
    refuse_unready(ctx, markdown, proof=proof)
    html, pdf = render_public(ctx, markdown)
    check_active_content(ctx, html, markdown)
    return Document(full_report_name(ctx.review), html, pdf)


def improvements_document(ctx: BuildContext, model: str, proof: bool) -> Document:
    """What the website carries when the partners publish only the improvements (section 9, footnote 6)."""
    markdown = briefing.improvements_text(ctx, model)
    refuse_unready(ctx, markdown, proof=proof)
    name = website_name(ctx.review)
    html, pdf = briefing.rendered(ctx, markdown, kind="improvements", name=name)
    return Document(name, html, pdf)


def remove_other_route(public: Path, ctx: BuildContext, kept: set[str]) -> None:
    """A full report left from the other publication route would be mistaken for the current one."""
    for path in public.glob(f"{ctx.review_id}{NOT_FOR_THE_WEBSITE}.*"):
        if path.name not in kept:
            path.unlink()


def publish(ctx: BuildContext, *, model: str, proof: bool = False) -> list[Document]:
    """The full report and, when it is another document, the website copy: checked, scanned, then written."""
    refuse_register_values(ctx.review, ctx.case_dir)
    documents = [full_report(ctx, proof)]
    if ctx.review.publication is PublicationKind.improvements_only:
        documents.append(improvements_document(ctx, model, proof))
    for staging in ctx.out.glob(".publish-*"):
        shutil.rmtree(staging, ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=ctx.out, prefix=".publish-") as tmp:
        staged = []
        for document in documents:
            staged += [Path(tmp) / f"{document.name}.pdf", Path(tmp) / f"{document.name}.html"]
            staged[-2].write_bytes(document.pdf)
            staged[-1].write_text(document.html, encoding="utf-8")
        check_staged(ctx, staged)
    public = ctx.zone("public")
    clear_leftovers(public)
    remove_other_route(public, ctx, {path.name for path in staged})
    for document in documents:
        write_atomic(public / f"{document.name}.pdf", document.pdf)
        write_atomic(public / f"{document.name}.html", document.html.encode("utf-8"))
    report, website = documents[0], documents[-1]
    write_record(public / "publish-record.json", report.pdf, report.html.encode("utf-8"), ctx.public_inputs_digest(),
                 website=(website.pdf, website.html.encode("utf-8")) if website is not report else None)
    return documents


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    documents = publish(ctx, proof=args.unsigned, model=args.spacy_model)
    public = display_path(ctx.out / "public")
    website = public + f"/{documents[-1].name}"
    if args.fragment:
        write_fragment(ctx.out / "public" / f"{documents[-1].name}.html")
    if len(documents) == 1:
        messages.done(f"published {website}.html and {website}.pdf: accessibility structure and leak scan passed")
    else:
        report = public + f"/{documents[0].name}"
        messages.done(f"published the improvements document for the website: {website}.html and {website}.pdf; "
                      f"the full report, for the National Panel, Ofsted and DfE only ({ctx.make('bundle')}), not for the "
                      f"website: {report}.pdf and {report}.html; accessibility structure and leak scan passed")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    zone = ctx.out / "redaction"
    return [case_folder(ctx, "redaction", "chronologies", "organisational", "sections"), ctx.decisions_file,
            ctx.public_text_file, zone / "status.json", zone / "findings.json", Folder(zone / "media")]


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    public = ctx.out / "public"
    stems = sorted({website_name(ctx.review), full_report_name(ctx.review)})
    written = [public / f"{stem}.{kind}" for stem in stems for kind in ("pdf", "html")] + [public / "publish-record.json"]
    return written + ([public / f"{website_name(ctx.review)}-fragment.html"] if args.fragment else [])
