"""The register and allow-list of review.yaml, in the terms the anonymiser (`redaction/`) takes.

Used by the redaction stage to anonymise, and by publish for the leak scan; kept apart from
`pipeline.stages.redaction` so that publish does not load the spaCy model to build them.
"""
from __future__ import annotations

from redaction.allowlist import Allowlist, area_of, initialism
from redaction.register import Person, Register, Term

from pipeline.case.schema import Review
from pipeline.wording import long_date


# the last word of a register role says whether "Mr" or "Mrs" can name the person ("mother's partner": either)
FEMALE_ROLES = {"mother", "stepmother", "grandmother", "great-grandmother", "sister", "half-sister", "stepsister",
                "aunt", "daughter", "stepdaughter", "niece", "wife", "girlfriend"}
MALE_ROLES = {"father", "stepfather", "grandfather", "great-grandfather", "brother", "half-brother", "stepbrother",
              "uncle", "son", "stepson", "nephew", "husband", "boyfriend"}


def gender_of(role: str) -> str:
    last = role.lower().split()[-1] if role.split() else ""
    return "female" if last in FEMALE_ROLES else "male" if last in MALE_ROLES else ""


def register_from(review: Review) -> Register:
    reg = review.register
    people = [Person(p.id, p.name, p.pseudonym, tuple(p.aliases), p.date_of_birth, tuple(p.address), gender_of(p.role))
              for p in reg.people]
    places = [Term(f"place:{p.id}", p.name, p.generic, "other place" if p.kind.value == "other" else p.kind.value,
                   tuple(p.aliases)) for p in reg.places]
    identifiers = [Term(f"identifier:{i.id}", i.value, i.generic, i.kind.value) for i in reg.identifiers]
    return Register(people, places + identifiers)


def allowlist_from(review: Review) -> Allowlist:
    r = review
    terms = [r.review.child_public_name, r.review.title, r.partnership.name, r.partnership.website,
             r.partnership.mailbox, *r.allow]
    terms += [p.pseudonym for p in r.register.people]
    terms += [x.generic for x in (*r.register.places, *r.register.identifiers)]
    # the review's own vocabulary: agencies by name and public name (the allow-list adds their shorter
    # forms), the initials of the longer names, and the partnership's area ("Northbrook MASH" is kept)
    bodies = [r.partnership.name, *(a.name for a in r.agencies), *(a.public_name for a in r.agencies)]
    terms += [*bodies, *map(initialism, bodies), area_of(r.partnership.name)]
    # Recommendations' due dates are the partnership's commitments, not the family's dates: kept exact.
    terms += [long_date(rec.due) for rec in r.recommendations if rec.due]
    for reviewer in r.review.lead_reviewers:
        terms += [reviewer.name, reviewer.title, reviewer.email or ""]
    return Allowlist(terms)
