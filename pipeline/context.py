"""The one object every stage shares: the case folder, the validated review and the build folders."""
from __future__ import annotations

import hashlib
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.case.schema import Review
from pipeline.fileio import ensure_dir, is_private

CHRONOLOGY_TYPES = (".xlsx", ".docx", ".csv")
SECTION_TYPES = (".md", ".docx")
ZONES = ("internal", "redaction", "public", "bundle")
DEFAULT_BUILD_ROOT = Path("build")


def is_ignorable(path: Path) -> bool:
    """Office lock files and hidden files sit beside real ones and are never input."""
    return path.name.startswith((".", "~$")) or path.is_dir()


def case_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not is_ignorable(p)) if folder.is_dir() else []


@dataclass
class BuildContext:
    case_dir: Path
    review: Review
    build_root: Path = DEFAULT_BUILD_ROOT
    warnings: list[str] = field(default_factory=list)

    @property
    def review_id(self) -> str:
        return self.review.review.id

    @property
    def out(self) -> Path:
        return self.build_root / self.review_id

    def make(self, *targets: str) -> str:
        """`make TARGET CASE=<this case>` as the user must type it: make alone builds the example case
        (and BUILD= when the outputs go elsewhere than build/)."""
        build = "" if self.build_root == DEFAULT_BUILD_ROOT else f" BUILD={shlex.quote(str(self.build_root))}"
        return f"`make {' '.join(targets)} CASE={shlex.quote(str(self.case_dir))}{build}`"

    def zone(self, name: str) -> Path:
        """build/<id>/<zone>/, created on first use (internal/ and redaction/ are 0700)."""
        assert name in ZONES, name
        path = ensure_dir(self.out / name)
        if is_private(path):
            os.chmod(path, 0o700)
        return path

    @property
    def chronology_files(self) -> dict[str, Path]:
        return {p.stem: p for p in case_files(self.case_dir / "chronologies")}

    @property
    def organisational_files(self) -> dict[str, Path]:
        return {p.stem: p for p in case_files(self.case_dir / "organisational")}

    @property
    def section_files(self) -> dict[str, Path]:
        return {p.stem: p for p in case_files(self.case_dir / "sections")}

    @property
    def decisions_file(self) -> Path:
        return self.case_dir / "redaction" / "decisions.yaml"

    @property
    def public_text_file(self) -> Path:
        """The anonymised report (Markdown) that the redaction stage hands to publish."""
        return self.out / "redaction" / "public-report.md"

    def public_inputs_digest(self) -> str:
        """SHA-256 over everything publish renders from: the bundle checks publish ran on these. The decisions
        count too: an improvements-only document is anonymised from review.yaml by them."""
        digest = hashlib.sha256()
        media = self.public_text_file.parent / "media"
        images = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        for path in (self.case_dir / "review.yaml", self.decisions_file, self.public_text_file, *images):
            digest.update(path.name.encode() + b"\0")
            digest.update(path.read_bytes() if path.exists() else b"")
        return digest.hexdigest()
