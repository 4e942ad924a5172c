"""Email addresses, by pattern only: presidio's own validates with tldextract, which fetches
the public suffix list over the network."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer


class EmailPatternRecognizer(PatternRecognizer):  # not "EmailRecognizer": presidio finds recognisers by class name
    ENTITY = "EMAIL_ADDRESS"
    PATTERN = r"(?<![\w.+\-])[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![\w\-])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="email",
                         patterns=[Pattern("email", self.PATTERN, 0.9)], global_regex_flags=re.MULTILINE)
