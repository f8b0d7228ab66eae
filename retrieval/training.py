"""Fit the reranker's weights on SQuAD questions (`python -m retrieval train`).

The training questions come from articles that none of the reported question
sets use, so the figures in the README are measured on questions the weights
never saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.engine import Engine
from retrieval.evaluation import squad_corpus, squad_titles
from retrieval.reranker import FEATURES, Question, Reranker

POOL = 40
L2 = 1e-3
STEPS = 3000
LEARNING_RATE = 0.5


def training_lists(
    squad: Path, held_out: Sequence[Path]
) -> tuple[list[np.ndarray], list[int], int]:
    """Feature rows of each question's candidates and the gold's row (when it is among them)."""
    excluded = set().union(*(squad_titles(p) for p in held_out))
    articles, cases = squad_corpus(squad, exclude=excluded)
    engine = Engine.from_articles(articles, reranker=Reranker(np.zeros(len(FEATURES))))
    lists: list[np.ndarray] = []
    golds: list[int] = []
    asked = 0
    for case in cases:
        if case.is_hit is None:
            continue
        asked += 1
        question = Question.parse(case.question, engine._information)
        ids, rows = engine.candidate_features(question, POOL)
        hits = [n for n, i in enumerate(ids) if case.is_hit(engine.sentences[i])]
        if hits and len(ids) > 1:
            lists.append(rows)
            golds.append(hits[0])
    return lists, golds, asked


def fit(lists: Sequence[np.ndarray], golds: Sequence[int]) -> np.ndarray:
    """Weights maximising the softmax likelihood of each gold among its candidates."""
    width = len(FEATURES)
    rows = np.concatenate(lists)
    owner = np.repeat(np.arange(len(lists)), [len(r) for r in lists])
    starts = np.concatenate([[0], np.cumsum([len(r) for r in lists])[:-1]])
    gold_rows = rows[starts + np.asarray(golds)]
    weights = np.zeros(width)
    squared = np.zeros(width)
    for _ in range(STEPS):
        scores = rows @ weights
        top = np.full(len(lists), -np.inf)
        np.maximum.at(top, owner, scores)
        exp = np.exp(scores - top[owner])
        norm = np.bincount(owner, weights=exp)
        probability = exp / norm[owner]
        gradient = (rows * probability[:, None]).sum(0) - gold_rows.sum(0)
        gradient = gradient / len(lists) + L2 * weights
        squared += gradient**2
        weights -= LEARNING_RATE * gradient / (np.sqrt(squared) + 1e-8)
    return weights


def train(squad: Path, held_out: Sequence[Path], output: Path) -> str:
    lists, golds, asked = training_lists(squad, held_out)
    weights = fit(lists, golds)
    Reranker(weights).save(
        output,
        {
            "trained_on": squad.name,
            "held_out_articles_of": [p.name for p in held_out],
            "questions": asked,
            "questions_with_gold_in_pool": len(lists),
            "pool": POOL,
        },
    )
    listing = "\n".join(f"  {name:<18} {w:+.3f}" for name, w in zip(FEATURES, weights, strict=True))
    return f"fitted on {len(lists)} of {asked} questions; weights:\n{listing}"
