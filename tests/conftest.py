"""Shared fixtures. Each block is headed with the topic it serves."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "child-w"


# --- letters and bundle -------------------------------------------------------------------

@pytest.fixture
def letters_case(tmp_path) -> Path:
    """A copy of the example review.yaml with a stub chronology per agency (validate wants one each)."""
    from pipeline.case import Review
    from pipeline.yamlfile import load_yaml

    case = tmp_path / "case"
    (case / "chronologies").mkdir(parents=True)
    shutil.copy(EXAMPLE / "review.yaml", case / "review.yaml")
    data, _ = load_yaml(case / "review.yaml")
    for agency in Review.model_validate(data).agencies:
        (case / "chronologies" / f"{agency.id}.csv").write_text("Date,Source,Event\n")
    return case


def fake_publish(case: Path, build: Path, *, leak_scan: str = "passed") -> bytes:
    """What the publish stage leaves behind: public/<id>.pdf and a publish record for these inputs."""
    from pipeline.validate import load_case
    from pipeline.weasy import render_pdf

    ctx = load_case(case, build)
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
