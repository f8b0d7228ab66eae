"""The whole-article field gives what a BM25 index over whole articles would."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from random_corpora import random_corpus

from retrieval import span_field
from retrieval.article_field import ArticleField, article_df
from retrieval.bm25_index import BM25Index, counts_of, term_sequences


def _membership(article_of: np.ndarray, n_articles: int) -> sp.csr_matrix:
    """The reference: a matrix adding up the rows of each article's sentences."""
    n = len(article_of)
    ones = np.ones(n, dtype=np.int32)
    return sp.csr_matrix((ones, (article_of, np.arange(n))), shape=(n_articles, n))


@pytest.mark.parametrize("seed", range(60))
def test_scores_equal_an_index_over_whole_articles(seed):
    docs, article_of = random_corpus(seed)
    # Articles with no sentence kept (every one a repeat) are documents too: some at
    # the end, and the gaps random_corpus leaves.
    n_articles = int(article_of.max()) + 1 + seed % 3
    ids, starts, vocabulary = term_sequences(docs)
    counts = counts_of(ids, starts, len(vocabulary))
    whole = _membership(article_of, n_articles)
    reference = BM25Index.from_counts(
        (whole @ counts).tocsc(), vocabulary, whole @ np.diff(starts), k1=0.9, b=0.4
    )
    sentences = BM25Index.from_counts(counts, vocabulary, np.diff(starts), k1=0.9, b=0.4)
    df = article_df(*sentences.posting_lists(), article_of)
    assert df.tolist() == reference._df.tolist()
    field = ArticleField(df, article_of, n_articles, ids, starts, k1=0.9, b=0.4)
    rng = np.random.default_rng(seed)
    everyone = np.arange(n_articles)
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
    whole = article_df(*sentences.posting_lists(), article_of)
    monkeypatch.setattr(span_field, "CHUNK_POSTINGS", 3)
    assert article_df(*sentences.posting_lists(), article_of).tolist() == whole.tolist()
