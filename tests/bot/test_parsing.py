"""Deep-link payloads and pulling the question out of a message's text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.deep_links import (
    PAYLOAD,
    QuestionLink,
    SourceLink,
    deep_link,
    parse_payload,
    question_payload,
    source_payload,
)
from bot.questions import MAX_QUESTION_LENGTH, Problem, problem_with, question_from_text


@given(st.text(max_size=60))
def test_question_payloads_round_trip_or_refuse(question):
    payload = question_payload(question)
    if payload is None:
        assert len(question.encode()) > 40
    else:
        assert PAYLOAD.fullmatch(payload)
        assert len(payload) <= 64
        assert parse_payload(payload) == QuestionLink(question)


def test_short_questions_fit_a_deep_link():
    payload = question_payload("Who is Pavel Durov?")
    assert payload is not None
    assert deep_link("news_qa_bot", payload) == f"https://t.me/news_qa_bot?start={payload}"


def test_source_payloads_carry_the_article_key():
    assert parse_payload(source_payload("004_4f5da1fbd833ff5d")) == SourceLink(
        "004_4f5da1fbd833ff5d"
    )
    assert source_payload("k" * 61) is None


@pytest.mark.parametrize("payload", ["", "q-!!", "nonsense", "q-_w", "x" * 65])
def test_unknown_payloads_are_ignored(payload):
    assert parse_payload(payload) is None


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("  Who is   Durov? ", "Who is Durov?"),
        ("/ask Who is Durov?", "Who is Durov?"),
        ("/ask@news_qa_bot Who is Durov?", "Who is Durov?"),
        ("@news_qa_bot who is durov", "who is durov"),
        ("who is durov, @News_QA_Bot?", "who is durov, ?"),
        (f"/start {question_payload('Who is Durov?')}", "Who is Durov?"),
        ("/start src-abc", None),
        ("/help", None),
        ("/ask", ""),
        (None, None),
    ],
)
def test_question_from_text(text, question):
    assert question_from_text(text, "news_qa_bot") == question


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("", Problem.EMPTY),
        ("🙂🙂", Problem.NO_WORDS),
        ("___ ---", Problem.NO_WORDS),
        ("x" * (MAX_QUESTION_LENGTH + 1), Problem.TOO_LONG),
        ("Где Дуров?", None),
        ("42?", None),
    ],
)
def test_problem_with(question, problem):
    assert problem_with(question) is problem
