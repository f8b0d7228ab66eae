"""BM25 over three fields of every sentence: its own words, its neighbourhood, its title.

A sentence that says "He was accused of ..." names nobody; its neighbours and
its article's title do. Those fields are scored by BM25 too and added with a
smaller weight, so they lift a sentence without outranking one that matches
on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from retrieval.bm25_index import BM25Index


@dataclass(frozen=True)
class FieldWeights:
    """How much the weaker fields count next to the sentence's own words."""

    neighbours: float = 0.4
    title: float = 0.25
    k1: float = 0.9
    b: float = 0.4


def _count_matrix(
    docs: Sequence[Sequence[str]], vocabulary: dict[str, int]
) -> tuple[sp.csr_matrix, np.ndarray]:
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    ids: list[int] = []
    for row, tokens in enumerate(docs):
        ids.extend(vocabulary.setdefault(token, len(vocabulary)) for token in tokens)
        indptr[row + 1] = len(ids)
    indices = np.asarray(ids, dtype=np.int32)
    data = np.ones(len(indices), dtype=np.float64)
    counts = sp.csr_matrix((data, indices, indptr), shape=(len(docs), max(len(vocabulary), 1)))
    counts.sum_duplicates()
    return counts, np.diff(indptr).astype(np.float64)


def _neighbourhood(article_of: np.ndarray) -> sp.csr_matrix:
    """A matrix that adds each sentence's row to those of its neighbours in the same article."""
    n = len(article_of)
    same_next = np.flatnonzero(article_of[1:] == article_of[:-1]) if n > 1 else np.array([], int)
    rows = np.concatenate([np.arange(n), same_next, same_next + 1])
    cols = np.concatenate([np.arange(n), same_next + 1, same_next])
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


class FieldIndex:
    """Sentence, neighbourhood and title BM25 indexes sharing one vocabulary."""

    def __init__(
        self,
        sentence_terms: Sequence[Sequence[str]],
        article_of: np.ndarray,
        title_terms: Sequence[Sequence[str]],
        weights: FieldWeights = FieldWeights(),
        progress: bool = False,
    ) -> None:
        self.weights = weights
        self.article_of = np.asarray(article_of, dtype=np.int64)
        vocabulary: dict[str, int] = {}
        counts, lengths = _count_matrix(sentence_terms, vocabulary)
        title_counts, title_lengths = _count_matrix(title_terms, vocabulary)
        shape = (counts.shape[0], len(vocabulary))
        counts.resize(shape)
        title_counts.resize((title_counts.shape[0], len(vocabulary)))
        bm25 = {"k1": weights.k1, "b": weights.b}
        self.sentences = BM25Index.from_counts(counts, vocabulary, lengths, **bm25)
        around = _neighbourhood(self.article_of)
        self.neighbours = BM25Index.from_counts(
            (around @ counts).tocsr(), vocabulary, around @ lengths, **bm25
        )
        self.titles = BM25Index.from_counts(title_counts.tocsr(), vocabulary, title_lengths, **bm25)

    def candidates(self, terms: Sequence[str], pool: int) -> tuple[np.ndarray, np.ndarray]:
        """The `pool` best sentences for `terms` by the weighted sum of the fields, best first."""
        own_ids, own = self.sentences.scores(terms)
        near_ids, near = self.neighbours.scores(terms)
        ids = np.union1d(own_ids, near_ids)
        if ids.size == 0:
            return ids, np.zeros(0)
        total = np.zeros(ids.size)
        total[np.searchsorted(ids, own_ids)] += own
        total[np.searchsorted(ids, near_ids)] += self.weights.neighbours * near
        title_ids, title = self.titles.scores(terms)
        if title_ids.size:
            by_article = np.zeros(self.titles.n_docs)
            by_article[title_ids] = title
            total += self.weights.title * by_article[self.article_of[ids]]
        if ids.size > pool:
            best = np.argpartition(-total, pool - 1)[:pool]
            ids, total = ids[best], total[best]
        order = np.lexsort((ids, -total))
        return ids[order], total[order]
