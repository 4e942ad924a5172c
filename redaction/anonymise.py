"""From a text with real names to a public text, and the findings a person must decide.

1. Register values are replaced by their pseudonyms or generic wording (ground truth), written
   to read well: a repeated wording is said once ("the family home, the family home"), a surname
   initial after a pseudonym goes with it, words in brackets that repeat what stands before them
   are left out, and a date of birth follows the date policy. A name several people share, with
   no context to say whose it is, becomes a finding; so does a register value the sentence talks
   about as a name (in quotation marks, after "called", "known as", "spelled"...): a person words it;
   so does a flat or house number alone ("Flat 3") where its paragraph does not name the address.
2. The analyser (presidio + spaCy + UK recognisers) looks for anything else; what the
   allow-list keeps, or what is the replacement we just wrote, is dropped; the rest are
   findings, each with a stable id. An unknown capitalised word right after a pseudonym is one.
   Every image is a finding too (a picture can show a face or a name): keep it, or replace it
   with words; by value, its value is the image's file name, and its id names its content, so a
   different picture is a new finding. A replaced image takes what was found in its alt text
   with it: those findings need no decision of their own.
3. Exact dates follow the date policy.
4. Every automatic change has an id too. Decisions replace or keep findings and changes, or
   rewrite the sentence around one (the rewritten draft is anonymised again); those that match
   nothing are stale. Replacement text is plain text: Markdown in it is escaped.
5. The result is checked against the register again: anything left is reported.
The text is treated as a whole (headings, table cells, link text and targets, alt text).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from . import titles
from .addresses import PARTS
from .allowlist import Allowlist
from .analyzer import Analyzer, Detection
from .dates import MONTHS, policy_edits
from .decisions import Decision, DecisionBook, DecisionsError
from .proposals import IMAGE, propose
from .recognizers.uk import FirstNameRecognizer
from .register import NAME_FORMS, Register, RegisterMatch
from .safe import is_english

REGISTER_AMBIGUOUS = "REGISTER_AMBIGUOUS"
REGISTER_NAME_AS_WORD = "REGISTER_NAME_AS_WORD"
REGISTER_ADDRESS_PART = "REGISTER_ADDRESS_PART"
NAME_AFTER_PSEUDONYM = "NAME_AFTER_PSEUDONYM"
IMAGE_DETECTOR = "image (a person must look at it)"
# Wording the tool has offered as guidance to the checker, never as text to publish: publish refuses it.
GUIDANCE = ("(name their role)", "keep it if it shows no one", "otherwise replace it with words",
            "[removed]", "[date of birth withheld]", "WRITE THE WORDING")
NER_DETECTOR = "SpacyRecognizer"
# the weaker guess gives way where two overlap: a pattern, then the model's span, then a listed name
RANK = {NER_DETECTOR: 1, FirstNameRecognizer.NAME: 2}
AFTER_PSEUDONYM_DETECTOR = "a capitalised word right after a pseudonym"
PERSON_FORMS = NAME_FORMS | {"initials"}
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

# A register value the sentence talks about as a name: in quotation marks, or after or before these words.
QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d\n]{1,300}[\"\u201d]")
NAME_CUE_BEFORE = re.compile(
    r"\b(?:known|referred to|nicknamed|named|(?:mis)?spel(?:led|t|ling)(?:\s+of)?|(?:is|was|were|are|be|been|being"
    r"|get|gets|got|asked to be|likes? to be|liked to be|wanted to be|prefer(?:s|red)? to be)\s+called"
    r"|call(?:s|ed|ing)?\s+(?:her|him|them|me|us|herself|himself|themselves|myself))\s+(?:as\s+)?[\"\u201c'\u2018]?$",
    re.IGNORECASE)
NAME_CUE_AFTER = re.compile(
    r"^[\"\u201d'\u2019]?,?\s+\(?(?:as|which is what|what)\s+(?:[\w'\u2019]+\s+){1,3}?"
    r"(?:(?:asked|liked|likes|wanted|wants|preferred|prefers|chose|chooses)\s+to\s+be\s+(?:called|known)"
    r"|(?:was|is|were|had been|has been)\s+(?:known|called))\b", re.IGNORECASE)
OPENING_QUOTES, CLOSING_QUOTES = "\"\u201c'\u2018", "\"\u201d'\u2019"
# Markdown punctuation in a replacement is written as a character, never as markup.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~^$])")
STOP_WORDS = {"a", "an", "the", "of", "and", "or", "their", "his", "her", "its", "to", "in", "on", "for", "with"}


@dataclass
class Context:
    """A highlighted piece of text in its sentence, and where the sentence is in the text."""

    before: str
    text: str
    after: str
    start: int = 0
    end: int = 0

    @classmethod
    def around(cls, text: str, start: int, end: int) -> "Context":
        floor, ceiling = max(0, start - 300), min(len(text), end + 300)
        left = max(text.rfind(p, floor, start) for p in ("\n\n", ". ", "? ", "! ", "\n|"))
        left = floor if left < 0 else left + 1
        rights = [i for i in (text.find(p, end, ceiling) for p in (". ", "? ", "! ", "\n\n", " |\n")) if i >= 0]
        right = min(rights) + 1 if rights else ceiling
        before, after = text[left:start], text[end:right]
        return cls(before.lstrip(), text[start:end], after.rstrip(),
                   left + len(before) - len(before.lstrip()), right - len(after) + len(after.rstrip()))

    @property
    def sentence(self) -> str:
        return f"{self.before}{self.text}{self.after}"


@dataclass
class Finding:
    id: str
    entity: str
    text: str
    start: int
    end: int
    score: float
    detector: str
    context: Context
    proposed: str
    decision: Decision | None = None
    section: str = ""
    after: str = ""          # the sentence as it will be published (with the proposal while pending)
    shown: str | None = None  # what the sentence would get, shown in `after` where it is no proposal
    new: Decision | None = None  # a keep by value that did not cover this place: it is new since then
    where: tuple[int, int] = (0, 0)  # the sentence's span in the draft (what a rewrite replaces)
    content: str = ""  # a picture's SHA-256: its id names its content

    @property
    def status(self) -> str:
        return self.decision.action if self.decision else "pending"

    def as_json(self) -> dict:
        d = self.decision
        return {"id": self.id, "kind": self.entity, "text": self.text, "score": self.score,
                "detector": self.detector, "section": self.section, "sentence": self.context.sentence,
                "after": self.after, "proposed": self.proposed, "status": self.status,
                "replacement": (d.rewrite or d.replacement) if d else None,
                "decided_by": d.decided_by if d else None, "date": d.date.isoformat() if d else None,
                "reason": d.reason if d else None, "decided_as": d.target if d else None,
                "new_since": self.new.target if self.new else None}


@dataclass
class Change:
    """An automatic change: a register value or an exact date under the date policy."""

    id: str
    source: str
    form: str
    value: str        # the register value or date as written (what a decision by value names)
    original: str     # what the change replaces (the value, with a repeated wording or initial beside it)
    replacement: str  # "" when the words beside it already say it
    context: Context
    decision: Decision | None = None
    section: str = ""
    after: str = ""
    where: tuple[int, int] = (0, 0)

    @property
    def published(self) -> str:
        d = self.decision
        if d and d.action == "replace":
            return d.replacement
        return self.original if d and d.action == "keep" else self.replacement

    def as_json(self) -> dict:
        d = self.decision
        return {"id": self.id, "source": self.source, "form": self.form, "original": self.original,
                "replacement": self.published, "automatic": self.replacement, "section": self.section,
                "sentence": self.context.sentence, "after": self.after,
                "decided_as": d.target if d else None, "action": d.action if d else None}


@dataclass
class Outcome:
    public_text: str
    findings: list[Finding]
    changes: list[Change]
    stale: list[Decision]
    leftovers: list[RegisterMatch] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (target in the draft, target in the public text)
    rewritten: list[tuple[Decision, str]] = field(default_factory=list)  # each rewrite and the sentence it replaced

    @property
    def pending(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "pending"]


def finding_id(entity: str, text: str, sentence: str) -> str:
    sentence = re.sub(r"\s+", " ", sentence).strip().casefold()
    key = f"{entity}|{text.casefold()}|{sentence}"
    return "F" + hashlib.sha1(key.encode()).hexdigest()[:8].upper()


def change_id(form: str, original: str, sentence: str) -> str:
    """Like a finding's id: the same change in the same sentence keeps its id from run to run."""
    return "C" + finding_id(f"change|{form}", original, sentence)[1:]


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Replace non-overlapping spans; return the new text and where each replacement now is."""
    out: list[str] = []
    spans = []
    last = shift = 0
    for start, end, replacement in sorted(edits):
        out.append(text[last:start])
        spans.append((start + shift, start + shift + len(replacement)))
        out.append(replacement)
        shift += len(replacement) - (end - start)
        last = end
    out.append(text[last:])
    return "".join(out), spans


class Shifts:
    """Where a position moves when edits are applied to a text, and back: a sentence found in one
    version of the text is shown, decided and rewritten in the others."""

    def __init__(self, edits: list[tuple[int, int, str]]):
        self.old: list[tuple[int, int]] = []
        self.new: list[tuple[int, int]] = []
        shift = 0
        for start, end, replacement in sorted(edits):
            self.old.append((start, end))
            self.new.append((start + shift, start + shift + len(replacement)))
            shift += len(replacement) - (end - start)

    def forward(self, pos: int, end: bool = False) -> int:
        return _moved(pos, self.old, self.new, end)

    def back(self, pos: int, end: bool = False) -> int:
        return _moved(pos, self.new, self.old, end)


def _moved(pos: int, source: list[tuple[int, int]], target: list[tuple[int, int]], end: bool) -> int:
    """A position inside an edited span goes to the start of its replacement (the end, for a span's end)."""
    i = bisect_right(source, (pos, float("inf"))) - 1
    if i < 0:
        return pos
    (s, e), (ts, te) = source[i], target[i]
    if pos >= e and pos > s:
        return pos + te - e
    return te if end and pos > s else ts


def plain_text(wording: str, in_front_matter: bool = False) -> str:
    """Wording a person wrote, as Markdown that shows exactly those characters (in the YAML front
    matter, where a backslash would be read as YAML, the markup characters are left out)."""
    if in_front_matter:
        return re.sub(r"[\\`*_\[\]<>|#~^$\"]", "", wording)
    return MARKDOWN_SPECIAL.sub(r"\\\1", wording)


MARKDOWN_IMAGE = re.compile(r'!\[(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*\]\((?P<target>[^)\s]+)(?:\s+"[^"]*")?\)'
                            r'(?:\{[^}]*\})?')
LINK_TARGET = re.compile(r"\]\(([^)\s]*)|<((?:https?|mailto):[^>\s]*)>")
# an underscore inside a word is part of it ("@jade_x", "jade_smith@example.co.uk"), not emphasis
MARKUP = re.compile(r"[|#*\[\]()!>`]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|^\s*[-:| ]+$", re.MULTILINE)


def link_targets(text: str) -> list[tuple[int, int]]:
    """Where Markdown link and image targets are: a replacement there must stay a valid address."""
    return [m.span(1) if m.group(1) is not None else m.span(2) for m in LINK_TARGET.finditer(text)]


def in_target(start: int, targets: list[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in targets)


def fit_target(replacement: str, start: int, targets: list[tuple[int, int]]) -> str:
    if in_target(start, targets):
        return re.sub(r"[^a-z0-9]+", "-", replacement.lower()).strip("-")
    return replacement


def written_as(wording: str, start: int, targets: list[tuple[int, int]], front_matter_end: int) -> str:
    """Wording as it goes into the Markdown at `start`: a slug in a link target, plain text elsewhere."""
    if in_target(start, targets):
        return fit_target(wording, start, targets)
    return plain_text(wording, start < front_matter_end)


# an image's or a span's attributes after its closing bracket: {width="40%" #fig-id .class}
ATTRIBUTES = re.compile(r"(?<=[)\]])\{[^{}\n]*\}")
INTERNAL_TARGET = re.compile(r"(?<=\]\()#[^)\s]*")
ATTRIBUTE_SETTING = re.compile(r"[{}]|[\w\-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]*)")


def plain(text: str) -> str:
    """Markdown punctuation blanked out, same length, so NER reads words, not table rules; a table's
    cell border reads as a sentence's end, so no name or place is found across two cells. An image's
    settings (width="40%") are no text; its id and classes are (they reach the HTML). A link's target
    inside the report (#heading-id) is no text either: it is made from a heading's words, which are read
    where the heading is, and the case's anonymiser makes it follow what they become."""
    text = INTERNAL_TARGET.sub(lambda m: " " * len(m.group(0)), text)
    text = ATTRIBUTES.sub(lambda a: ATTRIBUTE_SETTING.sub(lambda m: " " * len(m.group(0)), a.group(0)), text)
    return MARKUP.sub(lambda m: "." if m.group(0) == "|" else " " * len(m.group(0)), text)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Blank-line separated blocks with their offsets: the unit of analysis and of caching."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)]


def overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans (sorted, not overlapping each other) that overlap [start, end)."""
    first = max(0, bisect_left(spans, (start, start)) - 1)
    return [(s, e) for s, e in spans[first:bisect_left(spans, (end, end))] if s < end and start < e]


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans joined where they overlap, sorted: what overlapping() needs (an image's finding
    can hold a finding inside it)."""
    joined: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if joined and s < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(e, joined[-1][1]))
        else:
            joined.append((s, e))
    return joined


def _trim(detection: Detection, text: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The part of a detection outside text we wrote ourselves, if anything specific is left."""
    pieces = [(detection.start, detection.end)]
    for s, e in overlapping(taken, detection.start, detection.end):
        pieces = [p for a, b in pieces for p in ((a, min(b, s)), (max(a, e), b)) if p[1] > p[0]]
    best = max(pieces, key=lambda p: p[1] - p[0], default=None)
    if best is None:
        return None
    piece = text[best[0]:best[1]]
    stripped = piece.strip(" \t\n.,;:'\"()[]*_|-")
    if not re.search(r"[A-Za-z0-9]", stripped) or stripped.lower() in {"s", "'s"}:
        return None
    start = best[0] + piece.index(stripped)
    return start, start + len(stripped)


def d_is_specific(candidate: tuple[int, int, Detection], text: str, lower_words: set[str]) -> bool:
    """Guesses (the NER model's, a listed first name) without a letter (dates, numbers) or single
    English words the document also uses in lower case ("Attendance" at the start of a sentence,
    "Jade" in a report about jade jewellery) are not names; a word no dictionary knows ("wrisara"
    typed in lower case) may be one."""
    start, end, d = candidate
    words = text[start:end]
    if d.detector not in RANK:
        return True
    if not re.search(r"[A-Za-z]", words):
        return False
    return " " in words or words.lower() not in lower_words or not is_english(words)


def _without_overlaps(items: list[tuple[int, int, Detection]]) -> list[tuple[int, int, Detection]]:
    """On the same words the stronger detector wins (RANK); then the longer span, then the score."""
    chosen: list[tuple[int, int, Detection]] = []
    for item in sorted(items, key=lambda i: (RANK.get(i[2].detector, 0), -(i[1] - i[0]), -i[2].score)):
        if not any(item[0] < e and s < item[1] for s, e, _ in chosen):
            chosen.append(item)
    return sorted(chosen, key=lambda i: i[0])


# --- register values, written to read well -----------------------------------------------------

@dataclass
class Planned:
    """A register value about to be replaced: where, and by what wording."""

    start: int
    end: int
    replacement: str
    match: RegisterMatch


SEPARATOR = re.compile(r",[ \t]*|[ \t]*\([ \t]*")


def talked_about(text: str, m: RegisterMatch, quoted: list[tuple[int, int]], front_matter_end: int) -> bool:
    """The sentence is about the name itself (a quotation, a nickname, a spelling): a person words it."""
    if m.start < front_matter_end:
        return False
    if any(s < m.start and m.end < e for s, e in quoted):
        return True
    before, after = text[max(0, m.start - 60):m.start], text[m.end:m.end + 120]
    if before[-1:] and before[-1] in OPENING_QUOTES and after[:1] and after[0] in CLOSING_QUOTES \
            and not after[1:2].isalpha():
        return True
    return bool(NAME_CUE_BEFORE.search(before) or NAME_CUE_AFTER.match(after))


def register_wording(register: Register, owner: str, form: str, policy: str) -> str:
    """What replaces a register value: its pseudonym or generic wording; a date of birth by the policy."""
    if form == "date of birth" and owner in register.people:
        day = register.people[owner].date_of_birth
        return str(day.year) if policy == "year" else f"{MONTHS[day.month - 1]} {day.year}"
    return register.replacement_for(owner, form)


def birth_date_wording(text: str, p: Planned, register: Register, policy: str) -> None:
    """A date of birth follows the date policy like any exact date (month and year at most: the day
    is a register value): "born on 14/02/2018" -> "born in February 2018"."""
    p.replacement = register_wording(register, p.match.owners[0], p.match.form, policy)
    on = re.search(r"\b([Oo])n\s+$", text[max(0, p.start - 4):p.start])
    if on:
        p.start -= len(on.group(0))
        p.replacement = ("I" if on.group(1) == "O" else "i") + "n " + p.replacement


def take_initial(text: str, p: Planned, register: Register) -> None:
    """"Willow H" -> "Child W", not "Child W H": a capital initial of the person's names goes too."""
    person = register.people[p.match.owners[0]]
    initial = re.match(r" ([A-Z])(?:\.(?= ?[a-z,;)]))?(?![\w'\u2019])", text[p.end:p.end + 6])
    letters = {w[0].upper() for n in (person.name, *person.aliases) for w in re.split(r"[\s\-]+", n) if w}
    if initial and initial.group(1) in letters and initial.group(1) not in "AI":
        p.end += initial.end()


COURTESY_BEFORE = re.compile(rf"\b{titles.alternation(titles.COURTESY)}\.?[ \t]+$", re.IGNORECASE)


def take_title(text: str, p: Planned) -> None:
    """"Ms Shannon" -> "Mother", not "Ms Mother": a courtesy title before a name goes with it (the
    pseudonym says who the person is, and "Mr C" carries its own title)."""
    title = COURTESY_BEFORE.search(text, max(0, p.start - 8), p.start)
    if title and p.replacement:
        p.start = title.start()


def _repeat_after(text: str, p: Planned, following: Planned | None) -> tuple[int, bool] | None:
    """Where "<wording>, <the same wording>" (or "... (<the same>)") ends, and whether the repeat is
    the next change."""
    sep = SEPARATOR.match(text, p.end)
    wording = p.replacement.casefold()
    if not sep or not wording:
        return None
    at = sep.end()
    if following and following.start == at and following.replacement.casefold() == wording:
        stop, joined = following.end, True
    elif text[at:at + len(wording)].casefold() == wording and \
            re.match(r"[ \t]*(?:[,.;:!?)\n]|$)", text[at + len(wording):]):
        stop, joined = at + len(wording), False
    else:
        return None
    if "(" in sep.group(0):
        close = re.match(r"[ \t]*\)", text[stop:])
        if not close:
            return None
        stop += close.end()
    return stop, joined


def _repeat_before(text: str, p: Planned) -> int | None:
    """Where "<the same wording>, <value>" starts, when the words before already say the replacement."""
    wording = p.replacement
    if not wording:
        return None
    found = re.search(rf"(?<![\w]){re.escape(wording)},[ \t]*$", text[max(0, p.start - len(wording) - 4):p.start],
                      re.IGNORECASE)
    return p.start - len(found.group(0)) if found else None


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text) if len(w) >= 3 and w.lower() not in STOP_WORDS}


def _said_before(text: str, p: Planned, previous: Planned | None) -> tuple[int, int] | None:
    """"Mother's mobile (a mobile number)": a bracket whose wording repeats the words before it goes."""
    opening = re.search(r"[ \t]*\([ \t]*$", text[max(0, p.start - 10):p.start])
    closing = re.match(r"[ \t]*\)", text[p.end:])
    if not (opening and closing):
        return None
    start = p.start - len(opening.group(0))
    words = " ".join(re.findall(r"[A-Za-z]+", text[max(0, start - 40):start])[-3:])
    if previous and start - previous.end <= 1:
        words += " " + previous.replacement
    return (start, p.end + closing.end()) if _content_words(words) & _content_words(p.replacement) else None


def readable(text: str, plans: list[Planned]) -> list[Planned]:
    """Register replacements that say the same thing side by side are said once; a bracket that
    repeats the words before it is left out."""
    plans = sorted(plans, key=lambda p: p.start)
    out: list[Planned] = []
    i = 0
    while i < len(plans):
        p = plans[i]
        if not p.replacement or "\n" in text[p.start:p.end]:
            out.append(p)
            i += 1
            continue
        repeated = False
        while found := _repeat_after(text, p, plans[i + 1] if i + 1 < len(plans) else None):
            p.end, joined = found
            i += joined
            repeated = True
        start = _repeat_before(text, p)
        if start is not None and (not out or out[-1].end <= start):
            p.replacement = text[start:start + len(p.replacement)]
            p.start, repeated = start, True
        if repeated and text[p.end:p.end + 1] == "," and text[p.end + 1:].lstrip()[:1].islower() \
                and not text[:p.start].rstrip().endswith(","):
            p.end += 1  # "Maureen Hartnell, Maternal Grandmother, brought" -> "Maternal Grandmother brought"
        bracket = _said_before(text, p, out[-1] if out else None)
        if bracket and (not out or out[-1].end <= bracket[0]):
            p.start, p.end = bracket
            p.replacement = ""
        out.append(p)
        i += 1
    return out


# --- one anonymisation of one draft ------------------------------------------------------------

def anonymise(text: str, register: Register, allowlist: Allowlist, analyzer: Analyzer,
              date_policy: str = "month-year", decisions: list[Decision] = (),
              image_hashes: dict[str, str] | None = None) -> Outcome:
    """The public text of `text`, its findings and changes. A decision that rewrites a sentence
    rewrites it in the draft, which is then anonymised again (the new sentence is checked like any)."""
    book = DecisionBook(list(decisions))
    outcome = _anonymise(text, register, allowlist, analyzer, date_policy, book, image_hashes or {})
    rewrites = located_rewrites(outcome)
    if rewrites:
        replaced = [(d, text[s:e]) for d, (s, e) in rewrites]
        text = rewritten(text, rewrites, register)
        outcome = _anonymise(text, register, allowlist, analyzer, date_policy, book, image_hashes or {})
        outcome.rewritten = replaced
    outcome.stale = book.stale
    return outcome


def located_rewrites(outcome: Outcome) -> list[tuple[Decision, tuple[int, int]]]:
    """Each rewrite decision with the span of its sentence in the draft, once each, in order."""
    spans: dict[int, tuple[Decision, tuple[int, int]]] = {}
    for item in (*outcome.findings, *outcome.changes):
        if item.decision and item.decision.action == "rewrite":
            spans.setdefault(item.decision.index, (item.decision, item.where))
    chosen: list[tuple[Decision, tuple[int, int]]] = []
    problems = []
    for decision, (start, end) in sorted(spans.values(), key=lambda x: x[1]):
        clash = next((d for d, (s, e) in chosen if s < end and start < e), None)
        if clash:
            problems.append((("decisions", decision.index, "rewrite"),
                             f"rewrites the same sentence as the decision for {clash.target}",
                             "keep one rewrite for the sentence"))
        else:
            chosen.append((decision, (start, end)))
    if problems:
        raise DecisionsError(problems)
    return chosen


def rewritten(text: str, rewrites: list[tuple[Decision, tuple[int, int]]], register: Register) -> str:
    """The draft with each rewritten sentence in place; a rewrite naming a register value is an error."""
    problems = [(("decisions", d.index, "rewrite"),
                 f"the rewritten sentence holds '{found[0].text}' from the register",
                 "write it without the name or detail: the rewrite is published as written")
                for d, _ in rewrites if (found := register.find(d.rewrite))]
    if problems:
        raise DecisionsError(problems)
    front_matter_end = _front_matter_end(text)
    return apply_edits(text, [(s, e, plain_text(d.rewrite, s < front_matter_end)) for d, (s, e) in rewrites])[0]


def _front_matter_end(text: str) -> int:
    front = FRONT_MATTER.match(text)
    return front.end() if front else 0


def section_titles(text: str) -> tuple[list[int], list[str]]:
    """Where each level-1 heading (a section of the report) starts, and its title."""
    found = [(m.start(), m.group(1).strip()) for m in re.finditer(r"^# (.+)$", text, re.MULTILINE)]
    return [s for s, _ in found], [t for _, t in found]


def section_at(sections: tuple[list[int], list[str]], pos: int) -> str:
    i = bisect_right(sections[0], pos) - 1
    return sections[1][i] if i >= 0 else "title page"


def _anonymise(draft: str, register: Register, allowlist: Allowlist, analyzer: Analyzer, date_policy: str,
               book: DecisionBook, image_hashes: dict[str, str]) -> Outcome:
    front_matter_end = _front_matter_end(draft)

    # 1. the register
    matches = register.find(draft, parts=True)
    targets = link_targets(draft)
    quoted = [m.span() for m in QUOTED.finditer(draft)]
    held = [m for m in matches
            if m.ambiguous or m.form in PARTS or talked_about(draft, m, quoted, front_matter_end)]
    held_ids = {id(m) for m in held}
    plans = []
    for m in matches:
        if id(m) in held_ids:
            continue
        p = Planned(m.start, m.end, m.replacement, m)
        if m.owners[0] in register.people and m.form == "date of birth":
            birth_date_wording(draft, p, register, date_policy)
        elif m.owners[0] in register.people and m.form in PERSON_FORMS and not in_target(m.start, targets):
            take_initial(draft, p, register)
            take_title(draft, p)
        plans.append(p)
    plans = [p for p in readable(draft, plans) if not any(p.start < h.end and h.start < p.end for h in held)]
    changes, edits = [], []
    for p in plans:
        context = Context.around(draft, p.start, p.end)
        original = draft[p.start:p.end]
        change = Change(change_id(p.match.form, original, context.sentence), "register", p.match.form, p.match.text,
                        original, fit_target(p.replacement, p.start, targets), context)
        change.decision = book.decide(change.id, change.value)
        changes.append(change)
        edits.append((p.start, p.end, _wording_of(change, p.start, targets, front_matter_end)))
    text, spans = apply_edits(draft, edits)
    register_shifts = Shifts(edits)
    automatic = [(p.start, p.end, c.replacement) for p, c in zip(plans, changes)]
    automatic_text, automatic_shifts = apply_edits(draft, automatic)[0], Shifts(automatic)

    def stable_sentence(start: int, end: int) -> str:
        """The sentence as the automatic replacements write it: what ids are made from, so that
        deciding a change leaves the ids of the findings beside it (and their decisions) as they were."""
        return Context.around(automatic_text, automatic_shifts.forward(register_shifts.back(start)),
                              automatic_shifts.forward(register_shifts.back(end, end=True), end=True)).sentence
    sections = section_titles(text)
    written = [s for s, c in zip(spans, changes) if c.published and c.published != c.original]
    findings: list[Finding] = []
    for m in held:
        start, end = register_shifts.forward(m.start), register_shifts.forward(m.end, end=True)
        context = Context.around(text, start, end)
        if m.ambiguous:  # "the Child W or Mother family" is a choice for a person, never wording to copy
            entity, proposed = REGISTER_AMBIGUOUS, None
            shown = " or ".join(dict.fromkeys(register_wording(register, o, m.form, date_policy) for o in m.owners))
        elif m.form in PARTS:  # "Flat 3" alone: the address's, or any flat; its wording if it is the address's
            entity, proposed = REGISTER_ADDRESS_PART, m.replacement
            shown = proposed
        else:
            entity = REGISTER_NAME_AS_WORD
            proposed = register_wording(register, m.owners[0], m.form, date_policy) \
                if m.form == "date of birth" else None  # "called her Child W" misquotes: a person words it
            shown = proposed or m.replacement
        findings.append(Finding("", entity, m.text, start, end, 1.0, f"register ({m.form})", context, proposed,
                                shown=shown))

    # 2. the analyser (a detection crossing an image's edge keeps only its part outside the image,
    # so each edit is inside an image or outside it; the image itself is a finding)
    images = image_findings(text, draft, register_shifts, image_hashes)
    image_spans = [(f.start, f.end) for f in images]
    blocks = paragraphs(text)
    allowed = sorted(allowlist.spans(text))
    taken = sorted(written + [(f.start, f.end) for f in findings])
    candidates = []
    for (offset, _), detections in zip(blocks, analyzer.analyse([plain(b) for _, b in blocks])):
        for d in detections:
            if d.detector == NER_DETECTOR and overlapping(written, d.start + offset, d.end + offset):
                continue  # the model saw the pseudonym we wrote, perhaps with a neighbouring word
            span = _trim(Detection(d.start + offset, d.end + offset, d.entity, d.score, d.detector), text, taken)
            crossed = [(s, e) for s, e in overlapping(image_spans, *span) if not s <= span[0] < span[1] <= e] if span else []
            if crossed:
                span = _trim(Detection(*span, d.entity, d.score, d.detector), text, crossed)
            if span and not allowlist.allows(text[span[0]:span[1]], span[0], span[1], allowed):
                candidates.append((span[0], span[1], d))
    lower_words = set(re.findall(r"(?<![\w'])[a-z][a-z'\-]*(?![\w'])", text))
    candidates = [c for c in candidates if d_is_specific(c, text, lower_words)]
    for start, end, d in _without_overlaps(candidates):
        context = Context.around(text, start, end)
        findings.append(Finding(finding_id(d.entity, text[start:end], context.sentence), d.entity, text[start:end],
                                start, end, d.score, d.detector, context,
                                propose(d.entity, text[start:end], context.before)))
    named = [s for s, c in zip(spans, changes) if c.form in PERSON_FORMS and c.published
             and not (c.decision and c.decision.action == "keep")]
    findings += after_pseudonyms(text, named + pseudonyms_written(text, register, named), findings, lower_words,
                                 allowlist, allowed)
    findings = sorted(findings + images, key=lambda f: f.start)
    for f in findings:
        f.id = finding_id(f.entity, f"{f.text} {f.content}".strip(), stable_sentence(f.start, f.end))

    # 3. decisions, 4. the date policy, outside what a finding covers
    for f in findings:
        f.decision = book.decide(f.id, f.text, picture=f.entity == IMAGE)
        f.new = book.uncovered.get(f.id)
    # a replaced image takes its alt text and target with it: what was found there needs no decision
    dropped = [(f.start, f.end) for f in images if f.decision and f.decision.action == "replace"]
    findings = [f for f in findings if f.entity == IMAGE or not any(s <= f.start and f.end <= e for s, e in dropped)]
    covering = [f for f in findings if f.entity != IMAGE or (f.start, f.end) in dropped]
    targets = link_targets(text)
    final = [(f.start, f.end, written_as(f.decision.replacement, f.start, targets, front_matter_end))
             for f in findings if f.decision and f.decision.action == "replace"]
    covered = merged([(f.start, f.end) for f in covering])
    date_changes = []
    for e in policy_edits(text, date_policy):
        if not overlapping(covered, e.start, e.end) and \
                not any(s <= e.start and e.end <= t for s, t in overlapping(allowed, e.start, e.end)):
            context = Context.around(text, e.start, e.end)
            change = Change(change_id("date policy", e.original, stable_sentence(e.start, e.end)), "date policy",
                            date_policy, e.original, e.original, e.replacement, context)
            change.decision = book.decide(change.id, change.value)
            final.append((e.start, e.end, _wording_of(change, e.start, targets, front_matter_end)))
            date_changes.append((change, e.start))
    public_text, _ = apply_edits(text, final)
    public_shifts = Shifts(final)

    # where each sentence is in the draft (for a rewrite) and how it reads after (for the checker)
    proposals = [(f.start, f.end, written_as(f.proposed or f.shown, f.start, targets, front_matter_end))
                 for f in findings if f.status == "pending" and (f.proposed or f.shown) and f.entity != IMAGE]
    preview, _ = apply_edits(text, final + proposals)
    preview_shifts = Shifts(final + proposals)
    for f in findings:
        f.section = section_at(sections, f.start)
        start, end = rewritable(text, f.context, f.start, f.end)
        f.where = (register_shifts.back(start), register_shifts.back(end, end=True))
        f.after = preview[preview_shifts.forward(f.context.start):preview_shifts.forward(f.context.end, end=True)]
    for change, p in zip(changes, plans):
        start, end = (register_shifts.forward(change.context.start),
                      register_shifts.forward(change.context.end, end=True))
        change.where = rewritable(draft, change.context, p.start, p.end)
        change.section = section_at(sections, start)
        change.after = preview[preview_shifts.forward(start):preview_shifts.forward(end, end=True)]
    for change, at in date_changes:
        start, end = rewritable(text, change.context, at, at + len(change.original))
        change.where = (register_shifts.back(start), register_shifts.back(end, end=True))
        change.section = section_at(sections, at)
        change.after = preview[preview_shifts.forward(change.context.start):
                               preview_shifts.forward(change.context.end, end=True)]
    kept = [published_image(f, draft, register_shifts, public_text, public_shifts)
            for f in images if (f.start, f.end) not in dropped]
    return Outcome(public_text, findings, changes + [c for c, _ in date_changes], [], register.find(public_text),
                   kept)


def rewritable(text: str, context: Context, start: int, end: int) -> tuple[int, int]:
    """What a rewrite replaces: the sentence around [start, end); in a table, only its part in that cell."""
    line = text.rfind("\n", 0, start) + 1
    if not text[line:start].lstrip().startswith("|"):
        return context.start, context.end
    left = max(text.rfind("|", line, start) + 1, context.start)
    stop = text.find("\n", end) % (len(text) + 1)
    bar = text.find("|", end, stop)
    right = min(bar if bar >= 0 else stop, context.end)
    cell = text[left:right]
    return left + len(cell) - len(cell.lstrip()), right - len(cell) + len(cell.rstrip())


def _wording_of(change: Change, start: int, targets: list[tuple[int, int]], front_matter_end: int) -> str:
    """What a change writes: the automatic replacement, or the checker's wording, or the original kept."""
    d = change.decision
    if d and d.action == "replace":
        return written_as(d.replacement, start, targets, front_matter_end)
    if d and d.action == "keep":
        return change.original
    return change.replacement if in_target(start, targets) else plain_text(change.replacement, start < front_matter_end)


def pseudonyms_written(text: str, register: Register, replaced: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the authors wrote a pseudonym themselves and a capitalised word follows it."""
    names = sorted({p.pseudonym for p in register.people.values()}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(rf"(?<![\w'\u2019])(?:{'|'.join(map(re.escape, names))})(?= [A-Z])")
    return [m.span() for m in pattern.finditer(text) if not overlapping(replaced, *m.span())]


def after_pseudonyms(text: str, pseudonyms: list[tuple[int, int]], findings: list[Finding], lower_words: set[str],
                     allowlist: Allowlist, allowed: list[tuple[int, int]]) -> list[Finding]:
    """"Mother Whitfield": an unknown capitalised word right after a pseudonym (written by us or by the
    authors) is likely a surname the register does not know. The finding is the pseudonym and the
    word; the proposal, the pseudonym."""
    found = []
    taken = sorted((f.start, f.end) for f in findings)
    for start, end in sorted(pseudonyms):
        words = re.match(r"(?: [A-Z][\w'\u2019\-]*)+", text[end:end + 80])
        if not words:
            continue
        kept = []
        for word in words.group(0).split():
            if word.lower() in lower_words or word.rstrip("'\u2019s").lower() in lower_words or word in ("I", "A"):
                break
            kept.append(word)
        if not kept:
            continue
        stop = end + 1 + len(" ".join(kept))
        name = text[end + 1:stop]
        if overlapping(taken, end, stop) or allowlist.allows(name, end + 1, stop, allowed):
            continue
        context = Context.around(text, start, stop)
        found.append(Finding("", NAME_AFTER_PSEUDONYM, text[start:stop], start, stop, 0.6, AFTER_PSEUDONYM_DETECTOR,
                             context, text[start:end]))
    return found


def image_findings(text: str, draft: str, shifts: Shifts, hashes: dict[str, str]) -> list[Finding]:
    """Each image, whole (alt text, target, attributes), as a finding valued by its file name; its
    id names its content too (`hashes`: SHA-256 by target in the draft), so a different picture under
    the same name is a new finding."""
    found = []
    for m in MARKDOWN_IMAGE.finditer(text):
        name = m.group("target").rsplit("/", 1)[-1]
        digest = hashes.get(drafted_target(m.start(), m.group("target"), draft, shifts), "")
        context = Context.around(text, m.start(), m.end())
        found.append(Finding("", IMAGE, name, m.start(), m.end(), 1.0, IMAGE_DETECTOR, context,
                             propose(IMAGE, name, context.before),
                             content=digest))
    return found


def drafted_target(start: int, target: str, draft: str, shifts: Shifts) -> str:
    """An image's target as the draft wrote it (a name in it was replaced since)."""
    m = MARKDOWN_IMAGE.match(draft, shifts.back(start))
    return m.group("target") if m else target


def published_image(f: Finding, draft: str, shifts: Shifts, public_text: str, public_shifts: Shifts) -> tuple[str, str]:
    """(target in the draft, target in the public text) of a kept image."""
    m = MARKDOWN_IMAGE.match(public_text, public_shifts.forward(f.start))
    target = MARKDOWN_IMAGE.match(f.context.text).group("target")
    return drafted_target(f.start, target, draft, shifts), m.group("target") if m else target
