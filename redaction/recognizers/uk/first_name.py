"""Common first names, from a list (first_names.txt): the NER model misses a lone first name
in a short sentence ("Called Jade on..."), which is how chronologies are written. A name the
model did see in a longer span ("St Mary's") is left to the model's span."""
from __future__ import annotations

import re
from pathlib import Path

from presidio_analyzer import LocalRecognizer, RecognizerResult

from ..result import found

NAMES = frozenset(line.strip() for line in (Path(__file__).parent / "first_names.txt").read_text().splitlines()
                  if line.strip() and not line.startswith("#"))


class FirstNameRecognizer(LocalRecognizer):
    ENTITY = "PERSON"
    NAME = "first-name"
    WORD = re.compile(r"(?<![\w'\u2019\-])[A-Z][a-z]+(?![\w\-])")

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=self.NAME)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        return [found(self, self.ENTITY, m.start(), m.end(), 0.6)
                for m in self.WORD.finditer(text) if m.group(0) in NAMES]
