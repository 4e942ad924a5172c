"""NHS numbers (3-3-4 digits, any spacing). A valid check digit raises the score; a wrong one
is still a finding, because a mistyped NHS number identifies someone just as well."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer


def check_digit_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class NhsNumberRecognizer(PatternRecognizer):
    ENTITY = "UK_NHS_NUMBER"
    PATTERN = r"(?<![\d+\-/.])[1-9]\d{2}[\s\-]?\d{3}[\s\-]?\d{4}(?![\d\-/])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="uk-nhs-number",
                         patterns=[Pattern("nhs number", self.PATTERN, 0.5)], global_regex_flags=re.MULTILINE)

    def validate_result(self, pattern_text: str) -> bool | None:
        return True if check_digit_ok(re.sub(r"\D", "", pattern_text)) else None
