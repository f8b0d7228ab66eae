"""BM25Index gives rank-bm25's BM25Okapi numbers and ranks them right, on every search path."""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Iterator

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi
from zipf import zipf_corpus

from retrieval.index.bm25_index import BM25Index
from retrieval.index.search import Budget, rarest_first
from retrieval.index.term_ids import term_counts

WORDS = ["a", "b", "c", "d", "e", "f", "g", "h"]

# A small vocabulary puts many terms in more than half the documents (negative idf).
docs_strategy = st.lists(
    st.lists(st.sampled_from(WORDS), max_size=8), min_size=1, max_size=25
).filter(lambda docs: any(docs))  # BM25Okapi divides by the vocabulary size
query_strategy = st.lists(st.sampled_from([*WORDS, "zz", "unknown"]), max_size=8)
# b < 1: with b = 1 an empty document gives BM25Okapi 0/0 = nan.
params_strategy = st.fixed_dictionaries(
    {
        "k1": st.sampled_from([0.5, 0.9, 1.2, 1.5, 2.0]),
        "b": st.sampled_from([0.0, 0.4, 0.75, 0.9]),
        "epsilon": st.sampled_from([0.0, 0.25, 1.0]),
    }
)


def variants(index: BM25Index) -> Iterator[BM25Index]:
    """The index as each scoring path sees it: rarest-first or adding up, dense vectors or not."""
    for exhaustive, maxscore, dense in [
        (math.inf, math.inf, True),
        (0.0, 0.0, True),
        (math.inf, math.inf, False),
        (0.0, 0.0, False),
    ]:
        v = copy.copy(index)
        v.budget = Budget(exhaustive, maxscore)
        if not dense:
            v.postings = copy.copy(index.postings)
            v.postings.dense = {}
        yield v


def ranking(scores: np.ndarray, matched: np.ndarray, k: int) -> list[int]:
    """Brute force: matched documents by score descending, then id ascending."""
    return sorted(matched.tolist(), key=lambda i: (-scores[i], i))[:k]


def assert_matches_okapi(index: BM25Index, ref: BM25Okapi, docs, query) -> None:
    want = ref.get_scores(query)
    np.testing.assert_allclose(index.dense_scores(query), want, rtol=1e-9, atol=1e-12)
    known = set(query) & set(ref.idf)
    matched = np.array([i for i, d in enumerate(docs) if known & set(d)], dtype=np.int64)
    for v in variants(index):
        ids, scores = v.scores(query)
        assert ids.dtype == np.int64
        assert ids.tolist() == matched.tolist()
        np.testing.assert_allclose(scores, want[matched], rtol=1e-9, atol=1e-12)
        for k in (1, 3, len(docs) + 1):
            top, top_scores = v.top_k(query, k)
            assert top.tolist() == ranking(index.dense_scores(query), matched, k)
            np.testing.assert_allclose(top_scores, want[top], rtol=1e-9, atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(
    docs=docs_strategy,
    queries=st.lists(query_strategy, min_size=1, max_size=4),
    params=params_strategy,
)
def test_agrees_with_bm25okapi(docs, queries, params):
    ref = BM25Okapi(docs, **params)
    index = BM25Index.build(docs, **params)
    assert index.n_docs == len(docs)
    assert index.okapi.average_idf == ref.average_idf  # same terms, same order, same float sum
    for word in [*WORDS, "zz"]:
        assert index.idf(word) == pytest.approx(ref.idf.get(word, 0.0), rel=1e-12, abs=0)
        assert index.doc_freq(word) == sum(word in d for d in docs)
    for query in queries:
        assert_matches_okapi(index, ref, docs, query)


def test_frequent_terms_get_the_epsilon_floor():
    docs = [["common", "x"], ["common", "y"], ["common"], ["z", "w"]]
    ref = BM25Okapi(docs)
    index = BM25Index.build(docs)
    assert index.doc_freq("common") == 3
    assert math.log(4 - 3 + 0.5) - math.log(3 + 0.5) < 0
    assert index.idf("common") == pytest.approx(0.25 * ref.average_idf) == ref.idf["common"]
    assert_matches_okapi(index, ref, docs, ["common", "z"])


def test_repeated_query_token_counts_each_time():
    docs = [["cat", "sat"], ["dog", "sat"], ["cat", "cat", "ran"], ["eel"], ["emu"]]
    index = BM25Index.build(docs)
    once, twice = index.dense_scores(["cat"]), index.dense_scores(["cat", "cat"])
    assert once.any()
    np.testing.assert_allclose(twice, 2 * once)
    np.testing.assert_allclose(twice, BM25Okapi(docs).get_scores(["cat", "cat"]))


def test_unknown_terms_contribute_nothing():
    docs = [["cat", "sat"], ["dog", "sat"], ["eel"]]
    index = BM25Index.build(docs)
    assert index.idf("zebra") == 0.0
    assert index.doc_freq("zebra") == 0
    np.testing.assert_array_equal(index.dense_scores(["dog", "zebra"]), index.dense_scores(["dog"]))
    for v in variants(index):
        ids, scores = v.scores(["zebra", "yak"])
        assert ids.tolist() == []
        assert scores.tolist() == []
        assert v.top_k(["zebra"], 5)[0].tolist() == []
    assert index.dense_scores(["zebra"]).tolist() == [0.0, 0.0, 0.0]


def test_single_document_corpus_scores_like_okapi():
    # Every term is in all (one) documents: all idfs are negative, floored to
    # epsilon x a negative average, so the only match scores below 0.
    docs = [["only", "one", "one"]]
    ref = BM25Okapi(docs)
    index = BM25Index.build(docs)
    assert_matches_okapi(index, ref, docs, ["one", "only", "none"])
    ids, scores = index.top_k(["one"], 3)
    assert ids.tolist() == [0]
    assert scores[0] < 0


def test_empty_documents_never_match():
    docs = [[], ["a", "b"], [], ["b", "c", "c"], []]
    ref = BM25Okapi(docs)
    index = BM25Index.build(docs)
    assert_matches_okapi(index, ref, docs, ["a", "b", "c"])
    assert index.scores(["b"])[0].tolist() == [1, 3]


def test_corpora_without_terms():
    for docs in ([], [[], []]):
        index = BM25Index.build(docs)
        assert index.n_docs == len(docs)
        assert index.dense_scores(["a"]).tolist() == [0.0] * len(docs)
        assert index.scores(["a"])[0].tolist() == []
        assert index.top_k(["a"], 3)[0].tolist() == []


def test_top_k_best_first_ties_to_lower_id():
    docs = [["x", "y"], ["y", "x"], ["q"], ["x", "y"], ["x", "x", "y", "y"], ["x", "y"]]
    index = BM25Index.build(docs)
    full = index.dense_scores(["x", "y"])
    assert full[0] == full[1] == full[3] == full[5] != full[4]
    for v in variants(index):
        ids, scores = v.top_k(["x", "y"], 3)
        assert ids.tolist() == ranking(full, np.array([0, 1, 3, 4, 5]), 3)
        assert list(scores) == sorted(scores, reverse=True)
        assert ids.tolist()[1:] == [0, 1] or ids.tolist()[:2] == [0, 1]  # lowest tied ids
        assert v.top_k(["x"], 100)[0].tolist() == ranking(full, np.array([0, 1, 3, 4, 5]), 100)
        assert v.top_k(["x"], 0)[0].tolist() == []


def test_maxscore_stops_early_and_stays_exact():
    docs = zipf_corpus(3000, 400, seed=7)
    index = BM25Index.build(docs)
    ref = BM25Okapi(docs)
    assert index.okapi.average_idf == ref.average_idf  # 400 terms: summation order shows
    rng = random.Random(8)
    words = [f"w{i}" for i in range(400)]
    weights = [1 / (i + 1) ** 1.1 for i in range(400)]
    stopped_early = 0
    v = copy.copy(index)
    v.budget = Budget(maxscore=math.inf)
    for trial in range(60):
        query = rng.choices(words, weights, k=rng.randint(2, 8))
        full = index.dense_scores(query)
        if trial < 10:
            np.testing.assert_allclose(full, ref.get_scores(query), rtol=1e-9, atol=1e-12)
        matched = np.flatnonzero(full)
        for searcher in (index, v):
            ids, scores = searcher.top_k(query, 10)
            assert ids.tolist() == ranking(full, matched, 10)
            np.testing.assert_array_equal(scores, full[ids])
        docs_seen, _, done = rarest_first(v.postings, v.term_ids(query), 10, v.budget)
        stopped_early += done and len(docs_seen) < len(matched)
    assert stopped_early > 10  # the pruning really happens, and the answers above held


def test_from_counts_equals_build():
    docs = zipf_corpus(300, 60, seed=3)
    built = BM25Index.build(docs, k1=1.2, b=0.6, epsilon=0.3)
    counts, vocabulary, lengths = term_counts(docs)
    assert counts.shape == (300, len(vocabulary))
    assert counts.sum() == lengths.sum() == sum(map(len, docs))
    assert list(vocabulary) == list(dict.fromkeys(t for d in docs for t in d))
    again = BM25Index.from_counts(counts, vocabulary, lengths, k1=1.2, b=0.6, epsilon=0.3)
    assert again.vocabulary == built.vocabulary
    for name in ("indptr", "postings", "weights", "idf"):
        np.testing.assert_array_equal(getattr(again.postings, name), getattr(built.postings, name))
    assert again.okapi == built.okapi


def test_from_counts_second_field_from_summed_rows():
    # A sentence plus its neighbours, by summing count-matrix rows, scores like
    # the concatenated token lists.
    docs = zipf_corpus(200, 50, seed=5)
    counts, vocabulary, lengths = term_counts(docs)
    n = len(docs)
    near = sp.diags([1, 1, 1], [-1, 0, 1], shape=(n, n), format="csr", dtype=np.int64)
    wide = BM25Index.from_counts(near @ counts, vocabulary, near @ lengths)
    joined = [[t for d in docs[max(0, i - 1) : i + 2] for t in d] for i in range(n)]
    ref = BM25Okapi(joined)
    for query in (["w0", "w3", "w17"], ["w1", "w1", "w40"]):
        np.testing.assert_allclose(wide.dense_scores(query), ref.get_scores(query), rtol=1e-9)


def test_from_counts_column_order_sets_average_idf_order_only():
    docs = zipf_corpus(200, 80, seed=11)
    counts, vocabulary, lengths = term_counts(docs)
    perm = np.random.default_rng(0).permutation(len(vocabulary))
    shuffled = BM25Index.from_counts(
        counts[:, perm],
        {t: int(np.flatnonzero(perm == i)[0]) for t, i in vocabulary.items()},
        lengths,
    )
    built = BM25Index.build(docs)
    for query in (["w0", "w5"], ["w2", "w30", "w2"]):
        np.testing.assert_allclose(
            shuffled.dense_scores(query), built.dense_scores(query), rtol=1e-12
        )


def test_from_counts_rejects_bad_input():
    counts, vocabulary, lengths = term_counts([["a", "b"], ["b"]])
    with pytest.raises(ValueError, match="doc_lengths"):
        BM25Index.from_counts(counts, vocabulary, lengths[:1])
    with pytest.raises(ValueError, match="doc_lengths"):
        BM25Index.from_counts(counts, vocabulary, lengths.astype(float))
    with pytest.raises(ValueError, match="vocabulary"):
        BM25Index.from_counts(counts, {**vocabulary, "c": 5}, lengths)
    with pytest.raises(ValueError, match="k1"):
        BM25Index.from_counts(counts, vocabulary, lengths, k1=-1)
    with pytest.raises(ValueError, match="negative"):
        BM25Index.from_counts(-counts, vocabulary, lengths)
    # A column the vocabulary does not name still counts for the average idf but
    # cannot be queried.
    partial = BM25Index.from_counts(counts, {"b": vocabulary["b"]}, lengths)
    assert partial.idf("a") == 0.0
    assert partial.doc_freq("b") == 2


def test_scores_of_given_documents_equal_the_dense_scores() -> None:
    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(12)]
    docs = [[rng.choice(vocabulary) for _ in range(rng.randint(0, 9))] for _ in range(80)]
    index = BM25Index.build(docs)
    query = ["t1", "t3", "t3", "t11", "unknown"]
    chosen = np.array(sorted(rng.sample(range(80), 25)))
    assert np.allclose(
        index.scores_of(query, chosen), index.dense_scores(query)[chosen], rtol=1e-12
    )
