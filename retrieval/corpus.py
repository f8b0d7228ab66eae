"""A corpus: articles cut into the sentences the engine answers with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.models import Article, LoadError, Sentence
from retrieval.passages import dedupe, sentence_spans


@dataclass(frozen=True)
class Corpus:
    """Articles, their sentences in reading order, and the files that failed to load."""

    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    errors: tuple[LoadError, ...] = ()

    @classmethod
    def from_articles(cls, articles: Sequence[Article], errors: Sequence[LoadError] = ()) -> Corpus:
        seen: set[str] = set()
        sentences: list[Sentence] = []
        for number, article in enumerate(articles):
            spans = sentence_spans(article.text)
            texts = [article.text[start:end] for start, end in spans]
            for position, index in enumerate(dedupe(texts, seen)):
                start, end = spans[index]
                sentences.append(Sentence(number, position, texts[index], start, end))
        return cls(tuple(articles), tuple(sentences), tuple(errors))

    @classmethod
    def from_spans(
        cls, articles: Sequence[Article], spans: np.ndarray, errors: Sequence[LoadError] = ()
    ) -> Corpus:
        """Rebuild a corpus from the (article, start, end) rows that `spans` returned."""
        sentences: list[Sentence] = []
        position = 0
        previous = -1
        for article, start, end in spans.tolist():
            position = position + 1 if article == previous else 0
            previous = article
            text = articles[article].text[start:end]
            sentences.append(Sentence(article, position, text, start, end))
        return cls(tuple(articles), tuple(sentences), tuple(errors))

    def spans(self) -> np.ndarray:
        """(article, start, end) of every sentence, for `from_spans`."""
        rows = [(s.article, s.start, s.end) for s in self.sentences]
        return np.array(rows, dtype=np.int64).reshape(len(rows), 3)
