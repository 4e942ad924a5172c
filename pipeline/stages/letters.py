"""Stage `letters`: review.yaml -> build/<id>/internal/letters/ (Appendices 5, 7, 9 and 11).

The letters go to family members and agencies, so they use real names and live in
internal/. They are dated from the case (the decision to hold the review, unless a date is
given), so running the stage again gives the same files.
"""
from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline import messages
from pipeline.case.load import REVIEW_FILE
from pipeline.case.schema import Agency, Person, Review
from pipeline.case.timescales import deadlines
from pipeline.case.yamlfile import line_of, load_yaml
from pipeline.chronology.template import templates
from pipeline.context import BuildContext
from pipeline.errors import BadInput, Problem
from pipeline.fileio import write_atomic
from pipeline.stamps import Stamp
from pipeline.tools.docxtemplate import render_docx
from pipeline.wording import contact_phrase


@dataclass(frozen=True)
class Letter:
    path: str          # relative to internal/letters/
    template: str
    title: str
    context: dict


def check_letters(ctx: BuildContext) -> None:
    """Everything the letters need beyond what validate requires, all reported together."""
    review = ctx.review
    missing: list[tuple[tuple, str, str]] = []
    if not review.review.lead_reviewers:
        missing.append((("review", "lead_reviewers"), "no lead reviewer is named; the letters are signed by one",
                        "add review.lead_reviewers with at least one name"))
    if review.subject is None:
        missing.append((("register", "people"), "no person is marked 'subject: true'; letters name the child",
                        "add 'subject: true' to the child the review is about"))
    for i, person in enumerate(review.register.people):
        if person.family_letter and not person.address:
            missing.append((("register", "people", i, "address"),
                            f"{person.id} is to get the family letter but has no address",
                            "add 'address:' lines, or set 'family_letter: false'"))
    for key, what in (("chronology_deadline", "the chronology requests"), ("practitioner_session", "the invitation")):
        if getattr(review.review.dates, key) is None:
            missing.append((("review", "dates", key), f"no date is given for {key.replace('_', ' ')}, needed by {what}",
                            f"add review.dates.{key} as DD/MM/YYYY"))
    if missing:
        _, lines = load_yaml(ctx.case_dir / REVIEW_FILE, ctx.case_dir)
        raise BadInput([Problem(REVIEW_FILE, message, hint, line_of(lines, loc), ".".join(map(str, loc)))
                        for loc, message, hint in missing],
                       f"{len(missing)} problem(s): no letters written")




def common_context(review: Review, letter_date: dt.date) -> dict:
    info, child, reviewer = review.review, review.subject, review.review.lead_reviewers[0]
    partnership = review.partnership
    reviewer_ways = [f"by email at {reviewer.email}" if reviewer.email else "", f"on {reviewer.phone}" if reviewer.phone else ""]
    return {
        "partnership": partnership,
        "partnership_address": "\n".join(partnership.address),
        "letter_date": letter_date,
        "died": info.circumstances == "death",
        "child_name": child.name,
        "child_first_name": child.name.split()[0],
        "child_dob": child.date_of_birth,
        "child_public_name": info.child_public_name,
        "reviewer": reviewer,
        "signature": "\n".join([reviewer.name, reviewer.title, partnership.name]),
        "contact": contact_phrase(review),
        "reviewer_contact": (f"me {' or '.join(w for w in reviewer_ways if w)}" if any(reviewer_ways)
                             else contact_phrase(review)),
        "summary": info.summary,
        "period_start": info.period.start,
        "period_end": info.period.end,
        "deadline": info.dates.chronology_deadline,
        "session": info.dates.practitioner_session,
    }


def family_letter(person: Person, base: dict) -> Letter:
    context = base | {"recipient_name": person.name, "recipient_block": "\n".join([person.name, *person.address])}
    return Letter(f"family-letter-{person.id}.docx", "family-letter.docx",
                  "Letter to family members about a local Child Safeguarding Practice Review", context)


def chronology_request(agency: Agency, base: dict) -> Letter:
    block = [agency.contact_role, agency.name] + ([agency.contact_email] if agency.contact_email else [])
    context = base | {"agency": agency, "recipient_block": "\n".join(block)}
    return Letter(f"chronology-request-{agency.id}/chronology-request-{agency.id}.docx", "chronology-request.docx",
                  "Request to complete chronologies for a safeguarding review", context)


def practitioner_invitation(base: dict) -> Letter:
    return Letter("practitioner-session-invitation.docx", "practitioner-invitation.docx",
                  "Invitation to the reflective practitioner session", base)


def terms_of_reference(review: Review, base: dict) -> Letter:
    info, dates = review.review, review.review.dates
    due = {d.key: d.due for d in deadlines(review)}
    steps = [("Decision to hold the review", dates.decision),
             ("Agency chronologies returned", dates.chronology_deadline),
             ("Reflective practitioner session", dates.practitioner_session),
             ("Review completed (six months from the decision)", due["completion_due"]),
             ("Report sent to the National Panel, Ofsted and DfE", due["send_by"]),
             ("Publication", dates.planned_publication)]
    context = base | {
        "review_title": info.title,
        "decision": dates.decision,
        "incident": dates.incident,
        "completion_due": due["completion_due"],
        "reviewers": info.lead_reviewers,
        "lines_of_enquiry": info.key_lines_of_enquiry,
        "family_roles": [p.role[:1].upper() + p.role[1:] for p in review.register.people if p.family_letter],
        "agencies": review.agencies,
        "steps": [{"what": what, "when": when} for what, when in sorted(steps, key=lambda s: s[1])],
    }
    return Letter("terms-of-reference.docx", "terms-of-reference.docx",
                  f"Terms of Reference: {info.title}", context)


def plan_letters(review: Review, letter_date: dt.date) -> list[Letter]:
    base = common_context(review, letter_date)
    return ([terms_of_reference(review, base), practitioner_invitation(base)]
            + [family_letter(p, base) for p in review.register.people if p.family_letter]
            + [chronology_request(a, base) for a in review.agencies])


def remove_stale(folder: Path, keep: set[Path]) -> None:
    """Letters and request packs for people or agencies no longer in review.yaml must not linger."""
    for path in folder.rglob("*"):
        if path.is_file() and path not in keep:
            path.unlink()
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def write_letters(ctx: BuildContext, letter_date: dt.date | None = None) -> list[Path]:
    """Fill every letter and write it under internal/letters/, with the blank chronology template in each
    agency's request pack; return the paths written."""
    check_letters(ctx)
    review = ctx.review
    when = letter_date or review.review.dates.decision
    folder = ctx.zone("internal") / "letters"
    written = []
    for letter in plan_letters(review, when):
        data = render_docx(letter.template, letter.context, title=letter.title,
                           author=review.partnership.name, when=when)
        written.append(write_atomic(folder / letter.path, data))
    blank = templates(review.partnership.name, when)
    for agency in review.agencies:
        pack = folder / f"chronology-request-{agency.id}"
        written += [write_atomic(pack / name, data) for name, data in blank.items()]
    remove_stale(folder, set(written))
    return written


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    stamp = Stamp(ctx, "letters", [ctx.case_dir / "review.yaml"], extra=str(args.date))
    if stamp.fresh() and not args.force:
        messages.done(f"letters are up to date: review.yaml has not changed -> {ctx.out / 'internal' / 'letters'}")
        return 0
    written = write_letters(ctx, args.date)
    stamp.record(written)
    folder = ctx.out / "internal" / "letters"
    templates = sum(1 for path in written if path.name.startswith("chronology-template"))
    messages.done(f"{len(written) - templates} letters and {templates} blank chronology templates in the request "
                  f"packs (real names: internal only) -> {folder}")
    return 0
