"""Small random corpora for the fields that are checked against a BM25 index."""

from __future__ import annotations

import numpy as np


def random_corpus(seed: int) -> tuple[list[list[str]], np.ndarray]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    vocabulary = [f"t{i}" for i in range(int(rng.integers(1, 12)))]
    docs = [list(rng.choice(vocabulary, size=int(rng.integers(0, 8)))) for _ in range(n)]
    article_of = np.sort(rng.integers(0, max(1, n // 3), size=n))
    return docs, article_of
