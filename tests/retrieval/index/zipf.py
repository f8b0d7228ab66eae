"""Synthetic corpora whose word frequencies follow Zipf's law, as news text's roughly do."""

from __future__ import annotations

import random


def zipf_corpus(n_docs: int, n_words: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(n_words)]
    weights = [1 / (i + 1) ** 1.1 for i in range(n_words)]
    return [rng.choices(words, weights, k=rng.randint(3, 25)) for _ in range(n_docs)]
