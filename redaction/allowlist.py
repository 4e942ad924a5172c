"""What must stay: pseudonyms, the public names of agencies, the partnership, the lead
reviewer, legislation and guidance titles, and everyday safeguarding terms.

A detection inside an allowed phrase ("Northbrook" inside "Northbrook Safeguarding
Children Partnership") or equal to one is not a finding.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from . import titles

EVERYDAY_TERMS = (
    # processes and meetings
    "MASH", "Multi-Agency Safeguarding Hub", "Section 47", "Section 17", "Section 20", "Section 37",
    "child protection conference", "Initial Child Protection Conference", "Review Child Protection Conference",
    "child protection plan", "Child in Need", "Child in Need plan", "core group", "strategy discussion",
    "strategy meeting", "Early Help", "Early Help Assessment", "Team Around the Family", "MARAC", "MAPPA",
    "DASH", "DASH risk assessment", "LADO", "Rapid Review", "Local Child Safeguarding Practice Review",
    "Child Safeguarding Practice Review Panel", "National Panel", "Independent Lead Reviewer",
    "Lead Reviewer", "Practice Review Group", "Signs of Safety", "Think Family", "Graded Care Profile",
    "Graded Care Profile 2", "Public Law Outline", "Family Group Conference", "Operation Encompass",
    "Clare's Law", "Domestic Violence Disclosure Scheme", "Sarah's Law", "Child Protection Information Sharing",
    "CP-IS", "Emergency Department", "A&E", "Accident and Emergency", "Emergency Duty Team",
    # roles and services
    "Children's Social Care", "Social Care", "Health Visitor", "Health Visiting", "School Nurse",
    "School Nursing", "Designated Safeguarding Lead", "Designated Nurse", "Designated Doctor", "Named GP",
    "Named Nurse", "GP", "NHS", "Police", "Ofsted", "DfE", "Department for Education", "NSPCC", "Cafcass",
    "Children's Commissioner", "Home Office", "Probation Service", "Youth Offending Team",
    "Child and Adolescent Mental Health Services", "CAMHS", "Adult Social Care", "Integrated Care Board", "ICB",
    # legislation and guidance
    "Working Together to Safeguard Children", "Working Together to Safeguard Children 2018",
    "Working Together to Safeguard Children 2023", "Working Together 2018", "Working Together 2023",
    "Children Act 1989", "Children Act 2004", "Children and Social Work Act 2017", "Domestic Abuse Act 2021",
    "Education Act 2002", "Keeping Children Safe in Education", "Data Protection Act 2018", "UK GDPR",
    "Human Rights Act 1998", "Equality Act 2010", "Crime and Disorder Act 1998", "Mental Capacity Act 2005",
    "Mental Health Act 1983", "Education and Inspections Act 2006",
    # abbreviations used in reports and glossaries
    "CIN", "CP", "CPOMS", "CPS", "Crown Prosecution Service", "CSC", "PPN", "Public Protection Notice",
    "Multi-Agency Risk Assessment Conference", "ICPC", "RCPC", "EHA", "DSL", "IDVA", "ISVA",
    "Independent Domestic Violence Advisor", "LAC", "CLA", "PLO", "HV", "ED", "ICB", "SEND", "EHCP", "FGM",
    "DOB", "D.O.B.", "NFA", "No Further Action", "Strategy", "S47", "S17",
    # everyday words the NER model mistakes for names or places
    "Mum", "Mummy", "Mam", "Dad", "Daddy", "Nan", "Nanny", "Gran", "Granny", "Grandma", "Grandad",
    "Housing", "Education", "Health", "Social Care", "Reception", "Year 1", "Year 2", "Year 3",
    "Covid", "COVID-19", "England", "Wales", "UK", "United Kingdom", "Christmas", "Easter", "Zoom", "Teams",
    "Microsoft Teams", "Appendix", "Recommendation", "Finding", "Glossary",
)


def trie_pattern(terms: Iterable[str]) -> str:
    """One regex for many phrases, factored by common prefixes (words joined by any whitespace).

    It matches what the plain alternation of the phrases, longest first, matches (at each node the
    longer continuation is tried before stopping), but Python's re then tests each character once
    instead of once per phrase: several times faster over a long report."""
    trie: dict = {}
    for term in terms:
        node = trie
        for i, word in enumerate(term.split()):
            if i:
                node = node.setdefault(" ", {})
            for char in word.lower():
                node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if key == " " else re.escape(key)) + pattern(child) for key, child in node.items() if key]
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})" if branches else ""
        return f"(?:{body})?" if "" in node and body else body

    return pattern(trie)


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").casefold()
    text = re.sub(r"'s$", "", re.sub(r"\s+", " ", text).strip(" .,;:()[]*_#|\"'"))
    return re.sub(r"^the ", "", text)


class Allowlist:
    def __init__(self, terms: Iterable[str] = ()):
        self.terms = sorted({t.strip() for t in (*EVERYDAY_TERMS, *terms) if t and t.strip()}, key=len, reverse=True)
        self.normalised = {normalise(t) for t in self.terms}
        self._regex = re.compile(rf"(?<![\w])(?:{trie_pattern(self.terms)})(?![\w])", re.IGNORECASE)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where allowed phrases occur in `text`."""
        return [m.span() for m in self._regex.finditer(text)]

    def allows(self, value: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """Allowed when the words are an allowed term, or made only of allowed phrases, joining words
        and titles ("Dr" before the lead reviewer's surname)."""
        if normalise(value) in self.normalised:
            return True
        rest = list(value)
        first = max(0, bisect_left(spans, (start, start)) - 1)
        for s, e in spans[first:bisect_left(spans, (end, end))]:
            for i in range(max(s, start), min(e, end)):
                rest[i - start] = " "
        left = re.sub(rf"\b(?:and|or|the|of|with|to|{titles.alternation(titles.ALL)})\b|[^\w]", " ", "".join(rest),
                      flags=re.IGNORECASE)
        return not left.strip()
