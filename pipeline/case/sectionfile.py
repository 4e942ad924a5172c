"""One section file made safe to hand to pandoc, and its problems told against the file itself.

A section is read whole by pandoc, and pandoc has no limits of its own: a file of 5,000 pages
takes minutes and gigabytes, a YAML bomb in a metadata block never ends, invalid UTF-8 stops
it with a trace. So before pandoc sees a section it is checked here, with messages naming the
section file and line: its size, its encoding, every YAML block pandoc would read (through the
same safe loader as review.yaml). A Word section's text boxes are opened into ordinary
paragraphs (pandoc drops most of them without a word), in a copy in the staging folder.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.case.yamlfile import parse_yaml
from pipeline.errors import BadInput, Problem
from pipeline.fileio import read_utf8

MAX_SECTION_BYTES = 300_000          # a long section is 60 KB; twelve of these fit what publish reads
MAX_WORD_BYTES = 50_000_000          # pictures included
MAX_WORD_XML_BYTES = 5_000_000       # word/document.xml unpacked; pandoc reads 1.5 MB of it in about 2 s
MAX_WORD_UNPACKED_BYTES = 150_000_000
MAX_TEXT_BOXES = 1_000
SHORTEN = "split it into shorter sections, or move material to an appendix document"
RESAVE = "open it and save it again (Word: File > Save As > Word Document)"
FENCES = ("```", "~~~")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
BLOCKS = (f"{{{W}}}p", f"{{{W}}}tbl")
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class SectionSource:
    """What pandoc reads for a section, the text line numbers refer to, and notes for the author."""

    readable: Path
    text: str = ""                    # the Markdown as written ("" for Word)
    notes: list[str] = field(default_factory=list)


def prepare_section(path: Path, shown: str, staging: Path) -> SectionSource:
    """A checked copy of the section in `staging`, or BadInput naming the section (and line)."""
    if path.suffix.lower() == ".docx":
        return prepare_word(path, shown, staging)
    text = read_utf8(path, shown, limit=MAX_SECTION_BYTES, what="a section", fix=SHORTEN)
    notes = check_yaml_blocks(text, shown)
    copy = staging / path.name
    copy.write_text(text, encoding="utf-8")
    return SectionSource(copy, text, notes)


def check_yaml_blocks(text: str, shown: str) -> list[str]:
    """Parse every block pandoc would take for YAML metadata with the case's safe loader (no aliases,
    bounded depth): a bad one is BadInput at its line. Metadata is no part of the report: say so."""
    notes = []
    for first, last, body in yaml_blocks(text.splitlines()):
        try:
            data, _ = parse_yaml(body, shown, first_line=first + 1)
        except BadInput as exc:
            said = exc.problems[0]
            raise BadInput(Problem(shown, f"{said.message} (lines {first}-{last}, between '---' lines, are read as "
                                          "YAML metadata)", "fix the YAML; if the '---' lines are meant as rules, "
                                          "put a blank line after the first", line=said.line)) from None
        if isinstance(data, dict):
            notes.append(f"{shown}: lines {first}-{last} are YAML metadata, which is no part of the report; "
                         "it was left out")
    return notes


def yaml_blocks(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first line, last line, YAML between them) for each block as pandoc finds them: a '---' line
    at the start or after a blank line, not followed by a blank line, closed by '---' or '...';
    none inside fenced code."""
    blocks, fenced, number = [], False, 0
    while number < len(lines):
        line = lines[number]
        if line.lstrip().startswith(FENCES):
            fenced = not fenced
        opens = (not fenced and line.rstrip() == "---" and (number == 0 or not lines[number - 1].strip())
                 and number + 1 < len(lines) and lines[number + 1].strip())
        end = next((n for n in range(number + 1, len(lines)) if lines[n].rstrip() in ("---", "...")), None) \
            if opens else None
        if end is not None:
            blocks.append((number + 1, end + 1, "\n".join(lines[number + 1:end])))
            number = end
        number += 1
    return blocks


# --- Word sections -------------------------------------------------------------------------------


def prepare_word(path: Path, shown: str, staging: Path) -> SectionSource:
    size = path.stat().st_size
    if size > MAX_WORD_BYTES:
        raise BadInput(Problem(shown, f"is {size:,} bytes; a Word section is at most {MAX_WORD_BYTES:,}",
                               f"make its pictures smaller, or {SHORTEN}"))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            check_unpacked_sizes(members, shown)
            root = parse_document(archive.read("word/document.xml"), shown)
            embedded = len(root.findall(f".//{{{W}}}altChunk"))
            boxes = open_text_boxes(root, shown)
            opened = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            copy = staging / path.name
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
                for member in members:
                    out.writestr(member, opened if member.filename == "word/document.xml" else archive.read(member))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise BadInput(Problem(shown, f"could not be read as Word ({exc})", RESAVE)) from None
    notes = [(f"{shown}: the text of {len(boxes)} text box(es) ({', '.join(boxes)}) is read into the section as "
              "paragraphs, each after the paragraph that holds it; check it reads well there")] if boxes else []
    if embedded:
        notes.append(f"{shown}: {embedded} embedded document(s) (inserted as 'Text from File' or pasted as HTML) "
                     "are not read into the report; paste their text into the section itself")
    return SectionSource(copy, "", notes)


def check_unpacked_sizes(members: list[zipfile.ZipInfo], shown: str) -> None:
    document = next((m for m in members if m.filename == "word/document.xml"), None)
    if document is not None and document.file_size > MAX_WORD_XML_BYTES:
        raise BadInput(Problem(shown, f"holds {document.file_size:,} bytes of text and formatting; a section "
                                      f"is at most {MAX_WORD_XML_BYTES:,}", SHORTEN))
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_WORD_UNPACKED_BYTES:
        raise BadInput(Problem(shown, f"unpacks to {unpacked:,} bytes; a Word section is at most "
                                      f"{MAX_WORD_UNPACKED_BYTES:,}", f"make its pictures smaller, or {SHORTEN}"))


def parse_document(document: bytes, shown: str) -> etree._Element:
    try:
        return etree.fromstring(document, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise BadInput(Problem(shown, f"could not be read as Word ({exc})", RESAVE)) from None


def open_text_boxes(root: etree._Element, shown: str) -> list[str]:
    """Each text box's paragraphs moved out, after the paragraph that anchors it (outer boxes first, so
    a box in a box comes out too); the boxes' names."""
    names: list[str] = []
    for _ in range(MAX_TEXT_BOXES):
        box = root.find(f".//{{{W}}}txbxContent")
        if box is None:
            return names
        run = next((a for a in box.iterancestors(f"{{{W}}}r")), None)
        paragraph = next((a for a in run.iterancestors(f"{{{W}}}p")), None) if run is not None else None
        if paragraph is None:
            raise BadInput(Problem(shown, "holds a text box outside any paragraph", RESAVE))
        label = run.find(f".//{{{WP}}}docPr")
        names.append(label.get("name") if label is not None and label.get("name") else f"text box {len(names) + 1}")
        blocks = [child for child in box if child.tag in BLOCKS]
        run.getparent().remove(run)
        for block in reversed(blocks):
            paragraph.addnext(block)
    raise BadInput(Problem(shown, f"holds more than {MAX_TEXT_BOXES:,} text boxes", RESAVE))
