"""The reranker's fit: a list counted n times weighs as n copies of it; the features fitted
last leave the others' weights as they would be without them."""

from __future__ import annotations

import numpy as np

from retrieval.evaluation.training import FITTED_LAST, fit, fit_in_two_rounds
from retrieval.rank.reranker import FEATURES


def test_a_count_weighs_a_list_as_that_many_copies():
    rng = np.random.default_rng(0)
    lists = [rng.normal(size=(5, len(FEATURES))) for _ in range(4)]
    golds = [0, 1, 2, 3]
    counted = fit(lists, golds, [1, 1, 1, 3])
    copied = fit([*lists, lists[3], lists[3]], [*golds, 3, 3])
    assert np.allclose(counted, copied)
    assert not np.allclose(counted, fit(lists, golds))


def test_features_fitted_last_leave_the_other_weights_alone():
    rng = np.random.default_rng(1)
    lists = [rng.normal(size=(5, len(FEATURES))) for _ in range(6)]
    golds = [0, 1, 2, 3, 4, 0]
    last = np.array([name in FITTED_LAST for name in FEATURES])
    without = fit([np.where(last, 0.0, rows) for rows in lists], golds)
    two_rounds = fit_in_two_rounds(lists, golds, [1] * len(lists))
    assert np.allclose(two_rounds[~last], without[~last])
    assert np.all(two_rounds[last] != 0)
    assert not np.allclose(two_rounds[~last], fit(lists, golds)[~last])
