"""Named places by pattern: schools, academies, nurseries, surgeries, medical centres,
hospitals and wards, streets (their types in full or abbreviated: "Orchard Rd"), house
names ("5 The Paddocks") and buildings ("Flat 2, Ashby House"). A name made only of generic words ("the Primary School",
"Acute Hospital") is not a finding."""
from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from ... import streets
from ..result import found

INSTITUTION = (r"(?:(?:Primary|Infant|Infants'?|Junior|Secondary|High|Grammar|Special|Free|Community|Church|"
               r"C of E|CE|RC|Catholic|Methodist)\s+)*"
               r"(?:School|Academy|College|Nursery|Pre-?[Ss]chool|Playgroup|Surgery|Medical\s+Centre|"
               r"Medical\s+Practice|Health\s+Centre|Children's\s+Centre|Family\s+Centre|Hospital|Clinic)")
NAME_WORD = r"(?:St\.|[A-Z][A-Za-z'\u2019\-]*)"
CONNECTOR = r"(?:of|the|on|upon|de|C of E)"
PATTERNS = {
    "institution": rf"\b(?:{NAME_WORD}\s+(?:{CONNECTOR}\s+)?){{1,5}}{INSTITUTION}\b(?!')",
    "ward": r"\b(?:[A-Z][a-z]+\s+Ward|Ward\s+\d+[A-Z]?)\b",
    "street with number": (rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][a-z'\u2019]+\s+){{1,3}}"
                           rf"(?:{streets.alternatives(tuple(streets.ABBREVIATIONS), numbered=True)})(?![\w'])"),
    "street": (rf"\b(?:[A-Z][a-z'\u2019]+\s+){{1,2}}"
               rf"(?:{streets.alternatives(streets.UNNUMBERED, numbered=False)})(?![\w'])"),
    "house name with number": r"\b\d{1,4}[A-Za-z]?,?\s+The\s+[A-Z][a-z]+s\b",
    "building with flat": (r"\b(?:Flat|Apartment|Apt|Room|Unit)\s+\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'\u2019]+\s+){1,2}"
                           r"(?:House|Court|Lodge|Mansions|Tower|Heights|Buildings|Point|Hall)\b"),
    "building": r"\b(?:[A-Z][a-z'\u2019]+\s+){1,2}(?:House|Lodge|Mansions|Heights)\b",
}
GENERIC = {"primary", "secondary", "infant", "infants", "junior", "high", "community", "general", "medical", "health",
           "local", "acute", "district", "children's", "nursery", "school", "hospital", "special", "catholic",
           "church", "family", "gp", "practice", "new", "mother's", "father's", "child's", "grammar", "free",
           "c", "of", "e", "ce", "rc", "and", "the", "a", "an", "her", "his", "their", "previous", "current",
           "ward", "paediatric", "children's", "maternity", "emergency", "main", "nhs"}


class NamedPlaceRecognizer(LocalRecognizer):
    ENTITY = "NAMED_PLACE"

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="named-place")
        self.patterns = {name: re.compile(p) for name, p in PATTERNS.items()}

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for kind, regex in self.patterns.items():
            for match in regex.finditer(text):
                start = self._skip_leading_common_words(text, match)
                if start is None:
                    continue
                results.append(found(self, self.ENTITY, start, match.end(), 0.75))
        return results

    @staticmethod
    def _skip_leading_common_words(text: str, match: re.Match) -> int | None:
        """Where the name starts once sentence words ("Then", "The") are dropped; None if nothing specific is left."""
        start = match.start()
        words = list(re.finditer(r"\S+", match.group(0)))
        for word in words:
            if word.group(0).lower().strip(",") in STOP_WORDS:
                start = match.start() + word.end()
                continue
            break
        name = text[start:match.end()]
        if re.match(r"\s*\d", name):
            return start + len(name) - len(name.lstrip())
        specific = [w for w in re.findall(r"[\w'\u2019]+", name)
                if w.lower().replace("\u2019", "'") not in GENERIC and not streets.spellings(w)]
        if not specific or not any(w[0].isupper() for w in specific):
            return None
        return start + len(name) - len(name.lstrip())
