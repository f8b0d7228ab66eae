"""The answers worth showing a reader: the best one, then others that add something to it.

Engine scores have no fixed scale to threshold on, so a further answer must share a content
word with the question, and must not say again what an answer kept before it said.
"""

from __future__ import annotations

import re

from retrieval.models import Answer, Result
from retrieval.text.stop_words import STOP_WORDS

# Sentences sharing this much of their vocabulary say the same thing twice.
NEAR_DUPLICATE = 0.7
# Ask the engine for this many times the answers wanted, so near-duplicates can be skipped
# without running dry.
SPARE_ANSWERS = 2
_WORD = re.compile(r"\w+")


def distinct_answers(result: Result) -> list[Answer]:
    """The result's answers worth showing: the best one, then those sharing a content word
    with the question that repeat none kept before."""
    asked = _content_words(result.question)
    kept: list[Answer] = []
    seen: list[set[str]] = []
    for answer in result.answers:
        words = _content_words(answer.text)
        if kept and (not words & asked or any(_near_duplicate(words, o) for o in seen)):
            continue
        kept.append(answer)
        seen.append(words)
    return kept


def _content_words(text: str) -> set[str]:
    """The words of `text` that can show what it is about: lower-cased, longer than two
    letters, not stop words."""
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS}


def _near_duplicate(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= NEAR_DUPLICATE
