"""Titles before a name, in one place: the register matches a name with or without one, a title
tells a woman from a man who share a surname, the titled-name recogniser looks for a name after
one, and the allow-list lets one stand before an allowed name."""
from __future__ import annotations

GENDERS = {"Mr": "male", "Master": "male", "Mrs": "female", "Ms": "female", "Miss": "female", "Mx": "", "Dr": ""}
COURTESY = tuple(GENDERS)  # before anyone's name
POLICE = ("PCSO", "PC", "DCI", "DC", "DS", "DI", "Sgt")  # a police officer's rank
RANKS = ("Prof", *POLICE, "Cllr", "Rev")  # before a practitioner's
ALL = COURTESY + RANKS
FOLDED = frozenset(t.casefold() for t in ALL)  # every title as a casefolded word
_FOLDED_GENDERS = {t.casefold(): g for t, g in GENDERS.items()}


def alternation(titles: tuple[str, ...]) -> str:
    """A regex group matching any of `titles` (longest first, so "PCSO" is not read as "PC")."""
    return "(?:" + "|".join(sorted(titles, key=len, reverse=True)) + ")"


def gender(title: str) -> str:
    """"female", "male" or "" (says nothing) for a title as written ("MRS", "Ms.")."""
    return _FOLDED_GENDERS.get(title.rstrip(".").casefold(), "")
