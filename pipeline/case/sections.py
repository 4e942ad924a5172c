"""The report's sections: their ids (file stems), titles and order, and which are required.

Section 8 of the framework sets the minimum a report must contain (the seven required ids
from `overview` to `learning`); the introduction and the findings are required as well.
Recommendations and the key-lines-of-enquiry appendix are generated from review.yaml and
are placed between `learning` and `glossary`.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pipeline.context import SECTION_TYPES, case_files
from pipeline.errors import Problem

BLANK_READ_BYTES = 4096


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    required: bool
    about: str


SECTIONS: tuple[Section, ...] = (
    Section("introduction", "Introduction", True, "terms of reference, methodology and the reviewer"),
    Section("overview", "Overview of what happened", True, "what happened, key circumstances, background"),
    Section("family-involvement", "Family involvement", False, "how the family contributed to the review"),
    Section("lived-experience", "The child's lived experience", False, "the child's daily life and voice"),
    Section("decisions", "Why relevant decisions were taken", True, "why professionals took the decisions they did"),
    Section("multi-agency-working", "How agencies worked together", True, "a critique of multi-agency working"),
    Section("practice-in-general", "Practice in general", True, "whether the shortcomings are features of practice in general"),
    Section("doing-differently", "What would need to be done differently", True, "what would prevent harm in similar circumstances"),
    Section("good-practice", "Good practice", True, "examples of good practice"),
    Section("findings", "Findings", True, "the findings, one subsection each"),
    Section("learning", "What needs to happen so that agencies learn", True, "how agencies will learn from this case"),
    Section("glossary", "Glossary", False, "the acronyms and terms the report uses"),
)

SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)
REQUIRED: frozenset[str] = frozenset(s.id for s in SECTIONS if s.required)
BY_ID: dict[str, Section] = {s.id: s for s in SECTIONS}

# Generated from review.yaml, placed after `learning` and before the glossary.
RECOMMENDATIONS_TITLE = "Recommendations"
LINES_OF_ENQUIRY_TITLE = "Appendix 1: Key lines of enquiry"
GLOSSARY_TITLE = "Appendix 2: Glossary"


def section_files(case_dir: Path) -> tuple[dict[str, Path], list[Problem]]:
    """{section id: file} in sections/, and each file that is no section or a section written twice."""
    problems: list[Problem] = []
    found: dict[str, Path] = {}
    for path in case_files(case_dir / "sections"):
        if path.suffix.lower() not in SECTION_TYPES:
            continue  # check_files reports these
        shown = f"sections/{path.name}"
        if path.stem not in BY_ID:
            close = difflib.get_close_matches(path.stem, SECTION_IDS, n=1)
            hint = (f"did you mean '{close[0]}{path.suffix}'?" if close
                    else f"name it after a section: {', '.join(SECTION_IDS)}")
            problems.append(Problem(shown, f"'{path.stem}' is no section of the report", hint))
        elif path.stem in found:
            problems.append(Problem(shown, f"section '{path.stem}' is written twice: "
                                           f"sections/{found[path.stem].name} and {shown}",
                                    "keep one of the two files (Markdown or Word), delete the other"))
        else:
            found[path.stem] = path
    return found, problems


def not_written(section: Section, file: str, exists: bool) -> Problem:
    """A required section with no text: the draft holds on it, and validate says so first."""
    return Problem(file, f"required section '{section.id}' ({section.title}) is {'empty' if exists else 'missing'}",
                   f"write sections/{section.id}.md or sections/{section.id}.docx: {section.about}")


def unwritten_required(files: dict[str, Path]) -> list[Problem]:
    """Required sections with no file or a blank one, told without reading the sections (validate is
    quick); the draft tells the same of a section whose text is empty once read."""
    problems = []
    for section in SECTIONS:
        path = files.get(section.id)
        if section.required and (path is None or is_blank(path)):
            problems.append(not_written(section, f"sections/{path.name if path else section.id + '.md'}",
                                        exists=path is not None))
    return problems


def is_blank(path: Path) -> bool:
    """Empty, or Markdown of white space only (a short file is read; a long one is no blank)."""
    size = path.stat().st_size
    return size == 0 or (path.suffix.lower() == ".md" and size < BLANK_READ_BYTES and not path.read_bytes().strip())
