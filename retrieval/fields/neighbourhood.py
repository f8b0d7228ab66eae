"""The neighbourhood field: each sentence together with its neighbours in the same article.

A neighbourhood (sentences i - 1, i, i + 1 of one article) holds every term of
three sentences, so an index of its own would hold three times the sentence
field's postings: half a gigabyte at a million sentences. It is a `SpanField`
instead, whose document frequencies are counted here from the sentence field's
posting lists.
"""

from __future__ import annotations

import numpy as np

from retrieval.fields import span_field
from retrieval.fields.span_field import SpanField
from retrieval.index.postings import posting_chunks


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
    for t0, t1 in posting_chunks(indptr, span_field.CHUNK_POSTINGS):
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


class NeighbourhoodField(SpanField):
    """BM25Okapi scores of neighbourhoods (document i is sentence i's neighbourhood)."""

    def __init__(
        self,
        df: np.ndarray,
        article_of: np.ndarray,
        term_ids: np.ndarray,
        term_starts: np.ndarray,
        *,
        k1: float,
        b: float,
    ) -> None:
        has_before, has_after = neighbourhood_bounds(article_of)
        index = np.arange(len(article_of))
        super().__init__(
            df, index - has_before, index + has_after, term_ids, term_starts, k1=k1, b=b
        )
