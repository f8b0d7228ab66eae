"""``python -m benchmarks.spans [squad news-fit news-held-out dev squad-fit]``: short answers.

For each question whose top sentence from the engine is right (the hit@1 test of
``benchmarks.quality``), `retrieval.answer_spans.find_span` picks the answer out of that
sentence. Each table gives how many such questions there are, the share given a span,
and exact match (EM) and token F1 of the span against the gold answers where one is
given, under SQuAD's official normalisation (Rajpurkar et al. 2016, ``evaluate-v1.1.py``:
lower case, punctuation and the articles a/an/the removed, white space collapsed; the
best over the gold answers). The trivial baseline beside it answers with the whole
sentence less the question's words.

Held-out discipline: the rules were fit only on ``squad-fit`` (the SQuAD v1.1 dev
articles that the subset does not hold, scored on the gold sentence with no engine) and
on ``news-fit``. ``squad`` (the subset), ``dev`` and ``news-held-out`` are only reported.

dev_qa's gold "answers" are phrases that pick out the right sentence, often longer than
the answer itself ("Telegram founder Pavel Durov advised"), so EM there understates;
its F1 is the fairer figure.
"""

from __future__ import annotations

import argparse
import json
import re
import string
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.quality import EVAL, NEWS, QuestionSet, dev_set, news_set, squad_set
from retrieval.answer_spans import find_span
from retrieval.engine import Engine, EngineSettings
from retrieval.evaluation import squad_titles
from retrieval.passages import sentence_spans
from retrieval.tokenizer import tokenize

SQUAD_ALL = EVAL / "squad/squad-dev-v1.1.json"
SQUAD_SUBSET = EVAL / "squad/squad-dev-subset.json"
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = set(string.punctuation)
_WORD = re.compile(r"\S+")


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


def _gold_answers(path: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            yield record["question"], tuple(record["answers"])


def _squad_answers(path: Path, exclude: set[str] = frozenset()) -> Iterator[tuple[str, dict]]:
    """Each answerable question of a SQuAD file with its paragraph, in file order."""
    for entry in json.loads(path.read_text(encoding="utf-8"))["data"]:
        if entry["title"] in exclude:
            continue
        for paragraph in entry["paragraphs"]:
            for qa in paragraph["qas"]:
                if qa.get("answers") and not qa.get("is_impossible"):
                    yield paragraph["context"], qa


def engine_items(
    question_set: QuestionSet, gold: Sequence[tuple[str, tuple[str, ...]]]
) -> list[Item]:
    """Questions whose top sentence from the shipped engine is right, with that sentence."""
    engine = Engine(question_set.corpus, EngineSettings())
    answerable = [c for c in question_set.cases if c.is_hit is not None]
    gold = [g for g in gold if g[1]]
    assert [c.question for c in answerable] == [q for q, _ in gold]
    items = []
    for case, (_, answers) in zip(answerable, gold, strict=True):
        result = engine.ask(case.question, top_k=1)
        if not result.answers:
            continue
        top = engine.sentence_at(result.answers[0].article, result.answers[0].position)
        if case.is_hit(top):
            items.append(Item(case.question, top.text, answers))
    return items


def squad_items() -> list[Item]:
    gold = [
        (qa["question"], tuple(a["text"] for a in qa["answers"]))
        for _, qa in _squad_answers(SQUAD_SUBSET)
    ]
    return engine_items(squad_set(), gold)


def news_items(split: str) -> list[Item]:
    return engine_items(news_set(split), list(_gold_answers(NEWS / f"{split}.jsonl")))


def dev_items() -> list[Item]:
    return engine_items(dev_set(), list(_gold_answers(EVAL / "dev_qa.jsonl")))


def squad_fit_items() -> list[Item]:
    """SQuAD dev outside the subset, each question with its gold sentence (no engine)."""
    items = []
    for context, qa in _squad_answers(SQUAD_ALL, exclude=squad_titles(SQUAD_SUBSET)):
        start = qa["answers"][0]["answer_start"]
        for s, e in sentence_spans(context):
            if s <= start < e:
                items.append(
                    Item(qa["question"], context[s:e], tuple(a["text"] for a in qa["answers"]))
                )
                break
    return items


SETS: dict[str, tuple[str, Callable[[], list[Item]]]] = {
    "squad": ("SQuAD subset", squad_items),
    "news-fit": ("news fit", lambda: news_items("fit")),
    "news-held-out": ("news held-out", lambda: news_items("held-out")),
    "dev": ("dev_qa", dev_items),
    "squad-fit": ("SQuAD dev outside the subset, gold sentence (fit)", squad_fit_items),
}
DEFAULT = ("squad", "news-fit", "news-held-out", "dev")


@dataclass(frozen=True)
class Figures:
    given: float
    em: float
    f1: float


def score(items: Sequence[Item], answer: Callable[[str, str], str | None]) -> Figures:
    given = [(p, item) for item in items if (p := answer(item.question, item.sentence))]
    n = len(given)
    return Figures(
        given=n / len(items) if items else 0.0,
        em=sum(exact_match(p, i.answers) for p, i in given) / n if n else 0.0,
        f1=sum(token_f1(p, i.answers) for p, i in given) / n if n else 0.0,
    )


def spans(question: str, sentence: str) -> str | None:
    span = find_span(question, sentence)
    return None if span is None else span.text


def table(name: str, items: Sequence[Item]) -> str:
    lines = [
        f"**{name}**: {len(items)} questions with the right top sentence",
        "",
        "| system | given a span | EM where given | F1 where given |",
        "|---|---|---|---|",
    ]
    for system, answer in (("find_span", spans), ("baseline: sentence less question", baseline)):
        f = score(items, answer)
        lines.append(f"| {system} | {f.given:.3f} | {f.em:.3f} | {f.f1:.3f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.spans", description=__doc__)
    parser.add_argument(
        "sets", nargs="*", help=f"some of {', '.join(SETS)}; default: {' '.join(DEFAULT)}"
    )
    args = parser.parse_args(argv)
    unknown = set(args.sets) - SETS.keys()
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    for key in args.sets or DEFAULT:
        name, items = SETS[key]
        print(table(name, items()) + "\n")


if __name__ == "__main__":
    main()
