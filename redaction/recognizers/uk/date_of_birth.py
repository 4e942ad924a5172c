"""Dates of birth: a date after "born", "born on", "DOB" or "date of birth" (the date alone is the finding),
in any form the date finder reads ("14-Feb-2018", "the fourteenth of February 2018", "14th of Feb")."""
from __future__ import annotations

import re

from ...dates import MONTH_YEAR, date_at
from ..cued import CuedRecognizer


class DateOfBirthRecognizer(CuedRecognizer):
    ENTITY = "DATE_OF_BIRTH"
    NAME = "date-of-birth"
    SCORE = 0.85
    CUE = re.compile(r"(?:\bborn(?:\s+on)?|\bD\.?O\.?B\.?|\bdate\s+of\s+birth)\s*(?:is\s+|was\s+|[:\-]\s*)?", re.IGNORECASE)

    def value_after(self, text: str, at: int) -> tuple[int, int] | None:
        if date := date_at(text, at):
            return date.start, date.end
        month_year = MONTH_YEAR.match(text, at)
        return month_year.span() if month_year else None
