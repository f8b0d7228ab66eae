"""A corpus stored in one file of the index folder: its articles' text and metadata, the
files it skipped and its sentences' spans, so a restart reads one file, not every article."""

from __future__ import annotations

import json
import logging
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import overload

import numpy as np

from retrieval.array_store import load_arrays, save_arrays
from retrieval.corpus.corpus import Corpus, Sentences
from retrieval.models import Article, LoadError

log = logging.getLogger(__name__)


def save_corpus(path: Path, key: str, corpus: Corpus) -> None:
    """Store the articles (text and metadata), the skipped files and the sentence spans.

    A restart then reads one file instead of every article: tens of thousands of
    small reads cost seconds.
    """
    described = {
        "articles": [_article_fields(a) for a in corpus.articles],
        "errors": [[e.path.name, e.reason] for e in corpus.errors],
    }
    encoded = _utf8(a.text for a in corpus.articles)
    arrays = {
        "spans": corpus.spans(),
        "text": encoded.data,
        "text_ends": np.cumsum(encoded.sizes, dtype=np.int64),
        "lengths": np.array([len(a.text) for a in corpus.articles], dtype=np.int64),
        "described": np.frombuffer(json.dumps(described).encode(), np.uint8),
    }
    save_arrays(path, key, arrays)


@dataclass(frozen=True)
class _Encoded:
    data: np.ndarray
    sizes: list[int]


def _utf8(texts: Iterable[str]) -> _Encoded:
    """The texts one after another in UTF-8, with each one's size in bytes, built a text
    at a time: joining them into one string first would hold the corpus twice over."""
    encoded, sizes = array("B"), []
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        encoded.frombytes(data)
        sizes.append(len(data))
    return _Encoded(np.frombuffer(encoded, dtype=np.uint8), sizes)


def load_corpus(path: Path, key: str, folder: Path) -> Corpus | None:
    """The corpus stored at `path` for `key`, its files named within `folder`; else None."""
    arrays = load_arrays(path, key, ("spans", "text", "text_ends", "lengths", "described"))
    if arrays is None:
        return None
    try:
        described = json.loads(arrays["described"].tobytes())
        errors = [LoadError(folder / name, reason) for name, reason in described["errors"]]
        articles = StoredArticles(
            folder, described["articles"], arrays["text"], arrays["text_ends"]
        )
    except (ValueError, KeyError, TypeError) as error:
        log.debug("stored corpus at %s not usable: %s", path, type(error).__name__)
        return None
    spans, lengths = arrays["spans"], arrays["lengths"]
    if len(lengths) != len(articles) or not _spans_fit(spans, lengths):
        return None
    keys = [str(fields["key"]) for fields in described["articles"]]
    return Corpus(articles, Sentences(articles.text_of, spans), tuple(errors), keys)


class StoredArticles(Sequence[Article]):
    """The articles of a stored corpus, each made the first time it is asked for.

    A restart need not make 50,000 `Article` objects and decode a hundred megabytes
    of text before the first question. Most articles are only ever read a sentence at
    a time, for which `text_of` decodes the text alone; the `Article`, with its path
    and dates, is made when it is cited.
    """

    def __init__(
        self, folder: Path, described: list[dict], text: np.ndarray, ends: np.ndarray
    ) -> None:
        if len(ends) != len(described) or (len(ends) and ends[-1] != len(text)):
            raise ValueError("article ends do not match the stored text")
        self._folder = folder
        self._described = described
        self._text = memoryview(text)
        self._ends = [0, *ends.tolist()]
        self._made: list[Article | None] = [None] * len(described)
        self._texts: list[str | None] = [None] * len(described)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        made = self._made[index]
        if made is None:
            # Two threads may both make it: the same article, so either may stay.
            number = index % len(self)
            text = self.text_of(number)
            made = self._made[number] = _article(self._described[number], self._folder, text)
        return made

    def text_of(self, number: int) -> str:
        """The text of article `number`, decoded once."""
        text = self._texts[number]
        if text is None:
            start, end = self._ends[number], self._ends[number + 1]
            text = self._texts[number] = str(self._text[start:end], "utf-8", "surrogatepass")
        return text


def _article_fields(article: Article) -> dict[str, str | None]:
    return {
        "key": article.key,
        "title": article.title,
        "file": article.path.name,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
    }


def _article(fields: dict[str, str | None], folder: Path, text: str) -> Article:
    published = fields["published"]
    return Article(
        key=str(fields["key"]),
        title=str(fields["title"]),
        text=text,
        path=folder / str(fields["file"]),
        outlet=fields["outlet"],
        published=date.fromisoformat(published) if published else None,
        url=fields["url"],
    )


def _spans_fit(spans: np.ndarray, lengths: np.ndarray) -> bool:
    if spans.ndim != 2 or spans.shape[1] != 3:
        return False
    if spans.size == 0:
        return True
    numbers = spans[:, 0]
    if numbers.min() < 0 or numbers.max() >= len(lengths):
        return False
    return bool((spans[:, 1] >= 0).all() and (spans[:, 2] <= lengths[numbers]).all())
