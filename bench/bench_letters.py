"""Time `letters` and `bundle` on the example case (the bundle over a stand-in published PDF)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.bundle import write_bundle  # noqa: E402
from pipeline.letters import write_letters  # noqa: E402
from pipeline.validate import load_case  # noqa: E402
from pipeline.weasy import render_pdf  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "child-w"
RUNS = 3


def stand_in_publish(ctx) -> None:
    """A one-page public PDF and a passed publish record, as the publish stage would leave them."""
    public = ctx.zone("public")
    pdf = render_pdf('<html lang="en-GB"><head><title>Child W</title></head><body><p>Child W</p></body></html>',
                     base_dir=public, roots=[], what="bench", date=dt.date(2027, 1, 12))
    (public / f"{ctx.review_id}.pdf").write_bytes(pdf)
    (public / "publish-record.json").write_text(json.dumps(
        {"pdf_sha256": hashlib.sha256(pdf).hexdigest(), "inputs_sha256": ctx.public_inputs_digest(),
         "leak_scan": "passed"}))


def timed(action) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case"
        case.mkdir()
        shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
        ctx = load_case(case, Path(tmp) / "build", with_files=False)
        table = Table(title=f"letters and bundle, example case (best of {RUNS})")
        for column in ("stage", "outputs", "seconds"):
            table.add_column(column)
        seconds, written = timed(lambda: write_letters(ctx))
        table.add_row("letters", f"{len(written)} .docx", f"{seconds:.2f}")
        stand_in_publish(ctx)
        seconds, result = timed(lambda: write_bundle(ctx))
        table.add_row("bundle", f"zip {result.zip_path.stat().st_size:,} bytes, {len(result.emails)} .eml",
                      f"{seconds:.2f}")
        Console().print(table)


if __name__ == "__main__":
    main()
