"""Stage `validate`: review.yaml and the case files -> build/<id>/internal/case.json.

Reports every problem at once, each with its file, line and field and what to do, and
writes nothing when there is any (exit 2).
"""
from __future__ import annotations

import difflib
import types
import typing
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline.case.schema import Review
from pipeline.context import CHRONOLOGY_TYPES, SECTION_TYPES, BuildContext, DEFAULT_BUILD_ROOT, case_files
from pipeline.errors import BadInput, Problem, display_path
from pipeline.case.yamlfile import Loc, line_of, load_yaml

REVIEW_FILE = "review.yaml"
CONVERT_HINTS = {  # chronologies sent in a form we do not read
    ".xlsm": "macro-enabled workbooks are not read: save it as Excel Workbook (.xlsx)",
    ".xls": "save it as Excel Workbook (.xlsx)",
    ".doc": "save it as Word Document (.docx)",
    ".pdf": "ask for the chronology as .xlsx, .docx or .csv: tables in a PDF cannot be read reliably",
}


def dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def review_problem(case_dir: Path, loc: Loc, message: str, hint: str) -> Problem:
    """A problem with review.yaml, at the line of `loc` (or of its nearest parent there), its field
    named as validate names it: every stage's "review.yaml, line N, field ..." comes from here."""
    _, lines = load_yaml(case_dir / REVIEW_FILE, case_dir)
    return Problem(REVIEW_FILE, message, hint, line_of(lines, loc), dotted(loc))


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that holds the field at `loc` (for 'did you mean' hints)."""
    current: typing.Any = Review
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if part not in fields:
            return None
        current = fields[part].annotation
        while typing.get_origin(current) in (list, typing.Union, types.UnionType):
            current = next(a for a in typing.get_args(current) if a is not type(None))
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _problem_from_error(error: dict, file: str, lines: dict) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    name = loc[-1] if loc else "review.yaml"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        known = [info.alias or n for n, info in model.model_fields.items()] if model else []
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"remove it; known fields here: {', '.join(known)}"
        return Problem(file, f"unknown field '{name}'", hint, line_of(lines, loc), dotted(loc))
    if kind == "missing":
        model = _model_at(loc[:-1])
        info = {i.alias or n: i for n, i in model.model_fields.items()}.get(str(name)) if model else None
        about = f" ({info.description})" if info and info.description else ""
        return Problem(file, f"required field '{name}' is missing{about}", f"add '{name}:' here",
                       line_of(lines, loc), dotted(loc))
    if kind == "enum":
        return Problem(file, f"'{error.get('input')}' is not allowed", f"use one of {error['ctx']['expected']}",
                       line_of(lines, loc), dotted(loc))
    if kind == "string_pattern_mismatch":  # every pattern in the schema is an id (a slug)
        return Problem(file, f"'{error.get('input')}' may hold only lower-case letters, digits and hyphens",
                       "write it like child-w-2025 or school-nursing", line_of(lines, loc), dotted(loc))
    message = error["msg"].removeprefix("Value error, ")
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        message = f"'{error.get('input')}' is not a date"
    hint = "write the date as DD/MM/YYYY, e.g. 14/03/2025" if "date" in kind or "date" in message else "correct the value"
    return Problem(file, message, hint, line_of(lines, loc), dotted(loc))


def _sections(data: dict) -> dict[str, typing.Any]:
    """Validate each top-level section on its own so cross-checks run even when others fail."""
    parts: dict[str, typing.Any] = {}
    for name, info in Review.model_fields.items():
        name = info.alias or name
        if name in data:
            try:
                parts[name] = TypeAdapter(info.annotation).validate_python(data[name])
            except ValidationError:
                pass
    return parts


def _duplicates(items: list, attr: str, loc: Loc, what: str) -> list[tuple[Loc, str, str]]:
    counts = Counter(getattr(item, attr) for item in items)
    return [(loc + (i, attr), f"{what} '{getattr(item, attr)}' is used more than once",
             f"give each {what.split()[0]} its own {attr}")
            for i, item in enumerate(items) if counts[getattr(item, attr)] > 1]


def cross_check(parts: dict) -> list[tuple[Loc, str, str]]:
    """Problems between fields: duplicates, unknown references, dates out of order."""
    found: list[tuple[Loc, str, str]] = []
    agencies = parts.get("agencies") or []
    register = parts.get("register")
    review = parts.get("review")
    findings = parts.get("findings")
    recommendations = parts.get("recommendations") or []

    found += _duplicates(agencies, "id", ("agencies",), "agency id")
    found += _duplicates(findings or [], "id", ("findings",), "finding id")
    found += _duplicates(recommendations, "id", ("recommendations",), "recommendation id")
    if review:
        found += _duplicates(review.key_lines_of_enquiry, "id", ("review", "key_lines_of_enquiry"),
                             "line of enquiry id")
        d = review.dates
        order = [("incident", d.incident), ("notification", d.notification), ("decision", d.decision),
                 ("planned_publication", d.planned_publication)]
        for (a, da), (b, db) in zip(order, order[1:]):
            if db < da:
                found.append((("review", "dates", b), f"{b} ({db:%d/%m/%Y}) is before {a} ({da:%d/%m/%Y})",
                              "dates must run incident <= notification <= decision <= planned_publication"))
        if d.rapid_review_submitted and d.rapid_review_submitted < d.notification:
            found.append((("review", "dates", "rapid_review_submitted"),
                          "the rapid review is dated before the notification", "check both dates"))
        if review.period.end < review.period.start:
            found.append((("review", "period", "end"), "the review period ends before it starts",
                          "check period start and end"))
    if register:
        people = register.people
        found += _duplicates(people, "id", ("register", "people"), "person id")
        found += _duplicates(people, "pseudonym", ("register", "people"), "pseudonym")
        found += _duplicates(register.places, "id", ("register", "places"), "place id")
        found += _duplicates(register.identifiers, "id", ("register", "identifiers"), "identifier id")
        real = {n.casefold() for p in people for n in [p.name, *p.aliases]}
        for i, person in enumerate(people):
            if person.pseudonym.casefold() in real:
                found.append((("register", "people", i, "pseudonym"),
                              f"pseudonym '{person.pseudonym}' is a real name in the register",
                              "choose a pseudonym that identifies no one, e.g. 'Mother' or 'Child W'"))
        if sum(p.subject for p in people) > 1:
            found.append((("register", "people"), "more than one person is marked 'subject: true'",
                          "mark only the child the review is about"))
        person_ids = {p.id for p in people}
        for i, ident in enumerate(register.identifiers):
            if ident.belongs_to and ident.belongs_to not in person_ids:
                found.append((("register", "identifiers", i, "belongs_to"),
                              f"'{ident.belongs_to}' is no person in the register", f"use one of {sorted(person_ids)}"))
    agency_ids = {a.id for a in agencies}
    finding_ids = {f.id for f in findings or []}
    for i, rec in enumerate(recommendations):
        for j, owner in enumerate(rec.owners):
            if agencies and owner not in agency_ids:
                found.append((("recommendations", i, "owners", j), f"owner '{owner}' is no agency in review.yaml",
                              agency_hint(owner, agency_ids)))
        if findings is not None and rec.finding and rec.finding not in finding_ids:
            found.append((("recommendations", i, "finding"), f"finding '{rec.finding}' does not exist",
                          f"use a finding id: {', '.join(sorted(finding_ids)) or '(none defined)'}"))
    if review and findings:
        kloe_ids = {k.id for k in review.key_lines_of_enquiry}
        for i, finding in enumerate(findings):
            for j, kloe in enumerate(finding.lines_of_enquiry):
                if kloe not in kloe_ids:
                    found.append((("findings", i, "lines_of_enquiry", j), f"line of enquiry '{kloe}' does not exist",
                                  f"use one of: {', '.join(sorted(kloe_ids)) or '(none defined)'}"))
    return found


def closest_agency(named: str, agency_ids: set[str]) -> str | None:
    close = difflib.get_close_matches(named, sorted(agency_ids), n=1)
    return close[0] if close else None


def agency_hint(named: str, agency_ids: set[str]) -> str:
    """"did you mean 'education'?" for a mistyped agency id, else the ids there are."""
    close = closest_agency(named, agency_ids)
    return f"did you mean '{close}'?" if close else f"use an agency id: {', '.join(sorted(agency_ids))}"


def check_files(case_dir: Path, agencies: list) -> list[Problem]:
    """The case folder's files: types, one chronology per agency, nothing outside the case."""
    problems: list[Problem] = []
    root = case_dir.resolve()
    folders = {"chronologies": CHRONOLOGY_TYPES, "organisational": CHRONOLOGY_TYPES, "sections": SECTION_TYPES}
    for folder, allowed in folders.items():
        files = case_files(case_dir / folder)
        for path in files:
            shown = display_path(path, case_dir)
            if root not in path.resolve().parents:
                problems.append(Problem(shown, "points outside the case folder",
                                        "copy the file into the case folder instead of linking to it"))
            elif path.suffix.lower() not in allowed:
                problems.append(Problem(shown, f"is a {path.suffix or 'file with no extension'}, which is not read here",
                                        (allowed == CHRONOLOGY_TYPES and CONVERT_HINTS.get(path.suffix.lower()))
                                        or f"save it as {' or '.join(allowed)}"))
        if folder == "sections":
            continue
        stems = Counter(p.stem for p in files)
        for stem, count in stems.items():
            if count > 1:
                problems.append(Problem(f"{folder}/", f"agency '{stem}' has {count} files",
                                        "keep one file per agency"))
        agency_ids = {a.id for a in agencies}
        for path in files:
            if agencies and path.stem not in agency_ids:
                close = closest_agency(path.stem, agency_ids)
                hint = (f"did you mean '{close}'? If so, rename the file to {close}{path.suffix}" if close else
                        f"name the file after its agency's id: {', '.join(sorted(agency_ids))}")
                problems.append(Problem(display_path(path, case_dir), f"'{path.stem}' is no agency id in review.yaml",
                                        hint))
        if folder == "chronologies":
            for agency in agencies:
                if agency.id not in stems:
                    problems.append(Problem("chronologies/", f"no chronology from {agency.name} ('{agency.id}')",
                                            f"add chronologies/{agency.id}.xlsx (or .docx, .csv)"))
    return problems


def load_case(case_dir: Path, build_root: Path = DEFAULT_BUILD_ROOT, with_files: bool = True) -> BuildContext:
    """Read and check a case folder; raise BadInput listing every problem.

    `with_files=False` checks review.yaml alone, for work done before the agencies' files arrive.
    """
    case_dir = Path(case_dir)
    if not (case_dir / REVIEW_FILE).is_file():
        raise BadInput(Problem(str(case_dir), f"has no {REVIEW_FILE}",
                               "give the path of a case folder (see examples/)"))
    data, lines = load_yaml(case_dir / REVIEW_FILE, case_dir)
    if not isinstance(data, dict):
        raise BadInput(Problem(REVIEW_FILE, "does not hold a mapping of fields", "start from examples/*/review.yaml"))
    problems: list[Problem] = []
    review = None
    try:
        review = Review.model_validate(data)
    except ValidationError as exc:
        problems += [_problem_from_error(e, REVIEW_FILE, lines) for e in exc.errors()]
    parts = _sections(data)
    problems += [Problem(REVIEW_FILE, msg, hint, line_of(lines, loc), dotted(loc))
                 for loc, msg, hint in cross_check(parts)]
    if with_files:
        problems += check_files(case_dir, parts.get("agencies") or [])
    if problems or review is None:
        problems.sort(key=lambda p: (p.file != REVIEW_FILE, p.line or 0))
        raise BadInput(problems, f"{len(problems)} problem(s) in {case_dir}")
    return BuildContext(case_dir=case_dir, review=review, build_root=Path(build_root))
