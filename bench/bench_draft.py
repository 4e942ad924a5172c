"""Time the draft stage: the example case, and a synthetic report of about 60 pages.

Goal (issue 4): the example's draft stage under 10 s. Prints a table; asserts nothing.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.draft import draft  # noqa: E402
from pipeline.sections import SECTIONS  # noqa: E402
from pipeline.validate import load_case  # noqa: E402

EXAMPLE = ROOT / "examples" / "child-w"
PARAGRAPH = ("Practitioners from several agencies saw the family during this period. The records show that "
             "each contact was handled on its own, and that the pattern across agencies was not drawn together "
             "until the review. Practitioners told the review that caseloads were high and that supervision "
             "focused on tasks rather than reflection. ")


def synthetic_case(folder: Path, pages: int) -> Path:
    """The example review.yaml with stub chronologies and sections long enough for `pages` A4 pages."""
    case = folder / "case"
    (case / "chronologies").mkdir(parents=True)
    (case / "sections").mkdir()
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    for agency in ("csc", "police", "hospital", "gp", "school-nursing", "education", "housing"):
        (case / "chronologies" / f"{agency}.csv").write_text("Date,Source,Event\n", encoding="utf-8")
    per_section = max(1, pages * 5 // len(SECTIONS))  # about 5 paragraphs fill a page
    for section in SECTIONS:
        body = [f"## Part {n}\n\n" + PARAGRAPH * 2 if n % 4 == 0 else PARAGRAPH * 2 for n in range(per_section)]
        (case / "sections" / f"{section.id}.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return case


def time_draft(case: Path, build: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    result = draft(load_case(case, build))
    seconds = time.perf_counter() - start
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    document = pypdfium2.PdfDocument(str(pdf))
    pages = len(document)
    document.close()
    return seconds, pages, result.total_words


def main() -> None:
    table = Table(title="draft stage (goal: example under 10 s)")
    for column in ("case", "pages", "words", "seconds"):
        table.add_column(column, justify="left" if column == "case" else "right")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = {"synthetic ~60 pages": synthetic_case(tmp, 60)}
        if (EXAMPLE / "sections").is_dir():
            cases = {"examples/child-w": EXAMPLE, **cases}
        for name, case in cases.items():
            seconds, pages, words = time_draft(case, tmp / "build" / name.replace("/", "-").replace(" ", "-"))
            table.add_row(name, str(pages), f"{words:,}", f"{seconds:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
