"""BM25Okapi over documents that are runs of consecutive sentences, without an index.

A sentence's neighbourhood and a whole article are such runs. Either field is
only ever scored for a few dozen documents a question, so only its statistics
are kept (each term's document frequency, each document's length) and a
document's term frequencies are counted from the sentences' stored terms when
it is scored. The numbers are those an index over the documents would give: the
same idf, the same float64 operations in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from retrieval.index.weights import okapi_idf

# Term-major posting lists are taken this many postings at a time when counting
# document frequencies, which bounds the temporary arrays.
CHUNK_POSTINGS = 1 << 22


class SpanField:
    """BM25Okapi scores of documents, document j being sentences first[j] to last[j].

    A document with last[j] == first[j] - 1 is empty.
    """

    def __init__(
        self,
        df: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        term_ids: np.ndarray,
        term_starts: np.ndarray,
        *,
        k1: float,
        b: float,
        epsilon: float = 0.25,
    ) -> None:
        self.df = df
        self.k1 = float(k1)
        self.first, self.last = first, last
        self._term_ids, self._term_starts = term_ids, term_starts
        n = len(first)
        lengths = term_starts[last + 1] - term_starts[first]
        avgdl = int(lengths.sum()) / n if n else 0.0
        self._norm = k1 * (1 - b + b * lengths / avgdl) if n else np.zeros(0)
        self.idf, self.average_idf = okapi_idf(df, n, epsilon)

    def scores_of(self, query: Sequence[int], docs: np.ndarray) -> np.ndarray:
        """Scores of `docs` for the query's term ids (repeats count once each, unknown
        terms left out), as BM25Index.scores_of gives them."""
        docs = np.asarray(docs, dtype=np.int64)
        total = np.zeros(len(docs))
        if not len(docs) or not query:
            return total
        begins = self._term_starts[self.first[docs]].tolist()
        ends = self._term_starts[self.last[docs] + 1].tolist()
        ids = self._term_ids
        tokens = np.concatenate([ids[begin:end] for begin, end in zip(begins, ends, strict=True)])
        # Where each document's tokens end in `tokens`: a token's document is found by
        # a binary search, for the few tokens that are the question's.
        offsets = np.cumsum(np.subtract(ends, begins))
        asked = sorted(set(query))
        # Comparing with each query term in turn beats np.isin for a handful of terms.
        cells = np.concatenate(
            [
                np.searchsorted(offsets, np.flatnonzero(tokens == term), "right") * len(asked)
                + column
                for column, term in enumerate(asked)
            ]
        )
        tf = np.bincount(cells, minlength=len(docs) * len(asked)).reshape(len(docs), len(asked))
        weights = np.zeros(tf.shape)
        norm = self._norm[docs][:, None]
        np.divide(tf * (self.k1 + 1), tf + norm, out=weights, where=tf > 0)
        weights *= self.idf[asked]
        # Added up in query order, a repeated term once per time it is asked.
        column_of = {term: column for column, term in enumerate(asked)}
        for term in query:
            total += weights[:, column_of[term]]
        return total
