"""The whole-article field: all of an article's sentences as one document.

An index over whole articles would repeat every term of every article in its
postings (145 MB at a million sentences) just to score the few articles a
question's candidates come from. It is a `SpanField` instead, whose document
frequencies are counted here from the sentence field's posting lists.
"""

from __future__ import annotations

import numpy as np

from retrieval.fields import span_field
from retrieval.fields.span_field import SpanField
from retrieval.index.postings import posting_chunks


def article_df(indptr: np.ndarray, postings: np.ndarray, article_of: np.ndarray) -> np.ndarray:
    """How many articles hold each term, from the sentence field's posting lists
    (term-major, sentence ids ascending within a term, so each term's articles are
    ascending too: a term's article is new where it differs from the one before)."""
    df = np.diff(indptr)
    result = np.zeros(len(df), dtype=np.int64)
    for t0, t1 in posting_chunks(indptr, span_field.CHUNK_POSTINGS):
        held = df[t0:t1] > 0
        if not held.any():
            continue
        articles = article_of[postings[indptr[t0] : indptr[t1]]]
        starts = indptr[t0:t1][held] - indptr[t0]
        new = np.ones(len(articles), dtype=np.int64)
        new[1:] = articles[1:] != articles[:-1]
        new[starts] = 1
        chunk = result[t0:t1]
        chunk[held] = np.add.reduceat(new, starts)
    return result


class ArticleField(SpanField):
    """BM25Okapi scores of whole articles (document j is article number j)."""

    def __init__(
        self,
        df: np.ndarray,
        article_of: np.ndarray,
        n_articles: int,
        term_ids: np.ndarray,
        term_starts: np.ndarray,
        *,
        k1: float,
        b: float,
    ) -> None:
        numbers = np.arange(n_articles)
        # An article none of whose sentences was kept is empty: last = first - 1.
        first = np.searchsorted(article_of, numbers, "left")
        last = np.searchsorted(article_of, numbers, "right") - 1
        super().__init__(df, first, last, term_ids, term_starts, k1=k1, b=b)
