"""The engine's index saved beside the corpus, so a restart does not rebuild it.

Everything cached is keyed by a fingerprint of the corpus files (names,
sizes, modification times) and of the code that built it; a changed corpus,
another version, or a damaged file is detected and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from array import array
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import numpy as np

from retrieval.articles import is_article_name
from retrieval.corpus import Corpus
from retrieval.models import Article, LoadError

log = logging.getLogger(__name__)

# Bump when splitting, tokenizing or the index layout changes what is stored.
CACHE_VERSION = "engine-4"
CACHE_DIR_NAME = ".index"


def cache_dir(corpus: Path) -> Path:
    """Where the index of `corpus` (a folder, or one file) is kept."""
    return corpus / CACHE_DIR_NAME if corpus.is_dir() else corpus.parent / CACHE_DIR_NAME


def file_states(corpus: Path) -> dict[str, tuple[int, int]]:
    """Name, size and modification time (ns) of each article file under `corpus`, by name."""
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
    return dict(sorted(states.items()))


def fingerprint(corpus: Path, settings: str) -> str:
    """A digest of the corpus files' names, sizes and times, and of what built the index."""
    listing = "".join(f"{n}\0{size}\0{mtime}\n" for n, (size, mtime) in file_states(corpus).items())
    return hashlib.sha256(f"{CACHE_VERSION}\n{settings}\n{listing}".encode()).hexdigest()


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


def save_corpus(path: Path, key: str, corpus: Corpus) -> None:
    """Store the articles (text and metadata), the skipped files and the sentence spans.

    A restart then reads one file instead of every article: tens of thousands of
    small reads cost seconds.
    """
    ends = np.cumsum([len(a.text) for a in corpus.articles], dtype=np.int64)
    described = {
        "articles": [_article_fields(a) for a in corpus.articles],
        "errors": [[e.path.name, e.reason] for e in corpus.errors],
    }
    arrays = {
        "spans": corpus.spans(),
        "text": _utf8(a.text for a in corpus.articles),
        "text_ends": ends.reshape(-1),
        "described": np.frombuffer(json.dumps(described).encode(), np.uint8),
    }
    save_arrays(path, key, arrays)


def _utf8(texts: Iterable[str]) -> np.ndarray:
    """The texts one after another in UTF-8, built a text at a time: joining them into
    one string first would hold the corpus twice over."""
    encoded = array("B")
    for text in texts:
        encoded.frombytes(text.encode("utf-8", "surrogatepass"))
    return np.frombuffer(encoded, dtype=np.uint8)


def load_corpus(path: Path, key: str, folder: Path) -> Corpus | None:
    """The corpus stored at `path` for `key`, its files named within `folder`; else None."""
    arrays = load_arrays(path, key, ("spans", "text", "text_ends", "described"))
    if arrays is None:
        return None
    try:
        text = arrays["text"].tobytes().decode("utf-8", "surrogatepass")
        described = json.loads(arrays["described"].tobytes())
        ends = arrays["text_ends"].tolist()
        starts = [0, *ends[:-1]]
        articles = [
            _article(fields, folder, text[start:end])
            for fields, start, end in zip(described["articles"], starts, ends, strict=True)
        ]
        errors = [LoadError(folder / name, reason) for name, reason in described["errors"]]
    except (ValueError, KeyError, TypeError) as error:
        log.debug("stored corpus at %s not usable: %s", path, type(error).__name__)
        return None
    spans = arrays["spans"]
    if spans.ndim != 2 or spans.shape[1] != 3 or not _spans_fit(spans, articles):
        return None
    return Corpus.from_spans(articles, spans, errors)


def _article_fields(article: Article) -> dict[str, str | None]:
    return {
        "key": article.key,
        "title": article.title,
        "file": article.path.name,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "added": article.added.isoformat() if article.added else None,
    }


def _article(fields: dict[str, str | None], folder: Path, text: str) -> Article:
    published, added = fields["published"], fields["added"]
    return Article(
        key=str(fields["key"]),
        title=str(fields["title"]),
        text=text,
        path=folder / str(fields["file"]),
        outlet=fields["outlet"],
        published=date.fromisoformat(published) if published else None,
        url=fields["url"],
        added=datetime.fromisoformat(added) if added else None,
    )


def _spans_fit(spans: np.ndarray, articles: list[Article]) -> bool:
    if spans.size == 0:
        return True
    numbers = spans[:, 0]
    if numbers.min() < 0 or numbers.max() >= len(articles):
        return False
    lengths = np.fromiter((len(a.text) for a in articles), dtype=np.int64, count=len(articles))
    return bool((spans[:, 1] >= 0).all() and (spans[:, 2] <= lengths[numbers]).all())


def _checksum(key: str, arrays: dict[str, np.ndarray]) -> str:
    digest = hashlib.sha256(key.encode())
    for name in sorted(arrays):
        digest.update(name.encode() + b"\0")
        # A view, not tobytes(): a copy of the corpus text would double its memory.
        digest.update(memoryview(np.ascontiguousarray(arrays[name])).cast("B"))
    return digest.hexdigest()
