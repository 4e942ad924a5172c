"""Skip a stage whose inputs, code and outputs are as they were after its last run.

The "find outdated" step of the build: a stamp in build/<id>/internal/.stamps/ records a digest
of the stage's input files and of lcspr itself (its code and templates), and the SHA-256 of each
output. When all three still match, running the stage again would write the same bytes.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pipeline import PROJECT
from pipeline.context import BuildContext
from pipeline.fileio import write_atomic

CODE = ("pipeline", "redaction", "templates")


def _update(digest, path: Path) -> None:
    digest.update(str(path).encode() + b"\0")
    digest.update(path.read_bytes() if path.is_file() else b"(missing)")


@lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256()
    for folder in CODE:
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                _update(digest, path.relative_to(PROJECT))
    return digest.hexdigest()


def file_sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


class Stamp:
    def __init__(self, ctx: BuildContext, stage: str, inputs: Iterable[Path], extra: str = ""):
        self.path = ctx.zone("internal") / ".stamps" / f"{stage}.json"
        digest = hashlib.sha256(code_digest().encode() + extra.encode())
        for path in sorted(Path(p) for p in inputs):
            _update(digest, path)
        self.inputs = digest.hexdigest()

    def fresh(self) -> bool:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return saved.get("inputs") == self.inputs and bool(saved.get("outputs")) and all(
            file_sha256(Path(p)) == sha for p, sha in saved["outputs"].items())

    def record(self, outputs: Iterable[Path]) -> None:
        written = {str(Path(p).resolve()): file_sha256(Path(p)) for p in outputs}
        write_atomic(self.path, json.dumps({"inputs": self.inputs, "outputs": written}, indent=1, sort_keys=True))
