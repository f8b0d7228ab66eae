"""Second stage: rerank the first stage's candidates with a learned linear model.

BM25 counts words; a person judging an answer also asks whether the
sentence offers the kind of thing asked for, whether the question's phrases
(not only its words) appear, whether its rarest words do, and whether it says
them in other words (WordNet's synonyms, `retrieval/text/synonyms.py`), and whether it
gives a number of what a "how many" question counts. Each of those
is a feature; the weights are fitted by `python -m retrieval train` on SQuAD
questions that share no article with any question set we report (docs/engine.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from retrieval.rank.answer_types import offers
from retrieval.rank.question import Question

WEIGHTS_FILE = Path(__file__).with_name("reranker_weights.json")

FEATURES = (
    "sentence_bm25",
    "neighbours_bm25",
    "title_bm25",
    "first_stage_rank",
    "sentence_coverage",
    "context_coverage",
    "bigrams",
    "exact_words",
    "type_offered",
    "type_missing",
    "length",
    "article_bm25",
    "synonym_coverage",
    "unit_counted",
)


@dataclass(frozen=True)
class Candidate:
    """A sentence the first stage proposed, with what it knows about it.

    `context_terms` are the question's terms found in the sentence, its
    neighbours or its article's title. `referents` are the terms of the names
    a leading pronoun most likely stands for ("She was accused ..." after
    "Jane Roe was arrested ..."); `words` are its normalized words, for exact
    overlap with the question's; `mentioned` what it names of the kind of answer
    the question asks for (`answer_types.mentions`); `counted` the terms of what it
    gives a number of ("30,000 jobs"), read only for a "how many" question.
    """

    terms: tuple[str, ...]
    words: frozenset[str]
    context_terms: frozenset[str]
    sentence_bm25: float
    neighbours_bm25: float
    title_bm25: float
    article_bm25: float
    referents: frozenset[str] = frozenset()
    mentioned: tuple[str, ...] = ()
    counted: frozenset[str] = frozenset()


def _bigram_share(question: Question, terms: Sequence[str]) -> float:
    if not question.bigrams:
        return 0.0
    pairs = set(pairwise(terms)) | set(zip(terms, terms[2:], strict=False))
    return len(question.bigrams & pairs) / len(question.bigrams)


def synonym_gain(
    question: Question, terms: Sequence[str], present: set[str] | None = None
) -> float:
    """The share of the question's information that a sentence holds only through a
    synonym: "charged" asked, "accused" written. `present` is `set(terms)`, if known."""
    if present is None:
        present = set(terms)
    total = question.total_information
    if not total or present.isdisjoint(question.alternative_terms):
        return 0.0
    pairs: set[str] | None = None
    gained: set[str] = set()
    for alternative in question.alternatives:
        missing = [t for t in alternative.asked if t not in present]
        if not missing:
            continue
        found = not alternative.words.isdisjoint(present)
        if not found and alternative.phrases:
            if pairs is None:
                pairs = {f"{a} {b}" for a, b in pairwise(terms)}
            found = not alternative.phrases.isdisjoint(pairs)
        if found:
            gained.update(missing)
    return sum(question.information[t] for t in gained) / total


def _relative(values: np.ndarray) -> np.ndarray:
    top = values.max(initial=0.0)
    return values / top if top > 0 else values


def features(question: Question, candidates: Sequence[Candidate]) -> np.ndarray:
    """One row of FEATURES for each candidate, in the order given."""
    rows = np.zeros((len(candidates), len(FEATURES)))
    if not candidates:
        return rows
    rows[:, 0] = _relative(np.array([c.sentence_bm25 for c in candidates]))
    rows[:, 1] = _relative(np.array([c.neighbours_bm25 for c in candidates]))
    rows[:, 2] = _relative(np.array([c.title_bm25 for c in candidates]))
    rows[:, 3] = 1.0 / np.arange(1, len(candidates) + 1)
    rows[:, 11] = _relative(np.array([c.article_bm25 for c in candidates]))
    # Filled in Python lists, written to the array at once: element by element, numpy's
    # item assignment cost as much as working the values out.
    answer_type = question.answer_type
    asked_words = question.words
    own, gained = [], []
    for candidate in candidates:
        terms = candidate.terms
        present = set(terms)
        offered = offers(candidate.mentioned, asked_words) if answer_type is not None else None
        own.append(
            (
                question.coverage(present | candidate.referents),
                question.coverage(candidate.context_terms),
                _bigram_share(question, terms),
                len(asked_words & candidate.words) / max(len(asked_words), 1),
                0.0 if offered is None else float(offered),
                0.0 if offered is None else float(not offered),
                math.log1p(len(terms)),
            )
        )
        gained.append(synonym_gain(question, terms, present))
    rows[:, 4:11] = own
    rows[:, 12] = gained
    if question.units:
        rows[:, 13] = [float(not question.units.isdisjoint(c.counted)) for c in candidates]
    return rows


class Reranker:
    """A linear model over FEATURES."""

    def __init__(self, weights: Sequence[float]) -> None:
        if len(weights) != len(FEATURES):
            raise ValueError(f"expected {len(FEATURES)} weights, got {len(weights)}")
        self.weights = np.asarray(weights, dtype=np.float64)

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Reranker:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return cls([stored["weights"][name] for name in FEATURES])

    def save(self, path: Path, about: dict[str, object]) -> None:
        weights = dict(zip(FEATURES, map(float, self.weights), strict=True))
        stored = {"weights": weights, **about}
        path.write_text(json.dumps(stored, indent=2) + "\n", "utf-8")

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return rows @ self.weights
