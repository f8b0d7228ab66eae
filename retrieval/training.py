"""Fit the reranker's weights on SQuAD questions (`python -m retrieval train`).

The training questions come from articles that none of the reported question
sets use, so the figures in docs/engine.md are measured on questions the weights
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
) -> tuple[list[np.ndarray], list[int | None]]:
    """Feature rows of each answerable question's candidates, and where its gold sentence
    is among them (None when the first stage missed it)."""
    excluded = set().union(*(squad_titles(p) for p in held_out))
    articles, cases = squad_corpus(squad, exclude=excluded)
    engine = Engine.from_articles(articles, reranker=Reranker(np.zeros(len(FEATURES))))
    lists: list[np.ndarray] = []
    golds: list[int | None] = []
    for case in cases:
        if case.is_hit is None:
            continue
        question = Question.parse(case.question, engine.information)
        ids, rows = engine.candidate_features(question, POOL)
        hits = [n for n, i in enumerate(ids) if case.is_hit(engine.sentences[i])]
        lists.append(rows)
        golds.append(hits[0] if hits else None)
    return lists, golds


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
    """Fit and save the reranker; return a summary of what was fitted."""
    lists, golds = training_lists(squad, held_out)
    usable = [
        (rows, g) for rows, g in zip(lists, golds, strict=True) if g is not None and len(rows) > 1
    ]
    weights = fit([rows for rows, _ in usable], [g for _, g in usable])
    Reranker(weights).save(
        output,
        {
            "trained_on": squad.name,
            "held_out_articles_of": [p.name for p in held_out],
            "questions": len(lists),
            "questions_with_gold_in_pool": len(usable),
            "pool": POOL,
        },
    )
    listing = "\n".join(f"  {name:<18} {w:+.3f}" for name, w in zip(FEATURES, weights, strict=True))
    return f"fitted on {len(usable)} of {len(lists)} questions; weights:\n{listing}"
