"""No active or remote content in the public HTML.

The public text is Markdown, and Markdown lets raw HTML through: a `<script>`, an `onclick`,
a `javascript:` link or an image or sound fetched from another site would be published as
they are (WeasyPrint ignores scripts and the PDF would look clean). A reader's browser would
run them or tell a third party who opened the report. Links to other sites stay allowed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "link"}
FETCHED_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "action", "formaction", "xlink:href"}
LINK_ATTRIBUTES = {"href", *FETCHED_ATTRIBUTES}
SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
REMOTE = re.compile(r"^\s*(https?:|ftp:|//)", re.IGNORECASE)
REMOTE_IN_STYLE = re.compile(r"(url\s*\(\s*['\"]?\s*(https?:|ftp:|//)|@import|expression\s*\()", re.IGNORECASE)


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
