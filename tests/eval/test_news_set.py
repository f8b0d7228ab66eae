"""The news evaluation set keeps its own rules (eval/news/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.corpus.article_files import load_articles
from retrieval.text.splitter import split
from retrieval.text.tokenizer import normalize, tokenize

NEWS = Path(__file__).resolve().parents[2] / "eval" / "news"
QUESTION_FILES = sorted(NEWS.glob("**/*.jsonl"))
ARTICLES = {article.key: article for article in load_articles(NEWS / "articles")[0]}


def _cases() -> list[tuple[str, dict]]:
    cases = []
    for path in QUESTION_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                cases.append((f"{path.stem}:{number}", json.loads(line)))
    return cases


CASES = _cases()
ANSWERABLE = [(name, case) for name, case in CASES if case["answers"]]


def _trigrams(text: str) -> set[tuple[str, ...]]:
    terms = tokenize(text, remember=False)
    return {tuple(terms[i : i + 3]) for i in range(len(terms) - 2)}


def _answer_sentences(case: dict) -> list[str]:
    phrase = normalize(case["answers"][0])
    return [s for s in split(ARTICLES[case["article"]].text) if phrase in normalize(s)]


@pytest.mark.parametrize(("name", "case"), ANSWERABLE, ids=[name for name, _ in ANSWERABLE])
def test_answer_phrase_is_in_exactly_one_sentence_of_its_article(name: str, case: dict) -> None:
    assert case["article"] in ARTICLES, f"{name}: no article {case['article']!r}"
    assert len(case["answers"]) == 1, f"{name}: one answer phrase a question"
    found = _answer_sentences(case)
    assert len(found) == 1, f"{name}: {case['answers'][0]!r} is in {len(found)} sentences"


@pytest.mark.parametrize(("name", "case"), ANSWERABLE, ids=[name for name, _ in ANSWERABLE])
def test_question_does_not_copy_three_content_words_of_its_sentence(name: str, case: dict) -> None:
    (sentence,) = _answer_sentences(case)
    copied = _trigrams(case["question"]) & _trigrams(sentence)
    assert not copied, f"{name}: copies {sorted(copied)} from {sentence!r}"


def test_every_question_is_asked_once_and_both_halves_have_off_topic_ones() -> None:
    questions = [case["question"] for _, case in CASES]
    assert len(questions) == len(set(questions))
    for half in ("fit", "held-out"):
        assert any(not c["answers"] for name, c in CASES if name.startswith(f"{half}:"))


def test_the_halves_share_no_article() -> None:
    halves = {
        half: {c["article"] for name, c in ANSWERABLE if name.startswith(f"{half}:")}
        for half in ("fit", "held-out")
    }
    assert halves["fit"]
    assert halves["held-out"]
    assert not halves["fit"] & halves["held-out"]
