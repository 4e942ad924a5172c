"""Synthetic cases for the benchmarks: the example case scaled to agencies x entries x words.

Built from the example so that every stage has real work: the example's register, sections
(repeated to the number of pages asked for, planted slips and all, so its decisions still
apply) and, per agency, an xlsx chronology of random entries in the template's columns.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import openpyxl
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-w"
HEADER = ["Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category", "Significance"]
WORDS = ("home visit school nurse referral strategy meeting assessment injury bruise police incident domestic "
         "abuse attendance hospital admission mother partner child seen alone GP appointment missed housing "
         "repair concern plan review letter telephone call discussed agreed").split()
WORDS_PER_PAGE = 500


def make_case(folder: Path, agencies: int, entries: int, pages: int, words: int = 18, seed: int = 3) -> Path:
    """A case folder of `agencies` chronologies of `entries` rows (`words` words per event) and a report of ~`pages` pages."""
    case = folder / "case"
    shutil.copytree(EXAMPLE, case, ignore=shutil.ignore_patterns("chronologies", "organisational"))
    review = yaml.safe_load((EXAMPLE / "review.yaml").read_text(encoding="utf-8"))
    real = review["agencies"]
    review["agencies"] = real + [{"id": f"agency-{i:02d}", "name": f"Synthetic Agency {i:02d}",
                                  "public_name": f"Agency {i:02d}"} for i in range(max(0, agencies - len(real)))]
    review["agencies"] = review["agencies"][:agencies]
    kept = {a["id"] for a in review["agencies"]}
    for rec in review["recommendations"]:
        rec["owners"] = [o for o in rec["owners"] if o in kept] or [review["agencies"][0]["id"]]
    (case / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False, allow_unicode=True), encoding="utf-8")
    write_chronologies(case / "chronologies", [a["id"] for a in review["agencies"]], entries, words, seed)
    scale_sections(case / "sections", pages)
    return case


def write_chronologies(folder: Path, agency_ids: list[str], entries: int, words: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = dt.date(2023, 9, 1)
    for agency in agency_ids:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Chronology")
        sheet.append(HEADER)
        for _ in range(entries):
            day = start + dt.timedelta(days=rng.randrange(560))
            sheet.append([dt.datetime.combine(day, dt.time()), f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}",
                          "Case record", " ".join(rng.choices(WORDS, k=words)), " ".join(rng.choices(WORDS, k=8)),
                          "Practitioner", "Assessment", " ".join(rng.choices(WORDS, k=10))])
        workbook.save(folder / f"{agency}.xlsx")


def scale_sections(folder: Path, pages: int) -> None:
    """Repeat each section's paragraphs until the report has about `pages` pages of text."""
    sections = sorted(folder.glob("*.md"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in sections)
    copies = max(1, round(pages * WORDS_PER_PAGE / words))
    for path in sections:
        text = path.read_text(encoding="utf-8").strip()
        if path.stem == "glossary":
            continue
        path.write_text("\n\n".join([text] + [text.replace("## ", f"## (part {n}) ") for n in range(2, copies + 1)])
                        + "\n", encoding="utf-8")
