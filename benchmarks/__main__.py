"""``python -m benchmarks [--sizes 10000,100000] [--quick]``: one markdown table of index figures.

Each corpus size is measured in a fresh ``python -m benchmarks.index_bench``
process, so that one size's memory high-water mark does not leak into the next.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.index_bench import EXTRA_SEARCHERS, TOP_K

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_MAX = 100_000  # rank-bm25 above this takes too long; the ratio is taken here


def run_size(n_docs: int, *, queries: int, reference_queries: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.index_bench",
        "--size",
        str(n_docs),
        "--queries",
        str(queries),
        "--reference-queries",
        str(reference_queries),
    ]
    if n_docs > REFERENCE_MAX:
        cmd.append("--no-reference")
    # stderr passes through: the build's progress bar shows when it is a terminal.
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed_up(reference_ms: float, *ms: float) -> str:
    return " / ".join(f"{reference_ms / m:,.0f}x" for m in ms)


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = [
        "sentences",
        "postings",
        "build s",
        "peak RSS MB (tokens alone)",
        "save s",
        "load s",
        "file MB",
        f"top_k({TOP_K}) p50 ms",
        f"top_k({TOP_K}) p99 ms",
        "scores() p50 ms",
        "rank-bm25 get_scores mean ms",
        "speed-up vs top_k / scores()",
        "max rel. diff",
    ]
    for name in EXTRA_SEARCHERS:
        head += [f"{name} build s", f"{name} p50 ms", f"{name} p99 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ref = r.get("rank_bm25")
        cells = [
            f"{r['n_docs']:,}",
            f"{r['postings']:,}",
            f"{r['build_s']:.1f}",
            f"{r['peak_rss_mb']:,.0f} ({r['tokens_rss_mb']:,.0f})",
            f"{r['save_s']:.2f}",
            f"{r['load_s']:.2f}",
            f"{r['file_mb']:,.0f}",
            f"{r['top_k']['p50']:.2f}",
            f"{r['top_k']['p99']:.2f}",
            f"{r['scores']['p50']:.2f}",
            f"{ref['mean']:,.1f}" if ref else "—",
            speed_up(ref["mean"], r["top_k"]["mean"], r["scores"]["mean"]) if ref else "—",
            f"{r['max_rel_diff']:.1e}" if ref else "—",
        ]
        for name in EXTRA_SEARCHERS:
            extra = r[name]
            cells += [f"{extra['build_s']:.1f}", f"{extra['p50']:.2f}", f"{extra['p99']:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


NOTES = """\
Synthetic corpus: Poisson(19)+1 tokens a sentence (~20) drawn from a Zipf law (exponent 1.1,
200,000 terms, seeded); {queries} questions of 5-8 tokens drawn from the same law, so
most hold very frequent terms. Build = tokens to index (BM25Index.build). Peak RSS is the
process's getrusage high-water mark after the build, corpus included; in parentheses, the
corpus alone. save/load = save_index / load_index (with the SHA-256 check) of the .npz file.
rank-bm25 = BM25Okapi.get_scores over the first {reference} questions, skipped above
{reference_max:,} sentences; speed-up = its mean over BM25Index's mean; max rel. diff =
largest |dense_scores - get_scores| / |get_scores| on those questions."""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", help="comma-separated sentence counts (default 10k,100k,1M)")
    parser.add_argument("--quick", action="store_true", help="10k sentences, fewer queries")
    args = parser.parse_args(argv)
    default = "10000" if args.quick else "10000,100000,1000000"
    sizes = [int(s.replace("_", "")) for s in (args.sizes or default).split(",") if s.strip()]
    queries, reference = (50, 5) if args.quick else (200, 20)

    rows = [run_size(n, queries=queries, reference_queries=reference) for n in sizes]
    print(table(rows))
    print()
    print(NOTES.format(queries=queries, reference=reference, reference_max=REFERENCE_MAX))

    try:
        from benchmarks import bot_load
    except ModuleNotFoundError as e:
        if e.name != "benchmarks.bot_load":
            raise
    else:
        print()
        # Its own defaults (a million sentences for a minute), not our command line.
        status = bot_load.main(["--sentences", "100000", "--seconds", "10"] if args.quick else [])
        if status:
            raise SystemExit(status)


if __name__ == "__main__":
    main()
