"""Street types and the abbreviations people write for them: a chronology says "14 Larkspur Cl."
or "Orchard Rd" as often as the full name, and both must be found."""
from __future__ import annotations

ABBREVIATIONS = {
    "Street": ("St",), "Road": ("Rd",), "Lane": ("Ln",), "Close": ("Cl",), "Avenue": ("Ave", "Av"),
    "Drive": ("Dr", "Drv"), "Crescent": ("Cres", "Cresc"), "Court": ("Ct",), "Place": ("Pl",),
    "Grove": ("Gro", "Gr"), "Gardens": ("Gdns",), "Terrace": ("Terr", "Ter"), "Square": ("Sq",),
    "Parade": ("Pde",), "Way": (), "Row": (), "Walk": (), "Hill": (), "Mews": (), "Rise": (), "View": (),
}
# also "Saint" and "Doctor": a street type only after a house number
AMBIGUOUS = {"St", "Dr"}
# unlikely to be anything but a street after a capitalised word, even without a house number
UNNUMBERED = ("Street", "Road", "Lane", "Close", "Avenue", "Drive", "Crescent", "Grove", "Gardens", "Terrace", "Mews")

# every spelling that is a street type wherever it stands
UNAMBIGUOUS = tuple(spelling for full, short in ABBREVIATIONS.items() for spelling in (full, *short)
                    if spelling not in AMBIGUOUS)
_SPELLINGS = {spelling.casefold(): full for full, short in ABBREVIATIONS.items() for spelling in (full, *short)}


def spellings(word: str) -> tuple[str, ...]:
    """Every way to write the street type `word` ("Close" or "Cl."), full name first; () if it is none."""
    full = _SPELLINGS.get(word.rstrip(".").casefold())
    return (full, *ABBREVIATIONS[full]) if full else ()


def alternatives(types: tuple[str, ...], numbered: bool) -> str:
    """A regex alternation of `types` and their abbreviations (an abbreviation's dot is left to the
    sentence: it may be its full stop)."""
    return "|".join(spelling for full in types for spelling in (full, *ABBREVIATIONS[full])
                    if numbered or spelling not in AMBIGUOUS)
