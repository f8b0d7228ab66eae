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

from retrieval.bm25_index import okapi_idf

# Term-major posting lists are taken this many postings at a time when counting
# document frequencies, which bounds the temporary arrays.
CHUNK_POSTINGS = 1 << 22


def posting_chunks(indptr: np.ndarray, chunk: int) -> list[tuple[int, int]]:
    """Runs of whole terms (t0, t1) holding about `chunk` postings each."""
    total = int(indptr[-1]) if len(indptr) else 0
    bounds = np.searchsorted(indptr, np.arange(0, total, chunk), "right") - 1
    bounds = np.unique(np.append(bounds, len(indptr) - 1))
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))


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
        begins = self._term_starts[self.first[docs]]
        sizes = self._term_starts[self.last[docs] + 1] - begins
        owner = np.repeat(np.arange(len(docs)), sizes)
        shift = np.repeat(begins - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
        tokens = self._term_ids[shift + np.arange(int(sizes.sum()))]
        # Most of a document's tokens are not the question's: one pass sets them aside.
        asked = np.isin(tokens, np.fromiter(set(query), dtype=tokens.dtype))
        tokens, owner = tokens[asked], owner[asked]
        norm = self._norm[docs]
        rows: dict[int, np.ndarray] = {}
        for term in query:
            row = rows.get(term)
            if row is None:
                tf = np.bincount(owner[tokens == term], minlength=len(docs))
                held = tf > 0
                weight = tf[held] * (self.k1 + 1)
                weight /= tf[held] + norm[held]
                weight *= self.idf[term]
                row = rows[term] = np.zeros(len(docs))
                row[held] = weight
            total += row
        return total
