"""Finding one event told by several agencies, in their own words.

Candidate pairs are entries from different agencies dated to the same day, or to consecutive
days when the earlier says something was sent or made and the later that it was received or
screened (a referral, a notification). Each pair is scored on what survives rewording:
  - text similarity: cosine of TF-IDF vectors over character 3- to 5-grams of the content words
    (so "injured" meets "injury"; plain word overlap does not), common safeguarding abbreviations
    spelt out first ("ICPC", "ED", "s47") and each name counted once as a whole,
  - equal times (both agencies give a time within TIME_MINUTES of each other),
  - an equal kind: the Appendix 10 kind both categories name, or the meeting of agencies both
    texts name (a strategy discussion, a conference, a core group), which weighs more.
Pairs scoring at least LINK_THRESHOLD are joined, and joins are transitive: a strategy
discussion four agencies recorded is one event of four entries. Character n-grams rather than
spaCy lemmas: lemmatising 10,000 entries costs most of the stage's time budget, and n-grams
cover the same inflections. The weights were set on half of a synthetic labelled set
(bench/linking_cases.py) and are checked on the other half (tests/test_chronology_linking.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

LINK_THRESHOLD = 0.32  # a pair at or above this score is one event (set on the tuning half: bench_chronology)
TIME_WEIGHT = 0.25  # added when both entries give the same time of day
TIME_MINUTES = 30  # "the same time": recorded within this many minutes of each other
KIND_WEIGHT = 0.15  # added when both categories name the same Appendix 10 kind
MEETING_WEIGHT = 0.25  # instead, when that kind is a meeting of agencies: two agencies at one meeting that day
MEETINGS = {"Strategy discussion": re.compile(r"\bstrategy\b", re.I),
            "Meeting or child protection conference": re.compile(
                r"\b(child protection conference|icpc|rcpc|cp conference)\b", re.I),
            "Core group meeting": re.compile(r"\bcore group\b", re.I)}  # not an Appendix 10 kind: linking only
SENT_RECEIVED_WEIGHT = 0.15  # added to a next-day pair that reads as sent, then received
GRAMS = (3, 4, 5)

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom why will with would
you your yours also per via re
""".split())
WORD = re.compile(r"[a-z0-9]+")  # "s47" stays one word
SENT = re.compile(r"\b(sent|send|sends|made|makes|referred|refers|referral|faxed|emailed|posted|notified|notifies|"
                  r"notification|shared|submitted|forwarded|passed|raised)\b", re.I)
RECEIVED = re.compile(r"\b(received|receives|receipt|screened|screens|screening|triaged|triage|logged|arrived|"
                      r"recorded|reviewed|considered|read)\b", re.I)


def meeting_named(text: str) -> str | None:
    """The multi-agency meeting an entry's text names, whatever its category says."""
    return next((kind for kind, named in MEETINGS.items() if named.search(text)), None)


@dataclass(frozen=True)
class Account:
    """What linking needs of an entry."""

    agency: str
    day: dt.date | None  # None unless dated to the day
    time: dt.time | None
    kind: str | None  # the Appendix 10 kind its category names
    text: str


@dataclass(frozen=True)
class Reading:
    """What scoring reads from an account's words, worked out once per account rather than once per pair."""

    kind: str | None  # a meeting the text names outranks the category: agencies file their part in one many ways
    sends: bool
    receives: bool


def read(account: Account) -> Reading:
    return Reading(meeting_named(account.text) or account.kind, bool(SENT.search(account.text)),
                   bool(RECEIVED.search(account.text)))


# Safeguarding abbreviations agencies use for the same thing, spelt out so that "ICPC" meets
# "initial child protection conference".
ABBREVIATIONS = {
    "icpc": "initial child protection conference", "rcpc": "review child protection conference",
    "cp": "child protection", "cpp": "child protection plan", "s47": "section 47", "ed": "emergency department",
    "a&e": "emergency department", "ae": "emergency department", "hv": "health visitor", "sw": "social worker",
    "dsl": "designated safeguarding lead", "mash": "multi agency safeguarding hub referral",
    "csc": "children social care", "edt": "emergency duty team", "da": "domestic abuse",
    "dash": "domestic abuse risk", "abe": "achieving best evidence interview", "mfh": "missing from home",
    "gp": "general practitioner", "cin": "child in need", "ehcp": "education health care plan",
    "encompass": "operation encompass notification",
}
# A name: two or more capitalised words together, or one that does not start a sentence.
NAME = re.compile(r"\b[A-Z][a-z]+(?:[\s-]+[A-Z][a-z]+)+\b|(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")


@functools.lru_cache(maxsize=65536)
def word_grams(word: str) -> tuple[str, ...]:
    """Character n-grams of one word padded with spaces (word-bounded, like scikit-learn's char_wb)."""
    padded = f" {word} "
    return tuple(padded[i:i + n] for n in GRAMS for i in range(len(padded) - n + 1))


def features(text: str) -> Counter:
    """Character 3- to 5-grams of each content word, and each name as one whole feature: a name says
    who, not what happened, so it counts once rather than as a dozen n-grams. Abbreviations are spelt
    out first; function words are left out."""
    found = ["@" + " ".join(name.lower().split()) for name in NAME.findall(text)]
    for word in content_words(NAME.sub(" ", text)):
        found += word_grams(word)
    return Counter(found)


def content_words(text: str) -> list[str]:
    """Lower-cased words of three letters or more, not common English function words; abbreviations spelt out."""
    words = []
    for word in WORD.findall(text.lower().replace("a&e", "ae")):
        words += ABBREVIATIONS.get(word, word).split()
    return [w for w in words if len(w) > 2 and w not in STOPWORDS]


def tfidf(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each text as (column ids, L2-normalised weights): sublinear tf times smoothed idf over these texts."""
    columns: dict[str, int] = {}
    ids: list[int] = []
    frequencies: list[int] = []
    lengths = []
    for text in texts:
        counts = features(text)
        ids += [columns.setdefault(g, len(columns)) for g in counts]
        frequencies += counts.values()
        lengths.append(len(counts))
    ids_array = np.array(ids, dtype=np.int64)
    idf = np.log((1 + len(texts)) / (1 + np.bincount(ids_array, minlength=len(columns)))) + 1
    weights = (1 + np.log(np.array(frequencies, dtype=np.float64))) * idf[ids_array]
    ends = np.cumsum(lengths)
    vectors = []
    for start, end in zip(ends - lengths, ends):
        row = weights[start:end]
        norm = np.sqrt(row @ row)
        vectors.append((ids_array[start:end], row / norm if norm else row))
    return vectors


def similarities(vectors: list[tuple[np.ndarray, np.ndarray]], members: list[int]) -> np.ndarray:
    """Cosine similarity of every pair among `members`, through a dense matrix over just their n-grams."""
    ids = [vectors[m][0] for m in members]
    used, local = np.unique(np.concatenate(ids), return_inverse=True) if members else (np.array([]), np.array([]))
    matrix = np.zeros((len(members), len(used)))
    start = 0
    for row, member in enumerate(members):
        stop = start + len(ids[row])
        matrix[row, local[start:stop]] = vectors[member][1]
        start = stop
    return matrix @ matrix.T


def same_time(a: Account, b: Account) -> bool:
    if a.time is None or b.time is None:
        return False
    minutes = lambda t: t.hour * 60 + t.minute  # noqa: E731
    return abs(minutes(a.time) - minutes(b.time)) <= TIME_MINUTES


def pair_score(a: Account, b: Account, cosine: float, read_a: Reading, read_b: Reading) -> float | None:
    """The pair's score, or None when the pair is no candidate (same agency, or days apart without sent/received)."""
    if a.agency == b.agency:
        return None
    apart = (b.day - a.day).days
    if abs(apart) > 1:
        return None
    score = cosine
    if apart:
        earlier, later = (read_a, read_b) if apart > 0 else (read_b, read_a)
        if not (earlier.sends and later.receives):
            return None
        score += SENT_RECEIVED_WEIGHT
    elif same_time(a, b):
        score += TIME_WEIGHT
    if read_a.kind and read_a.kind == read_b.kind:
        score += MEETING_WEIGHT if read_a.kind in MEETINGS else KIND_WEIGHT
    return score


def scored_pairs(accounts: list[Account]) -> list[tuple[int, int, float]]:
    """(i, j, score) for every candidate pair, i < j; the text similarity computed a day (and the next) at a time."""
    vectors = tfidf([a.text for a in accounts])
    readings = [read(a) for a in accounts]
    by_day: dict[int, list[int]] = defaultdict(list)
    for i, account in enumerate(accounts):
        if account.day is not None:
            by_day[account.day.toordinal()].append(i)
    pairs = []
    with threadpool_limits(limits=1, user_api="blas"):  # small products: threads cost more than they save
        for day, today in sorted(by_day.items()):
            members = today + by_day.get(day + 1, [])
            cosine = similarities(vectors, members).tolist()
            for x, i in enumerate(today):
                for y in range(x + 1, len(members)):
                    j = members[y]
                    score = pair_score(accounts[i], accounts[j], cosine[x][y], readings[i], readings[j])
                    if score is not None:
                        pairs.append((min(i, j), max(i, j), round(score, 4)))
    return pairs


def group(size: int, pairs: list[tuple[int, int, float]], threshold: float = LINK_THRESHOLD
          ) -> list[tuple[tuple[int, ...], float]]:
    """Entries joined transitively by pairs at or above `threshold`: (members in order, weakest joining score)."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    weakest: dict[int, float] = {}
    for i, j, score in pairs:
        if score < threshold:
            continue
        ri, rj = find(i), find(j)
        low = min(score, weakest.pop(ri, score), weakest.pop(rj, score) if rj != ri else score)
        root = min(ri, rj)
        parent[max(ri, rj)] = root
        weakest[root] = low
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(size):
        members[find(i)].append(i)
    return [(tuple(m), round(weakest[root], 2)) for root, m in sorted(members.items()) if len(m) > 1]


def link(accounts: list[Account], threshold: float = LINK_THRESHOLD) -> list[tuple[tuple[int, ...], float]]:
    """Groups of accounts of one event (positions in `accounts`), each with its weakest joining score."""
    return group(len(accounts), scored_pairs(accounts), threshold)
