"""The case's anonymiser: review.yaml's register and allow-list, the checker's decisions.yaml and the
analyser with its paragraph cache, put together as every stage that publishes anonymised text needs
them (redaction; and the review page, the briefing and the anonymised chronology), and the words a
quality checker reads for each kind of finding and change.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import unquote

from pipeline import messages
from pipeline.case.register import allowlist_from, register_from
from pipeline.case.yamlfile import line_of, load_yaml
from pipeline.context import BuildContext
from pipeline.errors import BadInput, Problem, display_path
from pipeline.fileio import write_atomic
from pipeline.tools import pandoc
from redaction.anonymise import MARKDOWN_IMAGE, NER_DETECTOR, Outcome, anonymise
from redaction.decisions import Decision, DecisionsError, decision_key, parse_decisions, stale_in_all

DRAFT = "draft-report.md"  # under internal/: what the draft stage wrote and the anonymiser reads
# under redaction/, beside the anonymised chronology: the decisions its last run used, and of which decisions.yaml
CHRONOLOGY_DECISIONS_USED = "chronology-decisions-used.json"
# a link inside the report, `](#anchor)` (with an optional "title"), and an element's own id, `{#id .class}`
INTERNAL_LINK = re.compile(r"\]\(#(?P<anchor>[^)\s]+)(?=[)\s])")
EXPLICIT_ID = re.compile(r"(?<=[{\s])#(?P<anchor>[\w\-:.]+)(?=[^{}\n]*\})")


def load_decisions(ctx: BuildContext) -> tuple[list, dict]:
    path = ctx.decisions_file
    if not path.exists():
        return [], {}
    data, lines = load_yaml(path, ctx.case_dir)
    try:
        return parse_decisions(data), lines
    except DecisionsError as exc:
        raise decisions_problems(ctx, exc, lines) from None


def decisions_problems(ctx: BuildContext, exc: DecisionsError, lines: dict) -> BadInput:
    shown = display_path(ctx.decisions_file, ctx.case_dir)
    return BadInput([Problem(shown, message, hint, line=line_of(lines, loc)) for loc, message, hint in exc.problems],
                    f"{len(exc.problems)} problem(s) in {shown}")


def used_keys(decisions: list[Decision], outcome: Outcome) -> set[str]:
    stale = {d.index for d in outcome.stale}
    return {decision_key(d) for d in decisions if d.index not in stale}


def decisions_digest(ctx: BuildContext) -> str | None:
    path = ctx.decisions_file
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def record_chronology_decisions(ctx: BuildContext, decisions: list[Decision], outcome: Outcome) -> None:
    """Which decisions the anonymised chronology used (by what each is about, not its place in the file),
    and the digest of the decisions.yaml it was built with: what the redaction stage reads to call a
    decision stale only when neither document uses it."""
    record = {"decisions_sha256": decisions_digest(ctx), "used": sorted(used_keys(decisions, outcome))}
    write_atomic(ctx.zone("redaction") / CHRONOLOGY_DECISIONS_USED, json.dumps(record, indent=2) + "\n")


def stale_in_both(ctx: BuildContext, outcome: Outcome) -> tuple[list[Decision], str]:
    """The decisions that match nothing in the report (its `outcome`) nor in the anonymised chronology as
    last built, and in words what they were checked against: that copy may not have been built, or been
    built before decisions.yaml last changed (then a decision added for it since is stale until it is
    built again)."""
    try:
        record = json.loads((ctx.zone("redaction") / CHRONOLOGY_DECISIONS_USED).read_text(encoding="utf-8"))
        chronology, digest = set(record["used"]), record["decisions_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return outcome.stale, (
            "matches nothing in the report (the anonymised chronology has not been built, so it was not checked: "
            "`lcspr chronology --anonymised` checks it too)")
    stale = stale_in_all(outcome.stale, [chronology])
    if digest != decisions_digest(ctx):
        return stale, ("matches nothing in the report, nor in the anonymised chronology as built before "
                       "decisions.yaml last changed (`lcspr chronology --anonymised` checks it again)")
    return stale, "matches nothing in the report or in the anonymised chronology"


def image_hashes(text: str, internal: Path) -> dict[str, str]:
    """SHA-256 of each picture the draft shows, by its target: a decision on a picture binds to its content."""
    hashes = {}
    for m in MARKDOWN_IMAGE.finditer(text):
        path = (internal / m.group("target")).resolve()
        if internal.resolve() in path.parents and path.is_file():
            hashes[m.group("target")] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def analyse_with_cache(ctx: BuildContext, model: str):
    """The analyser with its paragraph cache loaded from redaction/analysis-cache.json."""
    from redaction.analyzer import Analyzer, ModelMissing

    try:
        analyzer = Analyzer(model)
    except ModelMissing as exc:
        raise BadInput(Problem("spaCy", str(exc), "run `make setup`, or pass --spacy-model with an installed model"))
    cache = ctx.zone("redaction") / "analysis-cache.json"
    if cache.exists():
        try:
            analyzer.load_cache(json.loads(cache.read_text()))
        except (ValueError, OSError):
            messages.warn(f"{cache}: unreadable analysis cache; analysing every paragraph again")
    return analyzer, cache


def save_analysis_cache(analyzer, cache: Path) -> None:
    """The paragraphs analysed so far, kept for the next run (the stage's, or the review page's)."""
    write_atomic(cache, json.dumps(analyzer.saved_cache()))


# The kind of each finding in words a quality checker uses (detectors' class names mean nothing to them).
KINDS = {
    "PERSON": "a person's name", "NAME_AFTER_PSEUDONYM": "a name right after a pseudonym (a surname?)",
    "REGISTER_AMBIGUOUS": "a name several people in the register share",
    "REGISTER_NAME_AS_WORD": "a register name the sentence talks about (quoted, a nickname, a spelling)",
    "REGISTER_ADDRESS_PART": "a flat or house number of an address in the register (its paragraph names no address)",
    "LOCATION": "a place", "ORGANIZATION": "an organisation", "NAMED_PLACE": "a named place (school, surgery, ward)",
    "STREET": "a street", "UK_POSTCODE": "a postcode", "UK_PHONE": "a phone number",
    "UK_NI_NUMBER": "a National Insurance number", "UK_NHS_NUMBER": "an NHS number",
    "UK_VEHICLE_REGISTRATION": "a vehicle registration", "EMAIL_ADDRESS": "an email address",
    "SOCIAL_MEDIA": "a social media account", "REFERENCE_NUMBER": "a reference number",
    "DATE_OF_BIRTH": "a date of birth", "IMAGE": "a picture (look at it)",
    "PROPER_NOUN": "a name not known to be safe", "GROUP": "a group, page or club",
    "IDENTIFIER": "a code or partial postcode", "UNKNOWN_WORD": "a word not in the English word list (a name?)",
}
CHANGE_KINDS = {"name": "a name", "first name": "a first name", "surname": "a surname", "initials": "initials",
                "near-miss": "a name misspelt", "date of birth": "a date of birth", "address": "an address",
                "street": "a street", "postcode": "a postcode"}


# detectors whose own names would puzzle a quality checker; the others read well with spaces for hyphens
DETECTORS = {NER_DETECTOR: "the language model", "not-known-safe": "the safe-list check (in no safe list or word list)",
             "uk-phone": "the UK phone number pattern", "uk-postcode": "the UK postcode pattern",
             "uk-ni-number": "the National Insurance number pattern", "uk-nhs-number": "the NHS number pattern",
             "uk-vehicle-registration": "the vehicle registration pattern"}


def detector_in_words(detector: str) -> str:
    return DETECTORS.get(detector, detector.replace("-", " "))


def kind_in_words(entity: str) -> str:
    return KINDS.get(entity, entity.replace("_", " ").lower())


# how sure a detector is, as a checker weighs it (a bare 0.85 tells them nothing); a score this high comes
# from the register or a picture, which are certain: their kind alone says it
CONFIDENCE = ((0.95, ""), (0.8, "likely "), (0.6, "possibly "), (0.0, "perhaps "))


def confidence_in_words(entity: str, score: float) -> str:
    """'likely a person's name', 'possibly a postcode', or the kind alone where the finding is certain."""
    hedge = next(words for floor, words in CONFIDENCE if score >= floor)
    return hedge + kind_in_words(entity)


def change_in_words(source: str, form: str) -> str:
    if source == "date policy":
        return f"an exact date ({form} policy)"
    return f"the register: {CHANGE_KINDS.get(form, form)}"


def anonymise_case_text(ctx: BuildContext, text: str, analyzer, decisions: list, lines: dict,
                        images_from: Path) -> Outcome:
    """`text` anonymised for this case: its register, allow-list and date policy, the checker's decisions;
    a decision that cannot apply is bad input naming its line in decisions.yaml."""
    register = register_from(ctx.review)
    try:
        def anonymised(draft: str) -> Outcome:
            return anonymise(draft, register, allowlist_from(ctx.review), analyzer,
                             ctx.review.review.public_date_policy.value, decisions, image_hashes(draft, images_from))
        outcome = anonymised(text)
        if not (INTERNAL_LINK.search(text) or EXPLICIT_ID.search(text)):
            return outcome  # nothing links to an id: no ids to follow (pandoc not run for them on every decision)
        drafted = heading_ids(text)
        moved = {**named_anchors(ctx, text, register, set(drafted)),
                 **moved_headings(drafted, heading_ids(outcome.public_text))}
        relinked = relink(text, moved)
        return outcome if relinked == text else anonymised(relinked)
    except DecisionsError as exc:
        raise decisions_problems(ctx, exc, lines) from None


def heading_ids(markdown: str) -> list[str]:
    """Each heading's id, in order, as pandoc makes it for the HTML and the PDF's destinations."""
    tree = json.loads(pandoc.run_pandoc([f"--from={pandoc.MARKDOWN}", "--to=json"], markdown))
    return [heading["c"][1][0] for heading in pandoc.of_type(tree, "Header")]


def moved_headings(drafted: list[str], published: list[str]) -> dict[str, str]:
    """Draft id -> public id of each heading whose id anonymising changed ("willows-story" ->
    "child-ws-story"): a link to it must follow, or it goes nowhere and carries the name."""
    if len(drafted) != len(published):   # a decision rewrote a heading away: publish names what then breaks
        return {}
    return {old: new for old, new in zip(drafted, published) if old != new}


def slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


def named_anchors(ctx: BuildContext, draft: str, register, headings: set[str]) -> dict[str, str]:
    """Each element's own id (`{#willow-words}`) and each link's anchor, other than a heading's, that holds
    a register value -> the same with that value replaced by its wording ("child-w-words"), so an id and
    the links to it still agree; one it cannot clean is bad input at its section's line."""
    renamed = {}
    anchors = [m.group("anchor") for m in EXPLICIT_ID.finditer(draft)] + \
        [unquote(m.group("anchor")) for m in INTERNAL_LINK.finditer(draft)]
    for anchor in dict.fromkeys(a for a in anchors if a not in headings):
        found = names_in(anchor, register)
        if not found:
            continue
        cleaned = anchor
        for start, end, wording in sorted(found, reverse=True):
            cleaned = cleaned[:start] + slug(wording) + cleaned[end:]
        if any(not slug(wording) for _, _, wording in found) or names_in(cleaned, register):
            raise BadInput(id_problem(ctx, anchor))
        renamed[anchor] = cleaned
    return renamed


def names_in(anchor: str, register) -> list[tuple[int, int, str]]:
    """(start, end, wording) of each register value in an anchor, a possessive too as ids write it
    without its apostrophe ("willows-story": "Willow's story")."""
    found = [(m.start, m.end, m.replacement) for m in register.find(anchor, link=True)]
    for word in re.finditer(r"[^\W_]+s(?![^\W_])", anchor):
        if any(s < word.end() and word.start() < e for s, e, _ in found):
            continue
        owner = [m for m in register.find(word.group()[:-1] + "'s", link=True) if m.start == 0]
        if owner and owner[0].end >= len(word.group()) - 1:
            found.append((word.start(), word.end(), owner[0].replacement + "s" if owner[0].replacement else ""))
    return found


def id_problem(ctx: BuildContext, anchor: str) -> Problem:
    """Where a section file gives an element an id holding a name, and what to do."""
    texts = {path: path.read_text(encoding="utf-8", errors="replace") for path in ctx.section_files.values()
             if path.suffix == ".md"}
    written = [re.compile(r"(?<!\()#" + re.escape(anchor)), re.compile("#" + re.escape(anchor))]  # its id first
    for needle, (path, text) in ((n, item) for n in written for item in texts.items()):
        line = next((n for n, row in enumerate(text.splitlines(), 1) if needle.search(row)), None)
        if line:
            return Problem(f"sections/{path.name}", "an anchor written in the section (#...) holds a name from "
                           "the register", "give the element an id without the name (e.g. #section-2), and link to "
                           "that", line=line)
    return Problem(DRAFT, "an anchor written in a section (#...) holds a name from the register",
                   "find the {#...} attribute or (#...) link in the sections and write it without the name")


def relink(draft: str, moved: dict[str, str]) -> str:
    """The draft with each moved id, and each link to it, written as it will be in the public text."""
    if not moved:
        return draft
    draft = INTERNAL_LINK.sub(lambda m: "](#" + moved.get(unquote(m.group("anchor")), m.group("anchor")), draft)
    return EXPLICIT_ID.sub(lambda m: "#" + moved.get(m.group("anchor"), m.group("anchor")), draft)
