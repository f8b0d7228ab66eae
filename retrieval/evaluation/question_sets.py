"""Question sets read as cases: each question with how to tell a right answer, or none when it
should be declined (dev_qa and the news set's JSON lines, SQuAD's JSON, off-topic samples)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from retrieval.models import Article, Sentence
from retrieval.text.tokenizer import normalize

OFF_TOPIC_SAMPLE = 1000

HitTest = Callable[[Sentence], bool]


@dataclass(frozen=True)
class Case:
    """A question and how to tell a right answer; without a test it should be declined.

    `is_text_hit`, where given, is the looser test that the answer's text is
    in the sentence (SQuAD often has it in more than one). `article` is the file name,
    without suffix, of the article the question asks about, where its record names one.
    """

    question: str
    is_hit: HitTest | None
    is_text_hit: HitTest | None = None
    off_topic: bool = False
    article: str | None = None


def _fold(text: str) -> str:
    return " ".join(normalize(text).replace('"', "").replace("'", "").split())


def _contains_any(phrases: Collection[str]) -> HitTest:
    folded = [_fold(p) for p in phrases]
    return lambda sentence: any(p in _fold(sentence.text) for p in folded)


def phrase_cases(path: Path, article_numbers: dict[str, int] | None = None) -> list[Case]:
    """Cases from a JSON-lines file of {"question", "answers": [phrases]}; no phrases: decline.

    A record naming its "article" (a file name without suffix) is a hit only in that
    article, when `article_numbers` maps the names to the engine's numbers.
    """
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        answers = record["answers"]
        if not answers:
            cases.append(Case(record["question"], None))
            continue
        test = _contains_any(answers)
        if article_numbers is not None and "article" in record:
            test = _in_article(article_numbers[record["article"]], test)
        cases.append(Case(record["question"], test, article=record.get("article")))
    return cases


def _in_article(article: int, test: HitTest) -> HitTest:
    return lambda sentence: sentence.article == article and test(sentence)


def squad_titles(path: Path) -> set[str]:
    """The article titles of a SQuAD JSON file."""
    return {entry["title"] for entry in json.loads(path.read_text(encoding="utf-8"))["data"]}


def _holds_start(article: int, starts: set[int]) -> HitTest:
    return lambda s: s.article == article and any(s.start <= x < s.end for x in starts)


def squad_corpus(
    path: Path, exclude: Collection[str] = frozenset()
) -> tuple[list[Article], list[Case]]:
    """SQuAD JSON as ReQA does it: every paragraph's sentences in one index.

    The gold sentence of a question is the one holding its answer's start
    offset; impossible questions (SQuAD 2.0) should be declined. Articles whose
    title is in `exclude` are left out.
    """
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    articles: list[Article] = []
    cases: list[Case] = []
    for entry in data:
        if entry["title"] in exclude:
            continue
        title = entry["title"].replace("_", " ")
        for paragraph in entry["paragraphs"]:
            number = len(articles)
            articles.append(Article(f"p{number}", title, paragraph["context"], path))
            for qa in paragraph["qas"]:
                answers = qa.get("answers", [])
                if qa.get("is_impossible") or not answers:
                    cases.append(Case(qa["question"], None))
                    continue
                starts = {a["answer_start"] for a in answers}
                texts = {a["text"] for a in answers}
                cases.append(
                    Case(qa["question"], _holds_start(number, starts), _contains_any(texts))
                )
    return articles, cases


def off_topic_cases(path: Path, exclude: Collection[str], seed: int = 0) -> list[Case]:
    """Questions about other articles than those indexed, which should all be declined."""
    _, cases = squad_corpus(path, exclude=exclude)
    questions = [c.question for c in cases]
    chosen = random.Random(seed).sample(questions, min(OFF_TOPIC_SAMPLE, len(questions)))
    return [Case(q, None, off_topic=True) for q in chosen]
