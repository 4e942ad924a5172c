"""The analyser's speed measures change nothing it finds: numpy's matrix product, two cores."""
import os

import pytest
import spacy
from thinc.api import NumpyOps

from redaction import analyzer as analyzer_module
from redaction.analyzer import DEFAULT_MODEL, MatmulOps
from redaction.anonymise import paragraphs, plain

from .conftest import EXAMPLE


@pytest.fixture(scope="module")
def example_paragraphs():
    """The example's sections and chronology rows: real text with names, places and services."""
    text = "\n\n".join(p.read_text() for p in sorted((EXAMPLE / "sections").glob("*.md")))
    rows = "\n\n".join(p.read_text(encoding="utf-8", errors="replace")
                       for p in sorted((EXAMPLE / "chronologies").glob("*.csv")))
    return [plain(block) for _, block in paragraphs(f"{text}\n\n{rows}")]


def entities(nlp, texts):
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]


def test_every_ner_layer_uses_numpys_matrix_product(analyzer):
    nodes = list(analyzer.nlp.get_pipe("ner").model.walk())
    assert nodes and all(isinstance(node.ops, MatmulOps) for node in nodes)
    assert analyzer.nlp.pipe_names == ["ner"]


def test_numpys_matrix_product_finds_the_same_entities_as_thincs_own(analyzer, example_paragraphs):
    reference = spacy.load(DEFAULT_MODEL)
    reference.select_pipes(enable=["ner"])
    assert type(reference.get_pipe("ner").model.ops) is NumpyOps  # loading ours changed no one else's ops
    found = entities(analyzer.nlp, example_paragraphs)
    assert sum(map(len, found)) > 50  # the comparison has entities to compare
    assert found == entities(reference, example_paragraphs)


def test_two_processes_give_what_one_gives(analyzer, example_paragraphs, monkeypatch):
    serial = analyzer.rows(example_paragraphs)
    here = []
    rows = analyzer_module.Analyzer.rows
    monkeypatch.setattr(analyzer_module.Analyzer, "rows", lambda self, texts: here.append(os.getpid()) or
                        (rows(self, texts), here.append(len(texts)))[0])
    monkeypatch.setattr(analyzer_module, "SPLIT_ABOVE", 1000)
    monkeypatch.setattr(analyzer_module, "available_cores", lambda: 2)
    split = analyzer.rows_on_two_cores(example_paragraphs)
    assert here[0] == os.getpid() and 0 < here[1] < len(example_paragraphs)  # this process took only a part
    assert split == serial
    assert sum(map(len, serial)) > 50


def test_a_small_run_stays_in_one_process(analyzer, example_paragraphs, monkeypatch):
    here = []
    rows = analyzer_module.Analyzer.rows
    monkeypatch.setattr(analyzer_module.Analyzer, "rows", lambda self, texts: here.append(len(texts)) or
                        rows(self, texts))
    analyzer.rows_on_two_cores(example_paragraphs[:5])
    assert here == [5]


def die(paragraphs):
    """A second process killed (for memory, say) halfway through its work."""
    os._exit(9)


def test_a_second_process_that_dies_leaves_the_work_to_this_one(analyzer, example_paragraphs, monkeypatch):
    monkeypatch.setattr(analyzer_module, "SPLIT_ABOVE", 1000)
    monkeypatch.setattr(analyzer_module, "available_cores", lambda: 2)
    monkeypatch.setattr(analyzer_module, "_rows_in_worker", die)
    assert analyzer.rows_on_two_cores(example_paragraphs) == analyzer.rows(example_paragraphs)


def test_no_second_process_at_all_leaves_the_work_to_this_one(analyzer, example_paragraphs, monkeypatch):
    def no_fork(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(analyzer_module, "SPLIT_ABOVE", 1000)
    monkeypatch.setattr(analyzer_module, "available_cores", lambda: 2)
    monkeypatch.setattr(os, "fork", no_fork)
    assert analyzer.rows_on_two_cores(example_paragraphs) == analyzer.rows(example_paragraphs)
