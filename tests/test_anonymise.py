"""What is not in the register but may identify someone becomes a finding, whole: the quality
checker's replacement must leave no piece of it behind."""
import pytest

from redaction.anonymise import anonymise

UNREGISTERED = [
    ("Mother's friend Kayleigh Smith rang on 07700 900999.", ["Kayleigh Smith", "07700 900999"]),
    ("Called Jade on 07700 900998.", ["Jade", "07700 900998"]),
    ("HV Mrs Green visited the home.", ["Mrs Green"]),
    ("PC 1234 Smith attended.", ["PC 1234 Smith"]),
    ("Posted as @jade_x on Instagram.", ["@jade_x"]),
    ("An email from jade_smith@example.co.uk arrived.", ["jade_smith@example.co.uk"]),
    ("Her new partner, known as 'Bez', visited.", ["Bez"]),
    ("Crime reference 12/34567/24 was given.", ["12/34567/24"]),
    ("They lived at 5 The Paddocks.", ["5 The Paddocks"]),
    ("The family moved to Flat 2, Ashby House.", ["Flat 2, Ashby House"]),
    ("She moved to 22 Maple Rd in the spring.", ["22 Maple Rd"]),
]
UNTOUCHED = [
    "She said _nothing_ at all when Child W was seen.",
    "The referral gave Child W's DOB, and Police recorded NFA.",
    "Mr C and Dr Morwenna Fictional met in March 2024.",
    "She wore a jade ring. Jade is a green stone.",
]


@pytest.mark.parametrize("text, expected", UNREGISTERED, ids=[e[0] for _, e in UNREGISTERED])
def test_an_unregistered_identifier_is_one_whole_finding(text, expected, example_register, example_allowlist,
                                                         analyzer):
    found = [f.text for f in anonymise(text, example_register, example_allowlist, analyzer).findings]
    assert set(expected) <= set(found), found


@pytest.mark.parametrize("text", UNTOUCHED)
def test_everyday_text_is_no_finding(text, example_register, example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    assert outcome.findings == [] and outcome.public_text == text
