"""UK vehicle registrations: current (NB19 XKD) and prefix (K123 ABC) formats, capitals only."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer


class VehicleRegistrationRecognizer(PatternRecognizer):
    ENTITY = "UK_VEHICLE_REGISTRATION"
    CURRENT = r"(?<![A-Za-z0-9])[A-HJ-PR-Y][A-HJ-PR-Y]\d{2}\s?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])"
    PREFIX = r"(?<![A-Za-z0-9])[A-HJ-NPR-Y]\d{1,3}\s?[A-HJ-PR-Y]{3}(?![A-Za-z0-9])"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="uk-vehicle-registration",
                         patterns=[Pattern("current", self.CURRENT, 0.6), Pattern("prefix", self.PREFIX, 0.45)],
                         global_regex_flags=re.MULTILINE)
