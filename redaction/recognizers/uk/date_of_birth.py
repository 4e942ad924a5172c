"""Dates of birth: a date after "born", "born on", "DOB" or "date of birth" (the date alone is the finding)."""
from __future__ import annotations

import re

from ...dates import EXACT_DATE, MONTH_YEAR
from ..cued import CuedRecognizer


class DateOfBirthRecognizer(CuedRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    NAME = "date-of-birth"
    SCORE = 0.85
    CUE = re.compile(r"(?:\bborn(?:\s+on)?|\bD\.?O\.?B\.?|\bdate\s+of\s+birth)\s*(?:is\s+|was\s+|[:\-]\s*)?", re.IGNORECASE)

    def value_after(self, text: str, at: int) -> tuple[int, int] | None:
        date = EXACT_DATE.match(text, at) or MONTH_YEAR.match(text, at)
        return date.span() if date else None
