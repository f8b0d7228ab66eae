"""Preparing a corpus on several processes gives exactly what preparing it here gives."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np

from retrieval.corpus import preparation
from retrieval.corpus.corpus import Corpus
from retrieval.corpus.preparation import prepare, terms_of
from retrieval.models import Article
from retrieval.text.tokenizer import tokenize

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def articles() -> list[Article]:
    texts = [p.read_text(encoding="utf-8").split("+++")[-1] for p in sorted(SEEDS.glob("*.txt"))]
    shared = "The agency’s statement was posted on its website on Monday evening."
    made = [
        "\n".join(
            f"Story {n} says the harbour of town {n} reopened after {n} days of repairs."
            for _ in range(2)  # a repeat within the article
        )
        + f"\n{shared}\nThe mayor of town {n} thanked the engineers.\n"
        for n in range(40)
    ]
    made.append("\n\n")  # nothing to index
    return [
        Article(f"a{n}", f"Article {n}", text, Path(f"a{n}.txt"))
        for n, text in enumerate(texts + made)
    ]


def test_processes_and_this_process_give_the_same_corpus_and_terms():
    here, here_terms = prepare(articles(), workers=0)
    there, there_terms = prepare(articles(), workers=2)
    assert np.array_equal(here.spans(), there.spans())
    assert here_terms == there_terms
    assert [terms_of(line) for line in here_terms] == [tokenize(s.text) for s in here.sentences]
    assert np.array_equal(Corpus.from_articles(articles()).spans(), here.spans())


def test_repeats_are_indexed_once():
    corpus, _ = prepare(articles(), workers=0)
    texts = [s.text for s in corpus.sentences]
    assert texts.count("The agency’s statement was posted on its website on Monday evening.") == 1
    assert sum("town 7 reopened" in t for t in texts) == 1


def test_broken_worker_processes_fall_back_to_this_process(monkeypatch, caplog):
    def broken(texts, workers):
        raise BrokenProcessPool("a worker died")
        yield

    monkeypatch.setattr(preparation, "_in_processes", broken)
    corpus, terms = prepare(articles(), workers=2)
    here, here_terms = prepare(articles(), workers=0)
    assert np.array_equal(corpus.spans(), here.spans())
    assert terms == here_terms
    assert "doing it here" in caplog.text
