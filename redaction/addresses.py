"""An address in the register, found by its meaningful parts.

A report names an address once in full ("Flat 3, 12 Larch Walk, Northbrook NB4 7QT") and then by
its parts: "12 Larch Walk", "Larch Walk", "Flat 3 at Larch Walk", "the Larch Walk flat", "No. 12".
The register builds a pattern for each part from the address lines (a flat number, a house number
and a street; the postcode is matched by the register itself), so every part is replaced by the
address's generic wording, in any case and across line breaks.

A flat or house number standing alone ("Flat 3", "No. 12") says little by itself and is common
in other senses ("the flat 3 floors up", "Recommendation No. 12"): it is a *part* the register
replaces only where the same paragraph names the address too; elsewhere it is held as a finding,
with the address's wording proposed, so a person decides. A town line is never a part: a town
alone is no address (and is often the partnership's own area); the register lists towns as places.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import streets

FLAT_WORDS = r"(?:flat|apartment|apt|unit|room|maisonette)"
# after "the <street>", the word for the home that goes with the street: "the Larch Walk flat"
DWELLINGS = re.compile(r"[ \t]+(?:flat|house|home|property|address|maisonette|bungalow|tenancy|bedsit)(?![\w])",
                       re.IGNORECASE)
HOUSE_NUMBER_WORDS = re.compile(r"(?<![\w])(?:No\.?|number)[ \t]*$", re.IGNORECASE)
LINE = re.compile(rf"^\s*(?:{FLAT_WORDS}\.?\s*(?P<flat>\d+[a-z]?)\b\s*,?\s*)?"
                  rf"(?:(?P<number>\d+[a-z]?)\s*,?\s+)?(?P<street>.*?)\s*$", re.IGNORECASE)
POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}", re.IGNORECASE)
FLAT_NUMBER, HOUSE_NUMBER = "flat number", "house number"
PARTS = {FLAT_NUMBER, HOUSE_NUMBER}  # forms replaced only beside the rest of their address


@dataclass(frozen=True)
class Address:
    """The parts of an address that name it: its flat, its house number and its street."""

    flat: str = ""
    number: str = ""
    street: str = ""


def parse(lines: tuple[str, ...] | list[str]) -> Address:
    """The flat, house number and street of address lines ("Flat 3, 12 Larch Walk", "Northbrook",
    "NB4 7QT"), read a comma-separated part at a time; a part without a number or a street type is a
    town or a house name ("The Old Rectory, Church Lane"), no street."""
    flat = number = street = ""
    for line in (part for line in lines for part in line.split(",")):
        if POSTCODE.fullmatch(line.strip()):
            continue
        parts = LINE.match(line)
        flat = flat or parts.group("flat") or ""
        words = parts.group("street").split()
        numbered = parts.group("number") or parts.group("flat")
        if not street and re.search(r"[A-Za-z]{3}", parts.group("street")) \
                and (numbered or (len(words) > 1 and streets.spellings(words[-1]))):
            street, number = " ".join(words), parts.group("number") or ""
    return Address(flat, number, street)


def number_pattern(number: str) -> str:
    return rf"{re.escape(number)}(?![\w])"


def flat_pattern(flat: str) -> str:
    return rf"(?<![\w]){FLAT_WORDS}\.?[ ]?{number_pattern(flat)}"


def house_number_pattern(number: str) -> str:
    """"No. 12", "number 12" (a bare "12" is any number)."""
    return rf"(?<![\w])(?:No\.|number[ ])[ ]?{number_pattern(number)}"


def flat_on_street(address: Address, street_pattern: str) -> str:
    """"Flat 3, 12 Larch Walk", "flat 3 at Larch Walk", "Flat 3 of No. 12 Larch Walk"."""
    number = rf"(?:(?:No\.|number)[ ]?)?{number_pattern(address.number)},?[ ]" if address.number else ""
    return rf"{flat_pattern(address.flat)},?[ ](?:(?:at|in|on|of)[ ])?(?:{number})?{street_pattern}"


def widened(text: str, start: int, end: int) -> tuple[int, int]:
    """A street or numbered address with the words that belong to it: "No. 12 Larch Walk" (the
    "No." goes with the number) and "the Larch Walk flat" (so the wording replaces the whole phrase)."""
    if text[start:start + 1].isdigit() and (words := HOUSE_NUMBER_WORDS.search(text, max(0, start - 8), start)):
        start = words.start()
    dwelling = DWELLINGS.match(text, end)
    article = re.search(r"(?<![\w])the[ \t]+$", text[max(0, start - 5):start], re.IGNORECASE)
    if dwelling and article:
        start, end = start - len(article.group(0)), dwelling.end()
    return start, end
