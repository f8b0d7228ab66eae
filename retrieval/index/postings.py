"""Posting lists with BM25 weights, laid out for scoring: for each term, the documents that
hold it and the term's weight in each, its largest weight, and for the most frequent terms
a dense weight vector over all documents."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_DENSE_FRACTION = 6  # terms in at least 1 of 6 documents get a dense weight vector ...
_DENSE_MAX_TERMS = 12  # ... the 12 most frequent of them at most (8 bytes x documents each)


class Postings:
    """Term t's documents are ``postings[indptr[t]:indptr[t + 1]]`` (ascending ids) and its
    weights there ``weights[indptr[t]:indptr[t + 1]]``; ``idf[t]`` is its idf."""

    def __init__(
        self,
        n_docs: int,
        indptr: np.ndarray,
        postings: np.ndarray,
        weights: np.ndarray,
        idf: np.ndarray,
    ) -> None:
        self.n_docs = int(n_docs)
        self.indptr, self.postings, self.weights, self.idf = indptr, postings, weights, idf
        df = np.diff(indptr)
        self.df = df
        # Largest weight of each term: MaxScore's bound. Negative weights never
        # raise a score, so they bound at 0.
        self.max_weight = np.zeros(len(df))
        nonempty = np.flatnonzero(df)
        if len(nonempty):
            self.max_weight[nonempty] = np.maximum.reduceat(weights, indptr[nonempty])
        np.maximum(self.max_weight, 0.0, out=self.max_weight)
        # The most frequent terms also get a dense weight vector (0 where absent):
        # adding one is a single pass instead of a scatter, and looking a document
        # up is an index instead of a binary search. Adding 0.0 changes no sum.
        self.dense: dict[int, np.ndarray] = {}
        frequent = np.flatnonzero(df * _DENSE_FRACTION >= max(self.n_docs, 1))
        for t in frequent[np.argsort(-df[frequent], kind="stable")][:_DENSE_MAX_TERMS].tolist():
            vec = np.zeros(self.n_docs)
            vec[self.documents(t)] = self.weights_of(t)
            self.dense[t] = vec

    def documents(self, t: int) -> np.ndarray:
        """The documents holding term t, ascending."""
        return self.postings[self.indptr[t] : self.indptr[t + 1]]

    def weights_of(self, t: int) -> np.ndarray:
        """Term t's weight in each of its documents, in the order of `documents`."""
        return self.weights[self.indptr[t] : self.indptr[t + 1]]

    def lookup(self, docs: np.ndarray, t: int) -> np.ndarray:
        """Term t's weight in each of the given documents (ascending int32 ids), 0 if absent."""
        dense = self.dense.get(t)
        if dense is not None:
            return dense[docs]
        have = self.documents(t)
        pos = np.searchsorted(have, docs)
        hit = pos < len(have)
        hit[hit] = have[pos[hit]] == docs[hit]
        row = np.zeros(len(docs))
        row[hit] = self.weights_of(t)[pos[hit]]
        return row

    def add_up(self, terms: Sequence[int]) -> np.ndarray:
        """Every document's score for the term ids, each document's contributions in
        query order, as in rank-bm25's get_scores."""
        # add.at adds element by element in order.
        acc = np.zeros(self.n_docs)
        for t in terms:
            dense = self.dense.get(t)
            if dense is None:
                np.add.at(acc, self.documents(t), self.weights_of(t))
            else:
                acc += dense
        return acc

    def matched(self, acc: np.ndarray, terms: Sequence[int]) -> np.ndarray:
        """Documents holding some of the terms, given their added-up scores."""
        distinct = set(terms)
        if all(self.idf[t] > 0 for t in distinct):
            return np.flatnonzero(acc)  # positive weights only: matched <=> nonzero
        mask = np.zeros(self.n_docs, dtype=bool)
        for t in distinct:
            mask[self.documents(t)] = True
        return np.flatnonzero(mask)


def posting_chunks(indptr: np.ndarray, chunk: int) -> list[tuple[int, int]]:
    """Runs of whole terms (t0, t1) holding about `chunk` postings each: work over
    term-major posting lists taken a run at a time bounds its temporary arrays."""
    total = int(indptr[-1]) if len(indptr) else 0
    bounds = np.searchsorted(indptr, np.arange(0, total, chunk), "right") - 1
    bounds = np.unique(np.append(bounds, len(indptr) - 1))
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
