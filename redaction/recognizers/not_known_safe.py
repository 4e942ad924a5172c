"""Recall by default, as Philter does: whatever looks like a proper noun or an identifier and is
not known to be safe is a finding, so a detail no detector was written for is still held.

The analyser runs this after every other recogniser and keeps only what they left (see
redaction/analyzer.py); the allow-list (the review's vocabulary and the shipped national lists in
redaction/safe/) then drops what is safe. What this recogniser itself knows is safe: English words
(redaction/safe's word list) written with a capital, except where a rule below says the words are
a name all the same. Its rules, strongest first:

- a group, page, club or account: capitalised words ending in "Group", "Circle", "Club", "Page",
  "Mums"... (or followed by "group", "page"... in lower case) with at least one word that is not
  generic ("SN9 Sunflower Support Circle", "the Beath mums group");
- a street named without a house number: capitalised words and a street type ("on Larkspur Way");
- a hashtag ("#JusticeForKai") or a handle written without its "@": a CamelCase word
  ("SunflowerMums") or a word with an underscore ("deano_c90");
- a postcode district or partial postcode ("SN2", "SN2 4"), and any other token of letters and
  digits that is not an ordinal, a time or a measure ("deano90");
- a proper noun: capitalised words (a run of them, "of", "the" between) that are not all English
  words; a word at the start of a sentence counts only when it is not an English word;
- an unknown word: a lower-case word of four letters or more that is not an English word (a name
  typed in lower case, "jade hartnell"; a hashtag whose "#" the Markdown reader took away); web
  and email addresses and file names are left to their own recognisers.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from presidio_analyzer import LocalRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from .. import streets, titles
from ..safe import is_english, rare
from .result import found
from .uk.first_name import NAMES as FIRST_NAMES

TOKEN = re.compile(r"#?[^\W_][\w'\u2019]*(?:-[^\W_][\w'\u2019]*)*")
CONNECTORS = {"of", "the", "upon", "de", "du", "da", "di", "van", "von", "der", "le", "la", "&"}
STREET_TYPES = {spelling.casefold() for spelling in streets.UNAMBIGUOUS}
STREET_TYPES |= {"park", "green", "gate", "croft", "chase", "vale", "meadow", "meadows", "fields", "wharf", "yard",
                 "boulevard", "circus", "approach", "promenade", "broadway", "estate", "parkway"}
GROUP_TYPES = {"group", "groups", "circle", "club", "page", "forum", "network", "society", "collective", "crew",
               "squad", "gang", "chat", "mums", "mams", "moms", "dads", "parents", "families", "friends", "army", "fc",
               "united", "tots", "church", "chapel", "mosque", "temple", "gurdwara", "synagogue", "cafe",
               "café", "pantry", "foodbank", "project", "foundation", "association", "alliance", "league"}
# words that name no one group by themselves ("a Parent Support Group", "the Breakfast Club")
GENERIC_GROUP_WORDS = GROUP_TYPES | {"support", "parent", "parenting", "local", "community", "online", "youth",
                                     "toddler", "toddlers", "baby", "babies", "breakfast", "after", "school",
                                     "homework", "coffee", "morning", "afternoon", "evening", "play", "stay", "and",
                                     "the", "of", "for", "facebook", "whatsapp", "instagram", "snapchat", "tiktok",
                                     "messenger", "core", "peer", "drop-in", "women's", "men's", "young", "carers",
                                     "family", "new", "single", "area", "neighbourhood", "residents", "tenants"}
GENERIC_GROUP_WORDS |= {name.casefold() for name in (*calendar.day_name, *calendar.month_name) if name}
# a token of letters and digits that identifies nothing: an ordinal, a time, a measure, a school year
HARMLESS_ALNUM = re.compile(r"\d+(?:st|nd|rd|th|am|pm|s|k|kg|g|mg|ml|cm|mm|m|km|hrs?|mins?|wks?|yrs?|x|lbs?|oz|ft|"
                            r"mph|kph|p|pcs?|h|d|w|y|mo)|[Yy](?:ear)?\d{1,2}|KS\d|[Qq][1-4]|x\d+", re.IGNORECASE)
LIST_LABEL = re.compile(r"[a-z]\d{1,2}|[AC-DFHIJKOPRTUVXYZ]\d")  # "r1", "R2": not a postcode (B1, M1... are)
POSTCODE_DISTRICT = re.compile(r"[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?")
SECTOR = re.compile(r"\s\d(?![\w])")
NAME_PREFIX = re.compile(r"(?:Mc|Mac|O['\u2019]|D['\u2019]|Fitz)[A-Z][a-z]+")
CAMEL = re.compile(r"[a-z][A-Z]")
LOWER_GROUP_TAIL = re.compile(r"(?:[ \t]+(?!(?:the|a|an|to|of|and|or|in|at|on|for|with|from|by|her|his|their)\b)[a-z]+)"
                              r"{0,2}?[ \t]+(?:group|page|club|circle|forum|chat|network)\b")
LOWER_WORD = re.compile(r"[a-z][a-z'\u2019]{3,}(?:-[a-z]+)*")
# what other recognisers judge, or what is not prose: web and email addresses, paths and file names
# (an image's target), an image's attributes ({width="..."}), the field names of the draft's front matter
NOT_PROSE = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w\-]+(?:\.[\w\-]+)+/\S*|[\w.\-]+(?:/[\w.\-]+)+"
                       r"|\b[\w\-]+\.(?:png|jpe?g|gif|svg|pdf|docx?|xlsx?|csv|md)\b|\{[^{}\n]*\}"
                       r"|^[ \t]*[a-z][\w\-]*:(?=\s)", re.IGNORECASE | re.MULTILINE)
ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
SMALL_WORDS = r"(?:(?:of|and|the|for|in|to|on|&)[\s-]+)*"


def defined_here(word: str, text: str) -> bool:
    """An acronym spelled out in the same paragraph ("DVPN | Domestic Violence Protection Notice",
    "Team Around the Family (TAF)"): its words say what it is."""
    letters = re.sub(r"s$", "", word) if ACRONYM_PLURAL.fullmatch(word) else word
    if not (letters.isupper() and letters.isalpha() and 3 <= len(letters) <= 8):
        return False  # two letters are initials as often as an acronym: only a list can say
    gap = rf"[\s-]+{SMALL_WORDS}"
    spelled = gap.join(rf"{letter}[\w'\u2019]*" for letter in letters)
    return re.search(rf"\b{spelled}", text) is not None


@lru_cache(maxsize=65536)
def known(word: str) -> bool:
    """An English word (in any case), a single letter, a title or a token with digits: nothing the
    proper-noun rule holds."""
    bare = word.rstrip("'\u2019")
    if len(bare) == 1 or bare.casefold() in titles.FOLDED or alphanumeric(bare):
        return True  # a token with digits is the token rule's to judge
    if bare.isupper() and len(re.sub(r"['\u2019]s$", "", bare)) <= 3:
        return False  # initials and short acronyms ("JS", "TAF") are safe only when a list says so
    return is_english(bare)


def capitalised(token: str) -> bool:
    return token[0].isupper() or (bool(re.search(r"\d", token)) and token.isupper())


def alphanumeric(token: str) -> bool:
    return bool(re.search(r"\d", token)) and bool(re.search(r"[^\W\d_]", token))


def at_sentence_start(text: str, at: int) -> bool:
    """Nothing before `at` but a sentence's end, a line break, list or quote marks, or the gap left
    where Markdown (a table's "|", a heading's "#") was blanked out."""
    before = text[max(0, at - 40):at]
    gap = len(before) - len(before.rstrip(" \t"))
    rest = before.rstrip(" \t")
    return not rest or gap >= 2 or rest[-1] in ".!?:;\n\"'\u201c\u2018(-\u2013\u2014\u2022*>"


def runs(text: str, tokens: list[re.Match]) -> list[list[re.Match]]:
    """Capitalised tokens in a row: separated by one space, or by a connector ("of", "the"); a title
    begins a new row."""
    found_runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    pending: list[re.Match] = []
    for token in tokens:
        word = token.group(0)
        joined = bool(current) and text[(pending or current)[-1].end():token.start()] in (" ", "\t")
        if word[0] == "#" or word.rstrip(".").casefold() in titles.FOLDED:
            joined = False  # a title starts a name of its own ("HV Mrs Green")
        if joined and capitalised(word):
            current += pending
            current.append(token)
            pending = []
        elif joined and word.casefold() in CONNECTORS:
            pending.append(token)
        else:
            if current:
                found_runs.append(current)
            current = [token] if word[0] != "#" and capitalised(word) else []
            pending = []
    if current:
        found_runs.append(current)
    return found_runs


def _name_part_beside(text: str, left: re.Match | None, right: re.Match | None, word: re.Match | None = None) -> bool:
    """Whether `word` (the left one unless given) stands right beside the other, one space apart, typed
    in lower case, and is a first name or a rare dictionary word."""
    word = word or left
    if left is None or right is None or text[left.end():right.start()] != " ":
        return False
    written = word.group(0)
    return LOWER_WORD.fullmatch(written) is not None and written not in STOP_WORDS and (
        written.capitalize() in FIRST_NAMES or rare(written))


class NotKnownSafeRecognizer(LocalRecognizer):
    ENTITY = "PROPER_NOUN"
    ENTITIES = ("PROPER_NOUN", "STREET", "GROUP", "SOCIAL_MEDIA", "UK_POSTCODE", "IDENTIFIER", "UNKNOWN_WORD")
    NAME = "not-known-safe"
    SCORE = 0.5

    def __init__(self) -> None:
        super().__init__(supported_entities=list(self.ENTITIES), name=self.NAME)

    def load(self) -> None:
        """Read the word lists now, with the model, not in the middle of the first analysis."""
        is_english("held")

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        """Each rule's spans, strongest rule first; a weaker rule's span over a stronger one's is dropped."""
        skipped = [m.span() for m in NOT_PROSE.finditer(text)]
        tokens = [t for t in TOKEN.finditer(text) if not any(s <= t.start() < e for s, e in skipped)]
        rows = runs(text, tokens)
        chosen: list[tuple[int, int, str]] = []
        for start, end, entity in (*self.groups_and_streets(text, rows), *self.tokens(text, tokens),
                                   *self.proper_nouns(text, rows), *self.unknown_words(text, tokens)):
            if not any(start < e and s < end for s, e, _ in chosen):
                chosen.append((start, end, entity))
        return [found(self, entity, start, end, self.SCORE) for start, end, entity in sorted(chosen)]

    @staticmethod
    def trimmed(text: str, run: list[re.Match], drop_english_opener: bool) -> list[re.Match]:
        """The run without its leading sentence words ("The", "When", a title) and, if asked, without
        an English word that only has its capital because it opens the sentence."""
        run = list(run)
        while run and (run[0].group(0).casefold() in STOP_WORDS or run[0].group(0).casefold() in titles.FOLDED
                       or (drop_english_opener and at_sentence_start(text, run[0].start()) and known(run[0].group(0)))):
            run.pop(0)
        while run and run[-1].group(0).casefold() in CONNECTORS:
            run.pop()
        return run

    def groups_and_streets(self, text: str, rows: list[list[re.Match]]) -> list[tuple[int, int, str]]:
        spans = []
        for run in rows:
            run = self.trimmed(text, run, drop_english_opener=False)
            tail = LOWER_GROUP_TAIL.match(text, run[-1].end()) if run and "'" not in run[-1].group(0) else None
            if tail and any(t.group(0).casefold() not in GENERIC_GROUP_WORDS for t in run):
                spans.append((run[0].start(), tail.end(), "GROUP"))  # "the Beath mums group"
                continue
            if len(run) < 2:
                continue
            last = run[-1].group(0).casefold().rstrip(".")
            words = [t.group(0).casefold() for t in run]
            if last in GROUP_TYPES and any(w not in GENERIC_GROUP_WORDS for w in words):
                spans.append((run[0].start(), run[-1].end(), "GROUP"))
            elif last in STREET_TYPES and words[-2] not in STREET_TYPES:
                spans.append((run[-min(len(run), 4)].start(), run[-1].end(), "STREET"))
        return spans

    @staticmethod
    def tokens(text: str, tokens: list[re.Match]) -> list[tuple[int, int, str]]:
        """Hashtags, handles, postcode districts and other letter-and-digit tokens."""
        spans = []
        for token in tokens:
            word = token.group(0)
            if word.isalpha() and (word.islower() or not CAMEL.search(word)):
                continue  # most words: letters only, not CamelCase
            if word.startswith("#") and len(word) > 2:
                spans.append((token.start(), token.end(), "SOCIAL_MEDIA"))
            elif "_" in word or (CAMEL.search(word) and not NAME_PREFIX.fullmatch(word)):
                spans.append((token.start(), token.end(), "SOCIAL_MEDIA"))
            elif alphanumeric(word) and not HARMLESS_ALNUM.fullmatch(word) and not LIST_LABEL.fullmatch(word):
                if POSTCODE_DISTRICT.fullmatch(word):
                    sector = SECTOR.match(text, token.end())
                    spans.append((token.start(), sector.end() if sector else token.end(), "UK_POSTCODE"))
                else:
                    spans.append((token.start(), token.end(), "IDENTIFIER"))
        return spans

    def proper_nouns(self, text: str, rows: list[list[re.Match]]) -> list[tuple[int, int, str]]:
        spans = []
        for run in rows:
            run = self.trimmed(text, run, drop_english_opener=True)
            if run and not all(known(t.group(0)) or defined_here(t.group(0), text)
                               for t in run if t.group(0).casefold() not in CONNECTORS):
                # an acronym's plural ("GPs") is found as the acronym, which the allow-list can know
                end = run[-1].end() - bool(ACRONYM_PLURAL.fullmatch(run[-1].group(0)))
                spans.append((run[0].start(), end, "PROPER_NOUN"))
        return spans

    @staticmethod
    def unknown_words(text: str, tokens: list[re.Match]) -> list[tuple[int, int, str]]:
        """Unknown lower-case words ("blidcott"), with the lower-case word right beside one when it is a
        first name or a rare dictionary word ("jade blidcott", "tantric blidcott"): a name typed in lower
        case may hold an English word too."""
        spans = []
        for before, t, after in zip([None, *tokens], tokens, [*tokens[1:], None]):
            if LOWER_WORD.fullmatch(t.group(0)) and not known(t.group(0)):
                start = before.start() if _name_part_beside(text, before, t) else t.start()
                end = after.end() if _name_part_beside(text, t, after, after) else t.end()
                spans.append((start, end, "UNKNOWN_WORD"))
        return spans
