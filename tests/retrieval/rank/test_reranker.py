"""The reranker's features: what a sentence holds only through a synonym of the question's words."""

from __future__ import annotations

import pytest

from retrieval.rank.question import Question
from retrieval.rank.reranker import synonym_gain
from retrieval.text.synonyms import Synonyms
from retrieval.text.tokenizer import tokenize


def phrase(words: str) -> str:
    return " ".join(tokenize(words))


def ask(text: str, synonyms: Synonyms) -> Question:
    return Question.parse(text, lambda term: 1.0, synonyms)


SYNONYMS = Synonyms([[phrase("accuse"), phrase("charge")], [phrase("CEO"), phrase("top dog")]])


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
