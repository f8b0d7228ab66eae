"""Of the ranked answers, the best is kept, and then those that add something to it."""

from __future__ import annotations

from retrieval import Answer, Result, distinct_answers


def answer(text: str, score: float) -> Answer:
    return Answer(text, score, article=0, position=0, title="T", url=None, link=None)


def kept(question: str, *texts: str) -> list[str]:
    answers = tuple(answer(text, -n) for n, text in enumerate(texts))
    return [a.text for a in distinct_answers(Result(question, True, answers))]


def test_the_best_answer_is_kept_whatever_it_says() -> None:
    assert kept("Who built the bridge?", "Nothing in common here.") == ["Nothing in common here."]


def test_a_further_answer_must_share_a_content_word_with_the_question() -> None:
    assert kept(
        "When does the ferry to Dunmore sail?",
        "The ferry to Dunmore sails at noon.",
        "It rained all day in the harbour.",
        "Tickets for Dunmore go on sale in May.",
    ) == ["The ferry to Dunmore sails at noon.", "Tickets for Dunmore go on sale in May."]


def test_stop_words_and_short_words_are_not_shared_content() -> None:
    # "when", "does", "the", "to" are stop words; "at" is too short to count.
    assert kept("When does the ferry sail?", "The ferry sails.", "When it is at the quay.") == [
        "The ferry sails."
    ]


def test_a_near_repeat_of_a_kept_answer_is_skipped() -> None:
    assert kept(
        "Who kept the Dunmore lighthouse?",
        "Ann Hale kept the Dunmore lighthouse for forty years.",
        "Ann Hale kept the Dunmore lighthouse for forty long years.",
        "The Dunmore lighthouse was automated in 1990.",
    ) == [
        "Ann Hale kept the Dunmore lighthouse for forty years.",
        "The Dunmore lighthouse was automated in 1990.",
    ]
