"""How a family letter names the child to the person it is written to: "your daughter, Willow".

Appendix 7 writes to the child's family about "your daughter / son / brother / sister /
granddaughter / grandson". The register gives each person's role (their relation to the child)
and, optionally, the child's gender; a role this table does not know (a mother's partner, a
family friend) gives no relationship, and the letter names the child alone. A person's
`relationship:` in review.yaml always wins.
"""
from __future__ import annotations

import re

from pipeline.case.schema import Person

# (role pattern, the child to them: (female, male, either))
KIN = [
    (r"\bgreat[- ]grand(mother|father|parent)\b", ("great-granddaughter", "great-grandson", "great-grandchild")),
    (r"\bgrand(mother|father|parent|ma|pa)\b", ("granddaughter", "grandson", "grandchild")),
    (r"\bstep[- ]?(mother|father|parent|mum|dad)\b", ("stepdaughter", "stepson", "stepchild")),
    (r"\b(mother|father|parent|mum|dad)\b", ("daughter", "son", "child")),
    (r"\bhalf[- ](sibling|brother|sister)\b", ("half-sister", "half-brother", "half-sibling")),
    (r"\bstep[- ]?(sibling|brother|sister)\b", ("stepsister", "stepbrother", "stepsibling")),
    (r"\b(sibling|brother|sister)\b", ("sister", "brother", "sibling")),
    (r"\b(aunt|uncle)\b", ("niece", "nephew", None)),
]
GENDERS = {"female": 0, "male": 1, None: 2}


def first_name(person: Person) -> str:
    return person.name.split()[0]


def surname(person: Person) -> str:
    return person.name.split()[-1]


def relationship(recipient: Person, child: Person) -> str | None:
    """'your daughter' (or the person's own `relationship:`), or None when the role does not say."""
    if recipient.relationship:
        return recipient.relationship
    role = recipient.role.lower()
    if re.search(r"['’]s\b", role):   # "mother's partner": a relation through someone else
        return None
    for pattern, words in KIN:
        if re.search(pattern, role):
            word = words[GENDERS[child.gender]]
            return f"your {word}" if word else None
    return None


def child_described(recipient: Person, child: Person) -> str:
    """'your daughter, Willow', or 'Willow' when the relationship is not known."""
    kin = relationship(recipient, child)
    return f"{kin}, {first_name(child)}" if kin else first_name(child)


def greeting(person: Person) -> str:
    """What follows 'Dear': the person's `salutation:`, else title and surname, else the full name."""
    if person.salutation:
        return person.salutation
    return f"{person.title} {surname(person)}" if person.title else person.name
