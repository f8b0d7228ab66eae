"""The neighbourhood field gives what a BM25 index over the neighbourhoods would."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from random_corpora import random_corpus

from retrieval import span_field
from retrieval.bm25_index import BM25Index, counts_of, term_sequences
from retrieval.neighbourhood import NeighbourhoodField, neighbourhood_df


def _neighbourhood(article_of: np.ndarray) -> sp.csr_matrix:
    """The reference: a matrix adding each sentence's counts to its neighbours' in one article."""
    n = len(article_of)
    same_next = np.flatnonzero(article_of[1:] == article_of[:-1]) if n > 1 else np.array([], int)
    rows = np.concatenate([np.arange(n), same_next, same_next + 1])
    cols = np.concatenate([np.arange(n), same_next + 1, same_next])
    return sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, n))


@pytest.mark.parametrize("seed", range(60))
def test_scores_equal_an_index_over_the_neighbourhoods(seed):
    docs, article_of = random_corpus(seed)
    ids, starts, vocabulary = term_sequences(docs)
    counts = counts_of(ids, starts, len(vocabulary))
    around = _neighbourhood(article_of)
    reference = BM25Index.from_counts(
        (around @ counts).tocsr(), vocabulary, around @ np.diff(starts), k1=0.9, b=0.4
    )
    sentences = BM25Index.from_counts(counts, vocabulary, np.diff(starts), k1=0.9, b=0.4)
    df = neighbourhood_df(*sentences.posting_lists(), article_of)
    assert df.tolist() == reference._df.tolist()
    field = NeighbourhoodField(df, article_of, ids, starts, k1=0.9, b=0.4)
    rng = np.random.default_rng(seed)
    everyone = np.arange(len(docs))
    for _ in range(5):
        query = [f"t{i}" for i in rng.integers(0, 14, size=int(rng.integers(1, 6)))]
        numbers = [vocabulary[t] for t in query if t in vocabulary]
        expected = reference.scores_of(query, everyone)
        assert field.scores_of(numbers, everyone).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", range(20))
def test_counting_a_few_postings_at_a_time_changes_nothing(seed, monkeypatch):
    docs, article_of = random_corpus(seed)
    ids, starts, vocabulary = term_sequences(docs)
    counts = counts_of(ids, starts, len(vocabulary))
    sentences = BM25Index.from_counts(counts, vocabulary, np.diff(starts))
    whole = neighbourhood_df(*sentences.posting_lists(), article_of)
    monkeypatch.setattr(span_field, "CHUNK_POSTINGS", 3)
    assert neighbourhood_df(*sentences.posting_lists(), article_of).tolist() == whole.tolist()
