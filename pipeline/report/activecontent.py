"""No active or remote content in the public HTML, and no raw HTML, CSS or data: links in a section.

The public text is Markdown, and Markdown lets raw HTML through: a `<script>`, an `onclick`,
a `javascript:` link or an image or sound fetched from another site would be published as
they are (WeasyPrint ignores scripts and the PDF would look clean). A reader's browser would
run them or tell a third party who opened the report. Links to other sites stay allowed.

A section is refused anything but text, tables, images from the case folder and links: raw
HTML (a comment, a `<style>` with CSS escapes, an `<img>` with a data: URI) and attributes
(`{style=...}`, `<div style=...>`) hide text from the anonymiser's reading and the checker's
eyes, and a data: link carries a whole file inside the report. `section_content` finds them
in the section's pandoc tree; `active_content` is the last look at the rendered page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from pipeline.tools import pandoc

ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "link"}
FETCHED_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "action", "formaction", "xlink:href"}
LINK_ATTRIBUTES = {"href", *FETCHED_ATTRIBUTES}
SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
REMOTE = re.compile(r"^\s*(https?:|ftp:|//)", re.IGNORECASE)
REMOTE_IN_STYLE = re.compile(r"(url\s*\(\s*['\"]?\s*(https?:|ftp:|//)|@import|expression\s*\()", re.IGNORECASE)
DATA_URI = re.compile(r"^\s*data\s*:", re.IGNORECASE)
IMAGE_SIZE = re.compile(r"^\d+(\.\d+)?([eE][-+]?\d+)?(px|in|cm|mm|pt|em|%)?$")
ATTR_AT = {"Header": 1, "Code": 0, "CodeBlock": 0, "Div": 0, "Span": 0, "Link": 0, "Image": 0, "Figure": 0,
           "Table": 0}
SHOWN_CHARS = 60


@dataclass(frozen=True)
class Active:
    what: str      # said to the user
    needle: str    # text to look for in the Markdown to find the line


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Active] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.found.append(Active(f"a <{tag}> element", f"<{tag}"))
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.found.append(Active("a <meta http-equiv> element", "http-equiv"))
        self.in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(Active(f"an event handler ({name}=) on <{tag}>", name))
            elif name in LINK_ATTRIBUTES and SCRIPT_SCHEME.match(value):
                self.found.append(Active(f"a script link ({value[:40]}) on <{tag}>", value.strip()[:40]))
            elif name in FETCHED_ATTRIBUTES and REMOTE.match(value):
                self.found.append(Active(f"<{tag}> fetching {value[:80]} from another site", value.strip()[:80]))
            elif name == "style" and REMOTE_IN_STYLE.search(value):
                self.found.append(Active(f"a style on <{tag}> that loads from another site", "style"))

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style and REMOTE_IN_STYLE.search(data):
            self.found.append(Active("a <style> that loads from another site", REMOTE_IN_STYLE.search(data).group(0)))


def active_content(html: str) -> list[Active]:
    """Everything in `html` that a browser would run or fetch from another site."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def line_holding(text: str, needle: str) -> int | None:
    """The first line of `text` that holds `needle` (case-insensitive), to point the user at it."""
    needle = needle.casefold()
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line.casefold():
            return number
    return None


def section_content(tree: dict) -> list[Active]:
    """Raw HTML (or any raw format), attributes other than an image's size, and data: links or images
    in a section's pandoc tree; `needle` finds the line in the section's Markdown."""
    found = []
    for node in pandoc.nodes(tree):
        kind = node["t"]
        if kind in ("RawInline", "RawBlock"):
            form, raw = node["c"]
            what = "an HTML comment" if raw.lstrip().startswith("<!--") else f"raw {form.upper()}"
            found.append(Active(f"{what} ({shorten(raw)})", first_line(raw)))
        if kind in ATTR_AT:
            for key, value in node["c"][ATTR_AT[kind]][2]:
                if not (kind == "Image" and key in ("width", "height") and IMAGE_SIZE.match(value)):
                    found.append(Active(f"the attribute {key}=\"{shorten(value)}\" (HTML or CSS)", key))
        if kind in ("Link", "Image") and DATA_URI.match(node["c"][2][0]):
            found.append(Active(f"a data: {'image' if kind == 'Image' else 'link'} ({shorten(node['c'][2][0])}), "
                                "a whole file inside the text", node["c"][2][0].strip()[:SHOWN_CHARS]))
    return found


def shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text)[:SHOWN_CHARS]
