"""UK phone numbers in any spacing, with a leading 0 or +44 / 0044 (presidio's own needs region GB)."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer


class UkPhoneRecognizer(PatternRecognizer):
    ENTITY = "UK_PHONE"
    PATTERN = r"(?<![\d+])(?:(?:\+|00)44[\s\-.]?(?:\(0\)[\s\-.]?)?|\(?0)[1-9](?:[\s\-.)]{0,2}\d){8,9}(?![\d])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="uk-phone",
                         patterns=[Pattern("uk phone", self.PATTERN, 0.7)], global_regex_flags=re.MULTILINE)

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = re.sub(r"\D", "", pattern_text)
        digits = digits.removeprefix("0044") if digits.startswith("0044") else digits.removeprefix("44")
        national = digits.lstrip("0")
        return None if len(national) in (9, 10) else False
