"""The engine's index saved beside the corpus, so a restart does not rebuild it.

Everything cached is keyed by a fingerprint of the corpus files (names,
sizes, modification times) and of the code that built it; a changed corpus,
another version, or a damaged file is detected and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from retrieval.articles import article_files

log = logging.getLogger(__name__)

# Bump when splitting, tokenizing or the index layout changes what is stored.
CACHE_VERSION = "engine-2"
CACHE_DIR_NAME = ".index"


def cache_dir(corpus: Path) -> Path:
    """Where the index of `corpus` (a folder, or one file) is kept."""
    return corpus / CACHE_DIR_NAME if corpus.is_dir() else corpus.parent / CACHE_DIR_NAME


def fingerprint(corpus: Path, settings: str) -> str:
    """A digest of the corpus files' names, sizes and times, and of what built the index."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\n{settings}\n".encode())
    for file in article_files(corpus) if corpus.exists() else []:
        try:
            stat = file.stat()
        except OSError:
            continue
        digest.update(f"{file.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def save_arrays(path: Path, key: str, arrays: dict[str, np.ndarray]) -> None:
    """Store named arrays with the fingerprint and a checksum, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        np.savez(handle, **arrays, key=np.array(key), check=np.array(_checksum(key, arrays)))
    os.replace(handle.name, path)


def load_arrays(path: Path, key: str, names: tuple[str, ...]) -> dict[str, np.ndarray] | None:
    """The arrays stored at `path` if they were made for `key` and are intact; else None."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["key"]) != key:
                return None
            arrays = {name: stored[name] for name in names}
            return arrays if str(stored["check"]) == _checksum(key, arrays) else None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.debug("index cache at %s not usable: %s", path, type(error).__name__)
        return None


def save_spans(path: Path, key: str, spans: np.ndarray) -> None:
    """Store the sentence spans (article, start, end rows) with the fingerprint, atomically."""
    save_arrays(path, key, {"spans": spans})


def load_spans(path: Path, key: str) -> np.ndarray | None:
    """The stored spans if they were made for `key` and are intact; None otherwise."""
    arrays = load_arrays(path, key, ("spans",))
    if arrays is None:
        return None
    spans = arrays["spans"]
    return spans if spans.ndim == 2 and spans.shape[1] == 3 else None


def _checksum(key: str, arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256(key.encode())
    for name in sorted(arrays):
        digest.update(name.encode() + b"\0" + np.ascontiguousarray(arrays[name]).tobytes())
    return digest.hexdigest()
