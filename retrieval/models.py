"""Values that cross module lines: articles, sentences, answers and results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One news article with the metadata its file carried."""

    key: str
    title: str
    text: str
    path: Path
    outlet: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """Where a corpus's articles come from and when they were published."""

    outlets: tuple[str, ...]  # alphabetical
    first_published: date | None
    last_published: date | None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, quoted exactly from its text."""

    article: int
    position: int
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class LoadError:
    """An article file that could not be loaded, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Span:
    """A part of a sentence, by its character offsets: ``sentence[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Answer:
    """A ranked sentence with everything needed to cite it."""

    text: str
    score: float
    article: int
    position: int
    title: str
    url: str | None
    link: str | None
    outlet: str | None = None
    published: date | None = None
    # The article's file name without suffix: stable across reloads, unlike `article`.
    key: str = ""
    # The part of `text` that answers the question ("312"), when one is clear.
    short: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "score": round(self.score, 6),
            "title": self.title,
            "url": self.url,
            "link": self.link,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "article": self.article,
            "position": self.position,
            "key": self.key,
            "short": self.short.text if self.short else None,
            "short_start": self.short.start if self.short else None,
            "short_end": self.short.end if self.short else None,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The engine's reply to one question: answered, or declined with the closest sentences."""

    question: str
    answered: bool
    answers: tuple[Answer, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answers": [answer.to_json() for answer in self.answers],
        }
