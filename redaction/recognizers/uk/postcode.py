"""UK postcodes, format-checked (outward code letters and inward code letters are restricted),
in any letter case and spacing: chronology rows are often typed "nb52xy" or "Nb5  2xy"."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer


class PostcodeRecognizer(PatternRecognizer):
    ENTITY = "UK_POSTCODE"
    PATTERN = r"(?<![A-Za-z0-9])[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?[ \t]*\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="uk-postcode",
                         patterns=[Pattern("postcode", self.PATTERN, 0.7)],
                         global_regex_flags=re.MULTILINE | re.IGNORECASE)
