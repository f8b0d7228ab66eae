"""The answer engine: a question in, ranked cited sentences out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.answer_types import offers, question_type
from retrieval.articles import load_articles
from retrieval.corpus import Corpus
from retrieval.fields import FieldIndex, FieldWeights
from retrieval.links import text_fragment_link
from retrieval.models import Answer, Article, LoadError, Result, Sentence
from retrieval.tokenizer import normalize, tokenize


@dataclass(frozen=True)
class EngineSettings:
    """Knobs of ranking and declining, with the values measured best (see README)."""

    fields: FieldWeights = FieldWeights()
    type_boost: float = 0.2
    pool: int = 50
    min_coverage: float = 0.5


class Engine:
    """Sentences of a corpus indexed for questions."""

    def __init__(self, corpus: Corpus, settings: EngineSettings = EngineSettings()) -> None:
        self.corpus = corpus
        self.settings = settings
        article_of = np.fromiter((s.article for s in corpus.sentences), dtype=np.int64)
        self._index = FieldIndex(
            [tokenize(s.text) for s in corpus.sentences],
            article_of,
            [tokenize(a.title) for a in corpus.articles],
            settings.fields,
        )
        self._first_of_article = np.searchsorted(article_of, np.arange(len(corpus.articles)))

    @classmethod
    def from_path(cls, path: Path | str, settings: EngineSettings = EngineSettings()) -> Engine:
        articles, errors = load_articles(Path(path))
        return cls(Corpus.from_articles(articles, errors), settings)

    @classmethod
    def from_articles(
        cls, articles: Sequence[Article], settings: EngineSettings = EngineSettings()
    ) -> Engine:
        return cls(Corpus.from_articles(articles), settings)

    @property
    def articles(self) -> tuple[Article, ...]:
        return self.corpus.articles

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.corpus.sentences

    @property
    def errors(self) -> tuple[LoadError, ...]:
        return self.corpus.errors

    def ask(self, question: str, top_k: int = 5) -> Result:
        """The best `top_k` sentences for `question`, and whether they answer it."""
        terms = tokenize(question)
        ids, scores = self._index.candidates(terms, max(self.settings.pool, top_k))
        ids, scores = self._rerank(question, ids, scores)
        answers = tuple(
            self._answer(self.corpus.sentences[i], float(score))
            for i, score in zip(ids[:top_k], scores[:top_k], strict=True)
        )
        answered = bool(answers) and self.coverage(terms, int(ids[0])) >= self.settings.min_coverage
        return Result(question, answered, answers)

    def context(self, article: int, position: int, radius: int = 2) -> tuple[Sentence, ...]:
        """The sentences of `article` within `radius` of `position`, in reading order."""
        first = int(self._first_of_article[article])
        sentences = self.corpus.sentences
        lo = first + max(position - radius, 0)
        hi = first + position + radius + 1
        return tuple(s for s in sentences[lo:hi] if s.article == article)

    def sentence_at(self, article: int, position: int) -> Sentence:
        """The sentence at `position` in `article`."""
        return self.corpus.sentences[int(self._first_of_article[article]) + position]

    def coverage(self, terms: Sequence[str], sentence_id: int) -> float:
        """The share of the question's information (idf-weighted) found around a sentence."""
        distinct = set(terms)
        if not distinct:
            return 0.0
        sentence = self.corpus.sentences[sentence_id]
        found = set(tokenize(self.corpus.articles[sentence.article].title))
        for neighbour in self.context(sentence.article, sentence.position, radius=1):
            found.update(tokenize(neighbour.text))
        weights = {term: self._information(term) for term in distinct}
        return sum(w for t, w in weights.items() if t in found) / sum(weights.values())

    def _information(self, term: str) -> float:
        # A term the corpus never uses weighs as much as one it uses once: the
        # question asks about something, and nothing here mentions it.
        n = self._index.sentences.n_docs
        df = max(self._index.sentences.doc_freq(term), 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _rerank(
        self, question: str, ids: np.ndarray, scores: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        wanted = question_type(question)
        if wanted is None or ids.size == 0:
            return ids, scores
        question_words = frozenset(normalize(question).replace("?", " ").split())
        boost = np.fromiter(
            (
                1 + self.settings.type_boost
                if offers(self.corpus.sentences[i].text, wanted, question_words)
                else 1.0
                for i in ids
            ),
            dtype=np.float64,
            count=ids.size,
        )
        scores = scores * boost
        order = np.lexsort((ids, -scores))
        return ids[order], scores[order]

    def _answer(self, sentence: Sentence, score: float) -> Answer:
        article = self.corpus.articles[sentence.article]
        return Answer(
            text=sentence.text,
            score=score,
            article=sentence.article,
            position=sentence.position,
            title=article.title,
            url=article.url,
            link=text_fragment_link(article.url, sentence.text),
            outlet=article.outlet,
            published=article.published,
        )
