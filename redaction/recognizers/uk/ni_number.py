"""National Insurance numbers: two letters (never D, F, I, U, V; second never O), six digits, A-D.

QQ, the prefix of example numbers, is kept: in a report it still looks like someone's number."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

INVALID_PREFIXES = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


class NiNumberRecognizer(PatternRecognizer):
    ENTITY = "UK_NI_NUMBER"
    PATTERN = r"(?<![A-Za-z0-9])[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="uk-ni-number",
                         patterns=[Pattern("ni number", self.PATTERN, 0.8)], global_regex_flags=re.MULTILINE)

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if pattern_text[:2] in INVALID_PREFIXES else None
