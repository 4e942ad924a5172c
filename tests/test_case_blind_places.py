"""Postcodes, numbered streets, schools, academies, surgeries and wards are found whatever the case
(chronology rows are typed in lower case), and lower-case everyday phrases are not."""
from __future__ import annotations

import pytest

from redaction.recognizers.uk import NamedPlaceRecognizer, PostcodeRecognizer


def found(recognizer, text: str) -> list[str]:
    r = recognizer()
    return [text[x.start:x.end] for x in r.analyze(text, r.supported_entities)]


@pytest.mark.parametrize("text, postcode", [
    ("moved to nb52xy last", "nb52xy"),
    ("moved to Nb5 2xy last", "Nb5 2xy"),
    ("moved to NB5  2XY last", "NB5  2XY"),
    ("postcode sw1a 1aa.", "sw1a 1aa"),
    ("postcode EB2 9LN", "EB2 9LN"),
])
def test_postcodes_in_any_case_and_spacing(text, postcode):
    assert found(PostcodeRecognizer, text) == [postcode]


@pytest.mark.parametrize("text", ["Section 47 on 14/03/2025", "an nhs 111 call", "covid19 and h1n1", "ab1 2cd"])
def test_what_is_not_a_postcode(text):
    assert found(PostcodeRecognizer, text) == []


@pytest.mark.parametrize("text, place", [
    ("lived at 3 beech grove then", "3 beech grove"),
    ("moved to 12 hazel ave. in", "12 hazel ave"),
    ("at 7 HERON WAY", "7 HERON WAY"),
    ("attended oakfield primary school", "oakfield primary school"),
    ("parents of oakfield primary school pupils", "oakfield primary school"),
    ("moved to OAKFIELD ACADEMY", "OAKFIELD ACADEMY"),
    ("registered at brambleton surgery", "brambleton surgery"),
    ("admitted to Robin ward", "Robin ward"),
    ("admitted to nightingdale ward", "nightingdale ward"),
    ("Oakfield primary school said", "Oakfield primary school"),
    ("was treated on robin ward for", "robin ward"),        # wards are named with ordinary words
    ("moved to kestrel ward.", "kestrel ward"),
    ("transferred from Poppy ward", "Poppy ward"),
    ("Absent from oakfield primary school all week", "oakfield primary school"),  # a row's first word is no name
    ("Seen at home. Absent from oakfield primary school", "oakfield primary school"),
])
def test_named_places_in_any_case(text, place):
    assert found(NamedPlaceRecognizer, text) == [place]


@pytest.mark.parametrize("text", [
    "the children attended primary school", "Mother took Child W to school", "went to a good school",
    "a mainstream academy", "the boarding school", "went to the surgery", "admitted to the ward",
    "the paediatric ward", "a 10 minute walk", "spent 2 hours on the road", "3 times a week walk",
    "ward 7", "the local primary school", "## Finding 3: Persistent school absence", "Regular school attendance fell.",
    "## Child W's school", "Mother's surgery", "at Child W\u2019s school",
    "moved to surgical ward", "on isolation ward", "the electoral ward", "on the ward round", "a busy ward",
    "on another ward", "in the same ward", "On 11 January the school held a meeting", "Mother told Dean the ward was",
])
def test_everyday_lower_case_phrases_are_not_places(text):
    assert found(NamedPlaceRecognizer, text) == []
