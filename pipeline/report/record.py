"""The record a public document leaves beside itself in public/: the SHA-256 of the files that
passed the leak scan and of the inputs they were made from. The bundle reads it to carry only
the bytes that passed, made from the current inputs.

Two documents can come out of publish, and their names say which is which: the full anonymised
report, which always goes to the National Panel, Ofsted and DfE, and the website copy, which is
published and goes to the NSPCC repository. They are one file unless the partners publish only the
improvements (the framework's section 9, footnote 6); then the website copy is the improvements
document and the full report's name says it is not for the website.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.case.schema import PublicationKind, Review
from pipeline.fileio import write_atomic

NOT_FOR_THE_WEBSITE = "-full-report-not-for-publication"


def website_name(review: Review) -> str:
    """The file stem in public/ of what goes on the website: the report, or the improvements document."""
    return review.review.id


def full_report_name(review: Review) -> str:
    """The file stem in public/ of the full anonymised report, for the National Panel, Ofsted and DfE."""
    if review.publication is PublicationKind.improvements_only:
        return review.review.id + NOT_FOR_THE_WEBSITE
    return review.review.id


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_record(path: Path, pdf: bytes, html: bytes, inputs_sha256: str,
                 website: tuple[bytes, bytes] | None = None) -> Path:
    """Vouch for the full report's `pdf` and `html` and, when it is another document, the website
    copy's (PDF, HTML): all passed the accessibility checks and the leak scan."""
    record = {"pdf_sha256": sha256(pdf), "html_sha256": sha256(html), "inputs_sha256": inputs_sha256,
              "leak_scan": "passed"}
    if website is not None:
        record |= {"website_pdf_sha256": sha256(website[0]), "website_html_sha256": sha256(website[1])}
    return write_atomic(path, json.dumps(record, indent=2) + "\n")
