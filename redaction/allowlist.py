"""What must stay: pseudonyms, the public names of agencies (and the shorter forms reports write
them in), the partnership and its area, the lead reviewer, and the shipped national lists
(redaction/safe/: national bodies, police forces, integrated care boards, practice terms,
programmes, everyday words).

A detection inside an allowed phrase ("Northbrook" inside "Northbrook Safeguarding
Children Partnership") or equal to one is not a finding.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from . import titles
from .recognizers.uk.first_name import NAMES as FIRST_NAMES
from .safe import is_english, may_be_a_name, national_terms

# generic tails of public bodies' names, and the shorter ways reports write them
SHORTER_TAILS = {"Integrated Care Board": ("ICB",), "Integrated Care System": ("ICS",),
                 "NHS Foundation Trust": ("Foundation Trust", "Trust", ""), "NHS Trust": ("Trust", ""),
                 "Foundation Trust": ("Trust", ""), "Borough Council": ("Council",), "City Council": ("Council",),
                 "County Council": ("Council",), "District Council": ("Council",),
                 "Metropolitan Borough Council": ("Council",)}
# what the partnership's name says besides its area ("Northbrook Safeguarding Children Partnership")
PARTNERSHIP_WORDS = {"safeguarding", "children", "children's", "childrens", "partnership", "partnerships", "local",
                     "board", "community", "safety", "multi-agency", "adults"}


def shorter_forms(name: str) -> list[str]:
    """The forms a report writes a public body's name in: without "NHS" or "The" in front, without
    a parenthesis (and the parenthesis alone), with a generic tail shortened ("Northbrook ICB" for
    "NHS Northbrook Integrated Care Board", "Northbrook Hospitals" for "Northbrook Hospitals NHS
    Foundation Trust", "Northbrook Borough Council" for "Northbrook Borough Council Children's
    Social Care")."""
    forms = {name.strip()}
    for inside in re.findall(r"\(([^)]+)\)", name):
        forms |= {re.sub(r"\s*\([^)]*\)\s*", " ", name).strip(), inside.strip()}
    for form in list(forms):
        forms.add(re.sub(r"^(?:NHS|The)\s+", "", form, flags=re.IGNORECASE))
    for form in list(forms):
        for tail, shorter in SHORTER_TAILS.items():
            at = form.find(tail)
            if at > 0:
                forms.add(form[:at + len(tail)])
                forms |= {f"{form[:at]}{short}".strip() for short in shorter}
    return sorted({re.sub(r"\s+NHS$", "", f) for f in forms if f})


def initialism(name: str) -> str:
    """"NSCP" for "Northbrook Safeguarding Children Partnership": only for names of three or more
    capitalised words, as shorter initials ("NB") would stand for anything."""
    words = [w for w in re.findall(r"[\w'\u2019&-]+", name) if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def area_of(partnership: str) -> str:
    """The partnership's area: its name's words before the generic ones ("Northbrook")."""
    words = []
    for word in partnership.split():
        if word.casefold().strip(",") in PARTNERSHIP_WORDS:
            break
        words.append(word.strip(","))
    return " ".join(words).strip() if len(words) < len(partnership.split()) else ""


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


# joining words, titles and punctuation: what may stand between allowed phrases
JOINING = re.compile(rf"\b(?:and|or|the|of|with|to|{titles.alternation(titles.ALL)})\b|[^\w]", re.IGNORECASE)


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").casefold()
    text = re.sub(r"'s$", "", re.sub(r"\s+", " ", text).strip(" .,;:()[]*_#|\"'"))
    return re.sub(r"^the ", "", text)


def sentence_word(word: str, opens_value: bool) -> bool:
    """An English word in lower case, or one opening the detection with a capital only because it
    opens the sentence ("Referral"); never a word that may be a name ("Rose", "Mason")."""
    return is_english(word) and (word.islower() or (opens_value and word not in FIRST_NAMES
                                                    and not may_be_a_name(word)))


class Allowlist:
    def __init__(self, terms: Iterable[str] = ()):
        every = [form for term in (*national_terms(), *terms) if term and term.strip() for form in shorter_forms(term)]
        self.terms = sorted(set(every), key=len, reverse=True)
        self.normalised = {normalise(t) for t in self.terms}
        self._regex = re.compile(rf"(?<![\w])(?:{trie_pattern(self.terms)})(?![\w])", re.IGNORECASE)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where allowed phrases occur in `text`."""
        return [m.span() for m in self._regex.finditer(text)]

    def allows(self, value: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """Allowed when the words are an allowed term, or made only of allowed phrases, joining words,
        titles ("Dr" before the lead reviewer's surname) and the sentence words the NER model took in
        with an allowed phrase ("Referral to Women's Aid", "Ofsted inspectors")."""
        if normalise(value) in self.normalised:
            return True
        rest = list(value)
        first = max(0, bisect_left(spans, (start, start)) - 1)
        for s, e in spans[first:bisect_left(spans, (end, end))]:
            for i in range(max(s, start), min(e, end)):
                rest[i - start] = " "
        left = JOINING.sub(" ", "".join(rest))
        if "".join(rest) == value:
            return not left.strip()
        return all(sentence_word(word, i == 0 and value.startswith(word)) for i, word in enumerate(left.split()))
