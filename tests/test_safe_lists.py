"""The shipped national lists (redaction/safe/) and the review's own vocabulary: each list is sourced
and dated, every term on it is allowed, and agencies are allowed in the shorter forms reports use."""
import re

import pytest

from redaction.allowlist import Allowlist, area_of, initialism, shorter_forms
from redaction.safe import SAFE_DIR, terms_in

LISTS = sorted(SAFE_DIR.glob("*.txt"))


@pytest.mark.parametrize("path", LISTS, ids=[p.name for p in LISTS])
def test_each_list_says_where_it_comes_from_and_when(path):
    header = "\n".join(line for line in path.read_text().splitlines() if line.startswith("#"))
    assert "Source:" in header and re.search(r"\b20\d\d\b", header), path.name
    terms = terms_in(path)
    assert terms and len(terms) == len(set(terms)), path.name


def test_every_integrated_care_board_is_listed():
    assert len(terms_in(SAFE_DIR / "integrated-care-boards.txt")) == 42


@pytest.mark.parametrize("path", LISTS, ids=[p.name for p in LISTS])
def test_every_listed_term_is_allowed(path):
    allowlist = Allowlist()
    for term in terms_in(path):
        spans = sorted(allowlist.spans(term))
        assert allowlist.allows(term, 0, len(term), spans), term


SHORTER = [
    ("NHS Northbrook Integrated Care Board", ["Northbrook ICB", "Northbrook Integrated Care Board"]),
    ("Northbrook Hospitals NHS Foundation Trust", ["Northbrook Hospitals", "Northbrook Hospitals Trust"]),
    ("Northbrook Community Health Services (School Nursing)", ["Northbrook Community Health Services"]),
    ("Northbrook Borough Council Children's Social Care", ["Northbrook Borough Council", "Northbrook Council"]),
]


@pytest.mark.parametrize("name, forms", SHORTER, ids=[n for n, _ in SHORTER])
def test_a_public_body_is_allowed_in_its_shorter_forms(name, forms):
    assert set(forms) <= set(shorter_forms(name))
    allowlist = Allowlist([name])
    for form in forms:
        assert allowlist.allows(form, 0, len(form), sorted(allowlist.spans(form))), form


@pytest.mark.parametrize("partnership, area", [
    ("Northbrook Safeguarding Children Partnership", "Northbrook"),
    ("Bath and North East Somerset Community Safety and Safeguarding Partnership", "Bath and North East Somerset"),
    ("Safeguarding Partnership", ""),
])
def test_the_partnership_area_is_the_name_before_its_generic_words(partnership, area):
    assert area_of(partnership) == area


def test_initials_only_for_long_names():
    assert initialism("Northbrook Safeguarding Children Partnership") == "NSCP"
    assert initialism("Northbrook Homes") == ""


@pytest.mark.parametrize("value, allowed", [
    ("Northbrook MASH", True),      # the partnership's area and a national term
    ("Skelmerby MASH", False),      # another place joined to one
    ("Referral to Women's Aid", True),  # a sentence word the NER model took in
    ("Rose from Women's Aid", False),   # a first name is never a sentence word
    ("Mrs Varnton of the NSPCC", False),
])
def test_an_allowed_term_does_not_carry_a_name_with_it(value, allowed):
    allowlist = Allowlist(["Northbrook"])
    assert allowlist.allows(value, 0, len(value), sorted(allowlist.spans(value))) is allowed
