"""Property: a name or place from the example register, disguised as the outside attack disguised
them (letter case, Cyrillic and Greek look-alike letters, accents, soft hyphens and zero-width
characters, a hyphen where a line breaks, percent-encoded in a link, inside a longer token of a
link, inside a data: URI), is caught by the register matcher (`Register.find`, as the anonymiser
runs it) and by the leak scan of a public HTML page (`scan_files`, as publish runs it)."""
from __future__ import annotations

import base64
import html
import unicodedata
from urllib.parse import quote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.case.public_fields import register_values
from pipeline.case.schema import Review
from redaction.leakscan import scan_files
from redaction.normalise import LATIN
from redaction.register import PLACE_KINDS, name_parts
from tests.conftest import EXAMPLE

# each Latin letter and the Cyrillic and Greek letters Unicode's confusables table lists as looking like it
LOOK_ALIKES: dict[str, list[str]] = {}
for _char, _latin in sorted(LATIN.items()):
    if _latin.isalpha() and unicodedata.name(_char, "").startswith(("CYRILLIC", "GREEK")):
        LOOK_ALIKES.setdefault(_latin, []).append(_char)
ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0302", "\u0303"]
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
SENTENCE = "The review heard that {} was seen twice. Agencies met in the spring."
PAGE = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Review: Child W</title></head>'
        "<body><h1>Review: Child W</h1><p>{}</p></body></html>")


def example_values(register) -> list[tuple[str, str]]:
    """(owner, value) for every name, alias, name part and place in the register."""
    values = []
    for person in register.people.values():
        for name in (person.name, *person.aliases):
            parts = name_parts(name)
            values += [(person.key, v) for v in (name, *((parts[0], parts[-1]) if len(parts) > 1 else ()))]
    for term in register.terms.values():
        if term.kind in PLACE_KINDS:
            values += [(term.key, v) for v in (term.value, *term.aliases)]
    return sorted(set(values))


@st.composite
def disguised(draw, value: str, line_breaks: bool = True) -> str:
    """The value with any of: another case, look-alike letters, accents, invisible characters, a line-break
    hyphen (in prose: a link does not break across lines)."""
    value = draw(st.sampled_from([value, value.upper(), value.lower(), value.swapcase()]))
    if draw(st.booleans()):
        value = "".join(draw(st.sampled_from([c, *LOOK_ALIKES[c]])) if c in LOOK_ALIKES else c for c in value)
    if draw(st.booleans()):
        value = unicodedata.normalize("NFC", "".join(
            c + draw(st.sampled_from(["", *ACCENTS])) if c.lower() in "aeiouync" else c for c in value))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(1, max(1, len(value) - 1)))
        value = value[:at] + draw(st.sampled_from(INVISIBLE)) + value[at:]
    words = [w for w in value.split() if len(w) >= 4 and w.isalpha()]
    if words and line_breaks and draw(st.booleans()):
        word = draw(st.sampled_from(words))
        cut = draw(st.integers(2, len(word) - 2))
        value = value.replace(word, word[:cut] + draw(st.sampled_from(["-\n", "-\n ", "-\r\n"])) + word[cut:], 1)
    return value


@st.composite
def in_a_link(draw, value: str) -> str:
    """A link target hiding the value: percent-encoded, inside a longer token, or in a data: URI."""
    how = draw(st.sampled_from(["percent", "token", "base64", "data-percent"]))
    if how == "percent":
        return "https://www.example.co.uk/search?q=" + quote(draw(st.sampled_from(["", "child-w "])) + value, safe="")
    if how == "token":
        joined = value.replace(" ", draw(st.sampled_from([".", "-", "_", "+", "%20"])))
        return (f"https://www.example.co.uk/{draw(st.sampled_from(['page', 'p/2024']))}?name="
                f"{draw(st.sampled_from(['mother.', 'x-', '']))}{quote(joined, safe=chr(39) + '%+._-')}"
                f"{draw(st.sampled_from(['95', '', '_2024']))}")
    if how == "base64":
        payload = f"Notes: {value} was seen."
        return "data:text/plain;base64," + base64.b64encode(payload.encode()).decode()
    return "data:text/plain;charset=utf-8," + quote(f"Notes: {value}.", safe="")


@st.composite
def hidden_values(draw, values):
    owner, value = draw(st.sampled_from(values))
    if draw(st.booleans()):
        return owner, "prose", draw(disguised(value))
    return owner, "link", draw(in_a_link(draw(disguised(value, line_breaks=False)) if draw(st.booleans()) else value))


@pytest.fixture(scope="module")
def leak_values():
    return list(register_values(Review.model_validate(yaml.safe_load((EXAMPLE / "review.yaml").read_text()))))


@pytest.fixture(scope="module")
def values(example_register):
    return example_values(example_register)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_disguised_register_value_is_caught_by_the_register_and_the_leak_scan(
        example_register, values, leak_values, tmp_path, data):
    owner, where, hidden = data.draw(hidden_values(values))
    if where == "prose":
        text = SENTENCE.format(hidden)
        start = text.index(hidden)
        paragraph = html.escape(text)
    else:
        text = SENTENCE.format(f"[the record]({hidden})")
        start = text.index(hidden)
        paragraph = SENTENCE.format(f'<a href="{html.escape(hidden)}">the record</a>')
    end = start + len(hidden)
    matches = example_register.find(text)
    assert any(m.start < end and start < m.end and owner in m.owners for m in matches), \
        (hidden, [(m.text, m.owners) for m in matches])

    page = tmp_path / "child-w.html"
    page.write_text(PAGE.format(paragraph), encoding="utf-8")
    assert scan_files([page], leak_values, register=example_register), hidden
