"""``python -m benchmarks.quality``: how each step of the engine moves hit@1 on the SQuAD subset.

Prints one markdown table: plain rank-bm25 with two tokenizations, then the engine's
first stage alone (sentence field, then all fields) and with the learned reranker.
A hit is the sentence holding the answer's start, as in ``python -m retrieval eval --squad``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import Stemmer
from rank_bm25 import BM25Okapi

from retrieval.corpus import Corpus
from retrieval.engine import Engine, EngineSettings
from retrieval.evaluation import Case, squad_corpus
from retrieval.fields import FieldWeights
from retrieval.reranker import FEATURES, Reranker

SUBSET = Path(__file__).resolve().parent.parent.parent / "shared/data/squad-dev-subset.json"
_stemmer = Stemmer.Stemmer("english")


def _plain(corpus: Corpus, cases: list[Case], tokenize) -> float:
    bm25 = BM25Okapi([tokenize(s.text) for s in corpus.sentences])
    hits = [
        c.is_hit(corpus.sentences[int(np.argmax(bm25.get_scores(tokenize(c.question))))])
        for c in cases
    ]
    return float(np.mean(hits))


def _engine(
    corpus: Corpus, cases: list[Case], settings: EngineSettings, reranker: Reranker | None
) -> float:
    engine = Engine(corpus, settings, reranker)
    hits = []
    for case in cases:
        answers = engine.ask(case.question, top_k=1).answers
        hits.append(
            bool(answers)
            and case.is_hit(engine.sentence_at(answers[0].article, answers[0].position))
        )
    return float(np.mean(hits))


def main(path: Path = SUBSET) -> None:
    articles, cases = squad_corpus(path)
    cases = [c for c in cases if c.is_hit is not None]
    corpus = Corpus.from_articles(articles)
    first_stage = Reranker([1.0 if name == "first_stage_rank" else 0.0 for name in FEATURES])
    alone = FieldWeights(neighbours=0.0, title=0.0)
    shipped = Reranker.load()
    without_synonyms = Reranker(
        [
            0.0 if name == "synonym_coverage" else w
            for name, w in zip(FEATURES, shipped.weights, strict=True)
        ]
    )
    rows = [
        ("rank-bm25, `lower().split()` tokens", _plain(corpus, cases, lambda t: t.lower().split())),
        (
            "rank-bm25, `\\w+` + Snowball stems",
            _plain(corpus, cases, lambda t: _stemmer.stemWords(re.findall(r"\w+", t.lower()))),
        ),
        (
            "sentence field, this tokenizer, k1 1.5 / b 0.75",
            _engine(corpus, cases, EngineSettings(FieldWeights(0.0, 0.0, 1.5, 0.75)), first_stage),
        ),
        (
            "sentence field, k1 0.9 / b 0.4",
            _engine(corpus, cases, EngineSettings(alone), first_stage),
        ),
        ("+ neighbour and title fields", _engine(corpus, cases, EngineSettings(), first_stage)),
        (
            "+ learned reranker, its synonym weight set to 0",
            _engine(corpus, cases, EngineSettings(), without_synonyms),
        ),
        (
            "+ WordNet synonyms (the engine as shipped)",
            _engine(corpus, cases, EngineSettings(), None),
        ),
    ]
    print(f"SQuAD subset ({len(cases)} answerable questions, {len(corpus.sentences)} sentences)\n")
    print("| engine | hit@1 |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.3f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SUBSET)
