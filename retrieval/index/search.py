"""A query's matching documents and its best k, exactly, through the posting lists.

Two ways to the same numbers. "Rarest first" takes the query's distinct terms from
the shortest posting list up and scores each new document exactly, once, looking
its weights up in the other terms' lists: cost follows the postings of the rare
terms. "Add up" scatters every posting into an array over all documents: cost
follows all the query's postings plus one pass over the corpus, cheaper when the
query holds very frequent terms. Either way each document's contributions are
added in query order, and skipping a term a document lacks adds nothing
(x + 0.0 == x).

The best k avoid touching most postings of very frequent terms (MaxScore): the
documents of the query's rarest terms are scored exactly, and the search stops as
soon as the k-th best of those beats every score a document holding only the
remaining, frequent terms could reach (the sum of those terms' largest weights).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.index.postings import Postings


@dataclass(frozen=True)
class Budget:
    """The share of the adding-up cost that rarest-first may spend: all of it when it is
    sure to finish (every matching document), half when it may stop early or give up
    (the best k)."""

    exhaustive: float = 1.0
    maxscore: float = 0.5


def matching(
    postings: Postings, terms: Sequence[int], budget: Budget
) -> tuple[np.ndarray, np.ndarray]:
    """(document ids ascending, scores) of the documents holding some of the term ids."""
    if not terms:
        return _nothing()
    docs, scores, done = rarest_first(postings, terms, None, budget)
    if done:
        order = np.argsort(docs, kind="stable")
        return docs[order].astype(np.int64), scores[order]
    acc = postings.add_up(terms)
    docs = postings.matched(acc, terms)
    return docs, acc[docs]


def best(
    postings: Postings, terms: Sequence[int], k: int, budget: Budget
) -> tuple[np.ndarray, np.ndarray]:
    """The k best (document ids, scores) for the term ids, best first, ties to the lower id.

    Only documents holding some of the terms are ranked, so fewer than k may come back.
    """
    if not terms or k <= 0:
        return _nothing()
    docs, scores, done = rarest_first(postings, terms, k, budget)
    if done:
        return _best(docs, scores, k)
    acc = postings.add_up(terms)
    # Any value that k scores reach bounds the k-th best from below: the k-th
    # best of the documents already scored, or of a strided sample of all.
    floor = _kth_largest(acc[:: max(1, len(acc) // (4 * math.isqrt(k * len(acc)) + 1))], k)
    floor = max(floor, _kth_largest(scores, k))
    # Unmatched documents score 0: a positive floor keeps them out.
    docs = np.flatnonzero(acc >= floor) if floor > 0 else postings.matched(acc, terms)
    return _best(docs, acc[docs], k)


def rarest_first(
    postings: Postings, terms: Sequence[int], k: int | None, budget: Budget
) -> tuple[np.ndarray, np.ndarray, bool]:
    """(documents, exact scores, done) from taking terms rarest first.

    k None: every matching document, or nothing and done=False when adding up
    is cheaper. k given: MaxScore. A document holding none of the terms taken
    scores at most the float sum, in query order, of the other tokens' largest
    weights (rounding is monotone, so no margin is needed); once the k-th best
    score found beats that, the top k are among the documents found. Gives up
    (done=False, with what it found) when its work passes a share of adding up.
    """
    df, dense, n_docs = postings.df, postings.dense, postings.n_docs
    rarest = sorted(set(terms), key=lambda t: (df[t], t))
    rank = {t: i for i, t in enumerate(rarest)}
    # Rough costs in nanoseconds, measured on a 2-core x86 VM.
    add_up = 2.0 * n_docs + sum(0.7 * n_docs if t in dense else 4.0 * float(df[t]) for t in terms)
    step_cost = [
        float(df[t]) * (3 + sum(5 if u in dense else 50 for u in rarest[i + 1 :]))
        for i, t in enumerate(rarest)
    ]
    if k is None:
        # All or nothing: without k every step will be taken.
        spendable = math.inf if sum(step_cost) <= budget.exhaustive * add_up else 0.0
    else:
        spendable = budget.maxscore * add_up
    seen = np.zeros(n_docs, dtype=bool)
    found_docs: list[np.ndarray] = [np.empty(0, dtype=np.int32)]
    found_scores: list[np.ndarray] = [np.empty(0)]
    top = np.empty(0)  # the k highest scores found so far
    spent, done = 0.0, False
    for i, t in enumerate(rarest):
        spent += step_cost[i]
        if spent > spendable:
            break
        have = postings.documents(t)
        fresh = ~seen[have]
        new = have[fresh]
        seen[new] = True
        scores = np.zeros(len(new))
        rows: dict[int, np.ndarray] = {}
        for u in terms:
            if rank[u] < i:
                continue  # new documents are not in the terms taken before
            row = rows.get(u)
            if row is None:
                row = rows[u] = postings.weights_of(t)[fresh] if u == t else postings.lookup(new, u)
            scores += row
        found_docs.append(new)
        found_scores.append(scores)
        if k is not None:
            top = np.concatenate([top, scores])
            if len(top) > k:
                top = np.partition(top, len(top) - k)[len(top) - k :]
            if len(top) == k and top.min() > _ceiling(postings, terms, rank, i + 1):
                done = True
                break
    else:
        done = True
    return np.concatenate(found_docs), np.concatenate(found_scores), done


def _ceiling(postings: Postings, terms: Sequence[int], rank: dict[int, int], taken: int) -> float:
    """Highest score of a document holding none of the ``taken`` rarest terms."""
    bound = 0.0
    for t in terms:
        if rank[t] >= taken:
            bound += float(postings.max_weight[t])
    return bound


def _nothing() -> tuple[np.ndarray, np.ndarray]:
    return np.empty(0, dtype=np.int64), np.empty(0)


def _kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest value, or -inf if there are fewer than k."""
    if len(values) < k:
        return -math.inf
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _best(docs: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k highest scores, best first, ties to the lower id."""
    if len(scores) > k:
        # argpartition's pick among ties at the k-th score is arbitrary: keep
        # everything above it, then the lowest ids of those equal to it.
        kth = scores[np.argpartition(scores, len(scores) - k)[len(scores) - k]]
        above = scores > kth
        need = k - int(above.sum())
        tied = docs[scores == kth]
        if len(tied) > need:
            tied = np.partition(tied, need - 1)[:need]
        docs = np.concatenate([docs[above], tied])
        scores = np.concatenate([scores[above], np.full(len(tied), kth)])
    order = np.lexsort((docs, -scores))
    return docs[order].astype(np.int64), scores[order]
