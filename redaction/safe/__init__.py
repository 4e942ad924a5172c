"""What is known to be safe to publish, shipped with the tool: the national lists (one plain-text
file per kind beside this module: national bodies, police forces, integrated care boards,
practice terms, national programmes, everyday words) and an English word list.

The English word list is the lower-case entries of Webster's Second International (web2) and
GCIDE as the `english-words` package ships them, with the lexicon of `lemminflect` (the NIH
SPECIALIST lexicon: British spellings, irregular forms, newer words such as "checklist"); both
pinned in pyproject.toml. A word those dictionaries print with a capital ("Smith", "London") is a
proper noun there, so it is not an English word here; "Rose" is one, because "rose" is. web2 lists
no inflected forms ("visited", "concerns"), so a word also counts when a regular ending taken off
leaves a listed word.
"""
from __future__ import annotations

import calendar
import re
from functools import cache
from pathlib import Path

from english_words import get_english_words_set
from lemminflect import getAllLemmas

SAFE_DIR = Path(__file__).parent
WORD_SOURCES = ("web2", "gcide")
# a regular ending and what to put back: "carried" -> "carry", "visited" -> "visit", "hoping" -> "hope"
ENDINGS = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
           ("er", ""), ("ers", ""), ("est", ""), ("ly", ""), ("ness", ""), ("ment", ""), ("ments", ""),
           ("ings", ""), ("ings", "e"), ("ation", "ate"), ("ations", "ate"), ("ation", "e"), ("ion", ""), ("ion", "e"),
           ("ions", ""), ("ity", ""), ("ism", ""), ("ist", ""), ("ists", ""), ("al", ""), ("ally", ""), ("ful", ""),
           ("less", ""), ("able", ""), ("able", "e"), ("ive", ""), ("ive", "e"), ("ise", ""), ("ised", ""),
           ("ising", ""), ("isation", "ise"), ("isation", "ize"), ("ise", "ize"), ("ised", "ize"))
# prefixes written apart ("Multi-Agency", "Multi agency", "Co-Parenting"): not words alone, but not names
PREFIXES = frozenset({"multi", "non", "pre", "post", "co", "anti", "inter", "intra", "sub", "self", "ex", "re", "semi",
                      "mid", "over", "under", "cross", "step", "half", "great"})


def terms_in(path: Path) -> list[str]:
    """The terms of one list file: a term a line; '#' starts a comment line."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@cache
def national_terms() -> tuple[str, ...]:
    """Every term of every shipped list."""
    return tuple(term for path in sorted(SAFE_DIR.glob("*.txt")) for term in terms_in(path))


@cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """The dictionaries read once for both lists below: (english_words, dictionary_names)."""
    entries = get_english_words_set(list(WORD_SOURCES), lower=False, alpha=True)
    words = {w for w in entries if w.islower()}
    words |= {name.lower() for names in (calendar.month_name, calendar.month_abbr, calendar.day_name,
                                         calendar.day_abbr) for name in names if name}
    return frozenset(words), frozenset(w for w in entries if w[:1].isupper())


def english_words() -> frozenset[str]:
    """Lower-case dictionary words, with the month and day names (a dictionary capitalises them)."""
    return _dictionary()[0]


def dictionary_names() -> frozenset[str]:
    """The entries the same dictionaries print with a capital: names of people and places ("Rose",
    "Mason", "Smith" as well as "rose", "mason", "smith")."""
    return _dictionary()[1]


def may_be_a_name(word: str) -> bool:
    """True when a dictionary lists the word with a capital too, as a name."""
    bare = re.sub(r"['\u2019]s?$", "", word)
    return bare[:1].upper() + bare[1:].lower() in dictionary_names()


def is_english(word: str) -> bool:
    """True for a dictionary word in any case, possessive or regularly inflected ("Visited",
    "parents'", "Concerns"); each part of a hyphenated word must be one ("Multi-Agency")."""
    parts = re.sub(r"['\u2019]s?$", "", word.lower()).split("-")
    return all(part and (_listed(part) or part in PREFIXES) for part in parts)


def _listed(word: str) -> bool:
    words = english_words()
    if word in words or getAllLemmas(word):
        return True
    for ending, back in ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 2:
            if stem + back in words or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in words):
                return True
    return False


def rare(word: str) -> bool:
    """A dictionary word outside everyday English (web2 lists "tantric" and "sumer"; lemminflect's
    lexicon of everyday words does not): beside a name typed in lower case it is likely part of it."""
    return is_english(word) and not getAllLemmas(word.lower())
