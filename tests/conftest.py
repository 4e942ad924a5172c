"""Shared fixtures: the example case, and small cases built from it in a temporary folder."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from hypothesis import settings

from pipeline.tools.weasy import render_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-w"

# CI draws the same examples every run, so a submission is judged on its own code; a developer's
# `make test` draws new ones each time, and what they find is fixed and kept as a table row.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# --- foundation -------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Nothing in lcspr may open a network connection: every test fails if it tries."""
    refuse_network(monkeypatch)


def refuse_network(monkeypatch) -> None:
    """Make every socket connection attempt fail (also for fixtures wider than one test)."""

    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args[1:] or kwargs}")

    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family == socket.AF_UNIX:
            return real_connect(sock, address)
        refuse(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", lambda sock, address: refuse(sock, address))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)



# A chronology with one plainly fictional entry: validate reads every chronology, and one with a header
# and no entries is refused as the chronology stage refuses it.
STUB_CHRONOLOGY = "Date,Source,Event\n01/01/2024,Case note,A fictional entry standing in for the agency's events\n"


@pytest.fixture
def example_case() -> Path:
    return EXAMPLE


@pytest.fixture
def case_copy(tmp_path) -> Path:
    """A writable copy of the whole example case."""
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def make_case(tmp_path):
    """Build a case folder from review.yaml text, with a stub chronology for every agency id listed."""

    def build(review_text: str, agencies: list[str] | None = None) -> Path:
        case = tmp_path / "case"
        (case / "chronologies").mkdir(parents=True, exist_ok=True)
        (case / "review.yaml").write_text(review_text, encoding="utf-8")
        for agency in agencies if agencies is not None else ["csc", "police", "hospital", "gp", "school-nursing",
                                                              "education", "housing"]:
            (case / "chronologies" / f"{agency}.csv").write_text(STUB_CHRONOLOGY, encoding="utf-8")
        return case

    return build


@pytest.fixture
def example_review_text() -> str:
    return (EXAMPLE / "review.yaml").read_text(encoding="utf-8")


# --- draft report ------------------------------------------------------------------------

AGENCY_IDS = ["csc", "police", "hospital", "gp", "school-nursing", "education", "housing"]


def section_text(section) -> str:
    """A short, plainly fictional section body: a subsection, a sentence naming the section, a list."""
    return (f"## About {section.title.lower()}\n\n"
            f"This fictional section covers {section.about}. Agencies worked with Child W for eighteen months.\n\n"
            "- a first point\n- a second point\n")


def write_draft_case(case: Path) -> Path:
    """The example review.yaml with stub chronologies and a short Markdown file for every section."""
    from pipeline.case.sections import SECTIONS

    (case / "chronologies").mkdir(parents=True)
    (case / "sections").mkdir()
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    for agency in AGENCY_IDS:
        (case / "chronologies" / f"{agency}.csv").write_text(STUB_CHRONOLOGY, encoding="utf-8")
    for section in SECTIONS:
        (case / "sections" / f"{section.id}.md").write_text(section_text(section), encoding="utf-8")
    return case


@pytest.fixture
def draft_case(tmp_path) -> Path:
    return write_draft_case(tmp_path / "case")


@pytest.fixture
def edit_review():
    """Change review.yaml in a case: `change(data)` edits the loaded mapping in place."""
    import yaml

    def edit(case: Path, change) -> None:
        path = case / "review.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return edit


# --- letters and bundle -------------------------------------------------------------------

@pytest.fixture
def letters_case(make_case, example_review_text) -> Path:
    """The example review.yaml alone: letters and bundle need no chronologies or sections."""
    return make_case(example_review_text, agencies=[])


def fake_publish(case: Path, build: Path, *, leak_scan: str = "passed") -> bytes:
    """What the publish stage leaves behind: public/<id>.pdf and a publish record for these inputs."""
    from pipeline.case.load import load_case
    from pipeline.tools.weasy import render_pdf

    ctx = load_case(case, build, with_files=False)
    public = ctx.zone("public")
    pdf = render_pdf('<html lang="en-GB"><head><title>Child W</title></head><body><h1>Child W</h1>'
                     "<p>Mother, Father and the child's primary school.</p></body></html>",
                     base_dir=public, roots=[], what="test report", date=dt.date(2027, 1, 12))
    (public / f"{ctx.review_id}.pdf").write_bytes(pdf)
    record = {"pdf_sha256": hashlib.sha256(pdf).hexdigest(), "html_sha256": "",
              "inputs_sha256": ctx.public_inputs_digest(), "leak_scan": leak_scan}
    (public / "publish-record.json").write_text(json.dumps(record))
    return pdf


@pytest.fixture
def published(letters_case, tmp_path) -> tuple[Path, Path, bytes]:
    """(case, build root, published PDF bytes) with a passed publish."""
    build = tmp_path / "build"
    return letters_case, build, fake_publish(letters_case, build)
# --- publication: leak scan, check-pdf, publish --------------------------------------------

PUBLIC_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Review: Child W</title>
<meta name="author" content="Northbrook Safeguarding Children Partnership"></head>
<body><h1 id="review">Review: Child W</h1>
<h2 id="{heading_id}">What happened</h2>
<p>Child W lived with Mother and Sibling. See <a href="https://www.example.co.uk/reviews">the reviews</a>.</p>
<p><img src="data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='40' height='20'%3E%3Crect width='40' height='20' fill='%23246'/%3E%3C/svg%3E" alt="{alt}"></p>
</body></html>"""


def make_public_html(heading_id: str = "what-happened", alt: str = "A bar chart of agency contacts") -> str:
    return PUBLIC_PAGE.format(heading_id=heading_id, alt=alt)


@pytest.fixture
def public_html():
    """A small public page maker: tagged-PDF-ready, with a heading id, a link and an informative image."""
    return make_public_html


@pytest.fixture
def render_public(tmp_path):
    """Render a public page to a tagged PDF file; returns its path."""
    def render(html: str | None = None, name: str = "child-w.pdf", variant: str | None = "pdf/ua-1") -> Path:
        pdf = render_pdf(html or make_public_html(), base_dir=tmp_path, roots=[], what=name,
                         variant=variant, date=dt.date(2027, 1, 12))
        path = tmp_path / name
        path.write_bytes(pdf)
        return path
    return render


PUBLIC_REPORT = """---
title: 'Local Child Safeguarding Practice Review: Child W'
subtitle: Northbrook Safeguarding Children Partnership
author:
- Dr Morwenna Fictional
date: January 2027
lang: en-GB
---

# Introduction

This review considers the experiences of Child W, who lived with Mother and Sibling.

## Terms of reference

The period under review runs from September 2023 to March 2025.

# Findings

Agencies saw incidents, not a pattern. See [the partnership](https://www.northbrook-safeguarding.example.co.uk/reviews).

# Recommendations

| Recommendation | Owners | Due |
|---|---|---|
| Commission training on coercive control | Children's Social Care, Police | June 2026 |
| Agree a protocol for changes of address | Children's Social Care, Housing provider | March 2026 |
"""


@pytest.fixture
def public_report():
    """An anonymised report as the redaction stage hands it to publish."""
    return PUBLIC_REPORT


@pytest.fixture
def published_case(tmp_path):
    """The example case with an anonymised text and a redaction status as the redaction stage leaves them."""
    from pipeline.case.load import load_case

    case = tmp_path / "case"
    case.mkdir()
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")

    def make(text: str = PUBLIC_REPORT, pending: int = 0):
        ctx = load_case(case, tmp_path / "build", with_files=False)
        redaction = ctx.zone("redaction")
        (redaction / "status.json").write_text(f'{{"pending": {pending}}}')
        if text is not None:
            ctx.public_text_file.write_text(text, encoding="utf-8")
        return ctx
    return make


# --- chronology (issue 3) -------------------------------------------------------------------
CHRONOLOGY_HEADER = ["Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category",
                     "Significance"]
CHRONOLOGY_AGENCIES = ("csc", "police", "gp")


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with the given sheets of rows (first sheet first)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def write_docx(path: Path, tables: list[list[list[str]]], intro: str = "Chronology") -> Path:
    document = docx.Document()
    document.add_paragraph(intro)
    for rows in tables:
        table = document.add_table(rows=0, cols=max(len(r) for r in rows))
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
        document.add_paragraph("")
    document.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def chronology_rows(agency: str) -> list[list]:
    """A small, fictional chronology; police and csc both record the 05/10/2023 strategy discussion."""
    rows = {
        "csc": [[dt.datetime(2023, 10, 5), "10:00", "Case note", "Strategy discussion held about bruising to Child W",
                 "Section 47 enquiry agreed", "Team manager", "Strategy discussion", "First multi-agency meeting"],
                ["03/2024", "", "Case note", "Family moved to Larkspur Close", "Address updated", "Social worker",
                 "House move", ""]],
        "police": [["05/10/2023", "10:05", "Niche log", "Strategy discussion about bruising to Child W attended",
                    "Section 47 enquiry agreed", "DS", "Strategy discussion", ""],
                   ["12/06/2023", "", "Niche log", "Domestic abuse incident reported by neighbour", "DASH medium",
                    "PC", "Police incident or log", "Before the review period"]],
        "gp": [["20/11/2024", "09:30", "EMIS", "Child W seen for cough", "Antibiotics", "GP", "", ""]],
    }
    return rows[agency]


@pytest.fixture
def chronology_case(tmp_path: Path) -> Path:
    """The example review trimmed to three agencies, each with a small xlsx chronology."""
    review = yaml.safe_load((ROOT / "examples/child-w/review.yaml").read_text())
    review["agencies"] = [a for a in review["agencies"] if a["id"] in CHRONOLOGY_AGENCIES]
    review["recommendations"] = []
    case = tmp_path / "case"
    (case / "chronologies").mkdir(parents=True)
    (case / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    for agency in CHRONOLOGY_AGENCIES:
        write_xlsx(case / "chronologies" / f"{agency}.xlsx", {"Chronology": [CHRONOLOGY_HEADER, *chronology_rows(agency)]})
    return case
# --- redaction -------------------------------------------------------------------------
# A case folder in tmp_path holding the example review.yaml, placeholder chronologies (so the
# case validates) and build/<id>/internal/draft-report.md assembled from section texts the
# way the draft stage does (title block, one level-1 heading per section, no explicit ids).

REDACTION_SECTIONS = {
    "Introduction": (
        "This review was commissioned by the Northbrook Safeguarding Children Partnership after Child W was "
        "seriously injured in March 2025. The Independent Lead Reviewer is Dr Morwenna Fictional. The review "
        "followed Working Together to Safeguard Children 2023 and considered Section 47 enquiries, the MASH "
        "and each child protection conference."),
    "Overview": (
        "Child W lived with Mother and Sibling. In March 2024 Mother told the Health Visitor that Mr C had "
        "moved in. Children's Social Care and Police shared information through the MASH.\n\n"
        "## Moving house\n\nThe family moved to a new address in the autumn. Education was not told for "
        "several weeks, and the GP practice continued to write to the previous address."),
    "Findings": (
        "Practitioners saw incidents rather than a pattern. Child W's voice was rarely recorded, and "
        "Maternal Grandmother's concerns were not followed up. The referral gave Child W's DOB, and Police "
        "recorded NFA."),
}


def assemble_draft(title: str, sections: dict[str, str]) -> str:
    """A draft-report.md as the draft stage writes it (tests only)."""
    parts = [f'---\ntitle: "{title}"\nlang: en-GB\n---\n']
    parts += [f"# {heading}\n\n{text.strip()}\n" for heading, text in sections.items()]
    return "\n".join(parts)


@pytest.fixture
def redaction_case(tmp_path):
    """(case folder, build root, write_draft(sections)) for the redaction stage."""
    case = tmp_path / "case"
    (case / "chronologies").mkdir(parents=True)
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    review = yaml.safe_load((case / "review.yaml").read_text())
    for agency in review["agencies"]:
        (case / "chronologies" / f"{agency['id']}.csv").write_text(STUB_CHRONOLOGY)
    build = tmp_path / "build"

    def write_draft(sections: dict[str, str] = REDACTION_SECTIONS) -> Path:
        draft = build / review["review"]["id"] / "internal" / "draft-report.md"
        draft.parent.mkdir(parents=True, exist_ok=True)
        draft.write_text(assemble_draft(review["review"]["title"], sections), encoding="utf-8")
        return draft

    return case, build, write_draft


@pytest.fixture
def redaction_sections() -> dict[str, str]:
    return dict(REDACTION_SECTIONS)


@pytest.fixture(scope="session")
def example_register():
    from pipeline.case.schema import Review
    from pipeline.case.register import register_from

    return register_from(Review.model_validate(yaml.safe_load((EXAMPLE / "review.yaml").read_text())))


@pytest.fixture(scope="session")
def example_allowlist():
    from pipeline.case.schema import Review
    from pipeline.case.register import allowlist_from

    return allowlist_from(Review.model_validate(yaml.safe_load((EXAMPLE / "review.yaml").read_text())))


@pytest.fixture(scope="session")
def analyzer():
    from redaction.analyzer import Analyzer

    return Analyzer()
# --- end redaction ---------------------------------------------------------------------
# --- reliability: snapshots, a finished build, commands without network ------------------------

LCSPR = ROOT / ".venv" / "bin" / "lcspr"


def tree_digest(*folders: Path) -> dict[str, str]:
    """Every file (dot-files too) under `folders` -> its SHA-256: equal digests, identical trees."""
    digest = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).exists() else []:
            if path.is_file():
                digest[str(path.relative_to(Path(folder).parent))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def stage_public_text(case: Path, build: Path, text: str = PUBLIC_REPORT, pending: int = 0) -> Path:
    """Leave redaction/status.json and public-report.md as the redaction stage would."""
    redaction = build / "child-w" / "redaction"
    redaction.mkdir(parents=True, exist_ok=True)
    (redaction / "status.json").write_text(json.dumps({"pending": pending}))
    (redaction / "public-report.md").write_text(text, encoding="utf-8")
    return redaction / "public-report.md"


def build_all(case: Path, build: Path, commands=("validate", "letters", "publish", "bundle")) -> None:
    """Run the stages that exist today, in-process, each of which must succeed."""
    from pipeline.cli import main

    stage_public_text(case, build)
    for command in commands:
        assert main([command, str(case), "--build-dir", str(build)]) == 0, command


@pytest.fixture(scope="module")
def finished_build(tmp_path_factory) -> tuple[Path, Path]:
    """(case, build root): the whole example case built once per test module, networking refused."""
    root = tmp_path_factory.mktemp("finished")
    case, build = root / "case", root / "build"
    shutil.copytree(EXAMPLE, case)
    with pytest.MonkeyPatch.context() as patch:
        refuse_network(patch)
        build_all(case, build)
    return case, build


def _network_namespace_works() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


# Subprocesses run without a network where the kernel lets us (`unshare -n`): the autouse
# socket fixture cannot reach into another process.
OFFLINE = ["unshare", "-n"] if _network_namespace_works() else []


def lcspr_command(*args: str) -> list[str]:
    return [*OFFLINE, str(LCSPR), *args]
