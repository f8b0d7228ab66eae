"""The question sets the quality benchmarks measure, each over its own corpus:

news fit and held-out (eval/news/), dev_qa (eval/dev_qa.jsonl over seeds/), and the SQuAD
subset (eval/squad/) with off-topic questions drawn from the rest of SQuAD dev.
"""

from __future__ import annotations

import argparse
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus.article_files import load_articles
from retrieval.corpus.corpus import Corpus
from retrieval.evaluation.question_sets import (
    Case,
    off_topic_cases,
    phrase_cases,
    squad_corpus,
    squad_titles,
)

EVAL = Path(__file__).resolve().parent.parent / "eval"
NEWS = EVAL / "news"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
OFF_TOPIC_SQUAD = 300


@dataclass(frozen=True)
class QuestionSet:
    name: str
    corpus: Corpus
    cases: list[Case]


def news_set(split: str) -> QuestionSet:
    articles, errors = load_articles(NEWS / "articles")
    if errors:
        raise SystemExit(f"broken news articles: {errors}")
    corpus = Corpus.from_articles(articles)
    numbers = {key: n for n, key in enumerate(corpus.article_keys())}
    return QuestionSet(f"news {split}", corpus, phrase_cases(NEWS / f"{split}.jsonl", numbers))


def dev_set() -> QuestionSet:
    articles, _ = load_articles(SEEDS)
    corpus = Corpus.from_articles(articles)
    return QuestionSet("dev_qa", corpus, phrase_cases(EVAL / "dev_qa.jsonl"))


def squad_set() -> QuestionSet:
    subset, everything = EVAL / "squad/squad-dev-subset.json", EVAL / "squad/squad-dev-v1.1.json"
    articles, cases = squad_corpus(subset)
    answerable = [c for c in cases if c.is_hit is not None]
    off_topic = off_topic_cases(everything, exclude=squad_titles(subset))[:OFF_TOPIC_SQUAD]
    return QuestionSet("SQuAD subset", Corpus.from_articles(articles), answerable + off_topic)


def chosen_sets(
    prog: str,
    description: str | None,
    names: Collection[str],
    argv: Sequence[str] | None,
    default: Sequence[str] | None = None,
) -> list[str]:
    """The names of the sets a benchmark's command line asks for, checked against `names`."""
    default = list(default or names)
    parser = argparse.ArgumentParser(
        prog=prog, description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sets", nargs="*", help=f"some of {', '.join(names)}; default: {', '.join(default)}"
    )
    args = parser.parse_args(argv)
    unknown = set(args.sets) - set(names)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    return args.sets or default
