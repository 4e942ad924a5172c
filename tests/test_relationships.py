"""How a family letter names the child to its reader: the role's relation, the child's gender, overrides."""
from __future__ import annotations

import pytest

from pipeline.case.relationships import child_described, greeting, relationship
from pipeline.case.schema import Person

CHILD = {"id": "child", "name": "Willow Hartnell", "role": "subject child", "pseudonym": "Child W", "subject": True}


def person(role: str, **extra) -> Person:
    return Person(id="p", name="Sam Example", role=role, pseudonym="P", **extra)


@pytest.mark.parametrize("role, female, male, either", [
    ("mother", "your daughter", "your son", "your child"),
    ("birth father", "your daughter", "your son", "your child"),
    ("Maternal Grandmother", "your granddaughter", "your grandson", "your grandchild"),
    ("paternal grandfather", "your granddaughter", "your grandson", "your grandchild"),
    ("great-grandmother", "your great-granddaughter", "your great-grandson", "your great-grandchild"),
    ("stepfather", "your stepdaughter", "your stepson", "your stepchild"),
    ("half-sibling", "your half-sister", "your half-brother", "your half-sibling"),
    ("older brother", "your sister", "your brother", "your sibling"),
    ("aunt", "your niece", "your nephew", None),
])
def test_role_gives_the_relationship(role, female, male, either):
    for gender, expected in (("female", female), ("male", male), (None, either)):
        child = Person(**CHILD, gender=gender)
        assert relationship(person(role), child) == expected, (role, gender)


@pytest.mark.parametrize("role", ["mother's partner", "father’s sister", "family friend", "foster carer",
                                  "neighbour", "childminder"])
def test_a_role_that_does_not_say_gives_the_first_name_alone(role):
    assert child_described(person(role), Person(**CHILD, gender="female")) == "Willow"


def test_relationship_override_wins():
    assert child_described(person("family friend", relationship="your goddaughter"),
                           Person(**CHILD)) == "your goddaughter, Willow"


@pytest.mark.parametrize("extra, expected", [
    ({}, "Sam Example"), ({"title": "Mx"}, "Mx Example"), ({"title": "Dr", "salutation": "Sam"}, "Sam")])
def test_greeting(extra, expected):
    assert greeting(person("mother", **extra)) == expected
