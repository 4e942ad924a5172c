"""Stage `letters`: review.yaml -> build/<id>/internal/letters/ (Appendices 5, 7, 8, 9, 11, 12, 13).

The letters go to family members and agencies, so they use real names and live in
internal/. They are dated the day they are written (or `--date`): a letter is sent soon after
it is made. A letter that needs an optional field the case does not give yet (the chronology
deadline, the session's date, an address) is skipped with a message; the others are written.
"""
from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline import messages
from pipeline.case.load import REVIEW_FILE, review_problem
from pipeline.case.relationships import child_described, first_name, greeting
from pipeline.case.schema import Agency, Person, PlaceKind, Review
from pipeline.case.timescales import deadlines
from pipeline.chronology.template import templates
from pipeline.context import BuildContext
from pipeline.errors import BadInput
from pipeline.fileio import write_atomic
from pipeline.stamps import TODAY, files_below
from pipeline.tools.docxtemplate import render_docx
from pipeline.wording import contact_phrase, day_date, joined, long_date


@dataclass(frozen=True)
class Letter:
    path: str          # relative to internal/letters/
    template: str
    title: str
    context: dict


def check_letters(ctx: BuildContext) -> None:
    """What no letter can be written without (a signer, the child), reported together: exit 2."""
    review = ctx.review
    missing: list[tuple[tuple, str, str]] = []
    if not review.review.lead_reviewers:
        missing.append((("review", "lead_reviewers"), "no lead reviewer is named; the letters are signed by one",
                        "add review.lead_reviewers with at least one name"))
    if review.subject is None:
        missing.append((("register", "people"), "no person is marked 'subject: true'; letters name the child",
                        "add 'subject: true' to the child the review is about"))
    if missing:
        raise BadInput([review_problem(ctx.case_dir, loc, message, hint) for loc, message, hint in missing],
                       f"{len(missing)} problem(s): no letters written")


@dataclass(frozen=True)
class Skipped:
    what: str      # the letters not written
    why: str       # the optional field they need
    field: str
    hint: str


def skipped_letters(review: Review) -> list[Skipped]:
    """Letters that need an optional field the case does not give yet: skipped, the others written."""
    dates, skipped = review.review.dates, []
    if dates.chronology_deadline is None:
        skipped.append(Skipped(f"the {len(review.agencies)} chronology request packs",
                               "they give agencies a date to return their chronologies by",
                               "review.dates.chronology_deadline", "add it as DD/MM/YYYY and run letters again"))
    if dates.practitioner_session is None:
        skipped.append(Skipped("the practitioner session invitation, briefing and agenda",
                               "they give the session's date", "review.dates.practitioner_session",
                               "add it as DD/MM/YYYY (and review.session: starts, venue or link)"))
    for i, person in enumerate(review.register.people):
        if person.family_letter and not person.address:
            skipped.append(Skipped(f"the family letter to {person.id}", "it has no address to go to",
                                   f"register.people.{i}.address", "add 'address:' lines, or set 'family_letter: false'"))
    return skipped


def clock(hours_minutes: str, minutes_after: int = 0) -> str:
    """'10:00' + 45 -> '10:45am'; '12:40' -> '12:40pm'."""
    hours, minutes = map(int, hours_minutes.split(":"))
    total = hours * 60 + minutes + minutes_after
    hours, minutes = divmod(total % (24 * 60), 60)
    return f"{hours % 12 or 12}:{minutes:02d}{'am' if hours < 12 else 'pm'}"


# Appendix 13's sample agenda: (minutes from the start, number, item); the session starts at 10:00 there.
AGENDA = [
    (-15, "", "Registration"),
    (0, "1.", "Welcome and Introductions"),
    (5, "2.", "Purpose of Session:\n• To understand the child's story and what life was like for them;\n"
              "• To consider what happened in the case from a multi-agency practitioner and agency perspective;\n"
              "• To identify what decisions were taken/not taken and the context;\n"
              "• To identify what could have been done differently;\n• To identify the key learning points/findings;\n"
              "• To identify improvements which are needed and to consolidate good practice, in line with the Terms "
              "of Reference.\nPrinciples for Working Together"),
    (20, "3.", "Brief Outline of Terms of Reference, Methodology / Overview of the Case and Thoughts so Far "
               "(Lead Reviewer)\nChild's Lived Experience (Timeline/story)"),
    (60, "4.", "Agency Involvement with the Case:\n• Who knew what when?\n• What is new information?\n"
               "• Any surprises? What? Why?\n• Significant Influencing Factors?"),
    (90, "5.", "Break"),
    (105, "6.", "Key Lines of Inquiry and Questions"),
    (160, "7.", "Summary of Key Feedback Points and Any Other Reflections"),
    (180, "8.", "Evaluation and Close"),
]
SAMPLE_START = "10:00"


def agenda(review: Review) -> list[dict]:
    """Appendix 13 timed from the session's start, with the review's own lines of enquiry at item 6."""
    session = review.review.session
    start = session.starts if session and session.starts else SAMPLE_START
    enquiries = "".join(f"\n• {k.text}" for k in review.review.key_lines_of_enquiry)
    return [{"number": number, "time": clock(start, after),
             "item": item + (enquiries + "\nIdentify Key Issues for Improving Practice" if number == "6." else "")}
            for after, number, item in AGENDA]


def session_wording(review: Review) -> dict:
    """When and where the practitioner session is, in words, for the invitation, briefing and agenda."""
    day, session = review.review.dates.practitioner_session, review.review.session
    starts, ends = (session.starts, session.ends) if session else (None, None)
    venue = ", ".join(session.venue) if session and session.venue else ""
    link = session.link if session and session.link else ""
    when = (day_date(day) if day else "") + (f", {clock(starts)}" if starts else "") + (
        f" to {clock(ends)}" if starts and ends else "")
    places = [f"at {venue}" if venue else "", f"online: {link}" if link else ""]
    where = " or ".join(p for p in places if p)
    to_follow = joined([w for w, given in (("time", starts), ("venue", venue or link)) if not given])
    return {"session_when": when,
            "session_where": (where[:1].upper() + where[1:] + "." if where else "")
            + (f"{' ' if where else ''}The {to_follow} will follow." if to_follow else ""),
            "session_venue": venue or (f"online: {link}" if link else "to follow")}


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
        "child_first_name": first_name(child),
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
    } | session_wording(review)


def family_letter(person: Person, child: Person, base: dict) -> Letter:
    context = base | {"greeting": greeting(person), "child_described": child_described(person, child),
                      "recipient_block": "\n".join([person.name, *person.address])}
    return Letter(f"family-letter-{person.id}.docx", "family-letter.docx",
                  "Letter to family members about a local Child Safeguarding Practice Review", context)


def family_leaflet(base: dict) -> Letter:
    return Letter("family-leaflet.docx", "family-leaflet.docx",
                  "Child Safeguarding Practice Reviews: Information for Parents and Carers", base)


def family_rows(review: Review) -> list[dict]:
    """Each person in the register, the child first: every name, date of birth and address to search for."""
    people = sorted(review.register.people, key=lambda p: not p.subject)
    return [{"name": p.name, "aliases": ", ".join(p.aliases), "born": long_date(p.date_of_birth) if p.date_of_birth
             else "not known", "role": p.role, "address": ", ".join(p.address)} for p in people]


def chronology_request(agency: Agency, review: Review, base: dict) -> Letter:
    block = [agency.contact_role, agency.name] + ([agency.contact_email] if agency.contact_email else [])
    addresses = [place.name for place in review.register.places if place.kind == PlaceKind.address]
    context = base | {"agency": agency, "recipient_block": "\n".join(block), "family": family_rows(review),
                      "addresses": addresses}
    return Letter(f"chronology-request-{agency.id}/chronology-request-{agency.id}.docx", "chronology-request.docx",
                  "Request to complete chronologies for a safeguarding review", context)


def practitioner_letters(review: Review, base: dict) -> list[Letter]:
    """Appendix 11, with Appendices 12 and 13 enclosed."""
    return [Letter("practitioner-session-invitation.docx", "practitioner-invitation.docx",
                   "Invitation to the reflective practitioner session", base),
            Letter("practitioner-session-briefing.docx", "practitioner-briefing.docx",
                   "Briefing on the reflective practitioner session", base),
            Letter("practitioner-session-agenda.docx", "practitioner-agenda.docx",
                   "Agenda for the reflective practitioner session", base | {"agenda": agenda(review)})]


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
        "steps": [{"what": what, "when": when} for what, when in sorted((s for s in steps if s[1]), key=lambda s: s[1])],
    }
    return Letter("terms-of-reference.docx", "terms-of-reference.docx",
                  f"Terms of Reference: {info.title}", context)


def plan_letters(review: Review, letter_date: dt.date) -> list[Letter]:
    """Every letter the case gives enough for (see skipped_letters for the rest)."""
    base, dates = common_context(review, letter_date), review.review.dates
    family = [p for p in review.register.people if p.family_letter and p.address]
    letters = [terms_of_reference(review, base)]
    if dates.practitioner_session:
        letters += practitioner_letters(review, base)
    if family:
        letters += [family_letter(p, review.subject, base) for p in family] + [family_leaflet(base)]
    if dates.chronology_deadline:
        letters += [chronology_request(a, review, base) for a in review.agencies]
    return letters


def remove_stale(folder: Path, keep: set[Path]) -> None:
    """Letters and request packs for people or agencies no longer in review.yaml must not linger."""
    for path in folder.rglob("*"):
        if path.is_file() and path not in keep:
            path.unlink()
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def write_letters(ctx: BuildContext, when: dt.date) -> list[Path]:
    """Fill every letter the case allows, dated `when`, and write it under internal/letters/, with the
    blank chronology template in each agency's request pack; return the paths written."""
    check_letters(ctx)
    review = ctx.review
    folder = ctx.zone("internal") / "letters"
    written = []
    for letter in plan_letters(review, when):
        data = render_docx(letter.template, letter.context, title=letter.title,
                           author=review.partnership.name, when=when)
        written.append(write_atomic(folder / letter.path, data))
    if review.review.dates.chronology_deadline:
        blank = templates(review.partnership.name, when)
        for agency in review.agencies:
            pack = folder / f"chronology-request-{agency.id}"
            written += [write_atomic(pack / name, data) for name, data in blank.items()]
    remove_stale(folder, set(written))
    return written


def say_skipped(skipped: list[Skipped]) -> None:
    for item in skipped:
        messages.warn(f"skipped {item.what}: {item.why}, and {item.field} is not given -> {item.hint}")


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    written = write_letters(ctx, args.date or dt.date.today())
    say_skipped(skipped_letters(ctx.review))
    folder = ctx.out / "internal" / "letters"
    templates = sum(1 for path in written if path.name.startswith("chronology-template"))
    messages.done(f"{len(written) - templates} letters and {templates} blank chronology templates in the request "
                  f"packs (real names: internal only) -> {folder}")
    return 0


def inputs(ctx: BuildContext, args: argparse.Namespace) -> list:
    return [ctx.case_dir / REVIEW_FILE] + ([] if args.date else [TODAY])


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    return files_below(ctx.out / "internal" / "letters")
