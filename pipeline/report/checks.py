"""What must be true before a report is published (section 8 and 9 of the framework).

Each check returns problems rather than stopping, so the comms lead sees every reason at once:
a recommendation already overdue on the day of publication, a report the partners have not
signed off (`dates.completed`), a published text that no longer names its lead reviewer.
The gates on staged public files (accessibility structure, leak scan) are here too, so the
report, the briefing and the improvements-only document are checked by one code.
"""
from __future__ import annotations

import html as markup
import re
from pathlib import Path

from pipeline import messages
from pipeline.case.load import review_problem
from pipeline.case.public_fields import register_values
from pipeline.case.register import register_from
from pipeline.case.schema import Review
from pipeline.context import BuildContext
from pipeline.errors import GateHeld, Problem
from pipeline.report.activecontent import line_holding
from pipeline.tools.pdfcheck import failures_as_problems, structural_checks, verapdf
from pipeline.wording import long_date
from redaction.leakscan import scan_files

# Text left to be written later: an "[insert ...]" or "[to follow]" in brackets, or a word that only
# ever stands for missing text. The draft reports it (exit 1) and publish refuses it.
PLACEHOLDER = re.compile(r"\[insert|\[to (?:follow|come|be (?:added|agreed|confirmed|written))\]?"
                         r"|\b(?:TBC|TBA|TBD|TODO|FIXME|XXX+|lorem)\b", re.IGNORECASE)
# A section of fewer words ("Text to follow.", "Awaiting the reviewer's draft") is not yet written.
MIN_SECTION_WORDS = 6
LINK_TARGET = re.compile(r"\]\([^)]*\)|\{[^}]*\}")
# a link inside the page (its anchor and its words) and any element's id, in the HTML pandoc writes
PAGE_LINK = re.compile(r'<a\b[^>]*?\shref="#(?P<anchor>[^"]*)"[^>]*>(?P<words>.*?)</a>', re.DOTALL)
ELEMENT_ID = re.compile(r'\sid="([^"]+)"')

def overdue_recommendations(ctx: BuildContext) -> list[Problem]:
    """A recommendation due before the report is published cannot be read as a plan."""
    published = ctx.review.review.dates.planned_publication
    return [review_problem(ctx.case_dir, ("recommendations", index, "due"),
                           f"recommendation {number} ('{rec.id}') is due by {long_date(rec.due)}, before the "
                           f"report is published on {long_date(published)}",
                           "give it a due date after publication, or move review.dates.planned_publication")
            for index, (number, rec) in enumerate(enumerate(ctx.review.recommendations, 1))
            if rec.due and rec.due < published]


def unsigned(ctx: BuildContext, *, proof: bool) -> list[Problem]:
    """The partners sign the final report off (dates.completed) before it is published."""
    if proof or ctx.review.review.dates.completed:
        return []
    return [review_problem(ctx.case_dir, ("review", "dates"),
                           "the partners have not signed the report off: review.dates.completed is not set",
                           "add dates.completed (DD/MM/YYYY) when they have, or run publish --unsigned for a proof "
                           "that must not go on the website")]


def words_in(markdown: str) -> int:
    """Words a reader sees in a section's Markdown: link and picture targets and attributes are no words.
    The draft and publish count the same way, so what the draft lets through publish does too."""
    return sum(1 for token in LINK_TARGET.sub("]", markdown).split() if any(ch.isalnum() for ch in token))


def unwritten_sections(markdown: str) -> list[tuple[str, int]]:
    """(title, words) of each level-1 section of the report's Markdown too short to be written yet."""
    parts = re.split(r"^# +(.+)$", markdown, flags=re.MULTILINE)[1:]
    sections = [(title.strip(), words_in(body)) for title, body in zip(parts[::2], parts[1::2])]
    return [(title, words) for title, words in sections if words < MIN_SECTION_WORDS]


def spaced(text: str) -> str:
    return " ".join(text.split()).casefold()


def missing_reviewers(ctx: BuildContext, markdown: str) -> list[Problem]:
    """The published report names its lead reviewer(s); anonymising must not have removed them."""
    text = spaced(re.sub(r"[*_\\]", "", markdown))
    return [review_problem(ctx.case_dir, ("review", "lead_reviewers", n),
                           f"the lead reviewer '{reviewer.name}' is not named in the published text",
                           "check the redaction decisions did not replace the name (decide 'keep' for it), "
                           f"then run {ctx.make('publish')} again (it runs redaction first)")
            for n, reviewer in enumerate(ctx.review.review.lead_reviewers) if spaced(reviewer.name) not in text]


def refuse_unready(ctx: BuildContext, markdown: str, *, proof: bool = False) -> None:
    """Exit 1 listing every reason the anonymised text (`markdown`) is not ready to publish."""
    problems = [*overdue_recommendations(ctx), *unsigned(ctx, proof=proof), *missing_reviewers(ctx, markdown)]
    if problems:
        raise GateHeld(problems, f"{len(problems)} check(s) before publishing failed; nothing was published")


def accessibility_problems(staged: list[Path]) -> list[Problem]:
    """Each staged PDF's failures of the structural checks and of veraPDF (when installed), named
    as it will be in public/."""
    problems = []
    for pdf in (path for path in staged if path.suffix == ".pdf"):
        checks = structural_checks(pdf)
        validator = verapdf(pdf)
        if validator is None:
            messages.warn("veraPDF skipped: no `verapdf` on PATH; the structural checks ran")
        else:
            checks.append(validator)
        problems += failures_as_problems(Path(f"public/{pdf.name}"), checks)
    return problems


def _reading_order(item: tuple[str, list[str]]) -> list:
    """'page 2' before 'page 10', 'line 49' before 'line 105'."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", item[0])]


def leak_problems(staged: list[Path], review: Review, fix: str) -> list[Problem]:
    """One problem per place, in reading order, where the leak scan found register values in the
    staged public files, naming the kinds of value found there; `fix` is said once, on the first."""
    places: dict[str, list[str]] = {}
    for hit in scan_files(staged, register_values(review), register=register_from(review)):
        places.setdefault(hit.where, []).append(hit.words)
    return [Problem(f"public/{where.split(':')[0]}", f"register values ({', '.join(labels)}) found in "
                    f"{where.split(': ', 1)[-1]}", fix if n == 0 else "")
            for n, (where, labels) in enumerate(sorted(places.items(), key=_reading_order))]


def section_holding(markdown: str, needle: str) -> str:
    """The level-1 section of the report's Markdown whose text holds `needle` (its title page otherwise)."""
    title = "the title page"
    for line in markdown.splitlines():
        if line.startswith("# "):
            title = f"section '{line[2:].strip()}'"
        elif needle in line:
            return title
    return title


def broken_link_problems(page: str, markdown: str, shown: str, fix: str) -> list[Problem]:
    """Each link in the public page to an anchor no element of it has, in words: which link, where, to what.
    A PDF cannot be made with one (WeasyPrint stops), and the reader of the HTML would go nowhere."""
    ids = set(ELEMENT_ID.findall(page))
    problems, seen = [], set()
    for link in PAGE_LINK.finditer(page):
        anchor = link.group("anchor")
        if anchor in ids or anchor in seen:
            continue
        seen.add(anchor)
        words = " ".join(markup.unescape(re.sub(r"<[^>]+>", "", link.group("words"))).split())
        needle = f"](#{markup.unescape(anchor)}"
        problems.append(Problem(shown, f"the link '{words}' in {section_holding(markdown, needle)} points to "
                                       f"'#{markup.unescape(anchor)}', which no heading of the public text has",
                                fix, line=line_holding(markdown, needle)))
    return problems
