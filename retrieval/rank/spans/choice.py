"""Which candidate answers: the one nearest the question's words, when clearly best.

A candidate is trimmed of the question's words and loose function words, scored by its
closeness to the words the question shares with the sentence (with bonuses for a name the
question's noun names, a doer of the question's verb, a place after "in"), and given only
when it says something the question does not and, for "who" and "where", when no second
name stands about as near.
"""

from __future__ import annotations

from retrieval.models import Span
from retrieval.rank.answer_types import AnswerType
from retrieval.rank.spans.candidates import candidates
from retrieval.rank.spans.names import named, placed, qualifier
from retrieval.rank.spans.question import Question, read
from retrieval.rank.spans.text import LOOSE, Range, Token, capitalised, text_of, tokens_of
from retrieval.text.tokenizer import tokenize

_KEPT_LEAD = frozenset("more less fewer greater higher lower than as up to at nearly almost "
                       "over under $ € £ ¥".split())  # fmt: skip
# Weights, fit on the SQuAD and news fit questions (see the package's docstring).
_NAMED_BONUS, _AGENT_BONUS, _PLACE_BONUS, _NOT_AGENT = 10.0, 1.0, 2.0, 1.0
_MARGINS = {AnswerType.ENTITY: 0.1, AnswerType.PLACE: 0.1}
_APPOSITIVE_MAX = 12


def _trimmed(tokens: list[Token], i: int, j: int) -> Range:
    """A range less function words at its start ("the" stays before a clause, a hedge or
    a currency before a figure) and loose punctuation at its end, and less the question's
    words at either end unless it is a name: "312" for "How many seats...?", but "Ohio
    Company of Virginia" whole (cutting asked words out of names lost more than it won)."""
    name = capitalised(tokens, j - 1)
    while i < j and (
        (tokens[i].asked and not name)
        or (
            not tokenize(tokens[i].text)
            and tokens[i].text.lower() not in _KEPT_LEAD
            and (name or i + 1 >= j or not tokens[i + 1].text[0].islower())
        )
    ):
        i += 1
    while j > i and (tokens[j - 1].text in LOOSE or (tokens[j - 1].asked and not name)):
        j -= 1
    return i, j


def _closeness(span: Range, tokens: list[Token]) -> float:
    """How near the span stands to the question's words, in words: the answer sits beside
    the words its question shares with the sentence (the distance idea of Richardson et
    al. 2013's MCTest baselines, which the SQuAD paper also ran)."""
    i, j = span
    return sum(1 / (1 + max(i - k - 1, k - j, 0))
               for k, t in enumerate(tokens) if t.asked and not i <= k < j)  # fmt: skip


def _agent(tokens: list[Token], i: int, j: int) -> bool:
    """Whether a name stands where the doer of one of the question's words does: just before
    it ("Jon Pertwee, who had played the Doctor, recorded") or after it and "by" ("licensed
    by George Westinghouse", "produced by a young Roone Arledge")."""
    k = j
    if k < len(tokens) and tokens[k].text == ",":
        close = next((n for n in range(k + 1, len(tokens)) if tokens[n].text == ","), None)
        k = close + 1 if close is not None and close - k <= _APPOSITIVE_MAX else k
    if k < len(tokens) and tokens[k].asked:
        return True
    b = i - 1
    while b > 0 and (
        tokens[b].text.lower() in ("the", "a", "an")
        or (tokens[b].text[0].islower() and tokens[b - 1].text == "by" and not tokens[b].asked)
    ):
        b -= 1
    return b > 0 and tokens[b].text == "by" and any(t.asked for t in tokens[max(b - 3, 0) : b])


def _score(question: Question, tokens: list[Token], i: int, j: int) -> float:
    # Named by the question's noun ("Tower District" for "Which district") beats nearer.
    score = _closeness((i, j), tokens) + _NAMED_BONUS * named(tokens, (i, j), question.focus)
    if question.kind is AnswerType.PLACE:
        score += _PLACE_BONUS * placed(tokens, i) - _NOT_AGENT * qualifier(tokens, i, j)
    if question.kind is AnswerType.ENTITY:
        score += _AGENT_BONUS * _agent(tokens, i, j) - _NOT_AGENT * qualifier(tokens, i, j)
    return score


def _ranked(question: Question, sentence: str) -> list[tuple[float, Span]]:
    """The candidates that say something the question does not, best first, with scores."""
    tokens = tokens_of(sentence, question.asked)
    scored: dict[Range, float] = {}
    for i, j in candidates(question, sentence, tokens):
        i, j = _trimmed(tokens, i, j)
        if i < j and not set(tokenize(text_of(sentence, tokens, (i, j)))) <= question.asked:
            scored[i, j] = _score(question, tokens, i, j)
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return [(s, Span(text_of(sentence, tokens, r), tokens[r[0]].start, tokens[r[1] - 1].end))
            for r, s in ranked]  # fmt: skip


def find_span(question: str, sentence: str) -> Span | None:
    """The shortest part of `sentence` that answers `question`, or None when unsure."""
    return span_in(read(question), sentence)


def span_in(asked: Question, sentence: str) -> Span | None:
    """`find_span` for a question already `read`: one question, many sentences."""
    ranked = _ranked(asked, sentence)
    if not ranked:
        return None
    # Two names about as near the question's words are a coin toss: no bold answer then.
    margin = _MARGINS.get(asked.kind, 0.0) if asked.kind else 0.0
    if len(ranked) > 1 and ranked[1][0] > (1 - margin) * ranked[0][0]:
        return None
    return ranked[0][1]
