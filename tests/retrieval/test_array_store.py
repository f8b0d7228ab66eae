"""Arrays stored with a key and a checksum come back whole or not at all."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.array_store import load_arrays, save_arrays, stored_key

ARRAYS = {"ids": np.arange(5, dtype=np.int64), "spans": np.ones((2, 3)), "none": np.empty(0)}


def test_arrays_come_back_as_stored(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "a.npz"
    save_arrays(path, "made-from-x", ARRAYS)
    loaded = load_arrays(path, "made-from-x", ARRAYS.keys())
    assert loaded is not None
    assert {name: a.tolist() for name, a in loaded.items()} == {
        name: a.tolist() for name, a in ARRAYS.items()
    }
    assert stored_key(path) == "made-from-x"
    assert [p.name for p in path.parent.iterdir()] == ["a.npz"]  # no temporary file left


def test_another_key_or_other_arrays_give_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.npz"
    save_arrays(path, "k", ARRAYS)
    assert load_arrays(path, "other", ARRAYS.keys()) is None
    assert load_arrays(path, "k", ["ids", "spans"]) is None
    assert load_arrays(path, "k", [*ARRAYS, "more"]) is None
    assert load_arrays(tmp_path / "missing.npz", "k", ARRAYS.keys()) is None
    assert stored_key(tmp_path / "missing.npz") is None


def test_changed_content_fails_the_checksum(tmp_path: Path) -> None:
    path = tmp_path / "a.npz"
    save_arrays(path, "k", ARRAYS)
    with np.load(path) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["ids"] = arrays["ids"][::-1].copy()
    np.savez(path, **arrays)
    assert load_arrays(path, "k", ARRAYS.keys()) is None
    # Same bytes, another shape: the checksum covers the layout as well.
    arrays["ids"], arrays["spans"] = ARRAYS["ids"], ARRAYS["spans"].reshape(3, 2)
    np.savez(path, **arrays)
    assert load_arrays(path, "k", ARRAYS.keys()) is None


def test_the_store_keeps_its_own_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="own names"):
        save_arrays(tmp_path / "a.npz", "k", {"key": np.arange(2)})
