"""The short public documents built from review.yaml rather than from the report's sections: the
7-minute briefing (the framework's "briefing notes on the lessons learned", section 10) and the
improvements-only document (section 9, footnote 6: published instead of the report when the
partners judge the report itself inappropriate to publish).

Their text goes through the case's anonymiser (register, allow-list, date policy and the quality
checker's decisions.yaml) exactly as the report's does, and a finding with no decision holds them.
They are rendered by the report's renderer (PDF/UA, the same fonts) with their own short page.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from functools import cache
from pathlib import Path

import jinja2
import pikepdf

from pipeline import TEMPLATES, messages
from pipeline.case.anonymiser import analyse_with_cache, anonymise_case_text, kind_in_words, load_decisions
from pipeline.case.schema import Review
from pipeline.context import BuildContext
from pipeline.errors import BadInput, GateHeld, Problem, display_path
from pipeline.report import render
from pipeline.report.checks import accessibility_problems, leak_problems
from pipeline.report.record import sha256
from pipeline.tools import pandoc
from pipeline.tools.pdfpost import PublicMetadata, postprocess

BRIEFING_TITLE = "7-minute briefing"
IMPROVEMENTS_TITLE = "Improvements following the review"
RECORD = "briefing-record.json"
MAX_PAGES = 2  # one A4 sheet, printed on both sides
KEYWORDS = ["Local Child Safeguarding Practice Review", "LCSPR", "safeguarding", "learning"]  # every public PDF's
EXPLANATION = (
    "The safeguarding partners have decided that it would not be appropriate to publish the full report "
    "of this Local Child Safeguarding Practice Review. When partners make that decision, *Working Together "
    "to Safeguard Children 2023* asks them to publish instead the information about the improvements to "
    "be made following the review. This document sets out what the review found and what the partners and "
    "agencies will change. The full report has been sent to the Child Safeguarding Practice Review Panel, "
    "Ofsted and the Department for Education.")


def briefing_name(review: Review) -> str:
    return f"{review.review.id}-briefing"


def month(day: dt.date) -> str:
    return f"{day:%B %Y}"


def owners_of(review: Review, owner_ids: list[str]) -> str:
    names = [a.public_name for a in map(review.agency, owner_ids) if a]
    return ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""


def recommendation_lines(review: Review) -> list[str]:
    """'**Recommendation 1.** text (Owners: ...; by June 2027)', the report's numbering."""
    lines = []
    for number, rec in enumerate(review.recommendations, 1):
        facts = "; ".join(part for part in (owners_of(review, rec.owners), rec.due and f"by {month(rec.due)}") if part)
        lines.append(f"**Recommendation {number}.** {' '.join(rec.text.split())}" + (f" ({facts})" if facts else ""))
    return lines


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {' '.join(item.split())}" for item in items) + "\n"


def briefing_markdown(review: Review) -> str:
    """The seven sections practitioners know from other partnerships' 7-minute briefings."""
    brief, info = review.briefing, review.review
    reading = [f"[{r.title}]({r.url})" for r in brief.further_reading]
    if review.publication.value == "report":
        reading.insert(0, f"[The full report: {info.title}]({review.partnership.website.rstrip('/')}/{info.id}.html)")
    return "\n".join([
        "# 1. Background", "", " ".join(brief.background.split()), "",
        "# 2. What happened", "", " ".join(brief.what_happened.split()), "",
        "# 3. What we found", "", bullets([f.title for f in review.findings]),
        "# 4. What should change", "", bullets(recommendation_lines(review)),
        "# 5. Questions for your team", "", bullets(brief.questions),
        "# 6. Further reading", "", bullets(reading),
    ])  # 7. Contacts: the partnership's own fields, written by the page as the report's back page is


def improvements_markdown(review: Review) -> str:
    """What the partners publish when the report is not: findings, recommendations, and why."""
    info = review.review
    reviewers = [f"{r.name}, {r.title}" for r in info.lead_reviewers]
    findings = [f"**Finding {n}.** {f.title}" for n, f in enumerate(review.findings, 1)]
    return "\n".join([
        "# Why the report is not published", "", EXPLANATION, "",
        "# What the review found", "", bullets(findings),
        "# What will change", "", bullets(recommendation_lines(review)),
        "# About the review", "",
        f"The review looked at the period from {month(info.period.start)} to {month(info.period.end)}.", "",
        bullets([f"Lead reviewer: {name}" for name in reviewers]),
    ])


def anonymised(ctx: BuildContext, markdown: str, model: str, what: str) -> str:
    """`markdown` through the case's anonymiser; held (exit 1) while any finding in it has no decision."""
    decisions, lines = load_decisions(ctx)
    analyzer, _ = analyse_with_cache(ctx, model)
    outcome = anonymise_case_text(ctx, markdown, analyzer, decisions, lines, ctx.case_dir)
    shown = display_path(ctx.decisions_file, ctx.case_dir)
    problems = [Problem(what, f"finding {f.id}: {kind_in_words(f.entity)} '{f.text}' in \"{f.context.sentence.strip()}\"",
                        f"decide it in {shown} ('finding: {f.id}' or 'value: {f.text}', with replace:, rewrite: or "
                        "keep:), or reword review.yaml, then run it again")
                for f in outcome.pending]
    problems += [Problem(what, f"'{m.text}' from the register would still be published",
                         f"a decision in {shown} keeps it or writes it back: change it to 'replace:'")
                 for m in outcome.leftovers]
    if problems:
        raise GateHeld(problems, f"{what}: {len(problems)} finding(s) await a decision; nothing was published")
    return outcome.public_text


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "briefing"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]),
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def page(review: Review, markdown: str, *, kind: str, title: str, pdf_name: str) -> str:
    """The short document as one HTML page: a header naming the review, the sections, a footer."""
    info = review.review
    return environment().get_template("briefing.html.j2").render(
        kind=kind, title=title, review_title=info.title, partnership=review.partnership.name,
        published=month(info.dates.planned_publication), reviewers=[r.name for r in info.lead_reviewers],
        body=pandoc.markdown_to_html(markdown), pdf_name=pdf_name, contact=review.partnership)


def rendered(ctx: BuildContext, markdown: str, *, kind: str, name: str) -> tuple[str, bytes]:
    """(HTML, post-processed PDF/UA bytes) of an anonymised short document; `name` is its file stem."""
    review = ctx.review
    title = f"{BRIEFING_TITLE if kind == 'briefing' else IMPROVEMENTS_TITLE}: {review.review.child_public_name}"
    html = page(review, markdown, kind=kind, title=title, pdf_name=f"{name}.pdf")
    when = review.review.dates.planned_publication
    pdf = render.render_pdf(html, base_dir=ctx.case_dir, what=f"public/{name}.pdf", date=when)
    meta = PublicMetadata(title=title, author=review.partnership.name, date=when,
                          subject=f"{title}, from {review.review.title}, by {review.partnership.name}",
                          keywords=[*KEYWORDS, review.review.child_public_name])
    return html, postprocess(pdf, meta)


def improvements_text(ctx: BuildContext, model: str) -> str:
    """The improvements-only document's anonymised Markdown, published in place of the report."""
    return anonymised(ctx, improvements_markdown(ctx.review), model, "review.yaml (findings, recommendations)")


def refuse_long(pdf: bytes) -> None:
    """A 7-minute briefing is read in seven minutes: one sheet, both sides."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    if pages > MAX_PAGES:
        raise BadInput(Problem("review.yaml", f"the 7-minute briefing takes {pages} pages; it must fit on one "
                               f"sheet printed on both sides ({MAX_PAGES} pages)", "shorten its background, what "
                               "happened or questions (the findings and recommendations are shown in full)",
                               field="briefing"))


def refuse_failures(staged: list[Path], review: Review) -> None:
    """Exit 1 unless each staged PDF passes the accessibility checks and every file the leak scan."""
    problems = [*accessibility_problems(staged),
                *leak_problems(staged, review, "remove it from the review.yaml field it comes from")]
    if problems:
        raise GateHeld(problems, "the briefing failed its accessibility or leak checks; nothing was published")


def inputs_digest(ctx: BuildContext) -> str:
    """What the briefing is made from: review.yaml and the decisions."""
    digest = hashlib.sha256()
    for path in (ctx.case_dir / "review.yaml", ctx.decisions_file):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def published_briefing(ctx: BuildContext) -> list[tuple[str, bytes]]:
    """[(file name, PDF bytes)] of the published briefing, for the submission bundle. Not yet made:
    none, with a warning (the bundle can go before it). Made from other inputs than the current
    review.yaml and decisions, or not the PDF that passed its leak scan: held (exit 1)."""
    public = ctx.out / "public"
    pdf_path = public / f"{briefing_name(ctx.review)}.pdf"
    if ctx.review.briefing is None:
        return []
    if not pdf_path.is_file():
        messages.warn(f"no 7-minute briefing in {display_path(public)}: the bundle goes without it; run "
                      f"{ctx.make('publish')} (lcspr briefing) first to include it")
        return []
    try:
        record = json.loads((public / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    pdf = pdf_path.read_bytes()
    if (not isinstance(record, dict) or record.get("leak_scan") != "passed"
            or record.get("pdf_sha256") != sha256(pdf)
            or record.get("inputs_sha256") != inputs_digest(ctx)):
        raise GateHeld(Problem(display_path(pdf_path), "the 7-minute briefing is not the one made from the current "
                               "review.yaml and decisions, or not the one that passed its leak scan",
                               f"run {ctx.make('publish')} (lcspr briefing), then build the bundle again"),
                       "bundle not built: the briefing it would carry is not current")
    return [(pdf_path.name, pdf)]
