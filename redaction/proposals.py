"""Wording a comms lead can publish in place of a finding, or None when only a person can word it.

A proposal is a noun phrase of the kind the finding is, fitted to the words before it: "a nearby
road" for a street, "a police officer" for "PC Smith", "the GP" for "Dr Khan", "the local support
group" after "the". It is never an instruction or a placeholder ("name their role", "[removed]"):
where the sentence cannot be known to read correctly (a name right after its own role, "her friend
Jade"; a number after "NHS number:"; a picture), there is no proposal and the checker writes one.
"""
from __future__ import annotations

import re

from . import streets, titles

IMAGE = "IMAGE"
DETERMINERS = {"the", "a", "an", "her", "his", "their", "its", "this", "that", "my", "our", "your", "mother's",
               "father's", "child's"}
TITLE = re.compile(rf"{titles.alternation(titles.ALL)}\.?\s")
HOSPITAL_WORDS = re.compile(r"\b(?:hospital|ward|paediatric\w*|consultant|A&E|emergency|ED|admitted|clinic)\b",
                            re.IGNORECASE)
ONLINE_WORDS = re.compile(r"\b(?:facebook|whatsapp|instagram|snapchat|tiktok|online|page|posted|messenger)\b",
                          re.IGNORECASE)
# a person's role told by the words before the name, when they are not right before it
ROLE_CUES = {"friend": "a family friend", "neighbour": "a neighbour", "boyfriend": "a partner",
             "girlfriend": "a partner", "partner": "a partner", "relative": "a relative", "cousin": "a relative",
             "aunt": "a relative", "uncle": "a relative", "teacher": "a teacher", "childminder": "a childminder",
             "landlord": "the landlord", "lodger": "a lodger", "babysitter": "a babysitter"}
# the kind of a named place, by the words its name ends in
_PLACE_ENDINGS = (
    (r"(?:Ward|Ward\s+\d+[A-Z]?|Unit|Intensive\s+Care|PICU|NICU)", "a hospital ward"),
    (r"(?:Nursery|Pre-?[Ss]chool|Playgroup|Day\s+Care|Childcare)", "a local nursery"),
    (r"(?:Primary|Infants?|Junior|Secondary|High|Grammar|Special|Free|Church|C of E|CE|RC|Catholic|Methodist)?"
     r"\s*(?:School|Academy|College)", "a local school"),
    (r"(?:Surgery|Medical\s+(?:Centre|Practice)|Health\s+Centre|Practice)", "a GP surgery"),
    (r"(?:Hospital|Infirmary)", "a hospital"),
    (r"Clinic", "a clinic"),
    (r"(?:Children's|Family)\s+Centre", "a local family centre"),
    (r"(?:Church|Chapel|Mosque|Temple|Gurdwara|Synagogue)", "a local place of worship"),
    (r"(?:Club|FC|United|League|Tots)", "a local club"),
    (r"(?:Homes|Housing|Housing\s+Association)", "a housing provider"),
    (r"(?:Ltd|Limited|plc|PLC|& Co)", "a local business"),
    (r"(?:House|Court|Lodge|Mansions|Tower|Heights|Buildings|Point|Hall|Cottage|Farm)", "a local address"),
)
PLACE_KINDS = tuple((re.compile(rf"(?:^|\s){ending}$"), phrase) for ending, phrase in _PLACE_ENDINGS)
STREET_AT_END = re.compile(rf"(?:^|\s)(?:{'|'.join(streets.UNAMBIGUOUS)})\.?$")
GROUP_AT_END = re.compile(r"\b(?:Group|Groups|Circle|Page|Forum|Network|Society|Collective|Chat|Mums|Mams|Dads|"
                          r"Parents|Families|Friends|Project|Foundation|Association|Alliance|Pantry|Foodbank|Cafe|"
                          r"Café)$")
FIXED = {"UK_PHONE": "a phone number", "UK_NI_NUMBER": "a National Insurance number",
         "UK_NHS_NUMBER": "an NHS number", "UK_VEHICLE_REGISTRATION": "a car", "EMAIL_ADDRESS": "an email address",
         "REFERENCE_NUMBER": "a reference number"}
IDENTIFIERS = set(FIXED) | {"UK_POSTCODE", "SOCIAL_MEDIA", "IDENTIFIER", "DATE_OF_BIRTH"}


def propose(entity: str, text: str, before: str) -> str | None:
    """Wording for `text` (found as `entity`) after `before` (its sentence up to it), or None."""
    phrase = noun_phrase(entity, text.strip(), before)
    return fitted(phrase, before) if phrase else None


def noun_phrase(entity: str, text: str, before: str) -> str | None:
    words_before = before.rstrip()
    if entity == IMAGE or entity == "DATE_OF_BIRTH":
        return None  # a person must look at a picture; a date of birth follows the date policy
    if entity in IDENTIFIERS and re.search(r"[:(]$", words_before):
        return None  # "NHS number: ...", "mobile (...)": the words before already say what it is
    if last_word(words_before) in titles.FOLDED:
        return None  # the title stays in the sentence: "Dr the GP" would not read
    if phrase := titled_phrase(text, before):
        return phrase
    if phrase := place_phrase(text, before):
        return phrase
    if entity in FIXED:
        return FIXED[entity]
    if entity == "UK_POSTCODE":
        return "another area" if last_word(words_before) == "from" else "the local area"
    if entity == "SOCIAL_MEDIA":
        return "a hashtag" if text.startswith("#") else "an online account"
    if entity in {"PERSON", "PROPER_NOUN"}:
        return role_phrase(words_before)
    if entity == "LOCATION" and last_word(words_before) in {"in", "near", "around", "to", "from"}:
        return "another area" if last_word(words_before) == "from" else "the area"
    return None


def titled_phrase(text: str, before: str) -> str | None:
    """A practitioner named with their title: "PC 1234 Smith" is a police officer, "Dr Khan" the
    GP (a doctor where the sentence is about a hospital)."""
    title = TITLE.match(text)
    if not title:
        return None
    word = title.group(0).rstrip(". ")
    if word in titles.POLICE:
        return "a police officer"
    if word == "Dr":
        return "a doctor" if HOSPITAL_WORDS.search(before) else "the GP"
    return {"Cllr": "a councillor", "Rev": "a minister of religion", "Prof": "a professor"}.get(word)


def place_phrase(text: str, before: str) -> str | None:
    """A named place or group, by the words its name ends in."""
    if STREET_AT_END.search(text):
        return "a local address" if re.match(r"\d", text) else "a nearby road"
    if GROUP_AT_END.search(text):
        online = "online " if ONLINE_WORDS.search(before) else ""
        return f"a local {online}support group" if re.search(r"Support", text) else f"a local {online}group"
    for ending, phrase in PLACE_KINDS:
        if ending.search(text):
            return phrase
    return None


def role_phrase(before: str) -> str | None:
    """A role the sentence gives the person before naming them ("a friend of Mother's, Jade,"), but
    not one right before the name ("her friend Jade"): there the role is said already."""
    words = re.findall(r"[\w']+", before.casefold())
    for i, word in enumerate(reversed(words[-8:])):
        role = ROLE_CUES.get(re.sub(r"'s$", "", word))
        if role:
            return role if i > 0 and not re.search(r"[,(]\s*$", before) else None
    return None


def last_word(words: str) -> str:
    found = re.findall(r"[\w'&]+", words.casefold())
    return found[-1] if found else ""


def fitted(phrase: str, before: str) -> str:
    """The phrase without its article after a determiner ("the nearby road", not "the a nearby
    road"), and with a capital at the start of a sentence."""
    if last_word(before) in DETERMINERS and before.rstrip() == before.rstrip().rstrip(",;:"):
        phrase = re.sub(r"^(?:a|an|the)\s+", "", phrase)
    if not before.strip() or re.search(r"[.!?]\s*$", before):
        phrase = phrase[0].upper() + phrase[1:]
    return phrase
