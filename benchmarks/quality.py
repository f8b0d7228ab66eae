"""``python -m benchmarks.quality``: plain rank-bm25 beside each stage of the engine.

One run, one table per question set, every system over the same sentences:

- news fit and news held-out (eval/news/: questions in a reader's words about
  news the engine was never tuned on; the held-out half is only ever reported),
- dev_qa (eval/dev_qa.jsonl, about the seed articles),
- the SQuAD subset (eval/squad/, ReQA-style), with off-topic questions drawn
  from the rest of SQuAD dev.

Columns: hit@1, hit@3, MRR@10 over answerable questions; the share of answerable
questions declined; the share of off-topic questions declined. Plain rank-bm25
never declines. Under each set's table, the short answers' table of ``benchmarks.spans``:
over the questions whose top sentence is right, the share given a span, and its exact
match and token F1 where given, beside a trivial baseline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import Stemmer
from rank_bm25 import BM25Okapi

from benchmarks import spans
from benchmarks.question_sets import QuestionSet, chosen_sets, dev_set, news_set, squad_set
from retrieval.corpus.corpus import Corpus
from retrieval.evaluation.scores import RANK_DEPTH
from retrieval.fields.field_index import FieldWeights
from retrieval.models import Sentence
from retrieval.rank.engine import Engine, EngineSettings
from retrieval.rank.reranker import FEATURES, Reranker
from retrieval.text.stop_words import STOP_WORDS

_stemmer = Stemmer.Stemmer("english")
_WORD = re.compile(r"\w+")

# A system ranks a corpus's sentences for a question and says whether it answers.
Ranker = Callable[[str], tuple[list[Sentence], bool]]


def _plain_terms(text: str) -> list[str]:
    """rank-bm25 as a newcomer would set it up: words, a stop list, Snowball stems."""
    return _stemmer.stemWords([w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS])


def plain_bm25(corpus: Corpus) -> Ranker:
    """rank-bm25's BM25Okapi with its defaults, over the engine's own sentences."""
    bm25 = BM25Okapi([_plain_terms(text) for text in corpus.sentences.texts()])

    def rank(question: str) -> tuple[list[Sentence], bool]:
        scores = bm25.get_scores(_plain_terms(question))
        best = np.argsort(-scores, kind="stable")[:RANK_DEPTH]
        return [corpus.sentences[int(i)] for i in best], True

    return rank


def engine_stage(settings: EngineSettings, reranker: Reranker | None) -> Callable[..., Ranker]:
    """The engine with some of its stages turned off."""

    def make(corpus: Corpus) -> Ranker:
        engine = Engine(corpus, settings, reranker)

        def rank(question: str) -> tuple[list[Sentence], bool]:
            result = engine.ask(question, top_k=RANK_DEPTH)
            return [
                engine.sentence_at(a.article, a.position) for a in result.answers
            ], result.answered

        return rank

    return make


def without(reranker: Reranker, *names: str) -> Reranker:
    """The reranker with the named features' weights set to zero."""
    return Reranker(
        [0.0 if n in names else w for n, w in zip(FEATURES, reranker.weights, strict=True)]
    )


def stages() -> list[tuple[str, Callable[[Corpus], Ranker]]]:
    """Plain rank-bm25, then the engine one stage at a time, as shipped last."""
    first_stage = Reranker([1.0 if name == "first_stage_rank" else 0.0 for name in FEATURES])
    shipped = Reranker.load()
    return [
        ("plain rank-bm25 (words, stop list, Snowball)", plain_bm25),
        (
            "engine: sentence field",
            engine_stage(EngineSettings(FieldWeights(neighbours=0.0, title=0.0)), first_stage),
        ),
        ("+ neighbour and title fields", engine_stage(EngineSettings(), first_stage)),
        (
            "+ reranker",
            engine_stage(EngineSettings(), without(shipped, "synonym_coverage", "unit_counted")),
        ),
        ("+ WordNet synonyms", engine_stage(EngineSettings(), without(shipped, "unit_counted"))),
        ("+ units of counts (as shipped)", engine_stage(EngineSettings(), None)),
    ]


@dataclass(frozen=True)
class Figures:
    hit1: float
    hit3: float
    mrr: float
    declined_answerable: float
    declined_off_topic: float | None


def score(rank: Ranker, question_set: QuestionSet) -> Figures:
    ranks: list[int | None] = []
    declined_answerable = 0
    off_topic = declined_off_topic = 0
    for case in question_set.cases:
        ranked, answered = rank(case.question)
        if case.is_hit is None:
            off_topic += 1
            declined_off_topic += not answered
            continue
        declined_answerable += not answered
        ranks.append(next((r for r, s in enumerate(ranked, 1) if case.is_hit(s)), None))
    n = len(ranks)
    return Figures(
        hit1=sum(r == 1 for r in ranks) / n,
        hit3=sum(r is not None and r <= 3 for r in ranks) / n,
        mrr=sum(1 / r for r in ranks if r is not None) / n,
        declined_answerable=declined_answerable / n,
        declined_off_topic=declined_off_topic / off_topic if off_topic else None,
    )


SETS: dict[str, Callable[[], QuestionSet]] = {
    "news-fit": lambda: news_set("fit"),
    "news-held-out": lambda: news_set("held-out"),
    "dev": dev_set,
    "squad": squad_set,
}


def table(
    question_set: QuestionSet, systems: Sequence[tuple[str, Callable[[Corpus], Ranker]]]
) -> str:
    answerable = sum(c.is_hit is not None for c in question_set.cases)
    off_topic = len(question_set.cases) - answerable
    lines = [
        f"**{question_set.name}**: {answerable} answerable and {off_topic} off-topic questions, "
        f"{len(question_set.corpus.sentences)} sentences",
        "",
        "| system | hit@1 | hit@3 | MRR@10 | answerable declined | off-topic declined |",
        "|---|---|---|---|---|---|",
    ]
    for name, make in systems:
        f = score(make(question_set.corpus), question_set)
        declined = "-" if f.declined_off_topic is None else f"{f.declined_off_topic:.3f}"
        lines.append(
            f"| {name} | {f.hit1:.3f} | {f.hit3:.3f} | {f.mrr:.3f} | "
            f"{f.declined_answerable:.3f} | {declined} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    names = chosen_sets("python -m benchmarks.quality", __doc__, SETS, argv)
    systems = stages()
    for name in names:
        print(table(SETS[name](), systems) + "\n")
        print(spans.table(*spans.SETS[name]) + "\n")


if __name__ == "__main__":
    main()
