"""The `.index` folder beside a corpus, where the engine keeps what it built so that a restart
does not build it again, and the fingerprint that says whether it is still the corpus's.

Everything stored is keyed by a fingerprint of the corpus files (names, sizes, modification
times) and of the code that built it; a changed corpus, another version, or a damaged file
is detected and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Collection
from pathlib import Path

from retrieval.corpus.article_files import is_article_name
from retrieval.text.base_forms import BASE_FORMS_FILE

# Bump when splitting, tokenizing or the index layout changes what is stored.
CACHE_VERSION = "engine-8"
# The stored terms also follow the irregular forms, which `base-forms` can remake.
_TERMS_DATA = hashlib.sha256(BASE_FORMS_FILE.read_bytes()).hexdigest()
CACHE_DIR_NAME = ".index"


def cache_dir(corpus: Path) -> Path:
    """Where the index of `corpus` (a folder, or one file) is kept."""
    return corpus / CACHE_DIR_NAME if corpus.is_dir() else corpus.parent / CACHE_DIR_NAME


def file_states(corpus: Path) -> dict[str, tuple[int, int]]:
    """Name, size and modification time (ns) of each article file under `corpus`, in the
    order the directory lists them: sorting 50,000 names holds the GIL for 40 ms, and in the
    corpus watcher's thread that stalls the bot's event loop as long."""
    if corpus.is_file():
        stat = corpus.stat()
        return {corpus.name: (stat.st_size, stat.st_mtime_ns)}
    if not corpus.is_dir():
        return {}
    states = {}
    # DirEntry rather than Path: tens of thousands of files are checked on every reload.
    with os.scandir(corpus) as entries:
        for entry in entries:
            if not (is_article_name(entry.name) and entry.is_file()):
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            states[entry.name] = (stat.st_size, stat.st_mtime_ns)
    return states


def fingerprint(corpus: Path, settings: str) -> str:
    """A digest of the corpus files' names, sizes and times, and of what built the index."""
    listing = "".join(
        f"{n}\0{size}\0{mtime}\n" for n, (size, mtime) in sorted(file_states(corpus).items())
    )
    built_by = f"{CACHE_VERSION}\n{_TERMS_DATA}\n{settings}"
    return hashlib.sha256(f"{built_by}\n{listing}".encode()).hexdigest()


def remove_stale(directory: Path, current: Collection[str]) -> None:
    """Delete the stored arrays in `directory` that are not among `current`: files an
    earlier version wrote and this one no longer reads (a whole-article index was 145 MB)."""
    for stored in directory.glob("*.npz"):
        if stored.name not in current:
            with contextlib.suppress(OSError):
                stored.unlink()
