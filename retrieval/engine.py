"""The answer engine (first cut: plain BM25 over sentences; being improved)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rank_bm25 import BM25Okapi

from retrieval.models import Answer, Article, LoadError, Result, Sentence


class Engine:
    """Sentences of a corpus indexed for questions."""

    def __init__(self, articles: Iterable[Article], errors: Iterable[LoadError] = ()) -> None:
        self.articles: tuple[Article, ...] = tuple(articles)
        self.errors: tuple[LoadError, ...] = tuple(errors)
        self.sentences: tuple[Sentence, ...] = tuple(
            Sentence(a, p, s.strip())
            for a, art in enumerate(self.articles)
            for p, s in enumerate(re.split(r"(?<=[.!?])\s+", art.text))
            if s.strip()
        )
        self._bm25 = BM25Okapi([self._tokens(s.text) for s in self.sentences] or [[""]])

    @staticmethod
    def _tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    @classmethod
    def from_path(cls, path: Path | str) -> Engine:
        path = Path(path)
        files = [path] if path.is_file() else sorted(path.glob("*.txt"))
        return cls(Article(f.stem, f.stem, f.read_text(), f) for f in files)

    def ask(self, question: str, top_k: int = 5) -> Result:
        scores = self._bm25.get_scores(self._tokens(question))
        order = sorted(range(len(self.sentences)), key=lambda i: -scores[i])[:top_k]
        answers = tuple(self._answer(self.sentences[i], float(scores[i])) for i in order)
        return Result(question, bool(answers) and answers[0].score > 0, answers)

    def context(self, article: int, position: int, radius: int = 2) -> tuple[Sentence, ...]:
        return tuple(
            s for s in self.sentences if s.article == article and abs(s.position - position) <= radius
        )

    def _answer(self, sentence: Sentence, score: float) -> Answer:
        art = self.articles[sentence.article]
        return Answer(
            sentence.text, score, sentence.article, sentence.position, art.title, art.url, art.url,
            art.outlet, art.published,
        )
