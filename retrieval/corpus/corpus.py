"""A corpus: articles cut into the sentences the engine answers with."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import overload

import numpy as np

from retrieval.corpus.sentence_spans import kept_sentences
from retrieval.models import Article, LoadError, Sentence

SpansAndKeys = tuple[list[tuple[int, int]], list[str]]


def first_occurrences(per_article: Iterable[SpansAndKeys]) -> Iterator[tuple[int, int, int, int]]:
    """(article, start, end, number among its article's spans) of each sentence no
    earlier article repeats: a wire copy or a site's boilerplate is indexed once."""
    # Hashes, not the keys: a million keys would hold a copy of every sentence's words.
    # Two different keys with one 64-bit hash among a million: odds of 1 in 10^7.
    seen: set[int] = set()
    for article, (spans, keys) in enumerate(per_article):
        for number, ((start, end), key) in enumerate(zip(spans, keys, strict=True)):
            if hash(key) not in seen:
                seen.add(hash(key))
                yield article, start, end, number


class Sentences(Sequence[Sentence]):
    """Every sentence of a corpus, in reading order, made when asked for.

    Only three integers a sentence are kept (article, start, end): a million
    `Sentence` objects would cost hundreds of megabytes and seconds to rebuild on
    every restart. `text_of` gives an article's text by its number.
    """

    def __init__(self, text_of: Callable[[int], str], spans: np.ndarray) -> None:
        spans = np.asarray(spans, dtype=np.int64).reshape(-1, 3)
        self._text_of = text_of
        self._spans = spans
        self.article_of = spans[:, 0]
        index = np.arange(len(spans))
        opens = np.ones(len(spans), dtype=bool)
        opens[1:] = self.article_of[1:] != self.article_of[:-1]
        # Position within the article: distance to the last sentence that opened one.
        self.positions = index - np.maximum.accumulate(np.where(opens, index, 0))

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, index: int) -> Sentence: ...

    @overload
    def __getitem__(self, index: slice) -> list[Sentence]: ...

    def __getitem__(self, index: int | slice) -> Sentence | list[Sentence]:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError("sentence index out of range")
        return self._make(int(index) % len(self))

    def __iter__(self) -> Iterator[Sentence]:
        return (self._make(i) for i in range(len(self)))

    def text(self, i: int) -> str:
        """The text of sentence `i`, without making a Sentence."""
        article, start, end = self._spans[i].tolist()
        return self._text_of(article)[start:end]

    def texts(self) -> Iterator[str]:
        """The sentences' texts, in order, without making Sentence objects."""
        text_of = self._text_of
        return (text_of(a)[s:e] for a, s, e in self._spans.tolist())

    def spans(self) -> np.ndarray:
        """(article, start, end) of every sentence."""
        return self._spans

    def _make(self, i: int) -> Sentence:
        article, start, end = self._spans[i].tolist()
        text = self._text_of(article)[start:end]
        return Sentence(article, int(self.positions[i]), text, start, end)


def _text_of(articles: Sequence[Article], number: int) -> str:
    return articles[number].text


@dataclass(frozen=True)
class Corpus:
    """Articles, their sentences in reading order, and the files that failed to load."""

    articles: Sequence[Article]
    sentences: Sentences
    errors: tuple[LoadError, ...] = ()
    # Each article's key, when a stored corpus knows them without making its articles.
    keys: Sequence[str] | None = None

    def article_keys(self) -> Sequence[str]:
        """Each article's key (its file name without the suffix), by article number."""
        return self.keys if self.keys is not None else [a.key for a in self.articles]

    @classmethod
    def from_articles(cls, articles: Sequence[Article], errors: Sequence[LoadError] = ()) -> Corpus:
        """Split the articles here (`retrieval.corpus.preparation` also tokenizes, on all cores)."""
        per_article = (kept_sentences(article.text) for article in articles)
        rows = [row[:3] for row in first_occurrences(per_article)]
        return cls.from_spans(articles, np.array(rows, dtype=np.int64), errors)

    @classmethod
    def from_spans(
        cls, articles: Sequence[Article], spans: np.ndarray, errors: Sequence[LoadError] = ()
    ) -> Corpus:
        """Rebuild a corpus from the (article, start, end) rows that `spans` returned."""
        articles = tuple(articles)
        return cls(articles, Sentences(partial(_text_of, articles), spans), tuple(errors))

    def spans(self) -> np.ndarray:
        """(article, start, end) of every sentence, for `from_spans`."""
        return self.sentences.spans()
