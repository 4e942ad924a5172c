"""From a text with real names to a public text, and the findings a person must decide.

1. Register values are replaced by their pseudonyms or generic wording (ground truth).
   A name several people share, with no context to say whose it is, becomes a finding.
2. The analyser (presidio + spaCy + UK recognisers) looks for anything else; what the
   allow-list keeps, or what is the replacement we just wrote, is dropped; the rest are
   findings, each with a stable id.
   Every image is a finding too (a picture can show a face or a name): keep it, or replace it
   with words; by value, its value is the image's file name. A replaced image takes what was
   found in its alt text with it: those findings need no decision of their own.
3. Exact dates follow the date policy.
4. Decisions replace or keep findings; those that match nothing are stale.
5. The result is checked against the register again: anything left is reported.
The text is treated as a whole (headings, table cells, link text and targets, alt text).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .allowlist import Allowlist
from .analyzer import Analyzer, Detection
from .dates import policy_edits
from .decisions import Decision, DecisionBook
from .proposals import propose
from .recognizers.uk import FirstNameRecognizer
from .register import Register, RegisterMatch

REGISTER_AMBIGUOUS = "REGISTER_AMBIGUOUS"
IMAGE = "IMAGE"
IMAGE_DETECTOR = "image (a person must look at it)"
NER_DETECTOR = "SpacyRecognizer"
# the weaker guess gives way where two overlap: a pattern, then the model's span, then a listed name
RANK = {NER_DETECTOR: 1, FirstNameRecognizer.NAME: 2}


@dataclass
class Context:
    """A highlighted piece of text in its sentence."""

    before: str
    text: str
    after: str

    @classmethod
    def around(cls, text: str, start: int, end: int) -> "Context":
        floor, ceiling = max(0, start - 300), min(len(text), end + 300)
        left = max(text.rfind(p, floor, start) for p in ("\n\n", ". ", "? ", "! ", "\n|"))
        left = floor if left < 0 else left + 1
        rights = [i for i in (text.find(p, end, ceiling) for p in (". ", "? ", "! ", "\n\n", " |\n")) if i >= 0]
        right = min(rights) + 1 if rights else ceiling
        return cls(text[left:start].lstrip(), text[start:end], text[end:right].rstrip())

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

    @property
    def status(self) -> str:
        return self.decision.action if self.decision else "pending"

    def as_json(self) -> dict:
        d = self.decision
        return {"id": self.id, "kind": self.entity, "text": self.text, "score": self.score,
                "detector": self.detector, "sentence": self.context.sentence, "proposed": self.proposed,
                "status": self.status, "replacement": d.replacement if d else None,
                "decided_by": d.decided_by if d else None, "date": d.date.isoformat() if d else None,
                "reason": d.reason if d else None, "decided_as": d.target if d else None}


@dataclass
class Change:
    """An automatic change: a register value or an exact date under the date policy."""

    source: str
    form: str
    original: str
    replacement: str
    context: Context

    def as_json(self) -> dict:
        return {"source": self.source, "form": self.form, "original": self.original,
                "replacement": self.replacement, "sentence": self.context.sentence}


@dataclass
class Outcome:
    public_text: str
    findings: list[Finding]
    changes: list[Change]
    stale: list[Decision]
    leftovers: list[RegisterMatch] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (target in the draft, target in the public text)

    @property
    def pending(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "pending"]


def finding_id(entity: str, text: str, sentence: str) -> str:
    sentence = re.sub(r"\s+", " ", sentence).strip().casefold()
    key = f"{entity}|{text.casefold()}|{sentence}"
    return "F" + hashlib.sha1(key.encode()).hexdigest()[:8].upper()


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


MARKDOWN_IMAGE = re.compile(r'!\[(?:[^\[\]\\]|\\.)*\]\((?P<target>[^)\s]+)(?:\s+"[^"]*")?\)(?:\{[^}]*\})?')
LINK_TARGET = re.compile(r"\]\(([^)\s]*)|<((?:https?|mailto):[^>\s]*)>")
# an underscore inside a word is part of it ("@jade_x", "jade_smith@example.co.uk"), not emphasis
MARKUP = re.compile(r"[|#*\[\]()!>`]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|^\s*[-:| ]+$", re.MULTILINE)


def link_targets(text: str) -> list[tuple[int, int]]:
    """Where Markdown link and image targets are: a replacement there must stay a valid address."""
    return [m.span(1) if m.group(1) is not None else m.span(2) for m in LINK_TARGET.finditer(text)]


def fit_target(replacement: str, start: int, targets: list[tuple[int, int]]) -> str:
    if any(s <= start < e for s, e in targets):
        return re.sub(r"[^a-z0-9]+", "-", replacement.lower()).strip("-")
    return replacement


def plain(text: str) -> str:
    """Markdown punctuation blanked out, same length, so NER reads words, not table rules."""
    return MARKUP.sub(lambda m: " " * len(m.group(0)), text)


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
    words the document also uses in lower case ("Attendance" at the start of a sentence, "Jade"
    in a report about jade jewellery) are not names."""
    start, end, d = candidate
    words = text[start:end]
    if d.detector not in RANK:
        return True
    if not re.search(r"[A-Za-z]", words):
        return False
    return " " in words or words.lower() not in lower_words


def _without_overlaps(items: list[tuple[int, int, Detection]]) -> list[tuple[int, int, Detection]]:
    """On the same words the stronger detector wins (RANK); then the longer span, then the score."""
    chosen: list[tuple[int, int, Detection]] = []
    for item in sorted(items, key=lambda i: (RANK.get(i[2].detector, 0), -(i[1] - i[0]), -i[2].score)):
        if not any(item[0] < e and s < item[1] for s, e, _ in chosen):
            chosen.append(item)
    return sorted(chosen, key=lambda i: i[0])


def anonymise(text: str, register: Register, allowlist: Allowlist, analyzer: Analyzer,
              date_policy: str = "month-year", decisions: list[Decision] = ()) -> Outcome:
    book = DecisionBook(list(decisions))
    changes: list[Change] = []
    drafted_images = [m.group("target") for m in MARKDOWN_IMAGE.finditer(text)]

    # 1. the register
    matches = register.find(text)
    targets = link_targets(text)
    for m in matches:
        m.replacement = fit_target(m.replacement, m.start, targets) if m.replacement else m.replacement
    for m in matches:
        if not m.ambiguous:
            changes.append(Change("register", m.form, m.text, m.replacement, Context.around(text, m.start, m.end)))
    edits = [(m.start, m.end, m.replacement if not m.ambiguous else m.text) for m in matches]
    text, spans = apply_edits(text, edits)
    written = [s for s, m in zip(spans, matches) if not m.ambiguous]
    findings: list[Finding] = []
    for (start, end), m in zip(spans, matches):
        if m.ambiguous:
            who = " or ".join(register.replacement_for(o, m.form) for o in m.owners)
            context = Context.around(text, start, end)
            findings.append(Finding(finding_id(REGISTER_AMBIGUOUS, m.text, context.sentence), REGISTER_AMBIGUOUS,
                                    m.text, start, end, 1.0, f"register ({m.form})", context, who))

    # 2. the analyser (a detection crossing an image's edge keeps only its part outside the image,
    # so each edit is inside an image or outside it; the image itself is a finding)
    images = image_findings(text)
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
    findings = sorted(findings + images, key=lambda f: f.start)

    # 3. decisions, 4. the date policy, outside what a finding covers
    for f in findings:
        f.decision = book.decide(f.id, f.text)
    # a replaced image takes its alt text and target with it: what was found there needs no decision
    dropped = [(f.start, f.end) for f in images if f.decision and f.decision.replacement]
    findings = [f for f in findings if f.entity == IMAGE or not any(s <= f.start and f.end <= e for s, e in dropped)]
    covering = [f for f in findings if f.entity != IMAGE or (f.start, f.end) in dropped]
    targets = link_targets(text)
    final = [(f.start, f.end, fit_target(f.decision.replacement, f.start, targets))
             for f in findings if f.decision and f.decision.replacement]
    covered = merged([(f.start, f.end) for f in covering])
    for e in policy_edits(text, date_policy):
        if not overlapping(covered, e.start, e.end) and \
                not any(s <= e.start and e.end <= t for s, t in overlapping(allowed, e.start, e.end)):
            final.append((e.start, e.end, e.replacement))
            changes.append(Change("date policy", date_policy, e.original, e.replacement,
                                  Context.around(text, e.start, e.end)))
    public_text, _ = apply_edits(text, final)
    kept = [target for target, f in zip(drafted_images, images, strict=True) if (f.start, f.end) not in dropped]
    published = [m.group("target") for m in MARKDOWN_IMAGE.finditer(public_text)]
    return Outcome(public_text, findings, changes, book.stale, register.find(public_text),
                   list(zip(kept, published, strict=True)))


def image_findings(text: str) -> list[Finding]:
    """Each image, whole (alt text, target, attributes), as a finding valued by its file name."""
    found = []
    for m in MARKDOWN_IMAGE.finditer(text):
        name = m.group("target").rsplit("/", 1)[-1]
        context = Context.around(text, m.start(), m.end())
        found.append(Finding(finding_id(IMAGE, name, context.sentence), IMAGE, name, m.start(), m.end(), 1.0,
                             IMAGE_DETECTOR, context, propose(IMAGE, name, context.before)))
    return found
