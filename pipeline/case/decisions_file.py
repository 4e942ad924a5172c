"""Writing the quality checker's decisions.yaml from the review page: one decision at a time,
at once and atomically, keeping the comments and the order of what is already there (ruamel.yaml
round-trip). The file is re-read under a lock before each write, so two browser tabs (or a person
editing the file by hand) never lose each other's decisions.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from filelock import FileLock
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from pipeline.errors import BadInput, Problem
from pipeline.fileio import ensure_dir, write_atomic
from redaction.decisions import value_key

HEADER = ("# The quality checker's decisions on the redaction findings, written by `lcspr review`\n"
          "# (or by hand: see README.md, \"Redaction decisions\").\n")
IDS = ("finding", "change")


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quoting of existing entries stay as they were
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # a rewritten sentence stays on one line
    return yaml


def _same_target(entry: object, target: dict) -> bool:
    """Whether an entry already decides what `target` decides (the same id, or the same value)."""
    if not isinstance(entry, dict):
        return False
    for key in IDS:
        if key in target:
            return str(entry.get(key, "")).strip().upper() == target[key].upper()
    return "value" in entry and value_key(str(entry["value"])) == value_key(target["value"])


def _read(path: Path, yaml: YAML) -> CommentedMap:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        data = yaml.load(text if text.strip() else HEADER + "decisions:\n")
    except Exception as exc:  # ruamel raises many kinds; all mean a file a person broke
        raise BadInput(Problem(str(path), f"cannot be read as YAML: {exc}", "correct it by hand, then decide again"))
    if not isinstance(data, dict) or not isinstance(data.get("decisions") or [], list):
        raise BadInput(Problem(str(path), "must hold a list under 'decisions:'", "correct it by hand, then decide again"))
    if data.get("decisions") is None:
        data["decisions"] = CommentedSeq()
    data["decisions"].fa.set_block_style()  # entries one under another, as a person writes them
    return data


def record(path: Path, target: dict, action: dict | None, decided_by: str, today: dt.date) -> None:
    """Decide `target` ({"finding": id}, {"change": id} or {"value": text}) with `action` ({"replace":
    text}, {"keep": True, "reason": ..., "covers": [...]}, {"rewrite": sentence}), replacing any entry
    that decided the same target in place; `action` None removes that entry (the automatic change stands)."""
    ensure_dir(path.parent)
    yaml = _yaml()
    with FileLock(str(path.with_name(f".{path.name}.lock")), timeout=10):
        data = _read(path, yaml)
        entries = data["decisions"]
        at = next((i for i, e in enumerate(entries) if _same_target(e, target)), None)
        if at is not None:
            del entries[at]
        if action is not None:
            entry = CommentedMap({**target, **action, "decided_by": decided_by, "date": today.strftime("%d/%m/%Y")})
            entries.insert(len(entries) if at is None else at, entry)
        out = io.StringIO()
        yaml.dump(data, out)
        write_atomic(path, out.getvalue())
