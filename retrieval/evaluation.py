"""Score the engine on question sets: hit@1, hit@3, MRR@10 and how often it declines."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.engine import Engine
from retrieval.models import Article, Result, Sentence
from retrieval.tokenizer import normalize

RANK_DEPTH = 10


@dataclass(frozen=True)
class Case:
    """A question and how to tell a right answer; no test means it should be declined."""

    question: str
    is_hit: Callable[[Sentence], bool] | None


@dataclass(frozen=True)
class Scores:
    answerable: int
    unanswerable: int
    hit_at_1: float
    hit_at_3: float
    mrr_at_10: float
    declined_answerable: float
    declined_unanswerable: float

    def table(self) -> str:
        rows = [
            ("questions (answerable / unanswerable)", f"{self.answerable} / {self.unanswerable}"),
            ("hit@1", f"{self.hit_at_1:.3f}"),
            ("hit@3", f"{self.hit_at_3:.3f}"),
            ("MRR@10", f"{self.mrr_at_10:.3f}"),
            ("declined when answerable", f"{self.declined_answerable:.3f}"),
            ("declined when unanswerable", f"{self.declined_unanswerable:.3f}"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _rank_of_hit(engine: Engine, result: Result, is_hit: Callable[[Sentence], bool]) -> int | None:
    for rank, answer in enumerate(result.answers, start=1):
        if is_hit(engine.sentence_at(answer.article, answer.position)):
            return rank
    return None


def evaluate(engine: Engine, cases: Sequence[Case]) -> Scores:
    ranks: list[int | None] = []
    declined_answerable = declined_unanswerable = unanswerable = 0
    for case in cases:
        result = engine.ask(case.question, top_k=RANK_DEPTH)
        if case.is_hit is None:
            unanswerable += 1
            declined_unanswerable += not result.answered
            continue
        declined_answerable += not result.answered
        ranks.append(_rank_of_hit(engine, result, case.is_hit))
    answerable = len(ranks)

    def share(count: float, total: int) -> float:
        return count / total if total else 0.0

    return Scores(
        answerable=answerable,
        unanswerable=unanswerable,
        hit_at_1=share(sum(r == 1 for r in ranks), answerable),
        hit_at_3=share(sum(r is not None and r <= 3 for r in ranks), answerable),
        mrr_at_10=share(sum(1 / r for r in ranks if r is not None), answerable),
        declined_answerable=share(declined_answerable, answerable),
        declined_unanswerable=share(declined_unanswerable, unanswerable),
    )


def _fold(text: str) -> str:
    return " ".join(normalize(text).replace('"', "").replace("'", "").split())


def phrase_cases(path: Path) -> list[Case]:
    """Cases from a JSON-lines file of {"question", "answers": [phrases]}."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        phrases = [_fold(p) for p in record["answers"]]

        def is_hit(sentence: Sentence, phrases: list[str] = phrases) -> bool:
            folded = _fold(sentence.text)
            return any(p in folded for p in phrases)

        cases.append(Case(record["question"], is_hit if phrases else None))
    return cases


def squad_titles(path: Path) -> set[str]:
    """The article titles of a SQuAD JSON file."""
    return {entry["title"] for entry in json.loads(path.read_text(encoding="utf-8"))["data"]}


def squad_corpus(
    path: Path, exclude: Collection[str] = frozenset()
) -> tuple[list[Article], list[Case]]:
    """SQuAD JSON as ReQA does it: every paragraph's sentences in one index.

    The gold sentence of a question is the one holding its answer's start
    offset; impossible questions (SQuAD 2.0) should be declined. Articles whose
    title is in `exclude` are left out.
    """
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    data = [entry for entry in data if entry["title"] not in exclude]
    articles: list[Article] = []
    cases: list[Case] = []
    for entry in data:
        title = entry["title"].replace("_", " ")
        for paragraph in entry["paragraphs"]:
            number = len(articles)
            articles.append(
                Article(key=f"p{number}", title=title, text=paragraph["context"], path=path)
            )
            for qa in paragraph["qas"]:
                starts = {a["answer_start"] for a in qa.get("answers", [])}
                if qa.get("is_impossible") or not starts:
                    cases.append(Case(qa["question"], None))
                    continue

                def is_hit(sentence: Sentence, number: int = number, starts: set = starts) -> bool:
                    return sentence.article == number and any(
                        sentence.start <= s < sentence.end for s in starts
                    )

                cases.append(Case(qa["question"], is_hit))
    return articles, cases
