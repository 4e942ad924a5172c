"""Proposals read correctly in their sentence, or there is none: never an instruction or a placeholder."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redaction.proposals import propose

PROPOSALS = [
    # (entity, text, words before it, proposal)
    ("PERSON", "PC 1234 Smith", "The next day ", "a police officer"),
    ("PERSON", "PCSO Jones", "", "A police officer"),
    ("PERSON", "Dr Khan", "Mother took her to see ", "the GP"),
    ("PERSON", "Dr Khan", "On the ward she was seen by ", "a doctor"),
    ("PERSON", "Mrs Patricia Okonkwo", "One neighbour, ", None),   # the role is said already
    ("PERSON", "Jade", "Mother's friend ", None),                  # "Mother's friend a family friend" would not read
    ("PERSON", "Jade", "Mother went out with a friend and ", "a family friend"),
    ("PERSON", "Smith", "Later Dr ", None),                         # the title stays: "Dr the GP" would not read
    ("PROPER_NOUN", "Varnton", "The social worker told ", None),
    ("NAMED_PLACE", "Maple Drive", "walking her to the bus stop on ", "a nearby road"),
    ("STREET", "Larkspur Way", "The family lived nearby, on ", "a nearby road"),
    ("NAMED_PLACE", "22 Orchard Row", "They lived at ", "a local address"),
    ("NAMED_PLACE", "Robin Ward", "she was cared for on ", "a hospital ward"),
    ("NAMED_PLACE", "St Aldhelm's C of E Primary School", "She started at ", "a local school"),
    ("NAMED_PLACE", "Little Acorns Nursery", "Her brother went to ", "a local nursery"),
    ("NAMED_PLACE", "Hillside Surgery", "registered with ", "a GP surgery"),
    ("NAMED_PLACE", "Hillside Surgery", "registered with the ", "GP surgery"),
    ("GROUP", "SN9 Quillby Support Circle", "Mother posted in a local Facebook group, ",
     "a local online support group"),
    ("GROUP", "Quillby Mums", "She joined the ", "local group"),
    ("GROUP", "Brackley Rovers FC", "He played for ", "a local club"),
    ("SOCIAL_MEDIA", "#JusticeForKai", "Friends shared ", "a hashtag"),
    ("SOCIAL_MEDIA", "@deano_c90", "He posted as ", "an online account"),
    ("UK_POSTCODE", "SN2 4", "She was living in ", "the local area"),
    ("UK_POSTCODE", "NB4 7QT", "They moved from ", "another area"),
    ("UK_PHONE", "07700 900123", "The school rang Mother on ", "a phone number"),
    ("UK_PHONE", "07700 900123", "Mother's mobile (", None),
    ("UK_NHS_NUMBER", "999 765 4323", "NHS number: ", None),
    ("EMAIL_ADDRESS", "jade@example.co.uk", "The referral came from ", "an email address"),
    ("UK_VEHICLE_REGISTRATION", "NB19 XKD", "He drove ", "a car"),
    ("DATE_OF_BIRTH", "14/02/2018", "Child W was born on ", None),  # the date policy words it
    ("IMAGE", "photo.png", "", None),
    ("ORGANIZATION", "Varnton", "She works for ", None),          # a name the model took for an organisation
    ("ORGANIZATION", "Brookside Homes", "The tenancy was with ", "a housing provider"),
]


@pytest.mark.parametrize("entity, text, before, expected", PROPOSALS, ids=[f"{e}:{t}:{b}" for e, t, b, _ in PROPOSALS])
def test_a_proposal_reads_in_its_sentence(entity, text, before, expected):
    assert propose(entity, text, before) == expected


INSTRUCTION = re.compile(r"[\[\]()]|name their|keep it|withheld|removed|\bif\b|replace|role\)", re.IGNORECASE)
ENTITIES = st.sampled_from(["PERSON", "LOCATION", "ORGANIZATION", "NAMED_PLACE", "UK_POSTCODE", "UK_PHONE",
                            "UK_NI_NUMBER", "UK_NHS_NUMBER", "UK_VEHICLE_REGISTRATION", "EMAIL_ADDRESS",
                            "SOCIAL_MEDIA", "REFERENCE_NUMBER", "DATE_OF_BIRTH", "IMAGE", "PROPER_NOUN", "STREET",
                            "GROUP", "IDENTIFIER", "UNKNOWN_WORD", "SOMETHING_NEW"])
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:(#'-", max_size=40)


@given(entity=ENTITIES, text=WORDS.filter(str.strip), before=WORDS)
def test_no_proposal_is_an_instruction_or_a_placeholder(entity, text, before):
    proposal = propose(entity, text, before)
    assert proposal is None or (proposal.strip() and not INSTRUCTION.search(proposal)), proposal


def test_a_picture_never_has_a_proposal():
    assert propose("IMAGE", "photo.png", "See the picture: ") is None
