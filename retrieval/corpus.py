"""A corpus: articles cut into the sentences the engine answers with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
