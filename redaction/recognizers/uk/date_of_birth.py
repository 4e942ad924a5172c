"""Dates of birth: a date after "born", "born on", "DOB" or "date of birth" (the date alone is the finding)."""
from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult

from ...dates import EXACT_DATE, MONTH_YEAR


class DateOfBirthRecognizer(LocalRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    CUE = re.compile(r"(?:\bborn(?:\s+on)?|\bD\.?O\.?B\.?|\bdate\s+of\s+birth)\s*(?:is\s+|was\s+|[:\-]\s*)?", re.IGNORECASE)

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="date-of-birth")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for cue in self.CUE.finditer(text):
            date = EXACT_DATE.match(text, cue.end()) or MONTH_YEAR.match(text, cue.end())
            if date:
                results.append(RecognizerResult(self.ENTITY, date.start(), date.end(), 0.85,
                                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                                      RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results
