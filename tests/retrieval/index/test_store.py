"""A saved BM25Index loads back the same, and nothing it cannot vouch for loads at all."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import numpy as np
import pytest
from zipf import zipf_corpus

from retrieval import array_store
from retrieval.array_store import load_arrays, save_arrays
from retrieval.index import store
from retrieval.index.bm25_index import BM25Index
from retrieval.index.store import load_index, save_index

QUERIES = [["w0", "w3"], ["w1", "w1", "w9"], ["w7", "nope"], ["naïve", "東京"], [""]]


@pytest.fixture
def index() -> BM25Index:
    docs = zipf_corpus(400, 70, seed=1)
    docs[5] += ["naïve", "東京", "a\nb", "", "\ud800"]  # odd tokens survive the round trip
    return BM25Index.build(docs, k1=1.3, b=0.7, epsilon=0.2)


def assert_same(a: BM25Index, b: BM25Index) -> None:
    assert a.vocabulary == b.vocabulary
    assert a.okapi == b.okapi
    for q in QUERIES:
        np.testing.assert_array_equal(a.dense_scores(q), b.dense_scores(q))
        np.testing.assert_array_equal(a.top_k(q, 5)[0], b.top_k(q, 5)[0])


def test_save_load_round_trip(index, tmp_path):
    path = tmp_path / "cache" / "sentences.index.npz"
    save_index(index, path, "corpus-v1")
    loaded = load_index(path, "corpus-v1")
    assert loaded is not None
    assert_same(loaded, index)
    assert loaded.idf("東京") == index.idf("東京") > 0
    assert loaded.doc_freq("\ud800") == 1
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_load_refuses_other_fingerprint_and_missing_files(index, tmp_path):
    path = tmp_path / "i.npz"
    save_index(index, path, "corpus-v1")
    assert load_index(path, "corpus-v2") is None
    assert load_index(tmp_path / "missing.npz", "corpus-v1") is None
    assert load_index(tmp_path, "corpus-v1") is None  # a directory


def test_load_refuses_truncated_files(index, tmp_path):
    path = tmp_path / "i.npz"
    save_index(index, path, "fp")
    data = path.read_bytes()
    for cut in (0, 10, len(data) // 3, len(data) // 2, len(data) - 100, len(data) - 1):
        path.write_bytes(data[:cut])
        assert load_index(path, "fp") is None, cut


def test_load_never_returns_corrupted_data(index, tmp_path):
    path = tmp_path / "i.npz"
    save_index(index, path, "fp")
    data = path.read_bytes()
    weights_at = data.find(index.postings.weights[:8].tobytes())
    assert weights_at > 0
    rng = random.Random(0)
    for at in [weights_at + 3, *rng.sample(range(len(data)), 40)]:
        broken = bytearray(data)
        broken[at] ^= 0x10
        path.write_bytes(bytes(broken))
        loaded = load_index(path, "fp")
        if at == weights_at + 3:
            assert loaded is None
        if loaded is not None:  # a flipped bit in zip padding changes nothing
            assert_same(loaded, index)


def rewrite(path: Path, change) -> None:
    """Re-save the archive's arrays after ``change(arrays)``: a well-formed zip, new content."""
    with np.load(path) as z:
        arrays = {name: z[name] for name in z.files}
    change(arrays)
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def test_load_checks_the_content_checksum(index, tmp_path):
    path = tmp_path / "i.npz"
    save_index(index, path, "fp")

    def tweak(arrays):
        arrays["weights"] = arrays["weights"].copy()
        arrays["weights"][0] *= 2

    rewrite(path, tweak)
    assert load_index(path, "fp") is None


def test_load_refuses_other_format_versions(index, tmp_path):
    path = tmp_path / "i.npz"
    save_index(index, path, "fp")
    arrays = load_arrays(path, "fp", store._DTYPES)
    meta = json.loads(arrays["meta"].tobytes())
    meta["version"] = store.FORMAT_VERSION + 1
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8)
    # A well-formed, checksummed file: only its version is another.
    save_arrays(path, "fp", arrays)
    assert load_index(path, "fp") is None
    rewrite(path, lambda arrays: arrays.pop("idf"))
    assert load_index(path, "fp") is None


def test_load_refuses_pickles_and_foreign_files(tmp_path):
    pickled = tmp_path / "p.npz"
    with open(pickled, "wb") as f:
        np.savez(f, meta=np.array([{"format": "x"}], dtype=object))
    assert load_index(pickled, "fp") is None
    npy = tmp_path / "a.npy"
    np.save(npy, np.arange(3))
    assert load_index(npy, "fp") is None
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip at all")
    assert load_index(junk, "fp") is None
    empty_zip = tmp_path / "empty.npz"
    with zipfile.ZipFile(empty_zip, "w"):
        pass
    assert load_index(empty_zip, "fp") is None


def test_failed_save_keeps_the_old_file(index, tmp_path, monkeypatch):
    path = tmp_path / "i.npz"
    save_index(index, path, "old")
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(array_store.np, "savez", explode)
    with pytest.raises(OSError, match="disk full"):
        save_index(index, path, "new")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["i.npz"]
    assert load_index(path, "old") is not None
