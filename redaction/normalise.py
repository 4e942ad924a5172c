"""The one normalisation the register matcher and the leak scan both match in, with a map back
to the text the author wrote (so a replacement lands on the original characters).

A name can be disguised without looking different: a Cyrillic "а" in "Hаrtnell", "Renée" for
"Renee", a soft hyphen or a zero-width space inside it, a hyphen where a line broke, a curly
apostrophe. The normalised view undoes all of these: NFKC; look-alike letters folded to the
Latin letter they imitate (Unicode's confusables table, from the confusable_homoglyphs
package); accents and other combining marks dropped; invisible format and control characters
removed; line-break hyphenation joined; whitespace collapsed. Letter case is kept (initials
and near-misses need it): matchers ignore case themselves.

A name can also hide in a link: `?q=child-w%20hartnell`, `?name=mother.hartnell95`, or the
text of a `data:` URI. `views` gives, beside the normalised text, two views per link: the link
percent-decoded and normalised (an email address or a handle in it reads as written), and the
same split into words at URL punctuation and digits; a `data:` URI's text payload (base64 or
percent-encoded) is decoded and read as text.
"""
from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import confusables

MARKS = {"Mn", "Me"}           # combining accents and enclosing marks: "é" is "e" + a mark
INVISIBLE = {"Cc", "Cf"}       # control and format characters: soft hyphen, zero-width space/joiner, BOM, bidi
PDFIUM_HYPHENS = "\x02\ufffe"   # pdfium gives some hyphens back as U+0002 (at a line end) or U+FFFE (in a word)
TEXT_MEDIA = re.compile(r"^(?:text/[\w.+\-]+|[\w.+\-]+/(?:[\w.\-]+\+)?(?:xml|json)|application/javascript)?$",
                        re.IGNORECASE)
DEPTH = 2                      # a data: URI inside a data: URI is read; one more level is not


@dataclass
class Normalised:
    """The text as matched, and for each of its characters the span of the original it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised characters start..end."""
        return self.starts[start], self.ends[end - 1]

    def over(self, outer: Normalised) -> Normalised:
        """This view, built over `outer.text`, mapped to the text `outer` was built from."""
        return Normalised(self.text, [outer.starts[s] for s in self.starts],
                          [outer.ends[e - 1] if e > 0 else outer.starts[0] for e in self.ends])


# --- one character ---------------------------------------------------------------------------

def _latin_look_alikes() -> dict[str, str]:
    """Each non-ASCII character that Unicode lists as confusable with one printable ASCII character
    (after dropping marks: "ł" is listed as "l" with a stroke), mapped to it. A letter or digit is
    only folded into from a letter or number, and an upper-case look-alike to an upper-case letter
    (Cyrillic "І" is listed with "l", which the Latin "I" is confusable with)."""
    table: dict[str, str] = {}
    data = confusables.confusables_data
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        bare = [_without_marks(g["c"]) for g in glyphs]
        latin = [g for g in bare if len(g) == 1 and g.isascii() and g.isprintable()]
        if not latin:
            continue
        target = latin[0]
        if target.isalnum() and unicodedata.category(char)[0] not in "LN":
            continue
        if char.isupper() and not target.isupper():
            target = next((g["c"] for g in data.get(target, []) if g["c"].isascii() and g["c"].isupper()), target)
        table[char] = target
    return table


def _without_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) not in MARKS)


LATIN = _latin_look_alikes()


@lru_cache(maxsize=4096)
def fold(char: str) -> str:
    """What one character is matched as: "" for an invisible one, Latin for a look-alike, no accents."""
    if char in PDFIUM_HYPHENS:
        return "-"
    if unicodedata.category(char) in INVISIBLE and not char.isspace():
        return ""
    if char in LATIN:  # before NFKC, which makes some look-alikes something else (U+037A: a space and a mark)
        return LATIN[char]
    plain = _without_marks(unicodedata.normalize("NFKC", char))
    return "".join(LATIN.get(c, c) for c in plain)


# --- the whole text --------------------------------------------------------------------------

_UNUSUAL = re.compile(r"[^\t\n\r\x20-\x7e]")
# a single space is already what normalising makes of it, so it is not layout (most whitespace is one space)
_LAYOUT = re.compile(r"(?<=[^\W_])-[ \t]*\r?\n[ \t]*(?=[^\W_])|`|\s{2,}|[^\S ]")


def normalise(text: str) -> Normalised:
    """The text as the register and the leak scan match it, mapped back to `text`."""
    folded, starts, ends = _fold_characters(text)
    tidy = _tidy_layout(folded)
    return tidy.over(Normalised(folded, starts, ends)) if starts is not None else tidy


def _fold_characters(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Each unusual character folded; the offset maps only when a character became more or fewer."""
    found = [(m.start(), fold(m.group(0))) for m in _UNUSUAL.finditer(text)]
    if not found:
        return text, None, None
    parts, last = [], 0
    for at, folded in found:
        parts += [text[last:at], folded]
        last = at + 1
    parts.append(text[last:])
    if all(len(folded) == 1 for _, folded in found):
        return "".join(parts), None, None
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for at, folded in found:
        starts.extend(range(last, at))
        ends.extend(range(last + 1, at + 1))
        starts.extend([at] * len(folded))
        ends.extend([at + 1] * len(folded))
        last = at + 1
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    return "".join(parts), starts, ends


def _tidy_layout(text: str) -> Normalised:
    """Line-break hyphenation joined, a backtick read as an apostrophe, whitespace collapsed (a blank
    line stays a line break, so paragraphs stay apart)."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in _LAYOUT.finditer(text):
        at, piece = match.start(), match.group(0)
        parts.append(text[last:at])
        starts.extend(range(last, at))
        ends.extend(range(last + 1, at + 1))
        if not piece.startswith("-"):
            parts.append("'" if piece == "`" else "\n" if piece.count("\n") > 1 else " ")
            starts.append(at)
            ends.append(match.end())
        last = match.end()
    parts.append(text[last:])
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    return Normalised("".join(parts), starts, ends)


# --- links -----------------------------------------------------------------------------------

# a link written in the text (group 1): with a scheme, starting "www.", or a Markdown link or image target;
# the first character is checked first, as most positions start no link
LINK = re.compile(r"(?=[\]hfmtdjwHFMTDJW])(?:\]\(|(?<![\w.+\-])"
                  r"(?=(?:https?|ftp|file)://|(?:mailto|tel|data|javascript):|www\.))([^\s<>\"()\[\]{}]+(?<!'))",
                  re.IGNORECASE)
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_URL_BREAK = re.compile(r"[^\w']+|_+|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_DATA = re.compile(r"\s*data:(?P<media>[^,;]*)(?P<params>(?:;[^,;]*)*),", re.IGNORECASE)


def views(text: str, link: bool = False, depth: int = DEPTH) -> list[Normalised]:
    """The normalised text and a view of each link in it, all mapped back to `text`. With `link`,
    `text` is itself a link target (an href, a PDF link): it is viewed whole as one; a data: URI
    is then read only for its decoded payload (its raw base64 spells nothing)."""
    if link and _DATA.match(text):
        return _link_views(text, 0, len(text), depth)
    spans = [(0, len(text))] if link else [m.span(1) for m in LINK.finditer(text)]
    return [normalise(text)] + [view for start, end in spans for view in _link_views(text, start, end, depth)]


def _link_views(text: str, start: int, end: int, depth: int) -> list[Normalised]:
    data = _DATA.match(text, start, end)
    if data:
        return _data_views(text, data, end, depth) if depth > 0 else []
    decoded = _percent_decoded(text, start, end)
    whole = normalise(decoded.text).over(decoded)
    return [whole, _split_words(whole)]


def _data_views(text: str, data: re.Match, end: int, depth: int) -> list[Normalised]:
    """A data: URI's payload, decoded, if it is text (an image's bytes are the picture checks' concern)."""
    if not TEXT_MEDIA.match(data.group("media").strip()):
        return []
    payload = _percent_decoded(text, data.end(), end)
    if ";base64" in data.group("params").lower():
        raw = re.sub(r"\s+", "", payload.text)
        try:
            decoded = base64.b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return []
        payload = Normalised(decoded, [data.end()] * len(decoded), [end] * len(decoded))
    return [view.over(payload) for view in views(payload.text, depth=depth - 1)]


def _percent_decoded(text: str, start: int, end: int) -> Normalised:
    """text[start:end] with %XX escapes decoded as UTF-8; each character maps to its escapes."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = start
    for run in _PERCENT.finditer(text, start, end):
        parts.append(text[last:run.start()])
        starts.extend(range(last, run.start()))
        ends.extend(range(last + 1, run.start() + 1))
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        first = run.start()
        for at in range(run.start(), run.end(), 3):
            chars = decoder.decode(bytes([int(text[at + 1:at + 3], 16)]), final=at + 3 == run.end())
            if chars:
                parts.append(chars)
                starts.extend([first] * len(chars))
                ends.extend([at + 3] * len(chars))
                first = at + 3
        last = run.end()
    parts.append(text[last:end])
    starts.extend(range(last, end))
    ends.extend(range(last + 1, end + 1))
    return Normalised("".join(parts), starts, ends)


def _split_words(view: Normalised) -> Normalised:
    """URL punctuation and the edges of digit runs made spaces: "mother.hartnell95" -> "mother hartnell 95"."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in _URL_BREAK.finditer(view.text):
        at = match.start()
        parts += [view.text[last:at], " "]
        starts += view.starts[last:at]
        ends += view.ends[last:at]
        edge = view.starts[at] if at < len(view.starts) else view.ends[-1]
        starts.append(edge)
        ends.append(view.ends[match.end() - 1] if match.end() > at else edge)
        last = match.end()
    parts.append(view.text[last:])
    starts += view.starts[last:]
    ends += view.ends[last:]
    return Normalised("".join(parts), starts, ends)
