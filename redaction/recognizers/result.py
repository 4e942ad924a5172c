"""One way to report what a hand-written recogniser found: named as presidio's own recognisers
name their results, so findings.html can say which detector saw it."""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult


def found(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float) -> RecognizerResult:
    return RecognizerResult(entity, start, end, score,
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id})
