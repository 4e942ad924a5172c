"""Stage `bundle`: public/ + review.yaml -> build/<id>/bundle/ (the framework's section 9).

The full report goes to the National Panel, Ofsted and the Secretary of State (DfE) no later
than seven working days before publication, and what is published to the NSPCC repository on
publication. With `publication: improvements-only` (section 9, footnote 6) those differ: the
Panel, Ofsted and DfE still get the full anonymised report, with the improvements document that
is published beside it, and the NSPCC the improvements document. The
bundle carries the exact PDF bytes that passed the leak scan, so it refuses to build unless
publish-record.json vouches for that PDF and for the current inputs. It never reads
internal/: everything in it may leave the partnership. The covering letter, README and emails
are written from review.yaml, so its published fields are checked against the register first
(exit 2), and everything built is leak-scanned, letter XML and emails included, before any of
it is written (exit 1, and no bundle).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import json
import tempfile
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline import TEMPLATES, messages
from pipeline.case.load import REVIEW_FILE, review_problem
from pipeline.case.public_fields import refuse_register_values, register_values
from pipeline.case.recipients import Recipient, repository, submission_recipients
from pipeline.case.register import register_from
from pipeline.case.schema import Review
from pipeline.case.timescales import SEND_BEFORE_PUBLICATION_WORKING_DAYS, send_by
from pipeline.context import BuildContext
from pipeline.errors import BadInput, GateHeld, Problem
from pipeline.fileio import clear_leftovers, write_atomic
from pipeline.report.briefing import published_briefing
from pipeline.report.record import full_report_name, sha256, website_name
from pipeline.stamps import TODAY, Folder, files_below
from pipeline.tools.archive import build_zip
from pipeline.tools.docxtemplate import render_docx
from pipeline.tools.eml import draft_email
from pipeline.tools.office import office_texts
from pipeline.tools.pandoc import docx_to_html
from pipeline.tools.weasy import render_pdf
from pipeline.wording import FILTERS, contact_phrase, day_date, joined, long_date
from redaction.leakscan import scan_files

TEMPLATE_DIR = TEMPLATES / "bundle"
MAX_LEAKS_SHOWN = 20


@dataclass(frozen=True)
class Published:
    """The public documents the bundle carries, as (file name, bytes): the full anonymised report,
    which goes to the National Panel, Ofsted and DfE, and the website copy, which is published and
    goes to the NSPCC. One document, unless the partners publish only the improvements."""
    report: tuple[str, bytes]
    website: tuple[str, bytes]

    @property
    def improvements_only(self) -> bool:
        return self.report[0] != self.website[0]


def published(ctx: BuildContext) -> Published:
    """The published documents, if and only if publish passed its leak scan on the current inputs."""
    public = ctx.out / "public"
    record_path = public / "publish-record.json"
    report_path = public / f"{full_report_name(ctx.review)}.pdf"
    website_path = public / f"{website_name(ctx.review)}.pdf"
    rerun = f"run {ctx.make('publish')}, then build the bundle again"
    if not record_path.is_file() or not report_path.is_file() or not website_path.is_file():
        raise GateHeld(Problem(str(public), "the report has not been published: no publish record or PDF", rerun),
                       "bundle not built: it must carry the published report")
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise GateHeld(Problem(str(record_path), f"cannot be read as JSON ({exc})", rerun), "bundle not built")
    report, website = report_path.read_bytes(), website_path.read_bytes()
    problems = []
    if not isinstance(record, dict) or record.get("leak_scan") != "passed":
        problems.append(Problem(str(record_path), "the leak scan did not pass for this report",
                                f"clear the leaks it found (fix the sections or decisions, then {ctx.make('publish')}), "
                                "then build the bundle"))
    elif record.get("pdf_sha256") != sha256(report):
        problems.append(Problem(str(report_path), "this PDF is not the one that passed the leak scan (SHA-256 differs)",
                                rerun))
    elif website_path != report_path and record.get("website_pdf_sha256") != sha256(website):
        problems.append(Problem(str(website_path), "this improvements document is not the one that passed the leak "
                                "scan (SHA-256 differs)", rerun))
    elif record.get("inputs_sha256") != ctx.public_inputs_digest():
        problems.append(Problem(str(record_path), "review.yaml, the decisions or the anonymised text changed since "
                                "the report was published", rerun))
    if problems:
        raise GateHeld(problems, "bundle not built: the published report is not current")
    return Published((report_path.name, report), (website_path.name, website))


def signed_off(ctx: BuildContext) -> None:
    """A gate (exit 1): the report leaves the partnership only once the partners have signed it off."""
    if ctx.review.review.dates.completed is None:
        raise GateHeld(review_problem(ctx.case_dir, ("review", "dates", "completed"),
                                      "the Safeguarding Partners have not signed the final report off: "
                                      "review.dates.completed is not given",
                                      "when the Practice Review Group has signed it off and the Executive Group "
                                      "endorsed it, add review.dates.completed as DD/MM/YYYY and build the bundle "
                                      "again"),
                       "bundle not built: the report is not signed off")


def check_signers(ctx: BuildContext) -> None:
    """Bad input (exit 2): the report names its reviewers, and a named person signs the covering letter."""
    missing = []
    if not ctx.review.review.lead_reviewers:
        missing.append(review_problem(ctx.case_dir, ("review", "lead_reviewers"),
                                      "no lead reviewer is named; published reports always name them",
                                      "add review.lead_reviewers"))
    if ctx.review.signatory is None:
        missing.append(review_problem(ctx.case_dir, ("signatory",), "no one is named to sign the covering letter",
                                      "add 'signatory:' with the name and role of whoever signs for the "
                                      "Safeguarding Partners"))
    if missing:
        raise BadInput(missing, "bundle not built")


def case_context(review: Review, today: dt.date) -> dict:
    info, signatory = review.review, review.signatory
    return {
        "partnership": review.partnership,
        "partnership_address": "\n".join(review.partnership.address),
        "review_title": info.title,
        "today": today,
        "publication": info.dates.planned_publication,
        "completed": info.dates.completed,
        "send_by": send_by(info.dates.planned_publication),
        "period_start": info.period.start,
        "period_end": info.period.end,
        "reviewer_names": joined([f"{r.name}, {r.title}" for r in info.lead_reviewers]),
        "contact": contact_phrase(review),
        "signatory": signatory,
        "signature": "\n".join([signatory.name, signatory.role, review.partnership.name]),
        "recipients": submission_recipients(review),
        "nspcc": repository(review),
    }


def text_templates() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    env.filters.update(FILTERS)
    return env


def covering_letter_docx(context: dict, when: dt.date) -> bytes:
    block = "\n".join(f"{r.name}: {r.mailbox}" for r in context["recipients"])
    return render_docx("covering-letter.docx", context | {"recipient_block": block, "letter_date": when},
                       title=f"Covering letter: {context['review_title']}",
                       author=context["partnership"].name, when=when)


def covering_letter_pdf(docx: bytes, context: dict, when: dt.date) -> bytes:
    """The same letter as PDF: docx -> HTML (pandoc) -> PDF (WeasyPrint), one wording for both."""
    with tempfile.TemporaryDirectory(prefix="lcspr-letter-") as tmp:
        source = Path(tmp) / "covering-letter.docx"
        source.write_bytes(docx)
        body = docx_to_html(source)
    page = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True).get_template("covering-letter.html")
    html = page.render(title=f"Covering letter: {context['review_title']}", author=context["partnership"].name,
                       body=Markup(body))
    return render_pdf(html, base_dir=TEMPLATE_DIR, roots=[], what="the covering letter", date=when)


def manifest(files: list[tuple[str, bytes]]) -> tuple[bytes, bytes]:
    """CSV and JSON listing each file with its size and SHA-256."""
    rows = [{"file": name, "bytes": len(data), "sha256": sha256(data)} for name, data in files]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=["file", "bytes", "sha256"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(), (json.dumps(rows, indent=2) + "\n").encode()


def email(sender: tuple[str, str], recipient: Recipient, text: str, when: dt.date,
          attachments: list[tuple[str, bytes]], review_id: str) -> bytes:
    """One ready-to-send email from a template whose first line is 'Subject: ...'."""
    subject_line, _, body = text.partition("\n")
    if not subject_line.startswith("Subject: "):
        raise BadInput(Problem(str(TEMPLATE_DIR), f"the email template for {recipient.name} does not start with "
                               "'Subject: '", "make its first line 'Subject: ...' and leave a blank line after it"))
    return draft_email(sender, [(recipient.name, recipient.mailbox)], subject_line.removeprefix("Subject: "),
                       body.lstrip("\n"), when, attachments, seed=review_id)


@dataclass(frozen=True)
class BundleResult:
    zip_path: Path
    emails: list[Path]
    send_by: dt.date


def bundle_files(ctx: BuildContext, today: dt.date) -> tuple[list[tuple[str, bytes]], dict[str, bytes], dt.date]:
    """Everything the bundle holds, in memory, dated `today`: (zip entries, {email file name: bytes}, send-by)."""
    review = ctx.review
    signed_off(ctx)
    check_signers(ctx)
    documents = published(ctx)
    context = case_context(review, today)
    report_name, letter_name = documents.report[0], f"{ctx.review_id}-covering-letter"
    context |= {"report_name": report_name, "letter_name": f"{letter_name}.pdf",
                "website_name": documents.website[0], "improvements_only": documents.improvements_only}
    letter_docx = covering_letter_docx(context, today)
    letter_pdf = covering_letter_pdf(letter_docx, context, today)
    templates = text_templates()
    readme = templates.get_template("README.txt").render(context | {"letter_name": letter_name})
    reports = list(dict.fromkeys([documents.report, documents.website]))
    files = [*reports, (f"{letter_name}.docx", letter_docx), (f"{letter_name}.pdf", letter_pdf),
             ("README.txt", readme.encode()), *published_briefing(ctx)]
    manifest_csv, manifest_json = manifest(files)
    entries = sorted(files + [("manifest.csv", manifest_csv), ("manifest.json", manifest_json)])

    sender = (review.partnership.name, review.partnership.mailbox)
    emails = {}
    for recipient in submission_recipients(review):
        text = templates.get_template("submission-email.txt").render(context | {"recipient": recipient})
        emails[recipient.file_name] = email(sender, recipient, text, today,
                                            [*reports, (f"{letter_name}.pdf", letter_pdf)], ctx.review_id)
    nspcc = repository(review)
    text = templates.get_template("publication-email.txt").render(context | {"recipient": nspcc})
    emails[nspcc.file_name] = email(sender, nspcc, text, today, [documents.website], ctx.review_id)
    return entries, emails, context["send_by"]


# --- the leak scan over everything the bundle holds ------------------------------------------

def email_texts(data: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, bytes]]]:
    """([(part, text)], [(attachment file name, bytes)]) of an email, headers decoded."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    texts = [("headers", "\n".join(f"{key}: {value}" for key, value in message.items()))]
    attachments = []
    for number, part in enumerate(message.walk(), start=1):
        if part.is_multipart():
            continue
        content = part.get_content()
        if isinstance(content, bytes):
            attachments.append((part.get_filename() or f"part {number}", content))
        else:
            texts.append((f"part {number} text", content))
    return texts, attachments


def surfaces(name: str, data: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, bytes]]]:
    """([(part, text)], [(PDF name, bytes)]) of one bundle file: what a reader or a program can get out of it."""
    if name.endswith(".pdf"):
        return [], [(name, data)]
    if name.endswith(".docx"):
        return office_texts(data), []
    if name.endswith(".eml"):
        texts, attachments = email_texts(data)
        pdfs = [(f"{name} attachment {file}", content) for file, content in attachments if file.endswith(".pdf")]
        texts += [(f"attachment {file}", content.decode("utf-8", "replace"))
                  for file, content in attachments if not file.endswith(".pdf")]
        return texts, pdfs
    return [("text", data.decode("utf-8", "replace"))], []


def leak_problems(review: Review, files: dict[str, bytes], names: list[str], staging: Path,
                  hint: str = "") -> list[Problem]:
    """Every bundle file (by its name in bundle/) with the register values found in it, by kind.

    Text surfaces are written as HTML (one <p> per line) and PDFs as themselves, so the one leak
    scan publish uses reads them all; each distinct PDF is scanned once."""
    places: dict[str, tuple[str, str]] = {}
    scanned_pdfs: set[str] = set()
    for name, data in files.items():
        texts, pdfs = surfaces(name, data)
        for part, text in texts:
            surface = staging / f"s{len(places)}.html"
            surface.write_text("\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines()),
                               encoding="utf-8")
            places[surface.name] = (name, part)
        for label, pdf in pdfs:
            if sha256(pdf) in scanned_pdfs:
                continue
            scanned_pdfs.add(sha256(pdf))
            surface = staging / f"s{len(places)}.pdf"
            surface.write_bytes(pdf)
            places[surface.name] = (name, "" if label == name else label.removeprefix(f"{name} "))
    paths = [staging / surface for surface in places]
    hits = scan_files(paths, register_values(review), names=[*files, *names], register=register_from(review))
    found: dict[tuple[str, str], set[str]] = {}
    for hit in hits:
        surface, _, detail = hit.where.partition(": ")
        if surface.startswith("file name "):
            file, part = surface.removeprefix("file name "), "its file name"
        else:
            file, part = places[surface]
            part = ", ".join(p for p in (part, detail.replace(" text", "") if detail != "text across elements"
                                         else "") if p)
        found.setdefault((file, part), set()).add(hit.words)
    return [Problem(f"bundle/{file}", f"register values ({', '.join(sorted(labels))}) found in {part or 'the file'}",
                    "" if n else hint) for n, ((file, part), labels) in enumerate(sorted(found.items()))]


def check_leaks(ctx: BuildContext, files: dict[str, bytes], names: list[str]) -> None:
    """A gate (exit 1): nothing is written to bundle/ while any file (or file name) would carry a register value."""
    with tempfile.TemporaryDirectory(prefix="lcspr-bundle-scan-") as staging:
        problems = leak_problems(ctx.review, files, names, Path(staging),
                                 "remove the value from the review.yaml field or section it comes from, then run "
                                 f"{ctx.make('bundle')} again (it publishes first)")
    if problems:
        raise GateHeld(problems[:MAX_LEAKS_SHOWN], f"leak scan: register values found in {len(problems)} place(s) "
                                                   "in the bundle; no bundle was written")


def write_bundle(ctx: BuildContext, today: dt.date) -> BundleResult:
    """Build the submission zip and the emails from the published report; scan all of it; then write."""
    refuse_register_values(ctx.review, ctx.case_dir)
    entries, emails, when = bundle_files(ctx, today)
    zipped = build_zip(entries, today)
    zip_name = f"{ctx.review_id}-submission.zip"
    check_leaks(ctx, {**dict(entries), **{f"emails/{n}": data for n, data in emails.items()}}, [zip_name])
    folder = ctx.zone("bundle")
    clear_leftovers(folder, folder / "emails")
    zip_path = write_atomic(folder / zip_name, zipped)
    return BundleResult(zip_path, [write_atomic(folder / "emails" / name, data) for name, data in emails.items()],
                        when)


def lateness(send_by_date: dt.date, publication: dt.date, today: dt.date) -> str | None:
    """What to tell the user when the send-by date has passed, in the framework's terms."""
    if today <= send_by_date:
        return None
    return (f"the send-by date has passed: the report had to reach the National Panel, Ofsted and DfE by "
            f"{long_date(send_by_date)}, {SEND_BEFORE_PUBLICATION_WORKING_DAYS} working days before publication on "
            f"{long_date(publication)}; today is {long_date(today)}. The bundle is built. Send it now, and inform "
            f"the National Panel and the Secretary of State (DfE) of the delay and the reasons for it, or move "
            f"review.dates.planned_publication so that there are seven working days before it.")


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    today = args.today or dt.date.today()
    result = write_bundle(ctx, today)
    messages.done(f"submission bundle dated {long_date(today)} -> {result.zip_path}; {len(result.emails)} emails -> "
                  f"{result.zip_path.parent / 'emails'}")
    publication = ctx.review.review.dates.planned_publication
    late = lateness(result.send_by, publication, today)
    if late:
        messages.warn(late)
    else:
        messages.info(f"send it to the National Panel, Ofsted and DfE by {day_date(result.send_by)}; "
                      f"nspcc.eml goes on publication day")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    """What it sends, and what it checks publish and briefing were made from (their records' inputs)."""
    return [ctx.case_dir / REVIEW_FILE, ctx.decisions_file, Folder(ctx.out / "public"), ctx.public_text_file,
            Folder(ctx.out / "redaction" / "media")] + ([] if args.today else [TODAY])


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    return files_below(ctx.out / "bundle")
