"""The kind of answer a question asks for, and whether a sentence offers one.

"When was Durov arrested?" wants a date; a sentence about the arrest that
names a day outranks one that only repeats the question's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum


class AnswerType(Enum):
    NUMBER = "number"
    DATE = "date"
    ENTITY = "entity"
    PLACE = "place"
    STATEMENT = "statement"


# A verb reporting what someone said, in the forms a news sentence uses it in: "said",
# "adds". Forms that are also common nouns ("states", "claims", "posts") are left out,
# so that "member states" or "denied the claims" do not count as reported speech.
REPORTED_SPEECH = (
    r"says|said|tells|told|adds|added|stated|writes|wrote|posted|tweets|tweeted|announces|"
    r"announced|claimed|insists|insisted|argues|argued|explains|explained|commented|"
    r"responded|replied"
)
# The same verbs as a question asks with them: "What did she say?", "What has it said?"
_ASKED_SPEECH = (
    r"say|said|tell|told|add|added|state|stated|write|written|post|posted|tweet|tweeted|"
    r"announce|announced|claim|claimed|insist|insisted|argue|argued|explain|explained|"
    r"comment|commented|respond|responded|reply|replied"
)


_QUESTION_PATTERNS: list[tuple[AnswerType, re.Pattern[str]]] = [
    (
        AnswerType.NUMBER,
        re.compile(
            r"\bhow (?:many|much|long|old|far|large|big|tall|high|often)\b|"
            r"\bwhat (?:number|percentage|percent|amount|share|size|age)\b"
        ),
    ),
    (
        AnswerType.DATE,
        re.compile(
            r"\bwhen\b|\b(?:what|which|in what) (?:year|date|day|month|time|century|decade|era)\b"
        ),
    ),
    (
        AnswerType.PLACE,
        re.compile(
            r"\bwhere\b|\b(?:what|which|in what) (?:city|country|place|location|state|region|"
            r"town|continent|nation|area|airport|venue|stadium)\b"
        ),
    ),
    (
        AnswerType.ENTITY,
        re.compile(
            r"\bwho(?:m|se)?\b|\b(?:what|which) (?:person|company|organi[sz]ation|agency|group|"
            r"team|firm|party|newspaper|outlet|network|app|platform|name)\b|\bname of\b"
        ),
    ),
    # Last: "Who said ...?" wants the speaker, "What did she say?" what was said. "What
    # do the articles say about ...?" and "What can you tell me ...?" ask for anything.
    (
        AnswerType.STATEMENT,
        re.compile(
            r"\bwhat (?:did|does|do|has|have|had) "
            r"(?!(?:the |these |this )?(?:articles?|news|stor(?:y|ies)|reports?|you|we|i)\b)"
            rf"(?:[\w’'.-]+ ){{1,5}}(?:{_ASKED_SPEECH})\b"
        ),
    ),
]

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|percent"
)
_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_DATE = re.compile(
    rf"\b(?:1\d{{3}}|20\d{{2}})s?\b|\b(?:{_MONTHS})\b\.?|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:yesterday|today|tomorrow|tonight)\b|\b(?:last|next|this|earlier|later) "
    r"(?:night|week|weekend|month|year|summer|fall|autumn|winter|spring|decade)\b|"
    r"\b\d{1,2}(?:st|nd|rd|th) century\b|\b(?:century|decade|ago)\b",
    re.IGNORECASE,
)
# "How many jobs ...?" counts jobs: a sentence that gives a number of them ("slashed
# 30,000 jobs") answers it, where one that gives a number of something else does not.
_ASKED_UNIT = re.compile(r"\bhow (?:many|much) ([^\W\d_][\w'’-]*)", re.IGNORECASE)
_COUNT_WORD = re.compile(r"[\w.,%€$£'’-]+")
_COUNT = re.compile(
    r".*\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|"
    r"millions?|billions?)$",
    re.IGNORECASE,
)
# A word of two letters or more that is not the first of the sentence; `names` keeps
# those that are capitalised, in any script ("Łukasiewicz").
_WORD_AFTER_FIRST = re.compile(r"(?<=[\w,;:)”’\"'] )[^\W\d_][\w’'-]+")
# What was said: a quotation, or a reporting verb with the rest of its clause, which a
# question never holds whole even when it uses the same verb.
_STATEMENT = re.compile(
    rf"[“\"][^”\"]{{3,}}[”\"]|‘[^’]{{3,}}’(?!\w)|"
    rf"(?<![\w-])(?:{REPORTED_SPEECH}|according to|statement)\b[^.;:]*",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\b(?:in|at|near|outside|inside|from|to|across|into) (?:the )?([A-Z][\w-]+)")
# The kinds whose every match is a mention as it stands.
_WHOLE_MATCHES = {
    AnswerType.NUMBER: _NUMBER,
    AnswerType.DATE: _DATE,
    AnswerType.STATEMENT: _STATEMENT,
}


def question_type(question: str) -> AnswerType | None:
    """The kind of answer `question` asks for, if it says."""
    text = question.casefold()
    for answer_type, pattern in _QUESTION_PATTERNS:
        if pattern.search(text):
            return answer_type
    return None


def asked_unit(question: str) -> str | None:
    """The word a "how many" or "how much" question counts: "jobs" in "How many jobs ...?"."""
    found = _ASKED_UNIT.search(question)
    return found.group(1) if found else None


def counted(sentence: str) -> tuple[str, ...]:
    """The words within two of a number, after it, in `sentence`: what it counts
    ("30,000 jobs", "585 homes", "15 bus stops")."""
    words = _COUNT_WORD.findall(sentence)
    return tuple(
        after
        for n, word in enumerate(words)
        if _COUNT.match(word)
        for after in words[n + 1 : n + 3]
    )


def names(text: str) -> tuple[str, ...]:
    """The capitalised words of `text` after its first, as written: the names it gives."""
    return tuple(m.group() for m in _WORD_AFTER_FIRST.finditer(text) if m.group()[0].isupper())


def mentions(sentence: str, kind: AnswerType) -> tuple[str, ...]:
    """What `sentence` names of `kind`, case folded: its numbers, dates, places, names
    (these without a possessive "'s") or what it reports someone said."""
    whole = _WHOLE_MATCHES.get(kind)
    if whole is not None:
        return tuple(m.group().casefold() for m in whole.finditer(sentence))
    if kind is AnswerType.PLACE:
        found = tuple(m.group(1) for m in _PLACE.finditer(sentence))
    else:
        found = names(sentence)
    return tuple(name.casefold().rstrip("’'s") for name in found)


def offers(mentioned: Iterable[str], question_words: frozenset[str]) -> bool:
    """Whether a sentence naming `mentioned` (one kind's `mentions`) names one the
    question does not already say."""
    return any(m not in question_words for m in mentioned)
