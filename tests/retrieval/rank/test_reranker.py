"""The reranker's features: what a sentence holds only through a synonym of the question's words,
and whether it gives a number of what a "how many" question counts."""

from __future__ import annotations

import pytest

from retrieval.rank.answer_types import counted
from retrieval.rank.question import Question
from retrieval.rank.reranker import FEATURES, Candidate, features, synonym_gain
from retrieval.text.synonyms import Synonyms
from retrieval.text.tokenizer import tokenize


def phrase(words: str) -> str:
    return " ".join(tokenize(words))


def ask(text: str, synonyms: Synonyms) -> Question:
    return Question.parse(text, lambda term: 1.0, synonyms)


SYNONYMS = Synonyms(
    [
        [phrase("accuse"), phrase("charge")],
        [phrase("CEO"), phrase("top dog")],
        [phrase("house"), phrase("home")],
    ]
)
UNIT = FEATURES.index("unit_counted")


def candidate(sentence: str) -> Candidate:
    terms = tuple(tokenize(sentence))
    return Candidate(
        terms=terms,
        words=frozenset(sentence.lower().split()),
        context_terms=frozenset(terms),
        sentence_bm25=1.0,
        neighbours_bm25=0.0,
        title_bm25=0.0,
        article_bm25=0.0,
        counted=frozenset(tokenize(" ".join(counted(sentence)))),
    )


def test_a_term_held_only_through_a_synonym_counts() -> None:
    question = ask("Who charged Durov?", SYNONYMS)
    # Terms: charg, durov; each weighs 1.
    assert synonym_gain(question, tokenize("Police accused Durov")) == 0.5
    assert synonym_gain(question, tokenize("Police charged Durov")) == 0.0
    assert synonym_gain(question, tokenize("Police arrested Durov")) == 0.0


def test_two_word_synonyms_count_for_either_side() -> None:
    assert synonym_gain(ask("Who is the CEO?", SYNONYMS), tokenize("She is top dog")) == 1.0
    question = ask("Who is top dog at Telegram?", SYNONYMS)
    assert synonym_gain(question, tokenize("The CEO said so")) == pytest.approx(2 / 3)
    # The two words must stand together.
    assert synonym_gain(question, tokenize("The dog is on top")) == 0.0


def test_the_units_asked_for_include_their_synonyms() -> None:
    assert ask("How many houses were built?", SYNONYMS).units == {phrase("house"), phrase("home")}
    assert ask("How old is the house?", SYNONYMS).units == frozenset()


def test_a_sentence_counting_what_is_asked_scores_one() -> None:
    sentences = [
        "The council built 585 homes last year.",
        "The council built houses on 585 sites last year.",
        "The council built many homes.",
    ]
    rows = features(
        ask("How many houses did the council build?", SYNONYMS), [candidate(s) for s in sentences]
    )
    assert rows[:, UNIT].tolist() == [1.0, 0.0, 0.0]
    other = features(ask("What did the council build?", SYNONYMS), [candidate(sentences[0])])
    assert other[0, UNIT] == 0.0
