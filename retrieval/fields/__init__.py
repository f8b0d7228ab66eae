"""The first stage: BM25 over four fields of every sentence (its words, its neighbourhood,
its article's title, its whole article), and the candidates it proposes."""
