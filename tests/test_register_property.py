"""Property: register values inserted in any supported form into real section text are all found,
and once the quality checker has decided every finding, none reaches the public text."""
import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction.anonymise import anonymise
from redaction.decisions import Decision

PEOPLE = {
    "Willow Hartnell": ["Willow-Mae Hartnell", "Wills"], "Shannon Hartnell": ["Shannon Pryce", "Shaz"],
    "Dean Corrigan": ["Deano", "Dean Corrigan-Bell"], "Liam Pryce": ["Liam Price"],
    "Maureen Hartnell": ["Nanna Mo"], "Tyler Hartnell": ["Ty"],
}
OTHER_VALUES = [
    "14 Larkspur Close", "Larkspur Close", "14 Larkspur Cl", "Larkspur Cl", "NB4 7QT", "nb47qt", "22 Orchard Row",
    "St Aldhelm's C of E Primary School",
    "St Aldhelm\u2019s Primary", "St Aldhelms", "Little Acorns Nursery", "Kingfisher Medical Centre",
    "Kingfisher Surgery", "Northbrook General Hospital", "Eastbury",
    "999 765 4323", "9997654323", "999-765-4323", "999 100 2006", "QQ 12 34 56 C", "QQ123456C",
    "07700 900123", "07700900123", "+44 7700 900123", "+44 (0)7700 900 123", "07700 900 987",
    "shaz.h95@example.co.uk", "SHAZ.H95@EXAMPLE.CO.UK", "NB-CSC-2024-01187", "NB/24/009873", "NB19 XKD", "nb19xkd",
    "@deano_c90", "https://www.instagram.com/deano_c90",
    "14/02/2018", "14.2.18", "14th February 2018", "Feb 14 2018", "14 Feb 2018", "2018-02-14", "3rd July 1995",
    "03/07/1995", "21.11.90", "November 21, 1990", "9 May 1993", "30/01/1968", "8th October 2021",
]


@st.composite
def near_miss(draw, word):
    i = draw(st.integers(1, len(word) - 1))
    letter = draw(st.sampled_from("aeiouy"))
    edit = draw(st.sampled_from(["sub", "del", "ins", "swap"]))
    if edit == "sub" and word[i].lower() != letter:
        return word[:i] + letter + word[i + 1:]
    if edit == "del":
        return word[:i] + word[i + 1:]
    if edit == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + letter + word[i:]


@st.composite
def person_form(draw):
    name = draw(st.sampled_from([n for real, aliases in PEOPLE.items() for n in (real, *aliases)]))
    parts = [p for p in name.split() if len(p) >= 3]  # "Mo" in "Nanna Mo" never stands alone
    form = draw(st.sampled_from(["full", "first", "last", "initials", "near-miss"]))
    if len(parts) < 2 or form == "full":
        text = name
    elif form == "first":
        text = parts[0]
    elif form == "last":
        text = draw(st.sampled_from(["", "Mr ", "Ms ", "Mrs "])) + parts[-1]
    elif form == "initials":
        text = draw(st.sampled_from([f"{parts[0][0]}.{parts[-1][0]}.", f"{parts[0][0]}. {parts[-1][0]}."]))
    else:
        long_parts = [p for p in parts if len(p) >= 5 and "-" not in p]
        if not long_parts:
            return name
        part = draw(st.sampled_from(long_parts))
        text = name.replace(part, draw(near_miss(part)))
    if form not in ("near-miss", "initials"):  # initials are capitals; near-misses are capitalised
        text = draw(st.sampled_from([text, text.upper(), text.lower()]))
    if " " in text and draw(st.booleans()):
        text = text.replace(" ", "\n", 1)
    word = max(text.split(), key=len)
    if len(word) >= 6 and word.isalpha() and draw(st.booleans()):
        cut = draw(st.integers(2, len(word) - 2))
        text = text.replace(word, word[:cut] + "-\n" + word[cut:], 1)
    return text


forms = st.one_of(person_form(), st.sampled_from(OTHER_VALUES))
suffixes = st.sampled_from(["", "'s", "\u2019s", ",", ".", ")"])


inserts_lists = st.lists(st.tuples(forms, suffixes, st.integers(0, 10_000)), min_size=1, max_size=6)


def inserted(sections: dict[str, str], inserts) -> tuple[str, list[tuple[int, int]]]:
    """The sections' text with each value put at a word boundary, and where each value now is."""
    base = "\n\n".join(sections.values())
    boundaries = [m.end() for m in re.finditer(r"[.,]? ", base)]
    text, spans = base, []
    for value, suffix, where in sorted(inserts, key=lambda x: -boundaries[x[2] % len(boundaries)]):
        at = boundaries[where % len(boundaries)]
        text = text[:at] + value + suffix + " " + text[at:]
        spans = [(s + len(value) + len(suffix) + 1, e + len(value) + len(suffix) + 1) if s >= at else (s, e)
                 for s, e in spans] + [(at, at + len(value))]
    return text, spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(inserts=inserts_lists)
def test_no_register_value_survives(example_register, redaction_sections, inserts):
    text, spans = inserted(redaction_sections, inserts)
    matches = example_register.find(text)
    for start, end in spans:
        covered = set()
        for m in matches:
            covered.update(range(m.start, m.end))
        missed = [i for i in range(start, end) if i not in covered and text[i].isalnum()]
        assert not missed, f"{text[start:end]!r} not fully found; matches: {[m.text for m in matches]}"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(inserts=inserts_lists)
def test_nothing_from_the_register_reaches_the_public_text(example_register, example_allowlist, analyzer,
                                                          redaction_sections, inserts):
    text, _ = inserted(redaction_sections, inserts)
    first = anonymise(text, example_register, example_allowlist, analyzer)
    # the quality checker replaces every finding (a shared surname, a name the NER model saw...)
    decisions = [Decision(i, f.id, None, "[someone]", "", "Quality Checker (fictional)", dt.date(2026, 11, 2))
                 for i, f in enumerate(first.findings)]
    final = anonymise(text, example_register, example_allowlist, analyzer, decisions=decisions)
    assert final.pending == [] and final.leftovers == [], [m.text for m in final.leftovers]


REWRITTEN = "This sentence was written again by the quality checker."


def checker_decisions(outcome, data, start: int) -> list[Decision]:
    """What a checker might decide: each finding replaced or its sentence rewritten; each automatic
    change left, given other wording, or its sentence rewritten (one rewrite per sentence)."""
    decisions, rewritten = [], []
    items = [(f, ("replace", "rewrite")) for f in outcome.pending] + \
            [(c, ("automatic", "replace", "rewrite")) for c in outcome.changes]
    items = list({item.id: (item, actions) for item, actions in reversed(items)}.values())  # one decision an id
    for item, actions in items:
        action = data.draw(st.sampled_from(actions))
        if action == "rewrite" and any(s < item.where[1] and item.where[0] < e for s, e in rewritten):
            action = "replace" if "automatic" not in actions else "automatic"
        if action == "automatic":
            continue
        rewritten += [item.where] if action == "rewrite" else []
        finding, change = (item.id, None) if item.id.startswith("F") else (None, item.id)
        decisions.append(Decision(start + len(decisions), finding, None, "someone" if action == "replace" else None,
                                  "", "Quality Checker (fictional)", dt.date(2026, 11, 2), change,
                                  REWRITTEN if action == "rewrite" else None))
    return decisions


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(inserts=inserts_lists, data=st.data())
def test_no_register_value_survives_rewrite_and_change_decisions(example_register, example_allowlist, analyzer,
                                                                 redaction_sections, inserts, data):
    text, _ = inserted(redaction_sections, inserts)
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    decisions = checker_decisions(outcome, data, 0)
    for _ in range(3):  # a rewritten sentence can change what the model sees beside it: decide that too
        outcome = anonymise(text, example_register, example_allowlist, analyzer, decisions=decisions)
        if not outcome.pending:
            break
        decisions += [Decision(len(decisions) + i, f.id, None, "someone", "", "Quality Checker (fictional)",
                               dt.date(2026, 11, 2)) for i, f in enumerate(outcome.pending)]
    assert outcome.pending == [] and outcome.leftovers == [], [m.text for m in outcome.leftovers]
    assert example_register.find(outcome.public_text) == []
    # a rewrite is applied, or reported stale (another decision removed its finding): never silently lost
    assert all(d in [r for r, _ in outcome.rewritten] or d in outcome.stale for d in decisions if d.rewrite)
    assert (REWRITTEN in outcome.public_text) == bool(outcome.rewritten)
