"""Named places by pattern: schools, academies, nurseries, surgeries, medical centres,
hospitals and wards, streets (their types in full or abbreviated: "Orchard Rd"), house
names ("5 The Paddocks") and buildings ("Flat 2, Ashby House"). A name made only of generic words ("the Primary School",
"Acute Hospital") is not a finding.

Chronology rows are often typed in lower case, so institutions, wards and numbered streets are
found in any case ("oakfield primary school", "3 beech grove"). In lower case a word only names
a place when it is no English word ("oakfield" does, "attended" in "attended primary school" does
not); a house number and a street type are structure enough, unless the words between them are
sentence words or a measure ("a 10 minute walk").
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from presidio_analyzer import LocalRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from ... import streets
from ...safe import english_words, is_english
from ..result import found

INSTITUTION = (r"(?:(?:Primary|Infant|Infants'?|Junior|Secondary|High|Grammar|Special|Free|Community|Church|"
               r"C of E|CE|RC|Catholic|Methodist)\s+)*"
               r"(?:School|Academy|College|Nursery|Pre-?[Ss]chool|Playgroup|Surgery|Medical\s+Centre|"
               r"Medical\s+Practice|Health\s+Centre|Children's\s+Centre|Family\s+Centre|Hospital|Clinic)")
NAME_WORD = r"(?:St\.|[A-Z][A-Za-z'\u2019\-]*)"
CONNECTOR = r"(?:of|the|on|upon|de|C of E)"
PATTERNS = {
    "institution": rf"\b(?<!['\u2019])(?:{NAME_WORD}\s+(?:{CONNECTOR}\s+)?){{1,5}}(?P<type>{INSTITUTION})\b(?!')",
    "ward": r"\b(?:[A-Z][a-z]+\s+(?P<type>Ward)|Ward\s+\d+[A-Z]?)\b",
    "street with number": (rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z'\u2019]+\s+){{1,3}}"
                           rf"(?:{streets.alternatives(tuple(streets.ABBREVIATIONS), numbered=True)})(?![\w'])"),
    "street": (rf"\b(?:[A-Z][a-z'\u2019]+\s+){{1,2}}"
               rf"(?:{streets.alternatives(streets.UNNUMBERED, numbered=False)})(?![\w'])"),
    "house name with number": r"\b\d{1,4}[A-Za-z]?,?\s+The\s+[A-Z][a-z]+s\b",
    "building with flat": (r"\b(?:Flat|Apartment|Apt|Room|Unit)\s+\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'\u2019]+\s+){1,2}"
                           r"(?:House|Court|Lodge|Mansions|Tower|Heights|Buildings|Point|Hall)\b"),
    "building": r"\b(?:[A-Z][a-z'\u2019]+\s+){1,2}(?:House|Lodge|Mansions|Heights)\b",
}
CASE_BLIND = {"institution", "ward", "street with number"}
NUMBERED = {"street with number", "house name with number"}  # a house number is specific enough
# the word a case-blind institution or ward ends with (or, "Ward 7", starts with): the pattern, which would
# otherwise try every word as the start of a name, runs only in a window around one
NEEDLES = {"institution": re.compile(r"(?=[sacnphSACNPH])\b(?:school|academy|college|nursery|playgroup|surgery|"
                                     r"centre|practice|hospital|clinic)\b", re.IGNORECASE),
           "ward": re.compile(r"\bward\b", re.IGNORECASE)}
REACH = 160  # no name of five words and connectors is longer
WORDS = 16   # five name words (and their parts: "Aldhelm's"), connectors, qualifiers ("C of E Primary")
WORD_START = re.compile(r"\b\w")
MEASURE = re.compile(r"(?:min(?:ute)?|h(?:ou)?r|mile|met(?:re|er)|km|yard|second|day|week|month|year|time)s?",
                     re.IGNORECASE)
# a regular ending and what to put back, for words a dictionary lists only in their plain form
GENERIC = {"primary", "secondary", "infant", "infants", "junior", "high", "community", "general", "medical", "health",
           "local", "acute", "district", "children's", "nursery", "school", "hospital", "special", "catholic",
           "church", "family", "gp", "practice", "new", "mother's", "father's", "child's", "grammar", "free",
           "c", "of", "e", "ce", "rc", "and", "the", "a", "an", "her", "his", "their", "previous", "current",
           "ward", "paediatric", "children's", "maternity", "emergency", "main", "nhs"}

# what a ward is for, not its name: "on surgical ward" names no ward
WARD_KINDS = {"general", "surgical", "medical", "paediatric", "pediatric", "childrens", "maternity", "isolation",
              "psychiatric", "mental", "acute", "labour", "postnatal", "antenatal", "neonatal", "day", "assessment",
              "observation", "admissions", "admission", "emergency", "orthopaedic", "burns", "trauma", "adult",
              "adults", "female", "male", "womens", "mens", "private", "open", "secure", "locked", "rehabilitation",
              "respiratory", "cardiac", "oncology", "renal", "stroke", "elderly", "geriatric", "recovery", "delivery",
              "electoral", "council", "same", "other", "another", "different", "next", "busy", "quiet", "short",
              "long", "stay", "care", "intensive", "dependency", "high", "local", "new", "old", "ward", "hospital"}


class NamedPlaceRecognizer(LocalRecognizer):
    ENTITY = "NAMED_PLACE"

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="named-place")
        self.patterns = {name: re.compile(p, re.IGNORECASE if name in CASE_BLIND else 0)
                         for name, p in PATTERNS.items()}
        english_words()  # loaded with the analyser, not on the first text

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for kind, regex in self.patterns.items():
            for match in _matches(kind, regex, text):
                start = self._name_start(text, match, kind)
                if start is None:
                    continue
                results.append(found(self, self.ENTITY, start, match.end(), 0.75))
        return results

    @staticmethod
    def _name_start(text: str, match: re.Match, kind: str) -> int | None:
        """Where the name starts once sentence words ("Then", "The", "attended") are dropped; None if
        nothing specific is left."""
        start = match.start()
        if "type" in match.re.groupindex and match.group("type"):
            word, at = _word_before(text, match.start("type"))
            if match.group("type").islower() and re.search(r"\bthe\s+$", text[:match.start("type")], re.IGNORECASE):
                return None  # "On 11 January the school met": "the" opens a noun phrase, not a name's part
            if kind == "ward" and not _names_a_place(word) and _names_a_ward(text, word, at):
                return at  # "on kestrel ward"
            if not _names_a_place(word):
                return None  # "took Child W to school": the word before "school" names nothing
            if match.group("type").islower() and (_starts_sentence(text, at) and is_english(word)
                                                  or re.search(r"['\u2019]s?$", word)):
                return None  # "Persistent school absence", "Child W's school": a sentence's capital, an owner
        typed_lower = bool(match.groupdict().get("type")) and match.group("type").islower()
        for word in re.finditer(r"\S+", match.group(0)):
            bare = word.group(0).strip(",")
            if bare.lower() in STOP_WORDS or (is_english(bare) and (
                    bare.islower() or typed_lower and _starts_sentence(text, match.start() + word.start()))):
                start = match.start() + word.end()
                continue  # "Absent from oakfield primary school": a row's first word is no part of the name
            break
        name = text[start:match.end()]
        start += len(name) - len(name.lstrip())
        if kind in NUMBERED:
            return start if kind != "street with number" or _a_street(name) else None
        specific = [w for w in re.findall(r"[\w'\u2019]+", name)
                    if w.lower().replace("\u2019", "'") not in GENERIC and not streets.spellings(w)]
        return start if any(_names_a_place(w) for w in specific) else None


def _matches(kind: str, regex: re.Pattern, text: str) -> Iterator[re.Match]:
    """What regex.finditer(text) yields, where a name stands before a needle: tried only at the few word
    starts before it (leftmost first, as finditer would), since a name is at most WORDS words long."""
    needle = NEEDLES.get(kind)
    if needle is None:
        yield from regex.finditer(text)
        return
    last = 0
    for hit in needle.finditer(text):
        word, at = _word_before(text, hit.start())
        if not _names_a_place(word) and not (kind == "ward" and _names_a_ward(text, word, at)):
            continue  # "at school", "the local primary school": no name before it (a Ward number is no name)
        floor = max(last, hit.start() - REACH)
        starts = [w.start() for w in WORD_START.finditer(text, floor, hit.start())][-WORDS:]
        for start in [*starts, hit.start()]:
            match = regex.match(text, start, hit.end() + REACH)
            if match and hit.end() <= match.end():
                last = match.end()
                yield match
                break


def _word_before(text: str, at: int) -> tuple[str, int]:
    """The last word before `at` that is not a generic one ("Northbrook" in "Northbrook General Hospital"),
    and where it starts."""
    floor = max(0, at - 80)
    words = list(re.finditer(r"[\w'\u2019]+", text[floor:at]))
    word = next((w for w in reversed(words) if w.group(0).lower().replace("\u2019", "'") not in GENERIC), None)
    return (word.group(0), floor + word.start()) if word else ("", at)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before[-1] in ".!?:;#|>*-(\"'\n\u201c\u2018"


def _a_street(name: str) -> bool:
    """"3 beech grove" is; "2 hours on the road" and "a 10 minute walk" are not."""
    words = re.findall(r"[A-Za-z'\u2019]+", name)[:-1]  # between the number and the street type
    return not any(w.lower() in STOP_WORDS or MEASURE.fullmatch(w) for w in words)


def _names_a_ward(text: str, word: str, at: int) -> bool:
    """Wards are named with ordinary words ("on kestrel ward", "to poppy ward"): an English word right
    after a preposition names a ward unless it says what kind of ward it is ("on surgical ward")."""
    if not word or word.lower() in STOP_WORDS or word.lower() in WARD_KINDS or not word.isalpha():
        return False
    return re.search(r"\b(?:on|onto|to|from|off|in|at)\s+$", text[max(0, at - 12):at], re.IGNORECASE) is not None


def _names_a_place(word: str) -> bool:
    """A capitalised word may name a place; a lower-case one only if it is no English word."""
    bare = word.lower().replace("\u2019", "'")
    if not any(c.isalpha() for c in word) or bare in GENERIC or bare in STOP_WORDS:
        return False
    return word[0].isupper() or not is_english(word)


