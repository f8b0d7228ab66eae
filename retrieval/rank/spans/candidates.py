"""The parts of a sentence that could answer, by the kind of answer asked for.

Numbers with their units and hedges ("more than 35 percent"), dates, names (`names`),
places, a clause after "because" or "by ...ing", what a thing is called, a quotation,
the words a "what X" question's noun names, and for the other "what" questions the words
after the question's preposition or verb ("with the thylakoid network"), for "where" with
no name the words after "in", "into" and the like.
"""

from __future__ import annotations

import re

from retrieval.rank.answer_types import AnswerType
from retrieval.rank.spans.names import PLACE_WORDS, named, names, places
from retrieval.rank.spans.question import Question
from retrieval.rank.spans.text import (
    LOOSE,
    TOKEN,
    Range,
    Token,
    covering,
    is_term,
    matches,
    text_of,
)
from retrieval.text.tokenizer import tokenize

_I = re.IGNORECASE
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|a third|a quarter"
)
_UNIT = (
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|km2?|"
    r"kilomet(?:re|er)s?|miles?|mi|met(?:re|er)s?|m|cm|mm|feet|foot|ft|inch(?:es)?|pounds?|"
    r"lbs?|kg|kilograms?|grams?|tons?|tonnes?|acres?|hectares?|square \w+|sq \w+|degrees?|"
    r"°[CF]?|volts?|watts?|kW|MW|GW|mph|km/h|dollars?|euros?|francs?|yen|times|points?"
)
# "more than 35 percent": the hedge is part of the figure the reader is told.
_HEDGE = (
    r"(?:more|less|fewer|greater|higher|lower) than|as (?:much|many|little|few) as|up to|"
    r"at least|at most|nearly|almost|over|under"
)
_NUMERAL = (
    rf"(?:(?:US|A|C|HK)?[$€£¥]\s?)?(?:\d+(?:[.,]\d+)*|(?:{_NUMBER_WORD})(?:[\s-](?:"
    rf"{_NUMBER_WORD}))*)(?:\s(?:hundred|thousand|million|billion|trillion|bn)\b)?"
    r"(?:\s?%|\s(?:percent|per cent)\b)?"
)
_NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?:{_HEDGE})\s)?{_NUMERAL}(?:\s?(?:–|-|to|or|and)\s?{_NUMERAL})?"
    rf"(?!\w)(?:\s(?:{_UNIT})\b)?",
    _I,
)
_YEAR_ONLY = re.compile(r"(?:1\d|20)\d\d")
_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_ONE_DATE = (
    rf"(?:(?:{_MONTH})\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTH})(?:,?\s\d{{4}})?|"
    rf"(?:(?:early|mid|late)[\s-])?(?:{_MONTH}),?\s\d{{4}}|"
    r"(?:the\s)?(?:(?:early|mid|late)[\s-])?\d{3,4}s|"
    r"(?:the\s)?\d{1,2}(?:st|nd|rd|th)[\s-]century(?:\s(?:BC|AD|BCE|CE))?|"
    r"\d{3,4}(?:\s?(?:BC|AD|BCE|CE))?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
)
DATE = re.compile(
    rf"\b(?:(?:from|between)\s)?{_ONE_DATE}(?:\s?(?:–|-|to|and|until)\s?(?:about\s)?"
    rf"{_ONE_DATE})?\b"
)
_YEAR = re.compile(r"\b\d{3,4}(?:\s?(?:BC|AD|BCE|CE))?\b")
_CAUSE = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|owing\s+to|as\s+a\s+result\s+of|in\s+order\s+to|"
    r"so\s+that)\s+",
    _I,
)
_MEANS = re.compile(r"\bby\s+(?=\w+ing\b)", _I)
_CLAUSE_END = re.compile(r"[,;:.!?()\"“”]|\s[–—-]\s")
_MODIFIER_OPENERS = frozenset(
    "the a an this that these those its their his her our of in on at for with from by as "
    "between among into , ( such".split()
)
_CALLING = re.compile(
    r"\b(?:called|known\s+as|named|termed|dubbed|nicknamed|titled|referred\s+to\s+as|or)\s+"
    r"(?:(?:the|a|an)\s+)?",
    _I,
)
_QUOTED = re.compile(r"“[^”]{2,120}”|\"[^\"]{2,120}\"|‘[^’]{2,120}’(?!\w)")
# A phrase after the question's verb or preposition ends before these.
_PHRASE_STOP = frozenset("which that who whom whose where when while because although but "
                         "is are was were has have had".split())  # fmt: skip
_OBJECT_LEAD = PLACE_WORDS | {"of", "with", "by", "on"}  # "invented ... of the turbine"
_MODIFIERS_MAX, _CALLED_MAX, _PHRASE_MAX, _PREPOSITION_NEAR = 3, 5, 8, 2


def _numbers(sentence: str, tokens: list[Token]) -> list[Range]:
    """Figures with their units and hedges; not years, nor a lone "one" (mostly a pronoun),
    nor compounds ("a seven-year low", "a 10-day truce"), which describe."""
    return [
        covering(tokens, *m.span())
        for m in _NUMBER.finditer(sentence)
        if not _YEAR_ONLY.fullmatch(m.group())
        and m.group().lower() != "one"
        and sentence[m.end() : m.end() + 1] != "-"
    ]


def _clauses_after(sentence: str, tokens: list[Token], cue: re.Pattern[str]) -> list[Range]:
    """What follows a cue ("because", "by") up to the end of its clause."""
    spans = []
    for m in cue.finditer(sentence):
        end = _CLAUSE_END.search(sentence, m.end())
        stop = end.start() if end else len(sentence.rstrip())
        if stop > m.end():
            spans.append(covering(tokens, m.end(), stop))
    return spans


def _called(sentence: str, tokens: list[Token]) -> list[Range]:
    """What a thing is called: a quotation or a few words after "known as", "called", "or"."""
    spans = []
    for m in _CALLING.finditer(sentence):
        quoted = _QUOTED.match(sentence, m.end())
        end = _CLAUSE_END.search(sentence, m.end())
        stop = end.start() if end else len(sentence.rstrip())
        if quoted:
            spans.append(covering(tokens, *quoted.span()))
        elif 0 < len(TOKEN.findall(sentence[m.end() : stop])) <= _CALLED_MAX:
            spans.append(covering(tokens, m.end(), stop))
    return spans


def _modifiers(tokens: list[Token], focus: frozenset[str]) -> list[Range]:
    """The new words just before the question's noun, which say which one it is: "moist
    tropical" in "reduced moist tropical vegetation cover" for "What kind of vegetation
    cover...?". They follow a determiner or a preposition as a noun phrase's do; words after
    a verb ("to enter public schools") do not count."""
    spans = []
    for k in (k for k in range(1, len(tokens)) if is_term(tokens, k, focus)):
        i = k
        while (
            i > 0
            and k - i < _MODIFIERS_MAX
            and not tokens[i - 1].asked
            and (tokenize(tokens[i - 1].text) and tokens[i - 1].text[0].islower())
        ):
            i -= 1
        if i < k and (i == 0 or tokens[i - 1].text.lower() in _MODIFIER_OPENERS):
            spans.append((i, k))
    return spans


def _phrase(tokens: list[Token], i: int) -> list[Range]:
    """The words from token `i` to the end of their clause, a relative pronoun, a verb
    "is"/"has" or one of the question's words, at most eight, less trailing function words."""
    j = i
    while (
        j < len(tokens)
        and j - i < _PHRASE_MAX
        and tokens[j].text not in LOOSE
        and tokens[j].text.lower() not in _PHRASE_STOP
        and not (tokens[j].asked and j > i)
    ):
        j += 1
    while j > i and not tokenize(tokens[j - 1].text):
        j -= 1
    return [(i, j)] if j > i else []


def _after_words(tokens: list[Token], words: frozenset[str]) -> list[Range]:
    """What follows one of `words` where the question's words stand just before it: for
    "What do plastoglobuli exchange contents with?" what follows "with"; for "Where do
    cacti have chloroplasts?", with no name after "in", "the stems" in "found in the stems"
    (the preposition left out as SQuAD's answers mostly leave it)."""
    return [
        span
        for k, t in enumerate(tokens)
        if t.text.lower() in words
        and any(x.asked for x in tokens[max(k - _PREPOSITION_NEAR, 0) : k])
        for span in _phrase(tokens, k + 1)
    ]


def _after_verb(question: Question, tokens: list[Token]) -> list[Range]:
    """For "What did Charles Parsons invent?": what follows "invented" (or "invention",
    the same term), less a leading preposition ("invention of the steam turbine")."""
    spans = []
    for k in (k for k in range(len(tokens)) if is_term(tokens, k, question.verb)):
        i = k + 1
        if i < len(tokens) and tokens[i].text.lower() in _OBJECT_LEAD:
            i += 1
        spans += [(i, j) for i, j in _phrase(tokens, i) if not tokens[i].asked]
    return spans


def candidates(question: Question, sentence: str, tokens: list[Token]) -> list[Range]:
    """The parts of the sentence that could answer, by the kind of answer asked for."""
    kind, focus = question.kind, question.focus
    if question.wants_number:
        return _numbers(sentence, tokens)
    if kind is AnswerType.DATE:
        return matches(_YEAR if question.wants_year else DATE, sentence, tokens)
    if kind is AnswerType.ENTITY:
        return [n for n in names(tokens) if not DATE.fullmatch(text_of(sentence, tokens, n))]
    if kind is AnswerType.PLACE:
        where = question.says("where")
        found = places(sentence, tokens, where, DATE)
        return found or (_after_words(tokens, PLACE_WORDS) if where else [])
    if kind is None and question.says("why"):
        return _clauses_after(sentence, tokens, _CAUSE)
    if kind is None and question.says("how"):
        return _clauses_after(sentence, tokens, _MEANS)
    found: list[Range] = []
    if kind is None and focus:
        found = [n for n in names(tokens) if named(tokens, n, focus)] + _modifiers(tokens, focus)
    if not found and question.asks_name:
        found = _called(sentence, tokens)
    if not found and kind is None and question.preposition:
        found = _after_words(tokens, frozenset([question.preposition]))
    if not found and kind is None and question.verb:
        found = _after_verb(question, tokens)
    if not found and question.asks_saying:
        found = matches(_QUOTED, sentence, tokens)
    return found
