"""The answer engine: a question in, ranked cited sentences out."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.array_store import stored_key
from retrieval.corpus.article_files import load_articles
from retrieval.corpus.corpus import Corpus, Sentences
from retrieval.corpus.index_folder import cache_dir, fingerprint, remove_stale
from retrieval.corpus.preparation import prepare, terms_of
from retrieval.corpus.stored_corpus import load_corpus, save_corpus
from retrieval.fields.field_index import FieldIndex, FieldWeights
from retrieval.models import Answer, Article, CorpusSummary, LoadError, Result, Sentence
from retrieval.rank import spans
from retrieval.rank.candidates import CandidateReader
from retrieval.rank.examples import example_questions
from retrieval.rank.question import Question
from retrieval.rank.reranker import Candidate, Reranker, features
from retrieval.rank.text_fragments import text_fragment_link
from retrieval.text.tokenizer import tokenize

log = logging.getLogger(__name__)

_CORPUS_FILE = "corpus.npz"


@dataclass(frozen=True)
class EngineSettings:
    """Knobs of ranking and declining, with the values measured best (docs/engine.md)."""

    fields: FieldWeights = field(default_factory=FieldWeights)
    # Candidates the reranker sees. 40 instead gave the same hit@1 on both question
    # sets and 0.001 more hit@3 on SQuAD, for 60% more reranking work a question.
    pool: int = 25
    # A question is answered when its terms found near the best sentence (in its article's
    # title or the sentences within `terms_radius` of it) are this share of its
    # information, or this many, or when its article holds this share of the names the
    # question gives.
    min_coverage: float = 0.65
    min_terms_found: int = 3
    min_names_found: float = 0.5
    terms_radius: int = 4


class Engine:
    """Sentences of a corpus indexed for questions."""

    def __init__(
        self,
        corpus: Corpus,
        settings: EngineSettings = EngineSettings(),
        reranker: Reranker | None = None,
        index: FieldIndex | None = None,
        progress: bool = False,
        terms: Iterable[Sequence[str]] | None = None,
    ) -> None:
        """`terms` are the sentences' terms when already worked out (`prepare`)."""
        self.corpus = corpus
        self.settings = settings
        self.reranker = reranker or Reranker.load()
        article_of = corpus.sentences.article_of
        if index is None:
            if terms is None:
                terms = (tokenize(text) for text in corpus.sentences.texts())
            index = FieldIndex.build(
                terms,
                article_of,
                [tokenize(a.title) for a in corpus.articles],
                settings.fields,
                progress=progress,
            )
        self._index = index
        # Each article's first and last sentence: the whole-article field's documents.
        self._first_of_article, self._last_of_article = index.articles.first, index.articles.last
        self._reader = CandidateReader(corpus, index)

    @classmethod
    def from_path(
        cls,
        path: Path | str,
        settings: EngineSettings = EngineSettings(),
        *,
        use_cache: bool = True,
        progress: bool = False,
    ) -> Engine:
        """An engine over the articles in a folder (or one file).

        The index is kept in a `.index` folder beside the articles and reused
        while the files are unchanged; an unusable or stale cache is rebuilt.
        """
        path = Path(path)
        engine, key = cls._from_cache(path, settings) if use_cache else (None, None)
        if engine is not None:
            return engine
        key = key or fingerprint(path, repr(settings.fields))
        directory = cache_dir(path)
        articles, errors = load_articles(path)
        corpus, lines = prepare(articles, errors)
        # Only the iterator keeps the lines, so each is freed once indexed.
        terms = map(terms_of, lines)
        del lines
        engine = cls(corpus, settings, progress=progress, terms=terms)
        if use_cache and articles:
            try:
                save_corpus(directory / _CORPUS_FILE, key, engine.corpus)
                written = engine._index.save(directory, key)
                remove_stale(directory, {_CORPUS_FILE, *written})
            except OSError as error:
                log.warning("could not save the index in %s: %s", directory, error.strerror)
        return engine

    @classmethod
    def _from_cache(cls, path: Path, settings: EngineSettings) -> tuple[Engine | None, str | None]:
        """The engine stored beside `path` if the corpus files are unchanged, and the
        files' current fingerprint (None when nothing is stored)."""
        directory = cache_dir(path)
        stored = directory / _CORPUS_FILE
        candidate = stored_key(stored)
        if candidate is None:
            return None, None
        folder = path if path.is_dir() else path.parent
        # The files are listed (a stat each: half a second at 50,000 files) while the
        # cache made for them loads; it is kept only if the listing still matches it.
        with ThreadPoolExecutor(max_workers=2) as pool:
            current = pool.submit(fingerprint, path, repr(settings.fields))
            loading = pool.submit(load_corpus, stored, candidate, folder)
            index = FieldIndex.load(
                directory, candidate, lambda: _article_of(loading.result()), settings.fields
            )
            corpus, key = loading.result(), current.result()
        if key != candidate or corpus is None or index is None:
            return None, key
        return cls(corpus, settings, index=index), key

    @classmethod
    def from_articles(
        cls,
        articles: Sequence[Article],
        settings: EngineSettings = EngineSettings(),
        reranker: Reranker | None = None,
    ) -> Engine:
        """An engine over articles already in memory (not cached)."""
        corpus, lines = prepare(articles)
        return cls(corpus, settings, reranker, terms=map(terms_of, lines))

    @property
    def articles(self) -> Sequence[Article]:
        return self.corpus.articles

    @property
    def sentences(self) -> Sentences:
        return self.corpus.sentences

    @property
    def errors(self) -> tuple[LoadError, ...]:
        return self.corpus.errors

    def ask(self, question: str, top_k: int = 5) -> Result:
        """The best `top_k` sentences for `question`, and whether they answer it."""
        parsed = self.parse(question)
        ids, candidates = self.candidates(parsed, max(self.settings.pool, top_k))
        if not candidates:
            return Result(question, False)
        scores = self.reranker.scores(features(parsed, candidates))
        order = np.lexsort((ids, -scores))[:top_k]
        # Reranker scores are not comparable across questions and corpora; how much of the
        # question the best sentence, the sentences around it and its article's title hold
        # is (see "Knowing when not to answer" in docs/engine.md).
        found = self._reader.terms_near(int(ids[order[0]]), parsed, self.settings.terms_radius)
        answered = (
            parsed.coverage(found) >= self.settings.min_coverage
            or len(found) >= self.settings.min_terms_found
            or self._reader.names_found(int(ids[order[0]]), parsed) >= self.settings.min_names_found
        )
        if not answered:
            # A declined question's "closest" sentence must share a word with it; one that
            # came in on its title or neighbours alone is not close, only first.
            asked = set(parsed.terms)
            order = [i for i in order if asked.intersection(candidates[i].terms)]
        # A declined question's closest sentence does not answer it: it has no short answer.
        short_answers_of = spans.read(question) if answered else None
        answers = tuple(
            self._answer(self.corpus.sentences[ids[i]], float(scores[i]), short_answers_of)
            for i in order
        )
        return Result(question, answered, answers)

    def parse(self, question: str) -> Question:
        """`question` worked out once, for every stage that follows."""
        return Question.parse(question, self._index.information)

    def candidates(self, question: Question, pool: int) -> tuple[np.ndarray, list[Candidate]]:
        """The first stage's `pool` best sentences for `question`, best first: their ids,
        and what the reranker reads of each."""
        found = self._index.candidates(question.terms, pool)
        return found.ids, self._reader.read(question, found)

    def sentence_at(self, article: int, position: int) -> Sentence:
        """The sentence at `position` in `article`."""
        return self.corpus.sentences[int(self._first_of_article[article]) + position]

    @cached_property
    def article_numbers(self) -> dict[str, int]:
        """Each article's number, by its key (file name without the suffix)."""
        return {key: number for number, key in enumerate(self.corpus.article_keys())}

    @cached_property
    def summary(self) -> CorpusSummary:
        """The articles' outlets and publication dates, worked out once."""
        articles = self.corpus.articles
        dates = [a.published for a in articles if a.published]
        return CorpusSummary(
            tuple(sorted({a.outlet for a in articles if a.outlet})),
            min(dates, default=None),
            max(dates, default=None),
        )

    @cached_property
    def examples(self) -> tuple[str, ...]:
        """Example questions about the corpus that it answers, worked out once (reading
        every sentence: seconds at a million)."""
        return example_questions(self.sentences, lambda q: self.ask(q, top_k=1).answered)

    def sentences_in(self, article: int) -> int:
        """How many sentences article number `article` has."""
        return int(self._last_of_article[article] - self._first_of_article[article] + 1)

    def context(self, article: int, position: int, radius: int = 2) -> tuple[Sentence, ...]:
        """The sentences of `article` within `radius` of `position`, in reading order."""
        first = int(self._first_of_article[article])
        lo = first + max(position - radius, 0)
        hi = first + position + radius + 1
        return tuple(s for s in self.corpus.sentences[lo:hi] if s.article == article)

    def _answer(
        self, sentence: Sentence, score: float, short_answers_of: spans.Question | None
    ) -> Answer:
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
            key=article.key,
            short=None
            if short_answers_of is None
            else spans.span_in(short_answers_of, sentence.text),
        )


def _article_of(corpus: Corpus | None) -> np.ndarray | None:
    return None if corpus is None else corpus.sentences.article_of
