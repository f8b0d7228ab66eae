"""BM25Okapi scoring whose cost follows the postings of the query's terms, not the corpus.

``rank_bm25.BM25Okapi.get_scores`` walks every document in Python for every query
token. Here each term's BM25 weight in each document that contains it is computed
once at build time (`weights`) and stored as a posting list (`postings`: document ids
ascending, float64 weights). A query adds up the postings of its tokens (`search`),
each document's contributions in query order, a repeated query token once per
occurrence: the numbers are BM25Okapi's. `store` saves an index and loads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from retrieval.index import search
from retrieval.index.postings import Postings
from retrieval.index.progress import ProgressCallback, reporter
from retrieval.index.search import Budget
from retrieval.index.term_ids import term_counts
from retrieval.index.weights import Okapi, weighted_postings


class BM25Index:
    """BM25Okapi over tokenized documents, scored through posting lists."""

    # The costs behind the budget were measured once for every index (search.rarest_first).
    budget = Budget()

    def __init__(self, okapi: Okapi, vocabulary: dict[str, int], postings: Postings) -> None:
        """Assemble an index from its parts; use ``build``, ``from_counts`` or ``store``."""
        self.okapi = okapi
        self.vocabulary = vocabulary
        self.postings = postings

    @property
    def n_docs(self) -> int:
        return self.okapi.n_docs

    @classmethod
    def build(
        cls,
        docs: Sequence[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        progress: bool | ProgressCallback = False,
    ) -> BM25Index:
        """Index tokenized documents; ``progress`` is True (a bar on a terminal) or a callback."""
        report = reporter(progress)
        counts, vocabulary, lengths = term_counts(docs, progress=report)
        return cls.from_counts(
            counts, vocabulary, lengths, k1=k1, b=b, epsilon=epsilon, progress=report
        )

    @classmethod
    def from_counts(
        cls,
        counts: sp.csr_matrix | sp.spmatrix | sp.sparray,
        vocabulary: dict[str, int],
        doc_lengths: np.ndarray | Sequence[int],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        progress: bool | ProgressCallback = False,
        copy: bool = True,
    ) -> BM25Index:
        """Index a count matrix: rows are documents, columns term ids, values term frequencies.

        ``copy=False`` lets the index take over a CSC ``counts`` (and change it) instead
        of copying it: a large build then holds one copy of the counts, not two.

        The average idf (for BM25Okapi's floor) runs over the columns that occur
        in some document, summed in column order. Terms whose column is empty,
        or that are missing from ``vocabulary``, score 0 like unknown terms.
        """
        n_terms = counts.shape[1]
        if any(not 0 <= i < n_terms for i in vocabulary.values()):
            raise ValueError("vocabulary has term ids outside the columns of counts")
        okapi, postings = weighted_postings(
            counts, doc_lengths, k1=k1, b=b, epsilon=epsilon, report=reporter(progress), copy=copy
        )
        return cls(okapi, dict(vocabulary), postings)

    def idf(self, term: str) -> float:
        """BM25Okapi's idf of a term after the epsilon floor; 0.0 for unknown terms."""
        i = self.vocabulary.get(term)
        return 0.0 if i is None else float(self.postings.idf[i])

    def doc_freq(self, term: str) -> int:
        """Number of documents containing the term."""
        i = self.vocabulary.get(term)
        return 0 if i is None else int(self.postings.df[i])

    def term_ids(self, query: Iterable[str]) -> list[int]:
        """Ids of the known query tokens with postings, in query order, repeats kept."""
        get, df = self.vocabulary.get, self.postings.df
        return [i for i in map(get, query) if i is not None and df[i]]

    def posting_lists(self) -> tuple[np.ndarray, np.ndarray]:
        """(indptr, postings): term t's documents are postings[indptr[t]:indptr[t + 1]],
        ascending."""
        return self.postings.indptr, self.postings.postings

    def dense_scores(self, query: Sequence[str]) -> np.ndarray:
        """Scores of all documents, as BM25Okapi.get_scores returns them."""
        return self.postings.add_up(self.term_ids(query))

    def scores(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(document ids ascending, scores) of the documents holding some query term."""
        return search.matching(self.postings, self.term_ids(query), self.budget)

    def top_k(self, query: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best (document ids, scores), best first, ties to the lower id.

        Only documents holding some query term are ranked, so fewer than k may come back.
        """
        return search.best(self.postings, self.term_ids(query), k, self.budget)

    def scores_of(self, query: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """Exact scores of the given documents (ids ascending), 0 where no term matches."""
        docs = np.asarray(docs, dtype=np.int32)
        total = np.zeros(len(docs))
        rows: dict[int, np.ndarray] = {}
        for t in self.term_ids(query):
            row = rows.get(t)
            if row is None:
                row = rows[t] = self.postings.lookup(docs, t)
            total += row
        return total
