"""``python -m benchmarks.engine_bench [--sizes 10000,100000]``: the whole engine, end to end.

Writes a synthetic corpus (Zipf vocabulary, ~20 tokens a sentence, 20 sentences an
article, plus the real seed articles) to a temporary folder, then measures
``Engine.from_path`` (load, split, tokenize, index, save the cache), the reload from
the cache in a new process (a restart), peak memory, and ``Engine.ask`` (both stages,
reranking included) on 5–8-token questions. Each size runs in a fresh process so peaks
do not mix.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.index_bench import make_corpus, zipf_probabilities
from retrieval import Engine

ROOT = Path(__file__).resolve().parent.parent
SENTENCES_PER_ARTICLE = 20
QUESTIONS = 300


def write_corpus(folder: Path, n_sentences: int) -> None:
    """`n_sentences` synthetic sentences in articles of SENTENCES_PER_ARTICLE, and the seeds."""
    docs = make_corpus(n_sentences)
    for number, start in enumerate(range(0, len(docs), SENTENCES_PER_ARTICLE)):
        lines = (
            " ".join(d).capitalize() + "." for d in docs[start : start + SENTENCES_PER_ARTICLE]
        )
        (folder / f"a{number:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for seed in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(seed, folder / seed.name)


def synthetic_questions(count: int) -> list[str]:
    """`count` questions of 5-8 words drawn as the synthetic corpus's words are."""
    rng = np.random.default_rng(1)
    p = zipf_probabilities()
    return [
        " ".join(f"w{i}" for i in rng.choice(len(p), size=rng.integers(5, 9), p=p)) + "?"
        for _ in range(count)
    ]


def _restart_seconds(folder: Path) -> float:
    """How long a new process takes to load the engine from the cache: a restart."""
    timing = (
        "import sys, time; from retrieval import Engine; t = time.perf_counter(); "
        "Engine.from_path(sys.argv[1]); print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", timing, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure(n_sentences: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(folder, n_sentences)
        started = time.perf_counter()
        engine = Engine.from_path(folder)
        build = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # Large corpora are split and tokenized in worker processes: the largest of them.
        worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        sentences = len(engine.sentences)
        del engine
        reload = _restart_seconds(folder)
        engine = Engine.from_path(folder)
        questions = synthetic_questions(QUESTIONS)
        for question in questions[:20]:
            engine.ask(question)
        times = []
        for question in questions:
            started = time.perf_counter()
            engine.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        for question in ("Where was Durov arrested?", "Who is Telegram's CEO?"):
            engine.ask(question)
    return {
        "sentences": sentences,
        "build_s": build,
        "peak_mb": peak_mb,
        "worker_mb": worker_mb,
        "reload_s": reload,
        "p50_ms": float(np.percentile(times, 50)),
        "p99_ms": float(np.percentile(times, 99)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engine_bench")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    print(
        "| sentences | build s | peak RSS MB | largest worker MB | reload s "
        "| ask p50 ms | ask p99 ms |"
    )
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.engine_bench", "--one", str(size)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"| {row['sentences']:,} | {row['build_s']:.1f} | {row['peak_mb']:.0f} | "
            f"{row['worker_mb']:.0f} | {row['reload_s']:.2f} | {row['p50_ms']:.2f} | "
            f"{row['p99_ms']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
