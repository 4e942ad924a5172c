"""Redaction on a case it was never tuned to (bench/unseen_case.py), measured as a new user would.

The case goes through the CLI (validate, chronology, draft, redaction). Against its answer key:
recall of the planted identifiers the register does not know (held as a finding or replaced),
safe terms raised as findings, and findings per 1,000 words of the draft. Then a careful quality
checker accepts every proposal and writes wording where there is none (decisions.yaml written from
findings.json), redaction and publish run again, and the public HTML and PDF text are read back:
planted identifiers and register values published, and sentence patterns no comms lead would
publish. Goals (issue 13): recall >= 0.99, 0 safe terms as findings, 0 leaks, 0 bad patterns.
"""
from __future__ import annotations

import contextlib
import html
import io
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.unseen_case import SEED, Key, make_case  # noqa: E402
from pipeline.cli import main  # noqa: E402

RECALL_GOAL = 0.99
CHECKER_ROUNDS = 3
# wording a checker writes where the tool proposes none, by what the finding is
WORDING = (
    (r"DATE_OF_BIRTH", "a date"),
    (r"STREET|NAMED_PLACE|UK_POSTCODE|LOCATION", "a place nearby"),
    (r"GROUP", "a local group"),
    (r"SOCIAL_MEDIA|HANDLE|HASHTAG", "an online account"),
)


@dataclass
class Result:
    words: int = 0
    findings: int = 0
    planted: int = 0
    missed: list[str] = field(default_factory=list)
    unplanted: list[str] = field(default_factory=list)  # findings on nothing planted (images, register values aside)
    safe_flagged: list[str] = field(default_factory=list)
    exits: dict[str, int] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    bad_patterns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def recall(self) -> float:
        return (self.planted - len(self.missed)) / self.planted

    @property
    def per_thousand(self) -> float:
        return 1000 * self.findings / self.words


def cli(*args: str) -> int:
    """One lcspr stage in this process (the model loads once), its output kept quiet."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


def folded(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("-\n", "").lower().split())


def held(key: Key, found: list[str]) -> list[str]:
    """The planted identifiers no finding or change covers (by their identifying part)."""
    texts = [folded(t) for t in found]

    def covered(core: str) -> bool:  # in one finding, or each word in one (a lower-case name, word by word)
        return any(core in t for t in texts) or all(any(w in t for t in texts) for w in core.split())

    return [p.text for p in key.planted if not covered(folded(p.core))]


def safe_as_findings(key: Key, findings: list[dict]) -> list[str]:
    flagged = []
    for f in findings:
        text = folded(f["text"])
        flagged += [f"{f['text']!r} in {term!r}" for term in key.safe
                    if len(text) > 2 and (text in folded(term) or folded(term) in text)
                    and folded(term) in folded(f["sentence"])]
    return flagged


def wording(finding: dict) -> dict:
    """A careful checker's decision: the proposal when there is one; otherwise their own words
    (a picture that shows no one is kept)."""
    text, sentence = finding["text"], finding["sentence"]
    if finding["kind"] == "IMAGE":
        return {"keep": True, "reason": "a child's drawing of shapes: it shows no one"}
    if finding["proposed"]:
        return {"replace": finding["proposed"]}
    if f", {text}," in sentence:  # a name in apposition after its role: say the role once
        return {"rewrite": sentence.replace(f", {text},", "", 1)}
    if f" ({text})" in sentence:  # a name in brackets after its role
        return {"rewrite": sentence.replace(f" ({text})", "", 1)}
    if finding["kind"] == "REGISTER_AMBIGUOUS":  # a name several people share: which one is the checker's to say
        return {"rewrite": sentence.replace(f" {text} family", " family", 1)} if f" {text} family" in sentence \
            else {"replace": "a family member"}
    if finding["kind"] == "REGISTER_NAME_AS_WORD":  # the sentence is about the name itself
        return {"rewrite": sentence.replace(text, "a name from home", 1)}
    for kinds, words in WORDING:
        if re.fullmatch(kinds, finding["kind"]):
            return {"replace": words}
    return {"replace": "a person known to the family"}


def decide_pending(case: Path, findings: list[dict]) -> None:
    """Adds a decision for every pending finding to decisions.yaml (a rewritten sentence is checked again,
    so what it still holds comes back as new findings: the checker decides those on the next round)."""
    path = case / "redaction" / "decisions.yaml"
    decisions = yaml.safe_load(path.read_text())["decisions"] if path.exists() else []
    decisions += [{"finding": f["id"], **wording(f), "decided_by": "Quality Checker (fictional)",
                   "date": "01/12/2026"} for f in findings if f["status"] == "pending"]
    path.write_text(yaml.safe_dump({"decisions": decisions}, sort_keys=False))


def public_text(public: Path, review_id: str) -> str:
    page = (public / f"{review_id}.html").read_text()
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page))
    pdf = pypdfium2.PdfDocument(public / f"{review_id}.pdf")
    pages = "\n".join(p.get_textpage().get_text_range() for p in pdf)
    return shown + "\n" + pages


def leaks(key: Key, text: str) -> list[str]:
    flat = folded(text)
    names = [w for p in key.planted if p.kind == "name" for w in p.core.split() if len(w) > 2]
    values = [p.core for p in key.planted] + names + key.register
    return [v for v in values if folded(v) in flat or (len(v) > 3 and re.search(rf"\b{re.escape(folded(v))}\b", flat))]


def run(out: Path, seed: int = SEED) -> Result:
    started = time.perf_counter()
    case, key = make_case(out, seed)
    build = out / "build"
    result = Result()
    for stage in ("validate", "chronology", "draft", "redaction"):
        result.exits[stage] = cli(stage, str(case), "--build-dir", str(build))
    folder = build / key.review_id
    result.words = len((folder / "internal" / "draft-report.md").read_text().split())
    report = json.loads((folder / "redaction" / "findings.json").read_text())
    findings = report["findings"]
    result.findings = len(findings)
    result.planted = len(key.planted)
    result.missed = held(key, [f["text"] for f in findings] + [c["original"] for c in report["changes"]])
    result.safe_flagged = safe_as_findings(key, findings)
    result.unplanted = [f["text"] for f in findings if f["kind"] != "IMAGE" and not f["kind"].startswith("REGISTER") and not any(
        folded(w) in folded(f["text"]) or folded(f["text"]) in folded(p.core) for p in key.planted for w in p.core.split())]
    for _ in range(CHECKER_ROUNDS):
        decide_pending(case, json.loads((folder / "redaction" / "findings.json").read_text())["findings"])
        result.exits["redaction (decided)"] = cli("redaction", str(case), "--build-dir", str(build))
        if result.exits["redaction (decided)"] != 1:
            break
    result.exits["publish"] = cli("publish", str(case), "--build-dir", str(build))
    if result.exits["publish"] == 0:
        text = public_text(folder / "public", key.review_id)
        result.leaks = leaks(key, text)
        result.bad_patterns = [m.group(0) for p in key.patterns for m in re.finditer(p, text)]
        result.bad_patterns += [f"missing: {w!r}" for w in key.must_read if folded(w) not in folded(text)]
    result.seconds = time.perf_counter() - started
    return result


SEEDS = (SEED, 1, 5, 10, 17)  # the test's case and four more: each a different area, family and places


def report(results: dict[int, Result]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Redaction on unseen cases (bench/unseen_case.py; goals: recall >= "
                        f"{RECALL_GOAL}, the rest 0)")
    for column in ("seed", "recall (held/planted)", "safe terms as findings", "findings / 1,000 words",
                   "findings on nothing planted", "leaks after decisions", "bad sentences", "seconds"):
        table.add_column(column)
    for seed, r in results.items():
        table.add_row(str(seed), f"{r.recall:.3f} ({r.planted - len(r.missed)}/{r.planted})", str(len(r.safe_flagged)),
                      f"{r.per_thousand:.1f} ({r.findings} in {r.words})", str(len(r.unplanted)), str(len(r.leaks)),
                      str(len(r.bad_patterns)), f"{r.seconds:.1f}")
    Console(width=150).print(table)
    for seed, r in results.items():
        if set(r.exits.values()) - {0} != {1} or r.exits["redaction"] != 1 or r.exits["publish"] != 0:
            print(f"seed {seed}: stage exit codes {r.exits}")
        for label, items in (("missed", r.missed), ("safe as findings", r.safe_flagged), ("leaked", r.leaks),
                             ("bad sentences", r.bad_patterns), ("findings on nothing planted", r.unplanted)):
            if items:
                print(f"seed {seed}, {label}: {items}")


if __name__ == "__main__":
    measured = {}
    for seed in SEEDS:
        with tempfile.TemporaryDirectory() as tmp:
            measured[seed] = run(Path(tmp), seed)
    report(measured)
