"""Budgets of the chronology readers: how fast a file far too big is refused, and a big one read.

Each file is read in a fresh process (`read_chronology`, what the chronology stage does
first), so its wall time and peak memory (VmHWM, Linux) are its own. Goals (issue 18): a chronology of
100,000 rows reads in seconds or is refused with its row count; a 19 MB CSV under the
file-size limit never takes minutes or a gigabyte (before the limits: killed at 600 s, 1.2 GB).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
from copy import deepcopy
from pathlib import Path

import docx
import openpyxl

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category", "Significance"]
WORDS = ["home", "visit", "school", "nurse", "referral", "strategy", "meeting", "assessment", "injury", "bruise",
         "police", "incident"]

MEASURE = r"""
import json, re, sys, time
from pathlib import Path
from pipeline.chronology.readers import read_chronology
from pipeline.errors import BadInput
clock = time.perf_counter()
try:
    result = f"read {len(read_chronology(Path(sys.argv[1]), 'police', 'police').entries):,} entries"
except BadInput as bad:
    result = "refused: " + bad.problems[0].message
peak = int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
print(json.dumps([time.perf_counter() - clock, peak, result]))
"""


def rows(count: int, words: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    start = dt.date(2023, 9, 1)
    return [[f"{start + dt.timedelta(days=rng.randrange(560)):%d/%m/%Y}", "10:00", "Niche",
             " ".join(rng.choices(WORDS, k=words)), "Recorded", "PC", "Assessment", ""] for _ in range(count)]


def write_csv(path: Path, count: int, words: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows(count, words)])
    return path


def write_xlsx(path: Path, count: int) -> Path:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Chronology")
    for row in [HEADER, *rows(count, 12)]:
        sheet.append(row)
    workbook.save(path)
    return path


def write_docx(path: Path, count: int) -> Path:
    document = docx.Document()
    table = document.add_table(rows=2, cols=len(HEADER))
    for cells, values in zip(table.rows, [HEADER, rows(1, 12)[0]]):
        for cell, value in zip(cells.cells, values):
            cell.text = value
    template = table.rows[1]._tr
    for _ in range(count - 1):
        template.addnext(deepcopy(template))
    document.save(path)
    return path


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-inputs-"))
    try:
        cases = {
            "csv, 100,000 short rows": write_csv(work / "a.csv", 100_000, 6),
            "csv, 19 MB: 9,999 rows of 2 kB": write_csv(work / "b.csv", 9_999, 230),
            "csv, 9,999 rows (accepted)": write_csv(work / "c.csv", 9_999, 18),
            "xlsx, 100,000 rows": write_xlsx(work / "d.xlsx", 100_000),
            "xlsx, 9,999 rows (accepted)": write_xlsx(work / "e.xlsx", 9_999),
            "docx, 100,000 table rows": write_docx(work / "f.docx", 100_000),
        }
        print(f"{'file':<34}{'MB':>7}{'seconds':>9}{'peak MB':>9}   result")
        for name, path in cases.items():
            done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True,
                                  cwd=ROOT, check=True)
            seconds, peak, result = json.loads(done.stdout)
            print(f"{name:<34}{path.stat().st_size / 2**20:>7.1f}{seconds:>9.2f}{peak:>9.0f}   {result[:70]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
