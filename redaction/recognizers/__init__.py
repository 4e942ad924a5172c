"""Recognisers for what the register does not know (presidio EntityRecognizer subclasses)."""
