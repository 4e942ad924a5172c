"""The register: every known name, place and identifier, found in all its forms.

The register is ground truth, so matching errs towards finding too much: any letter case,
names split by line breaks or hyphens, curly apostrophes, a title before the name, first
name or surname alone, initials, one-letter misspellings of names of five or more letters,
dates of birth in every written form (the day and month alone too), addresses in part,
postcodes, phone and NHS numbers with any spacing. Possessives keep their grammar because
only the name is replaced:
"Shannon's" becomes "Mother's".

Matching runs on the normalised views of redaction/normalise.py (the one the leak scan uses:
look-alike letters, accents, invisible characters, line-break hyphens, and the inside of
links and data: URIs) and maps back to the original offsets, so the replacement happens in
the text the author wrote. Register values are normalised the same way ("Renée" in the
register finds "Renee" in the text, and the other way round).
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace

from . import addresses, streets, titles
from .addresses import PARTS, Address
from .dates import find_dates
from .normalise import normalise, views

TITLES = rf"(?<![^\W_]){titles.alternation(titles.COURTESY)}\.?\s"  # a title starts a word: not the "ms" of "Aldhelms"
COURTESY_TITLE = re.compile(rf"{titles.alternation(titles.COURTESY)}\b", re.IGNORECASE)
TITLE_INITIALS = "".join(sorted({t[0] for t in titles.COURTESY}))
# Two capital letters that are everyday abbreviations, never read as someone's initials.
ABBREVIATIONS = {"DC", "DS", "DI", "PC", "GP", "MH", "SW", "HV", "CP", "SN", "ED", "AE", "DV", "DA",
                 "CE", "EH", "TA", "FE", "HR", "IT", "OT", "PE", "RE", "UK", "NI", "ID", "TV", "OK"}
PERSON, PLACE, IDENTIFIER = "person", "place", "identifier"
NEAR_MISS_MIN = 5


@dataclass(frozen=True)
class Person:
    """Someone in the register: how they are really called and how the report calls them."""

    key: str
    name: str
    pseudonym: str
    aliases: tuple[str, ...] = ()
    date_of_birth: dt.date | None = None
    address: tuple[str, ...] = ()
    gender: str = ""  # "female", "male" or "" (unknown): which titles can name them


@dataclass(frozen=True)
class Term:
    """A place or identifier in the register and the generic wording that replaces it."""

    key: str
    value: str
    replacement: str
    kind: str
    aliases: tuple[str, ...] = ()


BIRTH_CUE = re.compile(r"\b(?:born|birth\w*|DOB|D\.O\.B|b\.)(?![\w])", re.IGNORECASE)


def about_a_birth(text: str, start: int, end: int) -> bool:
    """Whether the words just before a date, or right after it, in its sentence are about a birth
    ("born", "birthday", "date of birth", "DOB"): what makes a day and month without a year a birthday."""
    before = re.split(r"[.!?\n]\s", text[max(0, start - 60):start])[-1]
    after = re.split(r"[.!?\n]", text[end:end + 30])[0]
    return BIRTH_CUE.search(before) is not None or BIRTH_CUE.search(after) is not None


@dataclass(frozen=True)
class Variant:
    """One form of one register value, as a regex, and who or what it may stand for."""

    pattern: str
    form: str
    owners: tuple[str, ...]
    ignore_case: bool = True
    needles: tuple[str, ...] = ()  # words every match contains (in any case): if one is absent, the regex need not run
    longest: int = 0  # no match is longer (0: unknown), so the regex need only run near the needles


@dataclass
class RegisterMatch:
    start: int
    end: int
    text: str
    form: str
    owners: tuple[str, ...]
    replacement: str = ""

    @property
    def ambiguous(self) -> bool:
        return len(self.owners) > 1


def plain(value: str) -> str:
    """A register value as the text it is matched in is normalised."""
    return normalise(value).text


def starting_with(first: str, pattern: str) -> str:
    """`pattern` behind a lookahead for the characters a match can start with. Python's re
    tries every alternative of a pattern at every position; the lookahead turns most positions
    away at once (a title-optional name scans about six times faster). Same matches: the
    lookahead is matched with the same flags, so it accepts whatever the first character would."""
    chars = "".join(sorted(set(first)))
    return f"(?=[{re.escape(chars)}]){pattern}" if chars else pattern


def first_char(value: str) -> str:
    """The character a phrase pattern of `value` must start with, or "" when it may vary."""
    value = value.lstrip()
    return value[0] if value[:1].isalnum() else ""


def first_alnum(value: str) -> str:
    """The character a flexible pattern of `value` starts with (it keeps only letters and digits)."""
    return next((c for c in value if c.isalnum()), "")


def phrase(value: str, title: bool = False) -> dict:
    """A name, place or address line: its pattern (with an optional title before it), its needles,
    and a bound on the length of a match (each character, an apostrophe and a dot per word, two
    characters between words, and the longest title)."""
    pattern = titled(value) if title else starting_with(first_char(value), phrase_pattern(value))
    return {"pattern": pattern, "needles": phrase_needles(value), "longest": 3 * len(value) + 12}


def titled(name: str) -> str:
    """A name, with an optional title before it."""
    first = first_char(name)
    pattern = rf"(?:{TITLES})?" + phrase_pattern(name)
    return starting_with(TITLE_INITIALS + first, pattern) if first else pattern


def phrase_needles(value: str) -> tuple[str, ...]:
    """The runs of three or more letters or digits that every match of phrase_pattern(value)
    contains as written (apostrophes, a final "s" after an optional apostrophe and dots may vary)."""
    runs = []
    for i, word in enumerate(re.split(r"[\s\-]+", value.replace("\u2019", "'"))):
        if i and streets.spellings(word):
            continue  # "Close" may be written "Cl"
        if len(word) > 3 and word.endswith("s") and not word.endswith("'s"):
            word = word[:-1]
        runs += [run for run in re.findall(r"\w+", word) if len(run) >= 3 and run not in runs]
    return tuple(runs)


def phrase_pattern(value: str) -> str:
    """Words of a name or place, allowing hyphen/space/no break between them and optional apostrophes
    and dots; a street type after the first word in full or abbreviated ("Larkspur Close", "Larkspur Cl")."""
    words = [w for w in re.split(r"[\s,\-]+", value.replace("\u2019", "'")) if w]
    escaped = []
    for i, word in enumerate(words):
        street_type = streets.spellings(word) if i else ()
        core = re.escape(word.rstrip(".")).replace("'", "'?")
        if street_type:
            core = "(?:" + "|".join(street_type) + ")"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("'s"):
            core = core[:-1] + "'?s"  # "St Aldhelms" is also written "St Aldhelm's"
        abbreviated = word.endswith(".") or ((len(word) <= 3 or street_type) and i < len(words) - 1)
        escaped.append(core + r"\.?" if abbreviated else core)
    # A value starts a word: not after a letter, nor after a letter and an apostrophe ("Neill" in
    # "O'Neill"), nor after a date's digits ("14 Larkspur Close" in "2018-02-14 Larkspur Close");
    # an opening quotation mark is no letter ("'Willow'").
    return r"(?<!\w)(?<!\w')(?<!\d[-/.])" + r",?[ \-]?".join(escaped) + r"(?![\w])"


def flexible_pattern(value: str) -> str:
    """Letters and digits of an identifier with any spacing, hyphens, dots or slashes between them."""
    chars = [re.escape(c) for c in value if c.isalnum()]
    return r"(?<![A-Za-z0-9])" + r"[\s\-./]?".join(chars) + r"(?![A-Za-z0-9])"


def phone_pattern(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    national = "0" + digits[2:] if digits.startswith("44") else digits
    rest = r"[\s\-.)]{0,2}".join(national[1:])
    return rf"(?<![\d+])(?:(?:\+|00)44[\s\-.]?(?:\(0\)[\s\-.]?)?|\(?0)[\s\-.)]{{0,2}}{rest}(?!\d)"


def handle_pattern(value: str) -> str:
    handle = re.escape(value.lstrip("@"))
    return (rf"(?:https?://)?(?:www\.)?(?:[a-z0-9\-]+\.)+[a-z]{{2,}}/@?{handle}(?!\w|\.\w)"
            rf"|(?<![\w@.])@?{handle}(?![\w])")


def identifier_pattern(term: Term, value: str) -> str:
    if term.kind == "phone":
        return starting_with("+0(", phone_pattern(value))
    if term.kind == "email":
        return starting_with(value[:1], r"(?<![\w.])" + re.escape(value) + r"(?![\w])")
    if term.kind == "social media":
        return handle_pattern(value)
    return starting_with(first_alnum(value), flexible_pattern(value))


def identifier_needles(term: Term, value: str) -> tuple[str, ...]:
    """Emails and handles are matched as written; other identifiers may be spaced in any way."""
    if term.kind == "email":
        return (value,)
    if term.kind == "social media":
        return (value.lstrip("@"),)
    return ()


def edits_one(a: str, b: str) -> bool:
    """True when b is a at one edit (substitution, insertion, deletion or swap of neighbours)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:]


def name_parts(name: str) -> list[str]:
    """The words of a name that can stand alone: 'Willow-Mae Hartnell' -> ['Willow-Mae', 'Hartnell']."""
    return [p for p in name.split() if len(p) >= 3 and p[0].isupper()]


class Register:
    """Finds every register value in a text and says what replaces it."""

    def __init__(self, people: list[Person] = (), terms: list[Term] = ()):
        people = [replace(p, name=plain(p.name), aliases=tuple(map(plain, p.aliases)),
                          address=tuple(map(plain, p.address))) for p in people]
        terms = [replace(t, value=plain(t.value), aliases=tuple(map(plain, t.aliases))) for t in terms]
        self.people = {p.key: p for p in people}
        self.terms = {t.key: t for t in terms}
        self.birthdays = {p.key: p.date_of_birth for p in people if p.date_of_birth}
        self.variants = self._variants()
        self._compiled = [(re.compile(v.pattern, re.IGNORECASE if v.ignore_case else 0), v) for v in self.variants]
        self._needles = {n: re.compile(re.escape(n), re.IGNORECASE) for v in self.variants for n in v.needles}
        self._parts: dict[str, set[str]] = {}
        for person in people:
            for name in (person.name, *person.aliases):
                for part in re.split(r"[\s\-]+", name):
                    if len(part) >= NEAR_MISS_MIN and part[0].isupper():
                        self._parts.setdefault(part.lower(), set()).add(person.key)

    # --- building the variants -------------------------------------------------------
    def _variants(self) -> list[Variant]:
        owners: dict[tuple[str, str], set[str]] = {}
        ignore_case: dict[tuple[str, str], bool] = {}

        needle_words: dict[tuple[str, str], tuple[tuple[str, ...], int]] = {}

        def add(pattern: str, form: str, owner: str, case_blind: bool = True, needles: tuple[str, ...] = (),
                longest: int = 0) -> None:
            owners.setdefault((pattern, form), set()).add(owner)
            ignore_case[(pattern, form)] = case_blind
            needle_words[(pattern, form)] = (needles, longest if needles else 0) if case_blind else ((), 0)

        seen_values: set[str] = set()
        places: dict[str, Address] = {}  # each place's address parts (the street of a place that is one)
        for term in self.terms.values():
            for value in (term.value, *term.aliases):
                seen_values.add(value.casefold())
                if term.kind == "postcode":
                    add(starting_with(first_alnum(value), flexible_pattern(value)), "postcode", term.key)
                elif term.kind in PLACE_KINDS:
                    add(**phrase(value), form=term.kind, owner=term.key)
                else:
                    add(identifier_pattern(term, value), term.kind, term.key, needles=identifier_needles(term, value))
            if term.kind in PLACE_KINDS and (address := addresses.parse([term.value, *term.aliases])).street:
                places[term.key] = address
        homes = {address.street.casefold(): key for key, address in places.items()}
        for person in self.people.values():
            names = [person.name, *person.aliases]
            for name in names:
                add(**phrase(name, title=True), form="name", owner=person.key)
                parts = name_parts(name)
                if len(parts) > 1:
                    add(**phrase(parts[0]), form="first name", owner=person.key)
                    add(**phrase(parts[-1], title=True), form="surname", owner=person.key)
                    first, last = (p[0].upper() for p in (parts[0], parts[-1]))
                    # the first letter before the lookbehind, so re can skip ahead to it (case-sensitive)
                    add(rf"{first}(?<![\w.]{first})\.\s?{last}\.?(?![\w])", "initials", person.key, False)
                    if first + last not in ABBREVIATIONS:
                        add(rf"{first}(?<![\w.]{first}){last}(?![\w])", "initials", person.key, False)
            lines = [line for line in person.address if line.casefold() not in seen_values]
            if lines:
                address = ", ".join(person.address)
                add(**phrase(address), form="address", owner=person.key)
            for line in lines:
                if addresses.POSTCODE.fullmatch(line.strip()):
                    add(starting_with(first_alnum(line), flexible_pattern(line)), "postcode", person.key)
            home = addresses.parse(person.address)
            if home.street:
                # a person's address on a street the register lists as a place is that place's
                owner = homes.get(home.street.casefold())
                if owner:
                    place = places[owner]
                    places[owner] = Address(place.flat or home.flat, place.number or home.number, place.street)
                else:
                    places[person.key] = home
        for owner, address in places.items():
            for variant in address_variants(address):
                add(**variant, owner=owner)
        return [Variant(p, form, tuple(sorted(o)), ignore_case[(p, form)], *needle_words[(p, form)])
                for (p, form), o in owners.items()]

    # --- matching -----------------------------------------------------------------------
    def replacement_for(self, owner: str, form: str) -> str:
        if owner in self.terms:
            return self.terms[owner].replacement
        person = self.people[owner]
        if form == "date of birth":
            return "[date of birth withheld]"
        if form in ("address", "postcode", "street", *PARTS):
            return f"{person.pseudonym}'s address"
        return person.pseudonym

    def find(self, text: str, link: bool = False, parts: bool = False) -> list[RegisterMatch]:
        """Every register value in `text` (or in the link `text` is, with `link`), longest first,
        without overlaps, in text order, at its offsets in `text`. With `parts`, a flat or house
        number alone too (addresses.PARTS: not a register value by itself, so a person decides)."""
        found = []
        for view in views(text, link):
            for match in self._find_in(view.text):
                if match.form in PARTS and not parts:
                    continue
                match.start, match.end = view.span(match.start, match.end)
                found.append(match)
        chosen = _without_overlaps(found)
        for match in chosen:
            if text[match.start] == "(" and ")" not in text[match.start:match.end]:
                match.start += 1  # "(07700 900123)": the bracket belongs to the sentence
            match.text = text[match.start:match.end]
            if not match.ambiguous:
                match.replacement = _fit_case(text, match.start,
                                              self.replacement_for(match.owners[0], match.form))
        return chosen

    def _find_in(self, text: str) -> list[RegisterMatch]:
        """Every register value in one normalised view, at its offsets in the view."""
        candidates: list[RegisterMatch] = []
        # a literal search per needle is several times cheaper than the variant's regex, and most
        # variants (aliases, titles, addresses) are absent from most texts
        hits = {needle: [m.start() for m in regex.finditer(text)] for needle, regex in self._needles.items()}
        for regex, variant in self._compiled:
            if not all(hits[n] for n in variant.needles):
                continue
            if variant.longest:
                found = near(regex, text, min((hits[n] for n in variant.needles), key=len), variant.longest)
            else:
                found = regex.finditer(text)
            for m in found:
                if m.end() > m.start():
                    start, end = m.span()
                    if variant.form in ADDRESS_FORMS:
                        start, end = addresses.widened(text, start, end)
                    candidates.append(RegisterMatch(start, end, text[start:end], variant.form, variant.owners))
        candidates += self._near_misses(text) + self._dates_of_birth(text)
        chosen = _without_overlaps(candidates)
        return _tie_parts(text, self._merge_neighbours(text, self._resolve(text, chosen)))

    def _dates_of_birth(self, text: str) -> list[RegisterMatch]:
        """A date in any written form that is someone's date of birth (a day and month alone too, where
        the words around it are about a birth or a birthday)."""
        found = []
        if self.birthdays:
            for date in find_dates(text):
                if date.year is None and not about_a_birth(text, date.start, date.end):
                    continue  # "On 11 January the school met": a day in the year, not someone's birthday
                owners = tuple(sorted(key for key, born in self.birthdays.items() if date.names(born)))
                if owners:
                    found.append(RegisterMatch(date.start, date.end, text[date.start:date.end], "date of birth", owners))
        return found

    def _near_misses(self, text: str) -> list[RegisterMatch]:
        found = []
        for m in re.finditer(r"(?<![\w'])[A-Z][A-Za-z]{3,}(?![\w])", text):
            word = m.group(0).lower()
            if word in self._parts:
                continue
            owners = {o for part, keys in self._parts.items()
                      if part[0] == word[0] and edits_one(part, word) for o in keys}
            if owners:
                found.append(RegisterMatch(m.start(), m.end(), m.group(0), "near-miss", tuple(sorted(owners))))
        return found

    def _resolve(self, text: str, matches: list[RegisterMatch]) -> list[RegisterMatch]:
        """A name several people share goes to the one whose initial stands before it ("W. Hartnell");
        else, of those its title allows ("Ms Pryce": not Mr Pryce), to the only one, or to the one
        named elsewhere in the same paragraph; otherwise it stays ambiguous and a person decides."""
        for match in matches:
            if not match.ambiguous:
                continue
            initial = re.search(r"(?<![\w.'])([A-Z])\.? ?$", text[max(0, match.start - 3):match.start])
            if initial and match.form == "surname":
                owners = [o for o in match.owners if o in self.people and any(
                    n[:1] == initial.group(1) for n in (self.people[o].name, *self.people[o].aliases))]
                if len(owners) == 1:
                    match.owners, match.form = tuple(owners), "name"
                    match.start -= len(initial.group(0))
                    continue
            title = COURTESY_TITLE.match(text, match.start, match.end)
            if title and (gender := titles.gender(title.group(0))):
                allowed = tuple(o for o in match.owners
                                if o not in self.people or self.people[o].gender in (gender, ""))
                if len(allowed) == 1:
                    match.owners = allowed
                    continue
                match.owners = allowed or match.owners  # a title that fits no one decides nothing
            start = text.rfind("\n", 0, match.start) + 1
            end = text.find("\n", match.end) % (len(text) + 1)
            named = {m.owners[0] for m in matches if start <= m.start and m.end <= end and not m.ambiguous}
            named &= set(match.owners)
            if len(named) == 1:
                match.owners = tuple(named)
        return matches

    def _merge_neighbours(self, text: str, matches: list[RegisterMatch]) -> list[RegisterMatch]:
        """"Shanon Hartnell" (misspelt first name, surname) is one mention of one person, not two;
        so is "Hartnell, Willow" (surname first, as lists and records write it)."""
        merged: list[RegisterMatch] = []
        for match in matches:
            last = merged[-1] if merged else None
            between = text[last.end:match.start] if last else ""
            if (last and not last.ambiguous and last.owners[0] in match.owners and last.owners[0] in self.people
                    and (re.fullmatch(r"[ \-]?", between) and {last.form, match.form} <= NAME_FORMS
                         or between == ", " and (last.form, match.form) == ("surname", "first name"))):
                last.end, last.form = match.end, "name"
                continue
            merged.append(match)
        return merged


def near(regex: re.Pattern, text: str, hits: list[int], longest: int) -> Iterator[re.Match]:
    """What regex.finditer(text) yields, searching only near `hits` (where a needle every match
    contains begins; finditer's hits do not overlap, so one begins within `longest` of any match).

    For each hit in order, a match starting within `longest` of it is searched for from the end of
    the last match, in a window wide enough that the lookarounds at both ends see the real text."""
    pos = 0
    for hit in hits:
        start = max(pos, hit - longest)
        while (m := regex.search(text, start, hit + 3 * longest + 1)) and m.start() <= hit + longest:
            yield m
            pos = start = m.end()


def address_variants(address: Address) -> Iterator[dict]:
    """The patterns of an address's parts (addresses.py): the street alone, the number and street,
    the flat on the street, and the flat or house number alone (replaced only beside the rest)."""
    street = address.street
    yield {**phrase(street), "form": "street"}
    if address.number:
        yield {**phrase(f"{address.number} {street}"), "form": "address"}
        yield {"pattern": starting_with("Nn", addresses.house_number_pattern(address.number)),
               "form": addresses.HOUSE_NUMBER}
    if address.flat:
        flat_words = "FfAaUuRrMm"
        yield {"pattern": starting_with(flat_words, addresses.flat_on_street(address, phrase_pattern(street))),
               "form": "address", "needles": phrase_needles(street), "longest": 3 * len(street) + 60}
        yield {"pattern": starting_with(flat_words, addresses.flat_pattern(address.flat)),
               "form": addresses.FLAT_NUMBER}


def _tie_parts(text: str, matches: list[RegisterMatch]) -> list[RegisterMatch]:
    """A flat or house number alone is the address's where the same paragraph names that address
    too ("12 Larch Walk ... back at No. 12"): it is replaced like the rest."""
    for match in matches:
        if match.form not in PARTS or match.ambiguous:
            continue
        start = text.rfind("\n", 0, match.start) + 1
        end = text.find("\n", match.end) % (len(text) + 1)
        if any(m.owners == match.owners and m.form not in PARTS and start <= m.start and m.end <= end
               for m in matches):
            match.form = "address"
    return matches


NAME_FORMS = {"name", "first name", "surname", "near-miss"}
ADDRESS_FORMS = {"address", "street"}
PLACE_KINDS = {"address", "street", "postcode", "town", "school", "nursery", "gp surgery", "hospital", "other place"}


def _without_overlaps(matches: list[RegisterMatch]) -> list[RegisterMatch]:
    """Longest first; a match overlapping one already chosen is dropped (the chosen kept sorted by start,
    so only the neighbours where a match would go need checking)."""
    chosen: list[RegisterMatch] = []
    starts: list[int] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.ambiguous, m.start)):
        at = bisect_left(starts, m.start)
        if (at and chosen[at - 1].end > m.start) or (at < len(chosen) and chosen[at].start < m.end):
            continue
        chosen.insert(at, m)
        starts.insert(at, m.start)
    return chosen


def _fit_case(text: str, start: int, replacement: str) -> str:
    """A generic replacement at the start of a sentence starts with a capital."""
    before = text[:start].rstrip(" \t")
    if replacement[:1].islower() and (not before or before[-1] in ".!?\n#|>*-"):
        return replacement[0].upper() + replacement[1:]
    return replacement
