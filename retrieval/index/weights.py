"""Each term's BM25Okapi weight in each document that holds it, worked out once at build time.

The weight is ``idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))``, with
the same float64 operations in the same order as rank-bm25's ``get_scores``, and the
average idf summed in the order rank-bm25 meets the terms (first occurrence in the
corpus, which is how `term_ids` numbers them): the numbers are BM25Okapi's, bit for
bit in practice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from retrieval.index.postings import Postings, posting_chunks
from retrieval.index.progress import ProgressCallback

_CHUNK_POSTINGS = 1 << 22  # postings per step while computing weights (bounds temporaries)


@dataclass(frozen=True)
class Okapi:
    """BM25Okapi's parameters, and the statistics of the documents its weights were made for."""

    k1: float
    b: float
    epsilon: float
    n_docs: int
    avgdl: float
    average_idf: float


def okapi_idf(df: np.ndarray, n_docs: int, epsilon: float) -> tuple[np.ndarray, float]:
    """BM25Okapi's idf of each term (0 for terms in no document) and its average idf.

    idf = ln(N - n + 0.5) - ln(n + 0.5) with math.log, averaged over the terms in
    the order met, then every negative idf replaced by epsilon * average. Few
    distinct n values, so math.log on those alone.
    """
    idf = np.zeros(len(df))
    present = df > 0
    if not present.any():
        return idf, 0.0
    distinct, where = np.unique(df[present], return_inverse=True)
    raw = np.array([math.log(n_docs - n + 0.5) - math.log(n + 0.5) for n in distinct.tolist()])[
        where
    ]
    # cumsum adds one after another, exactly like rank-bm25's loop (sum() would not)
    average_idf = float(np.cumsum(raw)[-1]) / len(raw)
    raw[raw < 0] = epsilon * average_idf
    idf[present] = raw
    return idf, average_idf


def weighted_postings(
    counts: sp.csr_matrix | sp.spmatrix | sp.sparray,
    doc_lengths: np.ndarray | Sequence[int],
    *,
    k1: float,
    b: float,
    epsilon: float,
    report: ProgressCallback,
    copy: bool,
) -> tuple[Okapi, Postings]:
    """The posting lists of a count matrix (documents x term ids) with BM25Okapi's weights.

    ``copy=False`` takes over a CSC ``counts`` (and changes it) instead of copying it.
    The average idf runs over the columns that occur in some document, in column order.
    """
    if not k1 >= 0 or not 0 <= b <= 1:
        raise ValueError(f"need k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
    n_docs = counts.shape[0]
    lengths = np.asarray(doc_lengths).ravel()
    if lengths.shape != (n_docs,) or (n_docs and not np.issubdtype(lengths.dtype, np.integer)):
        raise ValueError("doc_lengths needs one integer length per row of counts")
    if n_docs >= 2**31:
        raise ValueError("document ids are stored as int32: at most 2**31 - 1 documents")
    # Counts stay integers (when they are): a float64 copy of every count would
    # double the peak memory of a large build. Each chunk converts its own.
    csc = sp.csc_matrix(counts, copy=copy)
    csc.eliminate_zeros()
    csc.sum_duplicates()  # also sorts each column's document ids
    if csc.nnz and csc.data.min() < 0:
        raise ValueError("counts must not be negative")
    indptr = csc.indptr.astype(np.int64)
    postings = csc.indices.astype(np.int32, copy=False)
    tf = csc.data
    del csc
    df = np.diff(indptr)

    idf, average_idf = okapi_idf(df, n_docs, epsilon)

    total_length = int(lengths.sum())  # exact, like rank-bm25's running int sum
    avgdl = total_length / n_docs if n_docs else 0.0
    weights = np.empty(len(tf))
    if len(tf):
        # The same float64 operations in the same order as get_scores:
        # idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)))
        norm = k1 * (1 - b + b * lengths / avgdl)
        for c0, c1 in posting_chunks(indptr, _CHUNK_POSTINGS):
            p0, p1 = indptr[c0], indptr[c1]
            t = tf[p0:p1].astype(np.float64)
            w = t * (k1 + 1)
            w /= t + norm[postings[p0:p1]]
            w *= np.repeat(idf[c0:c1], df[c0:c1])
            weights[p0:p1] = w
            report("weights", p1 / len(tf))
    report("weights", 1.0)
    okapi = Okapi(float(k1), float(b), float(epsilon), int(n_docs), float(avgdl), average_idf)
    return okapi, Postings(n_docs, indptr, postings, weights, idf)
