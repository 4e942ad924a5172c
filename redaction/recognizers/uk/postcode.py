"""UK postcodes, format-checked (outward code letters and inward code letters are restricted),
in any letter case and spacing: chronology rows are often typed "nb52xy" or "Nb5  2xy"."""
from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult

from ..result import found


class PostcodeRecognizer(LocalRecognizer):
    ENTITY = "UK_POSTCODE"
    # Python's re, not presidio's `regex`: a case-blind first letter makes `regex` try every word (ten times slower)
    PATTERN = re.compile(r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?[ \t]*\d[ABD-HJLNP-UW-Z]{2}"
                         r"(?![A-Za-z0-9])", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="uk-postcode")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        return [found(self, self.ENTITY, m.start(), m.end(), 0.7) for m in self.PATTERN.finditer(text)]
