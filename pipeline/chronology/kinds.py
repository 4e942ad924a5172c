"""The Appendix 10 kinds of key event: one vocabulary for the template, the readers and the outputs."""
from __future__ import annotations

import re

# Appendix 10: examples of key events (not an exhaustive list), shortened for a drop-down.
CATEGORIES = (
    "Contact or referral", "Assessment", "Strategy discussion", "Meeting or child protection conference",
    "Child protection enquiry / section 47", "Injury or neglect", "Hospital attendance or admission",
    "Birth, death or serious illness", "House move", "Change in family composition", "Criminal proceedings",
    "Civil proceedings", "Change of school or exclusion", "Change of GP", "Self-referral or referral to another agency",
    "Court proceedings or change in legal status", "Police incident or log", "Missing from home",
    "Attempted suicide or overdose", "Support offered", "Engagement with professionals", "Unknown adults present",
    "Other significant event",
)
# The framework's own wording of each kind (Appendix 10), so that an agency's short form of it
# ("unknown adults", "section 47 enquiry", "police log / domestic abuse incident") is recognised.
WORDING = (
    "Contacts or referrals about the child / young person / family", "Assessments undertaken",
    "Strategy Discussions", "Meetings and Child Protection Conferences",
    "Child Protection enquiries and Section 47 investigations",
    "Non-accidental injury and significant injury or neglect events", "Attendance / admittance to hospital",
    "Births, deaths, serious illness of adults and children and young people in the family", "House moves",
    "Changes in family composition, including new partners, separations, non-family members moving into family home",
    "Criminal proceedings and outcomes", "Civil proceedings involving the family",
    "Change in school and school exclusions", "Change in GP",
    "Self-referrals and any referrals to other agencies / teams",
    "Court proceedings and changes in legal status, including periods when a child / young person became looked "
    "after by the local authority",
    "Police logs detailing relevant incidents at family home or in relation to family members, such as reported "
    "incidents of domestic abuse, drunken / anti-social behaviour",
    "Child / young person's absconding behaviour / missing from home",
    "Attempted suicide or overdose of child / young person or family member", "Specific support offered to family",
    "Events showing capacity of family to work in partnership and engage with professionals",
    "Frequent presence of unknown adults",
    "Any event in the child's life deemed to have a significant effect on them, such as separation from main carer "
    "leading to poor attachment",
)
# Words that say nothing about which kind an entry is.
GENERIC = frozenset("a an and any at by for from in into of on or the to with child children young person people "
                    "family member members event events significant relevant other s".split())


def _words(text: str) -> frozenset[str]:
    """Lower-case content words, plurals made singular (enquiries -> enquiry, logs -> log)."""
    words = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        if word not in GENERIC:
            words.add(word)
    return frozenset(words)


_KIND_WORDS = [(kind, _words(kind) | _words(wording)) for kind, wording in zip(CATEGORIES, WORDING)]


def appendix_kind(category: str) -> str | None:
    """The Appendix 10 kind a Category cell names, or None.

    It names a kind when every content word in it is a word of the kind or of the framework's
    wording of it ("referral", "Unknown adults", "section 47 enquiry"); the first such kind wins.
    """
    words, named = _words(category), " ".join(category.lower().split())
    return next((kind for kind, known in _KIND_WORDS if (words and words <= known) or named == kind.lower()), None)
