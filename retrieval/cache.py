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
CACHE_VERSION = "engine-1"
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


def save_spans(path: Path, key: str, spans: np.ndarray) -> None:
    """Store the sentence spans (article, start, end rows) with the fingerprint, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    check = hashlib.sha256(key.encode() + spans.tobytes()).hexdigest()
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        np.savez(handle, spans=spans, key=np.array(key), check=np.array(check))
    os.replace(handle.name, path)


def load_spans(path: Path, key: str) -> np.ndarray | None:
    """The stored spans if they were made for `key` and are intact; None otherwise."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            spans = stored["spans"]
            if str(stored["key"]) != key or spans.ndim != 2 or spans.shape[1] != 3:
                return None
            check = hashlib.sha256(key.encode() + spans.tobytes()).hexdigest()
            return spans if str(stored["check"]) == check else None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.debug("index cache at %s not usable: %s", path, type(error).__name__)
        return None
