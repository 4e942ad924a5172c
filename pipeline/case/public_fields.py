"""The review.yaml fields that leave the partnership, and what must never be in them.

The report's title page and metadata, the recommendations table, the covering letter, README
and emails of the bundle are written straight from review.yaml, not from anonymised text: a
register value typed into one of these fields (a lead reviewer's title naming the hospital, a
reviewer who shares a family member's name) would go out unchecked. So every such field goes
through the anonymiser's register matcher first, and a match is bad input naming the field.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.case.load import dotted
from pipeline.case.register import register_from
from pipeline.case.schema import Review
from pipeline.case.yamlfile import Loc, line_of, load_yaml
from pipeline.errors import BadInput, Problem
from pipeline.wording import long_date

REVIEW_FILE = "review.yaml"


def public_fields(review: Review) -> Iterator[tuple[Loc, str]]:
    """(where in review.yaml, text) for every field that reaches public/ or bundle/."""
    partnership, info = review.partnership, review.review
    yield from ((("partnership", key), getattr(partnership, key) or "")
                for key in ("name", "website", "mailbox", "phone"))
    yield from ((("partnership", "address", i), line) for i, line in enumerate(partnership.address))
    yield from ((("review", key), getattr(info, key)) for key in ("title", "child_public_name", "summary"))
    for i, reviewer in enumerate(info.lead_reviewers):
        yield from ((("review", "lead_reviewers", i, key), getattr(reviewer, key) or "")
                    for key in ("name", "title", "email", "phone"))
    yield from ((("review", "key_lines_of_enquiry", i, "text"), k.text) for i, k in enumerate(info.key_lines_of_enquiry))
    yield from ((("findings", i, "title"), f.title) for i, f in enumerate(review.findings))
    yield from ((("recommendations", i, "text"), r.text) for i, r in enumerate(review.recommendations))
    yield from ((("agencies", i, "public_name"), a.public_name) for i, a in enumerate(review.agencies))
    yield from ((("mailboxes", key), value) for key, value in review.mailboxes.model_dump().items())
    if review.signatory:  # signs the covering letter
        yield from ((("signatory", key), getattr(review.signatory, key) or "") for key in ("name", "role"))
    if review.briefing:
        brief = review.briefing
        yield from ((("briefing", key), getattr(brief, key)) for key in ("background", "what_happened"))
        yield from ((("briefing", "questions", i), q) for i, q in enumerate(brief.questions))
        yield from ((("briefing", "further_reading", i, key), getattr(r, key))
                    for i, r in enumerate(brief.further_reading) for key in ("title", "url"))


def register_values(review: Review) -> Iterator[tuple[str, str]]:
    """(kind of value, value) for everything in the register that must never be published, found
    with any separators; the anonymiser's register (`scan_files(register=...)`) adds every other form."""
    for person in review.register.people:
        yield f"{person.id}: name", person.name
        for alias in person.aliases:
            yield f"{person.id}: alias", alias
        words = person.name.split()
        if len(words) > 1:
            yield f"{person.id}: first name", words[0]
            yield f"{person.id}: surname", words[-1]
        if person.date_of_birth:
            day = person.date_of_birth
            for form in (f"{day:%d/%m/%Y}", long_date(day), f"{day:%Y-%m-%d}"):
                yield f"{person.id}: date of birth", form
        for line in person.address:
            if re.search(r"\d", line):
                yield f"{person.id}: address", line
    for place in review.register.places:  # labelled by the anonymiser's register keys (leakscan.in_words)
        for value in (place.name, *place.aliases):
            yield f"place:{place.id}: {place.kind.value}", value
    for identifier in review.register.identifiers:
        yield f"identifier:{identifier.id}: {identifier.kind.value}", identifier.value


def _entry(owner: str) -> str:
    """'mother' -> "register person 'mother'"; 'place:hospital' -> "register place 'hospital'"."""
    kind, _, key = owner.rpartition(":")
    return f"register {kind or 'person'} '{key}'"


def refuse_register_values(review: Review, case_dir: Path) -> None:
    """Bad input (exit 2) when any published field holds a register value, naming field, line and entry."""
    register = register_from(review)
    found = [(loc, match) for loc, text in public_fields(review) if text for match in register.find(text)]
    if not found:
        return
    _, lines = load_yaml(Path(case_dir) / REVIEW_FILE, case_dir)
    problems = [Problem(REVIEW_FILE, f"holds the {match.form} of {' or '.join(map(_entry, match.owners))}, "
                        "and this field is published", "write the public wording here (a pseudonym or generic "
                        "term, as the register gives it), or correct the register if the entry is wrong",
                        line=line_of(lines, loc), field=dotted(loc)) for loc, match in found]
    raise BadInput(problems, f"{len(problems)} register value(s) in published fields of {REVIEW_FILE}; "
                             "nothing was written")
