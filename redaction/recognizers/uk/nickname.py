"""Nicknames: the name after "known as", "aka", "nicknamed" or "goes by", quoted or not
("known as 'Bez'"). A nickname identifies someone to everyone who knows them, and the NER
model rarely sees one; the nickname alone is the finding."""
from __future__ import annotations

import re

from ..cued import CuedRecognizer


class NicknameRecognizer(CuedRecognizer):
    ENTITY = "PERSON"
    NAME = "nickname"
    SCORE = 0.75
    CUE = re.compile(r"\b(?:known\s+as|a\.?k\.?a\.?|nicknamed|goes\s+by|calls?\s+(?:him|her|them)sel(?:f|ves))\s+",
                     re.IGNORECASE)
    QUOTED = re.compile(r"['\"\u2018\u201c](?P<name>[^'\"\u2019\u201d\n]{2,30}?)['\"\u2019\u201d]")
    BARE = re.compile(r"(?P<name>[A-Z][\w\-]*(?:['\u2019][a-z]+)?(?:\s+[A-Z][\w\-]*)?)")

    def value_after(self, text: str, at: int) -> tuple[int, int] | None:
        name = self.QUOTED.match(text, at) or self.BARE.match(text, at)
        return name.span("name") if name else None
