"""A build reports its progress to a callback, or as a bar on a terminal and nowhere else."""

from __future__ import annotations

import io

from zipf import zipf_corpus

from retrieval.index import progress as index_progress
from retrieval.index.bm25_index import BM25Index


def test_progress_callback_reports_every_stage():
    seen: list[tuple[str, float]] = []
    BM25Index.build(zipf_corpus(100, 20, seed=2), progress=lambda s, f: seen.append((s, f)))
    assert [s for s, _ in seen if _ == 1.0] == ["tokens", "counts", "weights", "weights"]
    assert all(0 <= f <= 1 for _, f in seen)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch, capsys):
    docs = zipf_corpus(50, 20, seed=2)
    BM25Index.build(docs, progress=True)  # pytest's captured stderr is no terminal
    assert capsys.readouterr().err == ""
    terminal = FakeTerminal()
    monkeypatch.setattr(index_progress.sys, "stderr", terminal)
    BM25Index.build(docs, progress=True)
    BM25Index.build(docs, progress=False)
    out = terminal.getvalue()
    assert "weights" in out
    assert out.count("100%") == 3  # tokens, counts, weights: one build's worth
