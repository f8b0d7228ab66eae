"""The reranker's fit: a list counted n times weighs as n copies of it."""

from __future__ import annotations

import numpy as np

from retrieval.evaluation.training import fit
from retrieval.rank.reranker import FEATURES


def test_a_count_weighs_a_list_as_that_many_copies():
    rng = np.random.default_rng(0)
    lists = [rng.normal(size=(5, len(FEATURES))) for _ in range(4)]
    golds = [0, 1, 2, 3]
    counted = fit(lists, golds, [1, 1, 1, 3])
    copied = fit([*lists, lists[3], lists[3]], [*golds, 3, 3])
    assert np.allclose(counted, copied)
    assert not np.allclose(counted, fit(lists, golds))
