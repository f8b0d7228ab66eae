"""BM25Okapi over each sentence together with its neighbours in the same article.

A neighbourhood (sentences i - 1, i, i + 1 of one article) holds every term of
three sentences, so an index of its own would hold three times the sentence
field's postings: half a gigabyte at a million sentences. It is only ever scored
for a few dozen candidates a question, so only its statistics are kept (each
term's document frequency, each neighbourhood's length) and a candidate's term
frequencies are counted from the sentences' stored terms. The numbers are those
an index over the neighbourhoods would give: the same idf, the same float64
operations in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.bm25_index import okapi_idf

_CHUNK_POSTINGS = 1 << 22


def neighbourhood_bounds(article_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each sentence has a neighbour before / after it in its own article."""
    n = len(article_of)
    same = article_of[1:] == article_of[:-1] if n > 1 else np.zeros(0, dtype=bool)
    has_before = np.concatenate([[False], same]) if n else np.zeros(0, dtype=bool)
    has_after = np.concatenate([same, [False]]) if n else np.zeros(0, dtype=bool)
    return has_before, has_after


def neighbourhood_df(
    indptr: np.ndarray, postings: np.ndarray, article_of: np.ndarray
) -> np.ndarray:
    """How many neighbourhoods hold each term, from the sentence field's posting lists
    (term-major, sentence ids ascending within a term).

    Term t is in neighbourhood j when a sentence of t is j, or j's neighbour in
    the same article. Each posting d adds d itself; d + 1 unless the next posting
    is d + 1; d - 1 unless the previous posting is d - 1, or is d - 2 and already
    added d - 1 as its own d + 1. Terms are taken a few million postings at a time,
    which bounds the temporary arrays.
    """
    has_before, has_after = neighbourhood_bounds(article_of)
    df = np.diff(indptr).astype(np.int64)
    result = np.zeros(len(df), dtype=np.int64)
    bounds = np.searchsorted(indptr, np.arange(0, len(postings), _CHUNK_POSTINGS), "right") - 1
    bounds = np.unique(np.append(bounds, len(df)))
    for t0, t1 in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        counts = df[t0:t1]
        d = postings[indptr[t0] : indptr[t1]].astype(np.int64)
        if not len(d):
            continue
        starts = indptr[t0:t1][counts > 0] - indptr[t0]
        first = np.zeros(len(d), dtype=bool)
        first[starts] = True  # a term's first posting has no previous one
        last = np.zeros(len(d), dtype=bool)
        last[np.append(starts[1:], len(d)) - 1] = True
        prev = np.where(first, -3, np.roll(d, 1))
        after = has_after[d] & ~(~last & (np.roll(d, -1) == d + 1))
        prev_after = ~first & has_after[np.maximum(prev, 0)]
        before = has_before[d] & (prev != d - 1) & ~((prev == d - 2) & prev_after)
        added = 1 + after.astype(np.int64) + before
        chunk = result[t0:t1]
        chunk[counts > 0] = np.add.reduceat(added, starts)
    return result


class NeighbourhoodField:
    """BM25Okapi scores of neighbourhoods, counted from the sentences' terms."""

    def __init__(
        self,
        df: np.ndarray,
        article_of: np.ndarray,
        term_ids: np.ndarray,
        term_starts: np.ndarray,
        *,
        k1: float,
        b: float,
        epsilon: float = 0.25,
    ) -> None:
        self.df = df
        self.k1 = float(k1)
        self._term_ids, self._term_starts = term_ids, term_starts
        has_before, has_after = neighbourhood_bounds(article_of)
        n = len(article_of)
        index = np.arange(n)
        # Each sentence's neighbourhood runs from sentence first[i] to last[i].
        self.first = index - has_before
        self.last = index + has_after
        lengths = term_starts[self.last + 1] - term_starts[self.first]
        avgdl = int(lengths.sum()) / n if n else 0.0
        self._norm = k1 * (1 - b + b * lengths / avgdl) if n else np.zeros(0)
        self.idf, self.average_idf = okapi_idf(df, n, epsilon)

    def scores_of(self, query: Sequence[int], sentences: np.ndarray) -> np.ndarray:
        """Scores of the neighbourhoods of `sentences` for the query's term ids (repeats
        count once each, unknown terms left out), as BM25Index.scores_of gives them."""
        sentences = np.asarray(sentences, dtype=np.int64)
        total = np.zeros(len(sentences))
        if not len(sentences) or not query:
            return total
        begins = self._term_starts[self.first[sentences]]
        sizes = self._term_starts[self.last[sentences] + 1] - begins
        owner = np.repeat(np.arange(len(sentences)), sizes)
        shift = np.repeat(begins - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
        tokens = self._term_ids[shift + np.arange(int(sizes.sum()))]
        norm = self._norm[sentences]
        rows: dict[int, np.ndarray] = {}
        for term in query:
            row = rows.get(term)
            if row is None:
                tf = np.bincount(owner, weights=tokens == term, minlength=len(sentences))
                held = tf > 0
                weight = tf[held] * (self.k1 + 1)
                weight /= tf[held] + norm[held]
                weight *= self.idf[term]
                row = rows[term] = np.zeros(len(sentences))
                row[held] = weight
            total += row
        return total
