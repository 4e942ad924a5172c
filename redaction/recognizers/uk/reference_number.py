"""Long reference numbers: case, crime, file and record references (NB/24/009873, NB-CSC-2024-01187,
12/34567/24). A long middle group tells a reference from a date."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer


class ReferenceNumberRecognizer(PatternRecognizer):
    ENTITY = "REFERENCE_NUMBER"
    LETTERED = r"(?<![\w/\-])[A-Z]{1,5}(?:[\-/][A-Z]{1,5})?[\-/ ]?\d{2,4}[\-/]\d{3,8}(?![\w/\-])"
    NUMBERED = r"(?<![\w/\-.])\d{2,4}[\-/]\d{5,8}(?![\w/\-])"
    LONG = r"(?<![\w/\-.])[A-Z]{0,4}\d{7,}(?![\w/\-])"
    GROUPED = r"(?<![\w/\-.])\d{1,4}[\-/]\d{5,8}[\-/]\d{1,4}(?![\w/\-])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="reference-number",
                         patterns=[Pattern("lettered", self.LETTERED, 0.6), Pattern("numbered", self.NUMBERED, 0.5),
                                   Pattern("long", self.LONG, 0.45), Pattern("grouped", self.GROUPED, 0.5)],
                         global_regex_flags=re.MULTILINE)
