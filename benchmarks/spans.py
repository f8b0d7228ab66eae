"""``python -m benchmarks.spans [SET ...]``: how well the short answer picks out the answer.

For each question whose top sentence from the engine is right (the hit@1 test of
``benchmarks.quality``: the gold sentence of a SQuAD question, or the sentence of the
right article holding a gold phrase), `retrieval.rank.spans.find_span` picks the answer
out of that sentence. Each table gives how many such questions there are, the share given
a span, and exact match (EM) and token F1 of the span against the gold answers where one
is given, under SQuAD's official normalisation (Rajpurkar et al. 2016, evaluate-v1.1.py:
lower case, punctuation and the articles a/an/the removed, white space collapsed; the best
over the gold answers). The trivial baseline beside it answers every question with the
whole sentence less the words whose terms the question holds.

Sets: ``squad`` (the SQuAD subset), ``news-fit``, ``news-held-out``, ``dev`` (dev_qa), the
default four; ``squad-fit`` (SQuAD v1.1 dev outside the subset, over the engine, whose
reranker was trained on it) and ``squad-fit-gold`` (the same questions on their gold
sentences, no engine).

Held-out discipline: the rules were fit only on ``squad-fit``/``squad-fit-gold`` and
``news-fit``; ``squad``, ``dev`` and ``news-held-out`` are only reported.

dev_qa's gold "answers" are phrases that pick out the right sentence, often longer than
the answer itself ("Telegram founder Pavel Durov advised"), so EM there understates and
F1 is the fairer figure.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.question_sets import (
    EVAL,
    NEWS,
    QuestionSet,
    chosen_sets,
    dev_set,
    news_set,
    squad_set,
)
from retrieval.corpus.corpus import Corpus
from retrieval.corpus.sentence_spans import sentence_spans
from retrieval.evaluation.question_sets import squad_corpus, squad_titles
from retrieval.evaluation.scores import RANK_DEPTH
from retrieval.rank.engine import Engine, EngineSettings
from retrieval.rank.spans import find_span
from retrieval.text.tokenizer import tokenize

SQUAD_ALL = EVAL / "squad/squad-dev-v1.1.json"
SQUAD_SUBSET = EVAL / "squad/squad-dev-subset.json"
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = set(string.punctuation)
_WORD = re.compile(r"\S+")

Gold = tuple[str, tuple[str, ...]]  # a question and its gold answers


@dataclass(frozen=True)
class Item:
    """A question, the sentence a span is sought in, and the gold answers."""

    question: str
    sentence: str
    answers: tuple[str, ...]


def normalize_answer(text: str) -> str:
    """SQuAD v1.1's official normalisation (evaluate-v1.1.py)."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, answers: Sequence[str]) -> float:
    return float(any(normalize_answer(prediction) == normalize_answer(a) for a in answers))


def token_f1(prediction: str, answers: Sequence[str]) -> float:
    """SQuAD's token F1, the best over the gold answers."""
    best = 0.0
    predicted = normalize_answer(prediction).split()
    for answer in answers:
        gold = normalize_answer(answer).split()
        common = sum((Counter(predicted) & Counter(gold)).values())
        if common:
            precision, recall = common / len(predicted), common / len(gold)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def baseline(question: str, sentence: str) -> str | None:
    """The whole sentence less the words whose terms the question holds."""
    asked = set(tokenize(question))
    kept = [w for w in _WORD.findall(sentence) if not asked.intersection(tokenize(w))]
    return " ".join(kept) or None


def short_answer(question: str, sentence: str) -> str | None:
    span = find_span(question, sentence)
    return None if span is None else span.text


def _phrase_gold(path: Path) -> list[Gold]:
    """Each question of a JSON-lines set with its answers, in file order (as phrase_cases)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [(r["question"], tuple(r["answers"])) for r in records]


def _squad_answers(
    path: Path, exclude: Collection[str] = frozenset()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each answerable question of a SQuAD file with its paragraph, in file order."""
    for entry in json.loads(path.read_text(encoding="utf-8"))["data"]:
        if entry["title"] not in exclude:
            for paragraph in entry["paragraphs"]:
                for qa in paragraph["qas"]:
                    if qa.get("answers") and not qa.get("is_impossible"):
                        yield paragraph["context"], qa


def _texts(qa: dict[str, Any]) -> tuple[str, ...]:
    return tuple(a["text"] for a in qa["answers"])


def engine_items(question_set: QuestionSet, gold: Sequence[Gold]) -> list[Item]:
    """The questions whose top sentence from the shipped engine is right, with it."""
    engine = Engine(question_set.corpus, EngineSettings())
    answerable = [c for c in question_set.cases if c.is_hit is not None]
    gold = [g for g in gold if g[1]]
    if [c.question for c in answerable] != [q for q, _ in gold]:
        raise SystemExit(f"{question_set.name}: the gold answers do not line up")
    items = []
    for case, (_, answers) in zip(answerable, gold, strict=True):
        result = engine.ask(case.question, top_k=RANK_DEPTH)
        if result.answers:
            top = engine.sentence_at(result.answers[0].article, result.answers[0].position)
            if case.is_hit(top):
                items.append(Item(case.question, top.text, answers))
    return items


def squad_items() -> list[Item]:
    gold = [(qa["question"], _texts(qa)) for _, qa in _squad_answers(SQUAD_SUBSET)]
    return engine_items(squad_set(), gold)


def news_items(split: str) -> list[Item]:
    return engine_items(news_set(split), _phrase_gold(NEWS / f"{split}.jsonl"))


def dev_items() -> list[Item]:
    return engine_items(dev_set(), _phrase_gold(EVAL / "dev_qa.jsonl"))


def squad_fit_items() -> list[Item]:
    """SQuAD dev outside the subset, over the engine like the other sets."""
    exclude = squad_titles(SQUAD_SUBSET)
    articles, cases = squad_corpus(SQUAD_ALL, exclude=exclude)
    question_set = QuestionSet("SQuAD fit", Corpus.from_articles(articles), cases)
    gold = [(qa["question"], _texts(qa)) for _, qa in _squad_answers(SQUAD_ALL, exclude)]
    return engine_items(question_set, gold)


def squad_fit_gold_items() -> list[Item]:
    """SQuAD dev outside the subset, each question on its gold sentence (no engine)."""
    items = []
    for context, qa in _squad_answers(SQUAD_ALL, exclude=squad_titles(SQUAD_SUBSET)):
        start = qa["answers"][0]["answer_start"]
        gold = next(((s, e) for s, e in sentence_spans(context) if s <= start < e), None)
        if gold is not None:
            items.append(Item(qa["question"], context[gold[0] : gold[1]], _texts(qa)))
    return items


SETS: dict[str, tuple[str, Callable[[], list[Item]]]] = {
    "squad": ("SQuAD subset", squad_items),
    "news-fit": ("news fit", lambda: news_items("fit")),
    "news-held-out": ("news held-out", lambda: news_items("held-out")),
    "dev": ("dev_qa", dev_items),
    "squad-fit": ("SQuAD dev outside the subset (fit)", squad_fit_items),
    "squad-fit-gold": ("SQuAD dev outside the subset, gold sentences (fit)", squad_fit_gold_items),
}
DEFAULT = ("squad", "news-fit", "news-held-out", "dev")


@dataclass(frozen=True)
class Figures:
    given: float
    em: float
    f1: float


def score(items: Sequence[Item], answer: Callable[[str, str], str | None]) -> Figures:
    """The share of items given an answer, and EM and F1 over those given one."""
    given = [(p, item) for item in items if (p := answer(item.question, item.sentence))]
    n = len(given)
    return Figures(
        given=n / len(items) if items else 0.0,
        em=sum(exact_match(p, i.answers) for p, i in given) / n if n else 0.0,
        f1=sum(token_f1(p, i.answers) for p, i in given) / n if n else 0.0,
    )


def table(name: str, items_of: Callable[[], Sequence[Item]]) -> str:
    """The span figures of one set, beside the trivial baseline's."""
    items = items_of()
    lines = [
        f"**{name}**: {len(items)} questions with the right top sentence",
        "",
        "| system | given a span | EM where given | F1 where given |",
        "|---|---|---|---|",
    ]
    for system, answer in (
        ("find_span", short_answer),
        ("baseline: sentence less the question's words", baseline),
    ):
        f = score(items, answer)
        lines.append(f"| {system} | {f.given:.3f} | {f.em:.3f} | {f.f1:.3f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    for key in chosen_sets("python -m benchmarks.spans", __doc__, SETS, argv, DEFAULT):
        print(table(*SETS[key]) + "\n")


if __name__ == "__main__":
    main()
