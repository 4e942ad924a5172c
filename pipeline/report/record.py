"""The record a public document leaves beside itself in public/: the SHA-256 of the files that
passed the leak scan and of the inputs they were made from. The bundle reads it to carry only
the bytes that passed, made from the current inputs.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.fileio import write_atomic


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_record(path: Path, pdf: bytes, html: bytes, inputs_sha256: str) -> Path:
    """Vouch for `pdf` and `html`, which passed the accessibility checks and the leak scan."""
    record = {"pdf_sha256": sha256(pdf), "html_sha256": sha256(html), "inputs_sha256": inputs_sha256,
              "leak_scan": "passed"}
    return write_atomic(path, json.dumps(record, indent=2) + "\n")
