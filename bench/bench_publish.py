"""Publish stage time for a 60-page report (goal: under 15 s), split by step."""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.stages import publish as stage  # noqa: E402
from pipeline.case.load import load_case  # noqa: E402

GOAL_S = 15.0
PARAGRAPH = ("Practitioners from several agencies met the family during this period. The records show that "
             "concerns were noted but not shared, and that Child W's voice was rarely recorded. ") * 3


def long_report(pages: int) -> str:
    """Pandoc Markdown like the redaction stage's output, about `pages` A4 pages long."""
    parts = ["---\ntitle: 'Local Child Safeguarding Practice Review: Child W'\n"
             "subtitle: Northbrook Safeguarding Children Partnership\nauthor:\n- Dr Morwenna Fictional\n"
             "date: January 2027\nlang: en-GB\n---\n"]
    for section in range(pages // 3):
        parts.append(f"\n# Section {section + 1}\n\n## Practice in period {section + 1}\n")
        parts.extend(f"\n{PARAGRAPH}\n" for _ in range(11))
    parts.append("\n# Recommendations\n\n| Recommendation | Owners | Due |\n|---|---|---|\n")
    parts.extend(f"| Recommendation {n} for all agencies | Police, Education | June 2026 |\n" for n in range(30))
    return "".join(parts)


def timed(step, *args):
    start = time.perf_counter()
    result = step(*args)
    return result, time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case"
        (case / "chronologies").mkdir(parents=True)
        shutil.copy(ROOT / "examples/child-w/review.yaml", case / "review.yaml")
        for agency in ("csc", "police", "hospital", "gp", "school-nursing", "education", "housing"):
            (case / "chronologies" / f"{agency}.csv").write_text("Date,Source,Event\n")
        ctx = load_case(case, Path(tmp) / "build")
        ctx.zone("redaction")
        (ctx.out / "redaction" / "status.json").write_text('{"pending": 0}')
        ctx.public_text_file.write_text(long_report(60), encoding="utf-8")

        (html, pdf), render_s = timed(stage.render_public, ctx, ctx.public_text_file.read_text())
        pages = len(pdfium.PdfDocument(pdf))
        staged = Path(tmp) / "staged"
        staged.mkdir()
        (staged / "child-w.pdf").write_bytes(pdf)
        (staged / "child-w.html").write_text(html)
        _, check_s = timed(stage.check_accessibility, staged / "child-w.pdf", "child-w.pdf")
        _, scan_s = timed(stage.check_leaks, ctx, [staged / "child-w.pdf", staged / "child-w.html"])
        _, total_s = timed(stage.publish, ctx)

    table = Table(title=f"publish: {pages}-page report (goal < {GOAL_S:.0f} s)")
    for column in ("step", "seconds"):
        table.add_column(column)
    for step, seconds in (("render HTML + PDF + pdfpost", render_s), ("structural checks", check_s),
                          ("leak scan", scan_s), ("whole stage (lcspr publish)", total_s)):
        table.add_row(step, f"{seconds:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
