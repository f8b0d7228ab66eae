"""The neighbourhood and whole-article fields give what a BM25 index over their
documents would, bit for bit, though they keep no index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
import scipy.sparse as sp

from retrieval.fields import span_field
from retrieval.fields.article_field import ArticleField, article_df
from retrieval.fields.neighbourhood import NeighbourhoodField, neighbourhood_df
from retrieval.fields.span_field import SpanField
from retrieval.index.bm25_index import BM25Index
from retrieval.index.term_ids import counts_of, term_sequences

BM25 = {"k1": 0.9, "b": 0.4}


@dataclass
class RandomCorpus:
    """A few dozen sentences of a few terms, in articles of a few sentences."""

    article_of: np.ndarray
    ids: np.ndarray
    starts: np.ndarray
    vocabulary: dict[str, int]
    counts: sp.csc_matrix
    sentences: BM25Index

    @classmethod
    def make(cls, seed: int) -> RandomCorpus:
        rng = np.random.default_rng(seed)
        n = int(rng.integers(1, 60))
        words = [f"t{i}" for i in range(int(rng.integers(1, 12)))]
        docs = [list(rng.choice(words, size=int(rng.integers(0, 8)))) for _ in range(n)]
        article_of = np.sort(rng.integers(0, max(1, n // 3), size=n))
        ids, starts, vocabulary = term_sequences(docs)
        counts = counts_of(ids, starts, len(vocabulary))
        sentences = BM25Index.from_counts(counts, vocabulary, np.diff(starts), **BM25)
        return cls(article_of, ids, starts, vocabulary, counts, sentences)

    def index_over(self, documents: sp.csr_matrix) -> BM25Index:
        """The reference: a BM25 index over documents made of sentences (rows of `documents`)."""
        return BM25Index.from_counts(
            (documents @ self.counts).tocsc(),
            self.vocabulary,
            documents @ np.diff(self.starts),
            **BM25,
        )


def _neighbourhoods(article_of: np.ndarray) -> sp.csr_matrix:
    """Each sentence with its neighbours in the same article."""
    n = len(article_of)
    same_next = np.flatnonzero(article_of[1:] == article_of[:-1]) if n > 1 else np.array([], int)
    rows = np.concatenate([np.arange(n), same_next, same_next + 1])
    cols = np.concatenate([np.arange(n), same_next + 1, same_next])
    return sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n, n))


def _articles(article_of: np.ndarray, n_articles: int) -> sp.csr_matrix:
    """All of each article's sentences."""
    n = len(article_of)
    ones = np.ones(n, dtype=np.int32)
    return sp.csr_matrix((ones, (article_of, np.arange(n))), shape=(n_articles, n))


def assert_same_scores(field: SpanField, reference: BM25Index, corpus: RandomCorpus, seed: int):
    assert field.df.tolist() == reference.postings.df.tolist()
    rng = np.random.default_rng(seed)
    everyone = np.arange(reference.n_docs)
    for _ in range(5):
        # Terms the corpus lacks (t12, t13) and repeats included.
        query = [f"t{i}" for i in rng.integers(0, 14, size=int(rng.integers(1, 6)))]
        numbers = [corpus.vocabulary[t] for t in query if t in corpus.vocabulary]
        expected = reference.scores_of(query, everyone)
        assert field.scores_of(numbers, everyone).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", range(60))
def test_neighbourhood_scores_equal_an_index_over_the_neighbourhoods(seed):
    corpus = RandomCorpus.make(seed)
    df = neighbourhood_df(*corpus.sentences.posting_lists(), corpus.article_of)
    field = NeighbourhoodField(df, corpus.article_of, corpus.ids, corpus.starts, **BM25)
    assert_same_scores(field, corpus.index_over(_neighbourhoods(corpus.article_of)), corpus, seed)


@pytest.mark.parametrize("seed", range(60))
def test_article_scores_equal_an_index_over_whole_articles(seed):
    corpus = RandomCorpus.make(seed)
    # Articles with no sentence kept (every one a repeat) are documents too: some at
    # the end, and the gaps the random corpus leaves.
    n_articles = int(corpus.article_of.max()) + 1 + seed % 3
    df = article_df(*corpus.sentences.posting_lists(), corpus.article_of)
    field = ArticleField(df, corpus.article_of, n_articles, corpus.ids, corpus.starts, **BM25)
    reference = corpus.index_over(_articles(corpus.article_of, n_articles))
    assert_same_scores(field, reference, corpus, seed)


@pytest.mark.parametrize("count", [neighbourhood_df, article_df])
@pytest.mark.parametrize("seed", range(20))
def test_counting_a_few_postings_at_a_time_changes_nothing(
    seed: int, count: Callable[..., np.ndarray], monkeypatch: pytest.MonkeyPatch
):
    corpus = RandomCorpus.make(seed)
    whole = count(*corpus.sentences.posting_lists(), corpus.article_of)
    monkeypatch.setattr(span_field, "CHUNK_POSTINGS", 3)
    assert count(*corpus.sentences.posting_lists(), corpus.article_of).tolist() == whole.tolist()
