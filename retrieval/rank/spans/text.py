"""A sentence as words with their offsets, and the spans cut from it.

Every rule of the package reads the sentence through these tokens: a word, a number
with its inner punctuation ("3,400", "al-Turabi", "U.S.") or a single mark, each
flagged when it is one of the question's own words (the same stemmed term).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text.tokenizer import tokenize


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    asked: bool  # one of the question's own words (the same stemmed term)


Range = tuple[int, int]  # tokens [i, j)

TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[’'\-.,&/]\w+)*|[^\w\s]")
LOOSE = frozenset(",;:.!?\"'“”‘’(-–—")  # punctuation a span does not end on
PARTICLE = re.compile(r"(?:al|el|ad|as|bin|ibn|d|l|de|van|von|di)[’'-][A-Z]")


def tokens_of(sentence: str, asked: frozenset[str]) -> list[Token]:
    tokens = []
    for m in TOKEN.finditer(sentence):
        terms = tokenize(m.group())
        tokens.append(Token(m.group(), m.start(), m.end(), bool(terms) and set(terms) <= asked))
    return tokens


def capitalised(tokens: list[Token], i: int) -> bool:
    """Whether token `i` starts with a capital, or is "al-Turabi" or "d'Estaing"."""
    return 0 <= i < len(tokens) and (
        tokens[i].text[0].isupper() or bool(PARTICLE.match(tokens[i].text))
    )


def covering(tokens: list[Token], start: int, end: int) -> Range:
    """The tokens that characters [start, end) cover."""
    first = next(i for i, t in enumerate(tokens) if t.end > start)
    return first, max(i for i, t in enumerate(tokens) if t.start < end) + 1


def matches(pattern: re.Pattern[str], sentence: str, tokens: list[Token]) -> list[Range]:
    """The tokens of each non-empty match of `pattern`."""
    return [covering(tokens, *m.span()) for m in pattern.finditer(sentence) if m.group()]


def text_of(sentence: str, tokens: list[Token], span: Range) -> str:
    return sentence[tokens[span[0]].start : tokens[span[1] - 1].end]


def is_term(tokens: list[Token], k: int, terms: frozenset[str]) -> bool:
    """Whether token `k` is a word whose terms are all among `terms`."""
    found = set(tokenize(tokens[k].text)) if 0 <= k < len(tokens) else set()
    return bool(found) and found <= terms
