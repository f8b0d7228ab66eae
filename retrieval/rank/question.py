"""A question worked out once for every stage: its terms and how much each says, its words and
word pairs, the kind of answer it asks for, and other words for its terms (WordNet's
synonyms, `retrieval/text/synonyms.py`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from retrieval.rank.answer_types import AnswerType, asked_unit, names, question_type
from retrieval.text.synonyms import Synonyms, load_synonyms
from retrieval.text.tokenizer import normalize, tokenize


@dataclass(frozen=True)
class Alternative:
    """Other words for some of a question's terms: one term, or two in a row."""

    asked: tuple[str, ...]
    words: frozenset[str]
    phrases: frozenset[str]  # two terms each, joined by a space


def _alternatives(terms: Sequence[str], synonyms: Synonyms) -> tuple[Alternative, ...]:
    found = []
    for asked in {*((t,) for t in terms), *pairwise(terms)}:
        others = synonyms.of(" ".join(asked))
        if others:
            words = frozenset(o for o in others if " " not in o)
            found.append(Alternative(asked, words, others - words))
    return tuple(sorted(found, key=lambda a: a.asked))


def _units(text: str, synonyms: Synonyms) -> frozenset[str]:
    unit = asked_unit(text)
    terms = tokenize(unit, remember=False) if unit else []
    if not terms:
        return frozenset()
    return frozenset({terms[0], *(o for o in synonyms.of(terms[0]) if " " not in o)})


@dataclass(frozen=True)
class Question:
    """What every stage needs to know about a question, worked out once.

    `information` is how much each distinct term says (its idf over the sentences).
    """

    terms: tuple[str, ...]
    information: dict[str, float]
    bigrams: frozenset[tuple[str, str]]
    words: frozenset[str]
    answer_type: AnswerType | None
    # The terms of the names it gives ("Burundi", "PSA"): what it is about, when it says.
    names: frozenset[str] = frozenset()
    alternatives: tuple[Alternative, ...] = ()
    # Every term any alternative is made of: a sentence with none of them gains nothing.
    alternative_terms: frozenset[str] = frozenset()
    # What a "how many" question counts, as terms, and its synonyms: "house" and "home".
    units: frozenset[str] = frozenset()

    @classmethod
    def parse(
        cls,
        text: str,
        information: Callable[[str], float],
        synonyms: Synonyms | None = None,
    ) -> Question:
        terms = tuple(tokenize(text, remember=False))
        synonyms = load_synonyms() if synonyms is None else synonyms
        alternatives = _alternatives(terms, synonyms)
        return cls(
            terms=terms,
            information={term: information(term) for term in set(terms)},
            bigrams=frozenset(pairwise(terms)),
            words=frozenset(normalize(text).replace("?", " ").split()),
            answer_type=question_type(text),
            names=frozenset(tokenize(" ".join(names(text)), remember=False)).intersection(terms),
            alternatives=alternatives,
            alternative_terms=frozenset(
                term
                for alternative in alternatives
                for other in alternative.words | alternative.phrases
                for term in other.split()
            ),
            units=_units(text, synonyms),
        )

    @cached_property
    def total_information(self) -> float:
        return sum(self.information.values())

    def coverage(self, found: set[str] | frozenset[str]) -> float:
        total = self.total_information
        if not total:
            return 0.0
        return sum(w for t, w in self.information.items() if t in found) / total
