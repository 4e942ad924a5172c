"""A value right after a cue phrase ("born on 14/02/2018", "known as 'Bez'"): the value alone is
the finding, so a replacement keeps the cue and the sentence reads on."""
from __future__ import annotations

import re

from presidio_analyzer import LocalRecognizer, RecognizerResult

from .result import found


class CuedRecognizer(LocalRecognizer):
    ENTITY: str
    NAME: str
    SCORE: float
    CUE: re.Pattern

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name=self.NAME)

    def load(self) -> None:
        pass

    def value_after(self, text: str, at: int) -> tuple[int, int] | None:
        """Where the value that follows a cue ending at `at` is, if there is one."""
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for cue in self.CUE.finditer(text):
            if span := self.value_after(text, cue.end()):
                results.append(found(self, self.ENTITY, *span, self.SCORE))
        return results
