"""Skip a stage whose inputs, options, code and outputs are as they were after its last run.

The "find outdated" step of every stage that writes files. After a stage passes, a stamp in
build/<id>/.stamps/<stage>.json (private, like internal/) records what it read (each input file or folder and
its digest, as the stage's `inputs(ctx, args)` names them), its options, a digest of lcspr itself
(code and templates), the date when what it writes is dated today, the SHA-256 of each output
and the warnings it gave. The check reads the stamp alone, before the stage's module (and the
libraries it needs) is imported, so a build with nothing to do takes about a second.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline import PROJECT
from pipeline.context import BuildContext
from pipeline.fileio import write_atomic

CODE = ("pipeline", "redaction", "templates", "pyproject.toml")  # pyproject.toml: the pinned libraries
NOT_OPTIONS = {"command", "case", "build_dir", "force"}


@dataclass(frozen=True)
class Folder:
    """A folder input: every file below it counts, except hidden or Office lock files and the named subfolders."""
    path: Path
    skip: tuple[str, ...] = ()


TODAY = "today"  # an input marker: what the stage writes is dated today, so tomorrow it is out of date


def _files_below(folder: Folder) -> list[Path]:
    found = []
    for path in sorted(folder.path.rglob("*")):
        relative = path.relative_to(folder.path).parts
        if path.is_file() and relative[0] not in folder.skip and not any(p.startswith((".", "~$")) for p in relative):
            found.append(path)
    return found


def _digest(item: Path | Folder) -> str | None:
    """SHA-256 of a file, or of a folder's file names and contents; None when it does not exist."""
    if isinstance(item, Folder):
        if not item.path.is_dir():
            return None
        digest = hashlib.sha256()
        for path in _files_below(item):
            digest.update(str(path.relative_to(item.path)).encode() + b"\0" + path.read_bytes() + b"\0")
        return digest.hexdigest()
    return hashlib.sha256(item.read_bytes()).hexdigest() if item.is_file() else None


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Changes when lcspr's code, templates or pinned libraries change: a new lcspr never reuses old outputs."""
    digest = hashlib.sha256()
    for name in CODE:
        for path in [PROJECT / name] if (PROJECT / name).is_file() else sorted((PROJECT / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_sha256(path: Path) -> str | None:
    return _digest(Path(path))


def options_of(args: argparse.Namespace) -> dict[str, str]:
    """The command-line options that change what a stage writes (not where the case or build folder is)."""
    return {name: str(value) for name, value in sorted(vars(args).items()) if name not in NOT_OPTIONS}


class Stamp:
    """One stage's stamp for one case and build folder."""

    def __init__(self, ctx: BuildContext, stage: str, args: argparse.Namespace):
        # paths are kept relative to the case and build folders: a stamp never vouches for another case folder
        self.roots = {"build": ctx.out.resolve(), "case": ctx.case_dir.resolve()}
        self.path = ctx.out / ".stamps" / f"{stage}.json"  # not in internal/: bundle never reads there
        self.options = options_of(args)
        self.inputs: list[dict] = []
        self.today: str | None = None
        self.saved = self._read()

    def _relative(self, path: Path) -> str:
        path = Path(path).resolve()
        for name, root in self.roots.items():
            if path.is_relative_to(root):
                return f"{name}:{path.relative_to(root).as_posix()}"
        return str(path)

    def _absolute(self, text: str) -> Path:
        name, _, relative = text.partition(":")
        return self.roots[name] / relative if name in self.roots else Path(text)

    def _encode(self, item: Path | Folder) -> dict:
        if isinstance(item, Folder):
            return {"folder": self._relative(item.path), "skip": list(item.skip), "sha256": _digest(item)}
        return {"file": self._relative(item), "sha256": _digest(Path(item))}

    def _still(self, saved: dict) -> bool:
        item = (Folder(self._absolute(saved["folder"]), tuple(saved["skip"])) if "folder" in saved
                else self._absolute(saved["file"]))
        return _digest(item) == saved["sha256"]

    def _read(self) -> dict:
        """What the last passing run recorded ({} when none did)."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def fresh(self) -> bool:
        """True when running the stage again would write what is already there."""
        saved = self.saved
        return (bool(saved.get("outputs")) and saved.get("code") == code_digest()
                and saved.get("options") == self.options
                and saved.get("today") in (None, dt.date.today().isoformat())
                and all(self._still(item) for item in saved.get("inputs", ()))
                and all(file_sha256(self._absolute(p)) == sha for p, sha in saved["outputs"].items()))

    def read_inputs(self, inputs: Iterable[Path | Folder | str]) -> None:
        """Digest what the stage reads, before it runs: an edit made while it runs makes it out of date."""
        items = list(inputs)
        self.today = dt.date.today().isoformat() if TODAY in items else None
        self.inputs = [self._encode(item) for item in items if item != TODAY]

    def record(self, outputs: Iterable[Path], warnings: list[str], seconds: float) -> None:
        written = {self._relative(p): file_sha256(Path(p)) for p in outputs if Path(p).is_file()}
        write_atomic(self.path, json.dumps({"code": code_digest(), "options": self.options, "today": self.today,
                                            "inputs": self.inputs, "outputs": written, "warnings": warnings,
                                            "seconds": round(seconds, 1)}, indent=1, sort_keys=True))

    def output_folders(self) -> list[Path]:
        return sorted({self._absolute(p).parent for p in self.saved.get("outputs", {})})

    def last_seconds(self) -> float | None:
        return self.saved.get("seconds")


def case_folder(ctx: BuildContext, *skip: str) -> Folder:
    """The case folder as an input, without the subfolders the stage does not read, the action plan people type
    into (monitoring/, read by `actions` alone) or a build folder inside it."""
    case, build = ctx.case_dir.resolve(), ctx.build_root.resolve()
    inside = (build.relative_to(case).parts[0],) if build.is_relative_to(case) and build != case else ()
    return Folder(ctx.case_dir, skip + ("monitoring",) + inside)


def files_below(folder: Path) -> list[Path]:
    """Every file a stage wrote into its own folder: its outputs."""
    return _files_below(Folder(folder)) if folder.is_dir() else []


def review_file_only(ctx: BuildContext, args: argparse.Namespace) -> list[Path]:
    """The inputs of a stage that reads review.yaml alone (rapid-review, timetable)."""
    return [ctx.case_dir / "review.yaml"]
