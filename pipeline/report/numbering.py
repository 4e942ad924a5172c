"""Numbered paragraphs (1.1, 1.2 … 2.1), so the Panel and partners can write "see 4.3".

Published LCSPRs number the running text of each section: a top-level paragraph under a
level-one heading gets "section.paragraph". Paragraphs in tables, lists, quotes and figures
are not numbered, nor is anything before the first section or in the appendices. The numbers are written into the
Markdown as a span (`[4.3]{.para-number}`) before it is rendered, so the PDF, the HTML and the
Word draft made from that Markdown carry the same numbers.
"""
from __future__ import annotations

import json
import re

import pypandoc

from pipeline.tools import pandoc

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
NUMBER_CLASS = "para-number"
WORD_STYLE = "Paragraph Number"
APPENDIX = "Appendix"


def is_running_text(block: dict) -> bool:
    """A paragraph of words, not one that only holds an image."""
    return block["t"] == "Para" and any(node["t"] == "Str" for node in block["c"])


def number_span(label: str) -> list[dict]:
    attrs = ["", [NUMBER_CLASS], [["custom-style", WORD_STYLE]]]
    return [{"t": "Span", "c": [attrs, [{"t": "Str", "c": label}]]}, {"t": "Space"}]


def number_blocks(blocks: list[dict]) -> list[dict]:
    """The top-level paragraphs of each level-one section, numbered section.paragraph."""
    sections = section = paragraph = 0   # section 0: not numbered (before the first, an appendix)
    numbered = []
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] == 1:
            paragraph = 0
            if pandoc.stringify(block["c"][2]).startswith(APPENDIX):
                section = 0
            else:
                sections = section = sections + 1
        elif section and is_running_text(block):
            paragraph += 1
            block = {"t": "Para", "c": number_span(f"{section}.{paragraph}") + block["c"]}
        numbered.append(block)
    return numbered


def numbers_in(blocks: list[dict]) -> list[str]:
    """The paragraph numbers a tree carries, in order (what a reader sees)."""
    return [pandoc.stringify(node["c"][1]) for node in pandoc.of_type(blocks, "Span")
            if NUMBER_CLASS in node["c"][0][1]]


def number_paragraphs(markdown: str) -> str:
    """The Markdown with its paragraphs numbered; the title block (front matter) is kept as written."""
    match = FRONT_MATTER.match(markdown)
    head, body = (match.group(0), markdown[match.end():]) if match else ("", markdown)
    tree = json.loads(pypandoc.convert_text(body, "json", format=pandoc.MARKDOWN))
    if numbers_in(tree["blocks"]):
        return markdown
    tree["blocks"] = number_blocks(tree["blocks"])
    return head + "\n" + pandoc.tree_to_markdown(tree)
