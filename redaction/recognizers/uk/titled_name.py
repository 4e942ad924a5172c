"""A title and a name ("Mrs Green", "PC 1234 Smith", "Dr Aisha Khan"): chronologies name
practitioners and neighbours this way, and the NER model often misses a surname after a title.
The report should name a role instead. A pseudonym ("Mr C") has no lower-case letters, so it
is never matched, even when a sentence follows it ("Mr C. In May...")."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer
from spacy.lang.en.stop_words import STOP_WORDS

from ... import titles

TITLES = titles.alternation(titles.ALL)
NAME = r"[A-Z](?:[a-z]+(?:[A-Z][a-z]+)?|['\u2019][A-Z][a-z]+)(?:['\u2019\-][A-Z]?[a-z]+)*"  # Green, O'Neill, McDonald


class TitledNameRecognizer(PatternRecognizer):
    ENTITY = "PERSON"
    PATTERN = rf"(?<![\w.]){TITLES}\.?\s+(?:\d{{2,5}}\s+)?(?:[A-Z]\.?\s+)?{NAME}(?:\s+{NAME})?(?![\w'\u2019])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="titled-name",
                         patterns=[Pattern("title and name", self.PATTERN, 0.7)], global_regex_flags=re.MULTILINE)

    def validate_result(self, pattern_text: str) -> bool | None:
        after_initial = re.match(rf"{TITLES}\.?\s+[A-Z]\.\s+([A-Za-z]+)", pattern_text)
        return False if after_initial and after_initial.group(1).lower() in STOP_WORDS else None
