"""Stage `rapid-review`: review.yaml -> build/<id>/internal/rapid-review/ (framework Appendices 3 and 4).

The information gathering form goes to every agency within 2 working days of the notification; the
Rapid Review report, from the `rapid_review:` block, goes to the National Panel within 15 working
days of it. Both hold real names, so they stay in internal/.
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pipeline import TEMPLATES, messages
from pipeline.case.load import agency_hint, review_problem
from pipeline.case.milestones import RapidReviewClock, rapid_review_clock
from pipeline.case.schema import Criterion, RapidReview, RapidReviewOutcome, Review
from pipeline.context import BuildContext
from pipeline.errors import BadInput
from pipeline.fileio import write_atomic
from pipeline.stamps import files_below, review_file_only
from pipeline.tools.docxtemplate import render_docx
from pipeline.wording import joined, long_date

FOLDER = TEMPLATES / "appendices"
STATUTORY_PARTNERS = "the local authority, the police and the ICB"
CRITERIA = {  # the Rapid Review template's section 6, in its words
    Criterion.improvements: "Highlights or may highlight improvements needed to safeguard and promote the welfare "
                            "of children, including where those improvements have been previously identified.",
    Criterion.recurrent_themes: "Highlights or may highlight recurrent themes in the safeguarding and promotion of "
                                "the welfare of children.",
    Criterion.agencies_working_together: "Highlights or may highlight concerns regarding two or more organisations "
                                         "or agencies working together effectively to safeguard and promote the "
                                         "welfare of children.",
    Criterion.panel_suggested_local: "The case is one, which the Child Safeguarding Practice Review Panel has "
                                     "considered and concluded a local review may be more appropriate.",
    Criterion.single_agency_concern: "Safeguarding Partners have cause for concern about the actions of a single agency.",
    Criterion.no_agency_involvement: "There has been no agency involvement and this gives the safeguarding partners "
                                     "cause for concern.",
    Criterion.more_than_one_area: "More than one local authority, police area or ICB is involved, including in cases "
                                  "where families have moved around.",
    Criterion.institutional_setting: "The case may raise issues relating to safeguarding or promoting the welfare of "
                                     "children in institutional settings.",
}
OUTCOMES = {  # section 7
    RapidReviewOutcome.national_review: "A) Meets the criteria for a national Child Safeguarding Practice Review",
    RapidReviewOutcome.local_review: "B) Meets the criteria for a Local Child Safeguarding Practice Review",
    RapidReviewOutcome.learning_review: "C) Does not meet the criteria but warrants an alternative Learning Review",
    RapidReviewOutcome.other_statutory_review: "D) Warrants consideration of DHR, SAR, MAPPA SFO or other",
    RapidReviewOutcome.single_agency_review: "E) Warrants a Single-Agency Review",
    RapidReviewOutcome.multi_agency_audit: "F) Warrants a Multi-Agency Audit",
    RapidReviewOutcome.single_agency_audit: "G) Warrants a Single Agency Audit",
    RapidReviewOutcome.no_further_action: "H) Needs no Further Action",
    RapidReviewOutcome.other: "I) Other",
}


def check_agency_ids(ctx: BuildContext, block: RapidReview) -> None:
    """Every agency the block names must be one of review.yaml's agencies, all reported together."""
    known = {a.id for a in ctx.review.agencies}
    named = [(("rapid_review", "notified_by"), block.notified_by)]
    for key, items in (("participants", block.participants), ("good_practice", block.good_practice),
                       ("learning", block.learning)):
        named += [(("rapid_review", key, i, "agency"), item.agency) for i, item in enumerate(items)]
    unknown = [(loc, agency) for loc, agency in named if agency not in known]
    if unknown:
        raise BadInput([review_problem(ctx.case_dir, loc, f"'{agency}' is not an agency id in review.yaml",
                                       agency_hint(agency, known)) for loc, agency in unknown],
                       f"{len(unknown)} problem(s): no Rapid Review written")


def child_context(review: Review, block: RapidReview | None) -> dict:
    child = review.subject
    first, _, surname = child.name.partition(" ")
    died = review.review.circumstances == "death"
    return {"child_name": child.name, "child_first_name": first, "child_surname": surname,
            "child_aliases": ", ".join(child.aliases) or "none known",
            "child_dob": long_date(child.date_of_birth) if child.date_of_birth else "not known",
            "date_of_death": long_date(review.review.dates.incident) if died else "not applicable",
            "child_address": ", ".join(child.address),
            "child_sex": block.child_sex if block else "", "child_ethnicity": block.child_ethnicity if block else ""}


def information_form(review: Review, clock: RapidReviewClock, agency, when: dt.date) -> bytes:
    block = review.rapid_review
    context = child_context(review, block) | {
        "partnership": review.partnership, "agency": agency, "notification": review.review.dates.notification,
        "forms_due": clock.forms_due,
        "information_from": (block and block.information_from) or review.review.period.start}
    return render_docx("rapid-review-information-form.docx", context, folder=FOLDER, when=when,
                       title="CSPR Rapid Review Part 2 - Information Gathering", author=review.partnership.name)


def quorum(review: Review, block: RapidReview) -> str:
    """The meeting is quorate only with one of each statutory partner; the report must say so."""
    present = joined(sorted({review.agency(p.agency).name for p in block.participants}))
    return (f"Agencies present: {present or 'none recorded'}. The meeting is quorate only when at least one "
            f"representative of each statutory Safeguarding Partner ({STATUTORY_PARTNERS}) is present.")


def outcome_row(block: RapidReview, key: RapidReviewOutcome) -> dict:
    chosen = key == block.outcome
    stated = chosen and block.outcome_other and key in (RapidReviewOutcome.other, RapidReviewOutcome.other_statutory_review)
    return {"text": OUTCOMES[key] + (f": {block.outcome_other}" if stated else ""), "answer": "YES" if chosen else "NO"}


def report_context(review: Review, clock: RapidReviewClock, block: RapidReview) -> dict:
    names = {a.id: a.name for a in review.agencies}
    family = [{"name_address": ", ".join([p.name, *p.address]), "role": p.role,
               "dob": f"{p.date_of_birth:%d/%m/%Y}" if p.date_of_birth else ""}
              for p in review.register.people if not p.subject]
    submitted = review.review.dates.rapid_review_submitted
    return child_context(review, block) | {
        "partnership": review.partnership, "rr": block, "notified_by": names[block.notified_by],
        "meeting": long_date(block.meeting) if block.meeting else f"to be held by {long_date(clock.meeting_by)}",
        "notification": review.review.dates.notification, "report_due": clock.report_due,
        "family": family, "quorum": quorum(review, block),
        "participants": [{"name": p.name, "role": p.role, "agency": names[p.agency]} for p in block.participants],
        "criteria": [{"text": text, "answer": "YES" if key in block.criteria else "NO"} for key, text in CRITERIA.items()],
        "outcomes": [outcome_row(block, key) for key in OUTCOMES],
        "good_practice": [{"agency": names[g.agency], "text": g.text} for g in block.good_practice],
        "learning": [{"agency": names[x.agency], "learning": x.learning, "actions": x.actions} for x in block.learning],
        "submitted": long_date(submitted) if submitted else "not yet submitted"}


def run(ctx: BuildContext, args: argparse.Namespace) -> int:
    review, block = ctx.review, ctx.review.rapid_review
    if review.subject is None:
        raise BadInput(review_problem(ctx.case_dir, ("register", "people"),
                                      "no person is marked 'subject: true'; the Rapid Review is about the child",
                                      "add 'subject: true' to the child the review is about"))
    if block:
        check_agency_ids(ctx, block)
    clock = rapid_review_clock(review)
    folder = ctx.zone("internal") / "rapid-review"
    forms_date = args.today or review.review.dates.notification
    for agency in review.agencies:
        write_atomic(folder / f"information-form-{agency.id}.docx", information_form(review, clock, agency, forms_date))
    messages.done(f"{len(review.agencies)} information gathering forms (Appendix 3; send by "
                  f"{clock.forms_sent_by:%d/%m/%Y}, back by {clock.forms_due:%d/%m/%Y}) -> {folder}")
    if block is None:
        messages.info("no Rapid Review report written: review.yaml has no 'rapid_review:' block -> add one after the "
                      "meeting (see examples/child-w/review.yaml)")
        return 0
    data = render_docx("rapid-review-report.docx", report_context(review, clock, block), folder=FOLDER,
                       when=args.today or block.meeting or review.review.dates.notification,
                       title=f"Rapid Review: {review.review.child_public_name}", author=review.partnership.name)
    path = write_atomic(folder / "rapid-review-report.docx", data)
    messages.done(f"Rapid Review report (Appendix 4), due to the National Panel by {clock.report_due:%a %d/%m/%Y} "
                  f"(notification + 15 working days) -> {path}")
    return 0


inputs = review_file_only


def outputs(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    return files_below(ctx.out / "internal" / "rapid-review")
