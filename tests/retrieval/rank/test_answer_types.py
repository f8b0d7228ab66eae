"""The kind of answer a question asks for, and what a sentence names of each kind."""

from __future__ import annotations

import pytest

from retrieval.rank.answer_types import (
    AnswerType,
    asked_unit,
    counted,
    mentions,
    names,
    offers,
    question_type,
)


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
        ("What did the minister tell reporters?", AnswerType.STATEMENT),
        ("What has the company said about the fine?", AnswerType.STATEMENT),
        ("Who said the fine was unfair?", AnswerType.ENTITY),
        ("When did the minister post the letter?", AnswerType.DATE),
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


def test_a_statement_is_a_quotation_or_a_reporting_verb() -> None:
    quoted = "“We comply with the law,” the company added."
    assert mentions(quoted, AnswerType.STATEMENT) == ("“we comply with the law,”", "added")
    told = "The minister told reporters that talks failed."
    assert mentions(told, AnswerType.STATEMENT) == ("told reporters that talks failed",)
    # Only the verb: nothing said that "What has the minister said?" does not hold.
    assert not offers(mentions("The minister said.", AnswerType.STATEMENT), frozenset({"said"}))
    assert mentions("The talks failed on Monday.", AnswerType.STATEMENT) == ()


def test_a_sentence_offers_only_what_the_question_does_not_already_say() -> None:
    asked = frozenset({"when", "did", "telegram", "launch", "in", "2013"})
    assert not offers(mentions("Telegram launched in 2013.", AnswerType.DATE), asked)
    assert offers(mentions("Telegram launched in August 2013.", AnswerType.DATE), asked)
    assert not offers((), asked)


def test_names_are_the_capitalised_words_after_the_first() -> None:
    assert names("Did PSA's takeover of Opel raise fears?") == ("PSA's", "Opel")
    assert names("Where did Zoë Łukasiewicz say I should go?") == ("Zoë", "Łukasiewicz")
    assert names("How do I fix a tap?") == ()


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How many jobs will the carmaker cut?", "jobs"),
        ("how much money did the council borrow?", "money"),
        ("How many were hurt?", "were"),
        ("How much did it cost?", "did"),
        ("How long was the trial?", None),
        ("Who won the match?", None),
        ("How many 10-year bonds were sold?", None),
    ],
)
def test_asked_unit_is_the_word_after_how_many_or_much(question: str, unit: str | None) -> None:
    assert asked_unit(question) == unit


def test_counted_are_the_two_words_after_each_number() -> None:
    sentence = "Ford will cut 4,000 jobs in Europe and close two plants by 2027."
    assert counted(sentence) == ("jobs", "in", "plants", "by")
    assert counted("Thousands of people marched.") == ("of", "people")
    assert counted("No figure was given.") == ()
