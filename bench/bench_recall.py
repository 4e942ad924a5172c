"""Recall and precision on text the recognisers were not tuned to (bench/recall_corpus.py).

The seeded corpus is split in halves: the tuning half may be looked at while writing rules, the
held-out half is the measure. An identifier is held when a finding covers any of it; a finding is
right when it covers part of an identifier; a kept term is kept when no finding touches it. The
register is empty: everything here is what the register does not know. Also shown: findings per
1,000 words on the example (its sections and chronologies, as bench_redaction.py reads them),
against the count before the not-known-safe rule and the national lists (commit 7e265d3).
Goal: held-out recall >= 0.99, every kept term kept.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.recall_corpus import Corpus, Paragraph, corpus  # noqa: E402
from redaction.allowlist import Allowlist, area_of, initialism  # noqa: E402
from redaction.analyzer import Analyzer  # noqa: E402
from redaction.anonymise import anonymise  # noqa: E402
from redaction.register import Register  # noqa: E402

RECALL_GOAL = 0.99
# the example's findings per 1,000 words at commit 7e265d3, measured as example_findings() does
EXAMPLE_BEFORE = {"findings": 24, "words": 7208}


@dataclass
class Score:
    identifiers: int
    held: int
    findings: int
    right: int
    keep: int
    kept: int
    missed: list[tuple[str, str]]  # (kind, text)
    wrongly: list[str]  # kept terms a finding touched

    @property
    def recall(self) -> float:
        return self.held / self.identifiers if self.identifiers else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.findings if self.findings else 1.0


class NoRule:
    """Stands in for the not-known-safe recogniser: finds nothing."""

    def analyze(self, text: str, entities: list[str]) -> list:
        return []


def allowlist_for(made: Corpus) -> Allowlist:
    """The allow-list lcspr would build from this review: its vocabulary, initials and area."""
    return Allowlist([*made.vocabulary, *map(initialism, made.vocabulary), area_of(made.vocabulary[0])])


def score(paragraphs: list[Paragraph], allowlist: Allowlist, analyzer: Analyzer) -> Score:
    """Anonymise the paragraphs as one text and compare the findings with what was planted."""
    offsets, at = [], 0
    for p in paragraphs:
        offsets.append(at)
        at += len(p.text) + 2
    text = "\n\n".join(p.text for p in paragraphs)
    outcome = anonymise(text, Register(), allowlist, analyzer)
    found = [(f.start, f.end) for f in outcome.findings]
    planted = [(o + s, o + e, kind) for o, p in zip(offsets, paragraphs) for s, e, kind in p.identifiers]
    keep = [(o + s, o + e, term) for o, p in zip(offsets, paragraphs) for s, e, term in p.keep]
    touches = lambda s, e, spans: any(a < e and s < b for a, b, *_ in spans)  # noqa: E731
    held = [touches(s, e, found) for s, e, _ in planted]
    touched = [term for s, e, term in keep if touches(s, e, found)]
    return Score(len(planted), sum(held), len(found), sum(touches(s, e, planted) for s, e in found),
                 len(keep), len(keep) - len(touched),
                 [(kind, text[s:e]) for (s, e, kind), h in zip(planted, held) if not h], touched)


def example_findings(analyzer: Analyzer) -> tuple[int, int]:
    """(findings, words) on the example, read as bench_redaction.py reads it."""
    from bench.bench_redaction import CASE, example_text
    from pipeline.case.load import load_case
    from pipeline.case.register import allowlist_from, register_from

    review = load_case(CASE, Path("/tmp/lcspr-bench")).review
    text = example_text()
    outcome = anonymise(text, register_from(review), allowlist_from(review), analyzer,
                        review.review.public_date_policy.value)
    return len(outcome.findings), len(text.split())


def main() -> None:
    made = corpus()
    analyzer = Analyzer()
    allowlist = allowlist_for(made)
    without = Analyzer()  # the same analyser with the not-known-safe rule off, for comparison
    without.not_known_safe = NoRule()
    table = Table(title="Recall on invented text (goal: held-out recall >= 0.99, every kept term kept)")
    for column in ("half", "paragraphs", "identifiers", "recall", "findings", "precision", "kept terms kept"):
        table.add_column(column, justify="right")
    scores = {}
    for name, half in (("tuning", made.tuning), ("held-out", made.held_out)):
        s = scores[name] = score(half, allowlist, analyzer)
        table.add_row(name, str(len(half)), str(s.identifiers), f"{s.recall:.3f}", str(s.findings),
                      f"{s.precision:.3f}", f"{s.kept}/{s.keep}")
    s = score(made.held_out, allowlist, without)
    table.add_row("held-out, no safe-list rule", str(len(made.held_out)), str(s.identifiers), f"{s.recall:.3f}",
                  str(s.findings), f"{s.precision:.3f}", f"{s.kept}/{s.keep}")
    Console().print(table)
    held_out = scores["held-out"]
    if held_out.missed:
        print("missed on the held-out half, by kind:", dict(Counter(kind for kind, _ in held_out.missed)))
    if held_out.wrongly:
        print("kept terms found on the held-out half:", sorted(set(held_out.wrongly)))
    findings, words = example_findings(analyzer)
    before = EXAMPLE_BEFORE
    print(f"example (sections and chronologies, {words:,} words): {1000 * findings / words:.2f} findings per 1,000 "
          f"words ({findings}); before: {1000 * before['findings'] / before['words']:.2f} ({before['findings']})")


if __name__ == "__main__":
    main()
