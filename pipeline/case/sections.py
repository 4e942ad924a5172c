"""The report's sections: their ids (file stems), titles and order, and which are required.

Section 8 of the framework sets the minimum a report must contain (the seven required ids
from `overview` to `learning`); the introduction and the findings are required as well.
Recommendations and the key-lines-of-enquiry appendix are generated from review.yaml and
are placed between `learning` and `glossary`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    required: bool
    about: str


SECTIONS: tuple[Section, ...] = (
    Section("introduction", "Introduction", True, "terms of reference, methodology and the reviewer"),
    Section("overview", "Overview of what happened", True, "what happened, key circumstances, background"),
    Section("family-involvement", "Family involvement", False, "how the family contributed to the review"),
    Section("lived-experience", "The child's lived experience", False, "the child's daily life and voice"),
    Section("decisions", "Why relevant decisions were taken", True, "why professionals took the decisions they did"),
    Section("multi-agency-working", "How agencies worked together", True, "a critique of multi-agency working"),
    Section("practice-in-general", "Practice in general", True, "whether the shortcomings are features of practice in general"),
    Section("doing-differently", "What would need to be done differently", True, "what would prevent harm in similar circumstances"),
    Section("good-practice", "Good practice", True, "examples of good practice"),
    Section("findings", "Findings", True, "the findings, one subsection each"),
    Section("learning", "What needs to happen so that agencies learn", True, "how agencies will learn from this case"),
    Section("glossary", "Glossary", False, "the acronyms and terms the report uses"),
)

SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)
REQUIRED: frozenset[str] = frozenset(s.id for s in SECTIONS if s.required)
BY_ID: dict[str, Section] = {s.id: s for s in SECTIONS}

# Generated from review.yaml, placed after `learning` and before the glossary.
RECOMMENDATIONS_TITLE = "Recommendations"
LINES_OF_ENQUIRY_TITLE = "Appendix 1: Key lines of enquiry"
GLOSSARY_TITLE = "Appendix 2: Glossary"
