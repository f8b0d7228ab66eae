"""Measure ``BM25Index`` against rank-bm25 on a synthetic Zipf corpus, one size at a time.

Each size runs in its own process (``python -m benchmarks.index_bench --size N``,
printing one JSON line) so that peak-memory figures do not mix; ``benchmarks.__main__``
runs the sizes and prints the table.

To time another searcher on the same corpus and queries (the whole engine, say),
add a factory to ``EXTRA_SEARCHERS``: it gets the tokenized corpus and returns a
function taking a tokenized query. Its build time and query p50/p99 become
columns of the table.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.index.bm25_index import BM25Index
from retrieval.index.store import load_index, save_index

Docs = list[list[str]]
Query = list[str]
SearcherFactory = Callable[[Docs], Callable[[Query], Any]]

# name -> factory; e.g. {"engine": lambda docs: Engine.from_tokens(docs).search}
EXTRA_SEARCHERS: dict[str, SearcherFactory] = {}

VOCAB_SIZE = 200_000
ZIPF_EXPONENT = 1.1
MEAN_TOKENS = 20
TOP_K = 10


def zipf_probabilities(vocab_size: int = VOCAB_SIZE, exponent: float = ZIPF_EXPONENT) -> np.ndarray:
    p = np.arange(1, vocab_size + 1, dtype=np.float64) ** -exponent
    return p / p.sum()


def make_corpus(n_docs: int, *, seed: int = 0) -> Docs:
    """``n_docs`` sentences of ~20 tokens ("w0" most frequent) drawn from a Zipf law."""
    rng = np.random.default_rng(seed)
    p = zipf_probabilities()
    lengths = rng.poisson(MEAN_TOKENS - 1, n_docs) + 1
    ids = rng.choice(len(p), size=int(lengths.sum()), p=p)
    words = np.array([f"w{i}" for i in range(len(p))], dtype=object)
    ends = np.cumsum(lengths)
    docs: Docs = []
    step = 50_000  # convert in slices so the object array of all tokens never exists at once
    for start in range(0, n_docs, step):
        stop = min(start + step, n_docs)
        first = ends[start - 1] if start else 0
        tokens = words[ids[first : ends[stop - 1]]]
        docs += [a.tolist() for a in np.split(tokens, ends[start : stop - 1] - first)]
    return docs


def make_queries(n_queries: int, *, seed: int = 1) -> list[Query]:
    """Questions of 5-8 tokens drawn from the corpus's own Zipf law (frequent terms included)."""
    rng = np.random.default_rng(seed)
    p = zipf_probabilities()
    return [
        [f"w{i}" for i in rng.choice(len(p), size=int(rng.integers(5, 9)), p=p)]
        for _ in range(n_queries)
    ]


def time_queries(search: Callable[[Query], Any], queries: Sequence[Query]) -> dict[str, float]:
    """p50 / p99 / mean milliseconds of ``search`` over the queries (after a short warm-up)."""
    for q in queries[:3]:
        search(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        search(q)
        times.append(time.perf_counter() - t)
    ms = np.array(times) * 1000
    return {
        "p50": float(np.percentile(ms, 50)),
        "p99": float(np.percentile(ms, 99)),
        "mean": float(ms.mean()),
    }


def time_searcher(
    factory: SearcherFactory, docs: Docs, queries: Sequence[Query]
) -> dict[str, float]:
    """Build time and query times of any searcher: the hook for more table columns."""
    t = time.perf_counter()
    search = factory(docs)
    build = time.perf_counter() - t
    return {"build_s": build, **time_queries(search, queries)}


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark (getrusage; KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_size(
    n_docs: int, *, n_queries: int = 200, n_reference: int = 20, reference: bool = True
) -> dict[str, Any]:
    """Everything one table row needs, for one corpus size (run it in a fresh process)."""
    docs = make_corpus(n_docs)
    queries = make_queries(n_queries)
    row: dict[str, Any] = {"n_docs": n_docs, "tokens_rss_mb": peak_rss_mb()}

    t = time.perf_counter()
    index = BM25Index.build(docs, progress=True)
    row["build_s"] = time.perf_counter() - t
    row["peak_rss_mb"] = peak_rss_mb()
    row["postings"] = int(index.postings.indptr[-1])
    row["vocabulary"] = len(index.vocabulary)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.index.npz"
        t = time.perf_counter()
        save_index(index, path, "bench")
        row["save_s"] = time.perf_counter() - t
        row["file_mb"] = path.stat().st_size / 2**20
        del index
        gc.collect()
        t = time.perf_counter()
        loaded = load_index(path, "bench")
        row["load_s"] = time.perf_counter() - t
    if loaded is None:
        raise RuntimeError("the saved index did not load")
    index = loaded

    row["top_k"] = time_queries(lambda q: index.top_k(q, TOP_K), queries)
    row["scores"] = time_queries(index.scores, queries)
    for name, factory in EXTRA_SEARCHERS.items():
        row[name] = time_searcher(factory, docs, queries)

    if reference:
        from rank_bm25 import BM25Okapi

        ref_queries = queries[:n_reference]
        t = time.perf_counter()
        okapi = BM25Okapi(docs)
        row["rank_bm25_build_s"] = time.perf_counter() - t
        row["rank_bm25"] = time_queries(okapi.get_scores, ref_queries)
        worst = 0.0
        for q in ref_queries:
            want, got = okapi.get_scores(q), index.dense_scores(q)
            worst = max(worst, float(np.max(np.abs(got - want) / np.maximum(np.abs(want), 1e-300))))
        row["max_rel_diff"] = worst
    return row


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True, help="number of sentences")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reference-queries", type=int, default=20)
    parser.add_argument("--no-reference", action="store_true", help="skip rank-bm25")
    args = parser.parse_args(argv)
    row = measure_size(
        args.size,
        n_queries=args.queries,
        n_reference=args.reference_queries,
        reference=not args.no_reference,
    )
    print(json.dumps(row))


if __name__ == "__main__":
    main()
