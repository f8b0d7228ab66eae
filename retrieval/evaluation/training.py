"""Fit the reranker's weights on SQuAD and news questions (`python -m retrieval train`).

The SQuAD questions come from articles that none of the reported question sets
use, and the news questions from the news set's `fit` half only, so the
held-out figures in docs/engine.md are measured on questions the weights never saw.
SQuAD's questions were written looking at the sentence; the news questions, in a
reader's own words, count `news_weight` times each so that a few hundred of them
weigh against thousands of SQuAD's. The features that speak for one kind of question
(`FITTED_LAST`) are fitted in a second round, on top of the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.corpus.article_files import load_articles
from retrieval.evaluation.question_sets import Case, phrase_cases, squad_corpus, squad_titles
from retrieval.rank.engine import Engine
from retrieval.rank.reranker import FEATURES, Reranker, features

POOL = 40
L2 = 1e-3
STEPS = 3000
LEARNING_RATE = 0.5
# Chosen by two-fold cross-validation across the news fit half's articles (docs/engine.md).
NEWS_WEIGHT = 40
# Features that speak for one kind of question only, fitted after the others with theirs
# held: fitted with them, the "how many" questions moved the weights every question uses,
# and the SQuAD subset lost what the news half gained (docs/engine.md).
FITTED_LAST = ("unit_counted",)
# Candidates are found by the first stage alone: the weights being fitted play no part.
_UNTRAINED = Reranker(np.zeros(len(FEATURES)))


def training_lists(
    squad: Path, held_out: Sequence[Path]
) -> tuple[list[np.ndarray], list[int | None]]:
    """Feature rows of each answerable question's candidates, and where its gold sentence
    is among them (None when the first stage missed it)."""
    excluded = set().union(*(squad_titles(p) for p in held_out))
    articles, cases = squad_corpus(squad, exclude=excluded)
    return candidate_lists(Engine.from_articles(articles, reranker=_UNTRAINED), cases)


def news_lists(articles: Path, questions: Path) -> tuple[list[np.ndarray], list[int | None]]:
    """The same for a news question file about the articles in a folder."""
    engine = Engine.from_articles(load_articles(articles)[0], reranker=_UNTRAINED)
    return candidate_lists(engine, phrase_cases(questions, engine.article_numbers))


def candidate_lists(
    engine: Engine, cases: Sequence[Case]
) -> tuple[list[np.ndarray], list[int | None]]:
    """Each answerable case's candidate feature rows and its gold's place among them."""
    lists: list[np.ndarray] = []
    golds: list[int | None] = []
    for case in cases:
        if case.is_hit is None:
            continue
        question = engine.parse(case.question)
        ids, candidates = engine.candidates(question, POOL)
        rows = features(question, candidates)
        hits = [n for n, i in enumerate(ids) if case.is_hit(engine.sentences[i])]
        lists.append(rows)
        golds.append(hits[0] if hits else None)
    return lists, golds


def fit(
    lists: Sequence[np.ndarray],
    golds: Sequence[int],
    counts: Sequence[float] | None = None,
    start: np.ndarray | None = None,
    free: np.ndarray | None = None,
) -> np.ndarray:
    """Weights maximising the softmax likelihood of each gold among its candidates,
    each list counted `counts` times (once by default), moving from `start` (zeros)
    only the weights `free` marks (all)."""
    width = len(FEATURES)
    count = np.ones(len(lists)) if counts is None else np.asarray(counts, dtype=float)
    movable = np.ones(width) if free is None else np.asarray(free, dtype=float)
    rows = np.concatenate(lists)
    owner = np.repeat(np.arange(len(lists)), [len(r) for r in lists])
    starts = np.concatenate([[0], np.cumsum([len(r) for r in lists])[:-1]])
    gold_rows = rows[starts + np.asarray(golds)]
    weights = np.zeros(width) if start is None else np.array(start, dtype=float)
    squared = np.zeros(width)
    for _ in range(STEPS):
        scores = rows @ weights
        top = np.full(len(lists), -np.inf)
        np.maximum.at(top, owner, scores)
        exp = np.exp(scores - top[owner])
        norm = np.bincount(owner, weights=exp)
        probability = exp / norm[owner]
        gradient = (rows * (probability * count[owner])[:, None]).sum(0)
        gradient -= (gold_rows * count[:, None]).sum(0)
        gradient = gradient / count.sum() + L2 * weights
        squared += gradient**2
        weights -= movable * LEARNING_RATE * gradient / (np.sqrt(squared) + 1e-8)
    return weights


def fit_in_two_rounds(
    lists: Sequence[np.ndarray], golds: Sequence[int], counts: Sequence[float]
) -> np.ndarray:
    """`fit` with the FITTED_LAST weights at zero, then those alone on top."""
    last = np.array([name in FITTED_LAST for name in FEATURES])
    first = fit(lists, golds, counts, free=~last)
    return fit(lists, golds, counts, start=first, free=last)


def train(
    squad: Path,
    held_out: Sequence[Path],
    output: Path,
    news: tuple[Path, Path] | None = None,
    news_weight: float = NEWS_WEIGHT,
) -> str:
    """Fit and save the reranker; return a summary of what was fitted.

    `news` is (articles folder, questions file): the news questions to learn from too.
    """
    lists, golds = training_lists(squad, held_out)
    counts = [1.0] * len(lists)
    if news is not None:
        more, more_golds = news_lists(*news)
        lists, golds = lists + more, golds + more_golds
        counts += [news_weight] * len(more)
    usable = [
        (rows, g, c)
        for rows, g, c in zip(lists, golds, counts, strict=True)
        if g is not None and len(rows) > 1
    ]
    weights = fit_in_two_rounds(
        [u[0] for u in usable], [u[1] for u in usable], [u[2] for u in usable]
    )
    Reranker(weights).save(
        output,
        {
            "trained_on": [squad.name, *([str(news[1])] if news else [])],
            "held_out_articles_of": [p.name for p in held_out],
            "news_weight": news_weight if news else 0,
            "questions": len(lists),
            "questions_with_gold_in_pool": len(usable),
            "pool": POOL,
        },
    )
    listing = "\n".join(f"  {name:<18} {w:+.3f}" for name, w in zip(FEATURES, weights, strict=True))
    return f"fitted on {len(usable)} of {len(lists)} questions; weights:\n{listing}"
