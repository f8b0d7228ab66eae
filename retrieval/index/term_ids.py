"""Tokenized documents as term ids: each document's ids in order, and the count matrix.

Term ids follow first occurrence in the corpus, the order in which rank-bm25's
BM25Okapi meets the terms, so an index built from them reproduces its average idf.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain, islice

import numpy as np
import scipy.sparse as sp

from retrieval.index.progress import ProgressCallback, reporter

_CHUNK_DOCS = 65_536  # documents per step while mapping tokens to ids (progress granularity)


def term_sequences(
    docs: Iterable[Sequence[str]],
    *,
    progress: bool | ProgressCallback = False,
    total: int | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Every document's tokens as term ids, in order: (ids, indptr, vocabulary).

    Document d's ids are ``ids[indptr[d]:indptr[d + 1]]``. `docs` is read once, a
    chunk at a time, so it may be a generator: a million token lists need never
    exist at once. `total` (the number of documents) only drives progress.
    """
    report = reporter(progress)
    # A defaultdict whose factory is its own __len__ hands each new token the next
    # id, so the whole mapping runs in C: no Python object per token.
    ids_of: defaultdict[str, int] = defaultdict()
    ids_of.default_factory = ids_of.__len__
    id_chunks: list[np.ndarray] = [np.empty(0, dtype=np.int32)]
    length_chunks: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    done = 0
    source = iter(docs)
    while chunk := list(islice(source, _CHUNK_DOCS)):
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        id_chunks.append(
            np.fromiter(
                map(ids_of.__getitem__, chain.from_iterable(chunk)),
                dtype=np.int32,
                count=int(lengths.sum()),
            )
        )
        length_chunks.append(lengths)
        done += len(chunk)
        if total and done < total:
            report("tokens", done / total)
    report("tokens", 1.0)
    lengths = np.concatenate(length_chunks)
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    # A plain dict: looking up an unknown term must not add it.
    return np.concatenate(id_chunks), indptr, dict(ids_of)


def counts_of(ids: np.ndarray, indptr: np.ndarray, n_terms: int) -> sp.csr_matrix:
    """The count matrix (documents x terms) of term-id sequences."""
    ones = np.ones(len(ids), dtype=np.int32)
    # Copies: scipy keeps the arrays it is given, and sum_duplicates rewrites them in place.
    shape = (len(indptr) - 1, n_terms)
    counts = sp.csr_matrix((ones, ids.copy(), indptr.copy()), shape=shape)
    counts.sum_duplicates()
    return counts


def term_counts(
    docs: Sequence[Sequence[str]], *, progress: bool | ProgressCallback = False
) -> tuple[sp.csr_matrix, dict[str, int], np.ndarray]:
    """Count matrix (documents x terms), vocabulary and document lengths of tokenized docs.

    ``BM25Index.from_counts`` on these reproduces BM25Okapi's average idf. Callers
    that need a second field (say a sentence plus its neighbours) can sum rows of
    this matrix instead of tokenizing again.
    """
    report = reporter(progress)
    ids, indptr, vocabulary = term_sequences(docs, progress=report, total=len(docs))
    counts = counts_of(ids, indptr, len(vocabulary))
    report("counts", 1.0)
    return counts, vocabulary, np.diff(indptr)
