"""What a question asks for: the kind of answer, the noun it names it by, its verb.

"When a pathogen is eaten, it is trapped in what vesicle?" asks in its main clause
("what vesicle?"), for a thing the noun "vesicle" names. "What did Charles Parsons
invent?" wants what follows "invent" in the sentence, "What do plastoglobuli exchange
contents with?" what follows "with". The question is read once per call, into `Question`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.rank.answer_types import AnswerType, question_type
from retrieval.text.tokenizer import tokenize

_I = re.IGNORECASE
_LEAD_CLAUSE = re.compile(
    r"\s*(?:when|where|if|after|before|while|once|since|although)\b(?!\s+(?:did|do|does|"
    r"is|was|were|are|will|would|can|could|has|have|had|should)\b)[^,?]*,\s*(.+)",
    _I,
)
_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", _I)
# The noun a question names its answer by: "Which Tennessee kicker...", "What type of
# authority...", "What was the US unemployment rate...".
_FOCUS = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+(?:the|a|an)\s+)?(?:(?:name|type|kind|"
    r"sort|form)s?\s+of\s+(?:the\s+|a\s+|an\s+)?)?((?:[\w’'-]+\s*){1,3})",
    _I,
)
_MEASURES = frozenset(tokenize("percentage percent percentile share price cost population "
                               "temperature wavelength distance speed rate number amount total "
                               "length height width depth weight area size age"))  # fmt: skip
_WHAT_YEAR = re.compile(r"\b(?:what|which) year\b", _I)
_ASKS_NAME = re.compile(
    r"\b(?:called|known|named|term|termed|word|name|nickname|nicknamed|title|titled|dubbed)\b",
    _I,
)
_ASKS_SAYING = re.compile(r"\b(?:say|said|says|tell|told|post|posted|write|wrote|call)\b", _I)
# "... exchange contents with?", "... created for what purpose?": the answer follows the
# preposition in the sentence.
_PREPOSITION = re.compile(
    r"\b(with|to|of|for|from|in|on|by|into|as|at|about)(?:\s+(?:what|which)\b|\s*\??\s*$)", _I
)
# "What did Charles Parsons invent?": the answer is the verb's object; the last word must
# be in lower case and not follow a determiner or a preposition.
_LAST_VERB = re.compile(
    r"^\s*what\s+(?:did|does|do|has|have|had|will|would|can|could|should|might|may)\s+.*?"
    r"(\S+)\s((?-i:[a-z])[\w'’-]*)\s*\?*\s*$",
    _I,
)
# A word after these is a noun, not the verb ("... the Yuan capital?", "... of income?").
_NOT_BEFORE_VERB = frozenset("the a an of in on at for with from by into their his her its our "
                             "this that these those some".split())  # fmt: skip


@dataclass(frozen=True, slots=True)
class Question:
    """A question as the rules read it."""

    text: str  # the main clause, which asks
    asked: frozenset[str]  # the terms of the whole question
    kind: AnswerType | None
    focus: frozenset[str]  # the terms of the noun it names its answer by
    preposition: str | None  # the one before "what" or at the end
    verb: frozenset[str]  # the terms of the last word of "What did X verb?"

    @property
    def wants_number(self) -> bool:
        return self.kind is AnswerType.NUMBER or (
            self.kind is None and bool(self.focus & _MEASURES)
        )

    @property
    def wants_year(self) -> bool:
        return bool(_WHAT_YEAR.search(self.text))

    def says(self, word: str) -> bool:
        return bool(re.search(rf"\b{word}\b", self.text, _I))

    @property
    def asks_name(self) -> bool:
        return bool(_ASKS_NAME.search(self.text))

    @property
    def asks_saying(self) -> bool:
        return self.kind is AnswerType.STATEMENT or bool(_ASKS_SAYING.search(self.text))


def main_clause(question: str) -> str:
    """The part that asks: "what vesicle?" in "When a pathogen is eaten, it is trapped in
    what vesicle?", whose "When" asks nothing."""
    m = _LEAD_CLAUSE.match(question)
    return m.group(1) if m and _WH.search(m.group(1)) else question


def focus(question: str) -> frozenset[str]:
    """The terms of the noun a "what" or "which" question names its answer by."""
    m = _FOCUS.search(question)
    terms: set[str] = set()
    for word in m.group(1).split() if m else ():
        if not tokenize(word, remember=False):
            break
        if not word[0].isupper():  # "Tennessee" in "Which Tennessee kicker" narrows it
            terms.update(tokenize(word, remember=False))
    return frozenset(terms)


def read(question: str) -> Question:
    main = main_clause(question)
    preposition = _PREPOSITION.search(main.strip())
    verb = _LAST_VERB.search(main)
    return Question(
        text=main,
        asked=frozenset(tokenize(question, remember=False)),
        kind=question_type(main),
        focus=focus(main),
        preposition=preposition.group(1).lower() if preposition else None,
        verb=frozenset(tokenize(verb.group(2), remember=False))
        if verb and verb.group(1).lower() not in _NOT_BEFORE_VERB
        else frozenset(),
    )
