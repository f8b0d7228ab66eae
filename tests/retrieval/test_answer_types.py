"""The kind of answer a question asks for, and what a sentence names of each kind."""

from __future__ import annotations

import pytest

from retrieval.answer_types import AnswerType, mentions, offers, question_type


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many users does Telegram have?", AnswerType.NUMBER),
        ("When was Pavel Durov arrested?", AnswerType.DATE),
        ("In what year did the raid happen?", AnswerType.DATE),
        ("Where was Durov arrested?", AnswerType.PLACE),
        ("Who interviewed Durov?", AnswerType.ENTITY),
        ("Which agency issued the warrant?", AnswerType.ENTITY),
        ("Why did the police raid the office?", None),
    ],
)
def test_question_type(question: str, kind: AnswerType | None) -> None:
    assert question_type(question) is kind


def test_mentions_names_each_kind_case_folded_without_possessives() -> None:
    sentence = "On Saturday police at Le Bourget held Telegram’s founder, 39, in 2024."
    assert mentions(sentence, AnswerType.NUMBER) == ("3", "9", "2", "0", "2", "4")
    assert mentions(sentence, AnswerType.DATE) == ("saturday", "2024")
    assert mentions(sentence, AnswerType.PLACE) == ("le",)
    assert mentions(sentence, AnswerType.ENTITY) == ("saturday", "le", "bourget", "telegram")


def test_a_sentence_offers_only_what_the_question_does_not_already_say() -> None:
    asked = frozenset({"when", "did", "telegram", "launch", "in", "2013"})
    assert not offers(mentions("Telegram launched in 2013.", AnswerType.DATE), asked)
    assert offers(mentions("Telegram launched in August 2013.", AnswerType.DATE), asked)
    assert not offers((), asked)
