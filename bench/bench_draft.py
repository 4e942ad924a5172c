"""Time the draft stage: the example case, and a synthetic report of about 60 pages.

Goal (issue 4): the example's draft stage under 10 s. Prints a table; asserts nothing.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pypdfium2
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from pipeline.stages.draft import draft  # noqa: E402
from pipeline.case.load import load_case  # noqa: E402
from synthetic import EXAMPLE, make_case  # noqa: E402


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
        cases = {"examples/child-w": EXAMPLE,
                 "synthetic ~60 pages": make_case(tmp / "synthetic", agencies=7, entries=20, pages=60)}
        for name, case in cases.items():
            seconds, pages, words = time_draft(case, tmp / "build" / name.replace("/", "-").replace(" ", "-"))
            table.add_row(name, str(pages), f"{words:,}", f"{seconds:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
