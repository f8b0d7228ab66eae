"""The short answer: the part of a sentence that answers a question.

A reader who asks "How many seats did the party win?" wants to read "312" before the
sentence it came from ("seats" the question already says: SQuAD's annotators leave it
out, and adding it lost exact matches on the fit sets). Extractive readers (DrQA, Chen et
al. 2017; the SQuAD systems, Rajpurkar et al. 2016) return that span. This module finds
it with rules, in the way of rule-based answer typing (Moldovan, Harabagiu et al. 2000,
LASSO and Falcon; Hovy et al. 2001, Webclopedia): the question says what kind of answer
it wants, the sentence offers candidates of that kind (names, numbers with their units,
dates, places, a clause after "because"), and the candidate nearest the words the
question shares with the sentence wins. A candidate must say something the question does
not, and when none is clearly best there is no span: a wrong bold answer is worse than
none.

The rules and weights were fit on SQuAD v1.1 dev questions from articles outside
eval/squad/squad-dev-subset.json and on eval/news/fit.jsonl, never on the subset, dev_qa
or the news held-out half (``python -m benchmarks.spans`` measures all of them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.answer_types import AnswerType, question_type
from retrieval.tokenizer import tokenize


@dataclass(frozen=True, slots=True)
class Span:
    """A part of a sentence, by its character offsets: ``sentence[start:end] == text``."""

    text: str
    start: int
    end: int


_I = re.IGNORECASE
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[’'\-.,&/]\w+)*|[^\w\s]")
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
_KEPT_LEAD = frozenset("more less fewer greater higher lower than as up to at nearly almost "
                       "over under $ € £ ¥".split())  # fmt: skip
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
_DATE = re.compile(
    rf"\b(?:(?:from|between)\s)?{_ONE_DATE}(?:\s?(?:–|-|to|and|until)\s?(?:about\s)?"
    rf"{_ONE_DATE})?\b"
)
_YEAR = re.compile(r"\b\d{3,4}(?:\s?(?:BC|AD|BCE|CE))?\b")
_WHAT_YEAR = re.compile(r"\b(?:what|which) year\b", _I)
# Words that may stand inside a name ("Bank of England", "Wijk bij Duurstede").
_JOINERS = frozenset("of de du da di del della der den van von la le al bin bij aan upon am "
                     "sur y and".split())  # fmt: skip
_ABBREVIATIONS = frozenset("St Mt Ft Dr Mr Mrs Ms Jr Sr Gen Col Lt Sgt Rev Prof".split())
_OPENERS = frozenset(';:."“(')  # after these a capital says nothing: a sentence opens
# "People's Party": a possessive inside a name, not one before a noun ("Börte's marriage").
_PLURAL_OWNERS = frozenset("people women men children workers".split())
_PARTICLE = re.compile(r"(?:al|el|ad|as|bin|ibn|d|l|de|van|von|di)[’'-][A-Z]")
_PLACE_WORDS = frozenset("in at near from outside inside to into across throughout toward "
                         "towards through via within around along off beyond between "
                         "for".split())  # fmt: skip
_DEMONYM = re.compile(
    r"[A-Z][a-z]+(?:ian|ean|ese|ish|ic)|American|African|European|Asian|French|Dutch|German|"
    r"Greek|Roman|Mongol|Thai|Swiss|Arab|Afghan|Mongolian|Korean|Mexican"
)
_CAUSE = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|owing\s+to|as\s+a\s+result\s+of|in\s+order\s+to|"
    r"so\s+that)\s+",
    _I,
)
_MEANS = re.compile(r"\bby\s+(?=\w+ing\b)", _I)
_CLAUSE_END = re.compile(r"[,;:.!?()\"“”]|\s[–—-]\s")
_LOOSE = frozenset(",;:.!?\"'“”‘’(-–—")  # punctuation a span does not end on
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
_MODIFIER_OPENERS = frozenset(
    "the a an this that these those its their his her our of in on at for with from by as "
    "between among into , ( such".split()
)
_CALLED = frozenset("called named titled dubbed : — –".split())
_ASKS_NAME = re.compile(
    r"\b(?:called|known|named|term|termed|word|name|nickname|nicknamed|title|titled|dubbed)\b",
    _I,
)
_CALLING = re.compile(
    r"\b(?:called|known\s+as|named|termed|dubbed|nicknamed|titled|referred\s+to\s+as|or)\s+"
    r"(?:(?:the|a|an)\s+)?",
    _I,
)
_ASKS_SAYING = re.compile(r"\b(?:say|said|says|tell|told|post|posted|write|wrote|call)\b", _I)
_QUOTED = re.compile(r"“[^”]{2,120}”|\"[^\"]{2,120}\"|‘[^’]{2,120}’(?!\w)")
# Weights, fit on the SQuAD and news fit questions (see the module's docstring).
_NAMED_BONUS, _AGENT_BONUS, _PLACE_BONUS, _NOT_AGENT = 10.0, 1.0, 2.0, 1.0
_MARGINS = {AnswerType.ENTITY: 0.1, AnswerType.PLACE: 0.1}
_MODIFIERS_MAX, _CALLED_MAX, _APPOSITIVE_MAX = 3, 5, 12


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    asked: bool  # one of the question's own words (the same stemmed term)


Range = tuple[int, int]  # tokens [i, j)


def _tokens(sentence: str, asked: frozenset[str]) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(sentence):
        terms = tokenize(m.group())
        tokens.append(_Token(m.group(), m.start(), m.end(), bool(terms) and set(terms) <= asked))
    return tokens


def _capitalised(tokens: list[_Token], i: int) -> bool:
    """Whether token `i` starts with a capital, or is "al-Turabi" or "d'Estaing"."""
    return 0 <= i < len(tokens) and (
        tokens[i].text[0].isupper() or bool(_PARTICLE.match(tokens[i].text))
    )


def _name_goes_on(tokens: list[_Token], j: int, start: int) -> bool:
    """Whether the name begun at token `start` goes on at `j`: a capitalised word, a joiner
    before one, "the" after a first name ("Alfred the Great"), an initial's full stop."""
    before, word = tokens[j - 1].text, tokens[j].text if j < len(tokens) else ""
    if _capitalised(tokens, j):
        return not before.endswith(("’s", "'s")) or before[:-2].lower() in _PLURAL_OWNERS
    if word in _JOINERS:
        the = j + 1 < len(tokens) and tokens[j + 1].text == "the"
        return _capitalised(tokens, j + 2 if the else j + 1)
    if word == "the" and (before in _JOINERS or j - 1 == start):
        return _capitalised(tokens, j + 1)
    initial = (len(before) == 1 and before.isupper()) or before in _ABBREVIATIONS
    return word == "." and initial and _capitalised(tokens, j + 1)


def _names(tokens: list[_Token]) -> list[Range]:
    """Runs of capitalised words. A sentence's first word counts only when the name goes on
    after it: every sentence starts with a capital."""
    runs, i = [], 0
    while i < len(tokens):
        opens = i == 0 or tokens[i - 1].text in _OPENERS
        if _capitalised(tokens, i) and (not opens or _name_goes_on(tokens, i + 1, i)):
            j = i + 1
            while j < len(tokens) and _name_goes_on(tokens, j, i):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _range(tokens: list[_Token], start: int, end: int) -> Range:
    """The tokens that characters [start, end) cover."""
    first = next(i for i, t in enumerate(tokens) if t.end > start)
    return first, max(i for i, t in enumerate(tokens) if t.start < end) + 1


def _matches(pattern: re.Pattern[str], sentence: str, tokens: list[_Token]) -> list[Range]:
    return [_range(tokens, *m.span()) for m in pattern.finditer(sentence) if m.group()]


def _text(sentence: str, tokens: list[_Token], span: Range) -> str:
    return sentence[tokens[span[0]].start : tokens[span[1] - 1].end]


def _numbers(sentence: str, tokens: list[_Token]) -> list[Range]:
    """Figures with their units and hedges; not years, nor a lone "one" (mostly a pronoun),
    nor compounds ("a seven-year low", "a 10-day truce"), which describe."""
    return [
        _range(tokens, *m.span())
        for m in _NUMBER.finditer(sentence)
        if not _YEAR_ONLY.fullmatch(m.group())
        and m.group().lower() != "one"
        and sentence[m.end() : m.end() + 1] != "-"
    ]


def _places(sentence: str, tokens: list[_Token], where: bool) -> list[Range]:
    """Names that are not dates, also with a following ", Country" ("Graz, Austria"). For
    "where" only names after "in", "at", "near" and the like."""
    places = []
    for i, j in _names(tokens):
        if _DATE.fullmatch(_text(sentence, tokens, (i, j))) or (where and not _placed(tokens, i)):
            continue
        after = [t.text for t in tokens[j : j + 3]] + ["", "", ""]
        # "Graz, Austria", but "Paris, Lyon, Nice" is a list, not a city and its country.
        country = _capitalised(tokens, j + 1) and not _capitalised(tokens, j + 2)
        if after[0] == "," and country and after[2] != ",":
            places.append((i, j + 2))
        places.append((i, j))
    return places


def _placed(tokens: list[_Token], i: int) -> bool:
    """Whether a name follows "in", "at", "near" and the like ("the" between)."""
    b = i - 2 if i > 1 and tokens[i - 1].text.lower() == "the" else i - 1
    return b >= 0 and tokens[b].text.lower() in _PLACE_WORDS


def _clauses_after(sentence: str, tokens: list[_Token], cue: re.Pattern[str]) -> list[Range]:
    """What follows a cue ("because", "by") up to the end of its clause."""
    spans = []
    for m in cue.finditer(sentence):
        end = _CLAUSE_END.search(sentence, m.end())
        stop = end.start() if end else len(sentence.rstrip())
        if stop > m.end():
            spans.append(_range(tokens, m.end(), stop))
    return spans


def _called(sentence: str, tokens: list[_Token]) -> list[Range]:
    """What a thing is called: a quotation or a few words after "known as", "called", "or"."""
    spans = []
    for m in _CALLING.finditer(sentence):
        quoted = _QUOTED.match(sentence, m.end())
        end = _CLAUSE_END.search(sentence, m.end())
        stop = end.start() if end else len(sentence.rstrip())
        if quoted:
            spans.append(_range(tokens, *quoted.span()))
        elif 0 < len(_TOKEN.findall(sentence[m.end() : stop])) <= _CALLED_MAX:
            spans.append(_range(tokens, m.end(), stop))
    return spans


def _main_clause(question: str) -> str:
    """The part that asks: "what vesicle?" in "When a pathogen is eaten, it is trapped in
    what vesicle?", whose "When" asks nothing."""
    m = _LEAD_CLAUSE.match(question)
    return m.group(1) if m and _WH.search(m.group(1)) else question


def _focus(question: str) -> frozenset[str]:
    """The terms of the noun a "what" or "which" question names its answer by."""
    m = _FOCUS.search(question)
    terms: set[str] = set()
    for word in m.group(1).split() if m else ():
        if not tokenize(word):
            break
        if not word[0].isupper():  # "Tennessee" in "Which Tennessee kicker" narrows it
            terms.update(tokenize(word))
    return frozenset(terms)


def _is_focus(tokens: list[_Token], k: int, focus: frozenset[str]) -> bool:
    terms = set(tokenize(tokens[k].text)) if 0 <= k < len(tokens) else set()
    return bool(terms) and terms <= focus


def _named(tokens: list[_Token], span: Range, focus: frozenset[str]) -> bool:
    """Whether the question's noun names the span: it ends it ("Tower District" for "Which
    district"), follows it ("the Saudi monarchy") or comes before it ("a series titled
    Torchwood", "the soap opera Dallas")."""
    i, j = span
    before = i - 2 if i > 1 and tokens[i - 1].text.lower() in _CALLED else i - 1
    return any(_is_focus(tokens, k, focus) for k in (j - 1, j, before))


def _modifiers(tokens: list[_Token], focus: frozenset[str]) -> list[Range]:
    """The new words just before the question's noun, which say which one it is: "moist
    tropical" in "reduced moist tropical vegetation cover" for "What kind of vegetation
    cover...?". They follow a determiner or a preposition as a noun phrase's do; words after
    a verb ("to enter public schools") do not count."""
    spans = []
    for k in (k for k in range(1, len(tokens)) if _is_focus(tokens, k, focus)):
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


def _candidates(
    question: str, kind: AnswerType | None, sentence: str, tokens: list[_Token]
) -> list[Range]:
    """The parts of the sentence that could answer, by the kind of answer asked for."""
    folded, focus = question.casefold(), _focus(question)
    if kind is AnswerType.NUMBER or (kind is None and focus & _MEASURES):
        return _numbers(sentence, tokens)
    if kind is AnswerType.DATE:
        return _matches(_YEAR if _WHAT_YEAR.search(question) else _DATE, sentence, tokens)
    if kind is AnswerType.ENTITY:
        return [n for n in _names(tokens) if not _DATE.fullmatch(_text(sentence, tokens, n))]
    if kind is AnswerType.PLACE:
        return _places(sentence, tokens, bool(re.search(r"\bwhere\b", folded)))
    if kind is None and re.search(r"\bwhy\b", folded):
        return _clauses_after(sentence, tokens, _CAUSE)
    if kind is None and re.search(r"\bhow\b", folded):
        return _clauses_after(sentence, tokens, _MEANS)
    found: list[Range] = []
    if kind is None and focus:
        found = [n for n in _names(tokens) if _named(tokens, n, focus)] + _modifiers(tokens, focus)
    if not found and _ASKS_NAME.search(question):
        found = _called(sentence, tokens)
    if not found and (kind is AnswerType.STATEMENT or _ASKS_SAYING.search(question)):
        found = _matches(_QUOTED, sentence, tokens)
    return found


def _trimmed(tokens: list[_Token], i: int, j: int) -> Range:
    """A range less function words at its start ("the" stays before a clause, a hedge or
    a currency before a figure) and loose punctuation at its end, and less the question's
    words at either end unless it is a name: "312" for "How many seats...?", but "Ohio
    Company of Virginia" whole (cutting asked words out of names lost more than it won)."""
    name = _capitalised(tokens, j - 1)
    while i < j and (
        (tokens[i].asked and not name)
        or (
            not tokenize(tokens[i].text)
            and tokens[i].text.lower() not in _KEPT_LEAD
            and (name or i + 1 >= j or not tokens[i + 1].text[0].islower())
        )
    ):
        i += 1
    while j > i and (tokens[j - 1].text in _LOOSE or (tokens[j - 1].asked and not name)):
        j -= 1
    return i, j


def _closeness(span: Range, tokens: list[_Token]) -> float:
    """How near the span stands to the question's words, in words: the answer sits beside
    the words its question shares with the sentence (the distance idea of Richardson et
    al. 2013's MCTest baselines, which the SQuAD paper also ran)."""
    i, j = span
    return sum(1 / (1 + max(i - k - 1, k - j, 0))
               for k, t in enumerate(tokens) if t.asked and not i <= k < j)  # fmt: skip


def _agent(tokens: list[_Token], i: int, j: int) -> bool:
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


def _qualifier(tokens: list[_Token], i: int, j: int) -> bool:
    """Whether a name only qualifies a word: a possessive ("Börte's marriage"), a people's
    adjective ("British") or a short acronym ("AC motor")."""
    only = tokens[i].text if j - i == 1 else ""
    return (tokens[j - 1].text.endswith(("’s", "'s")) or bool(_DEMONYM.fullmatch(only))
            or (only.isupper() and len(only) <= 2))  # fmt: skip


def _ranked(question: str, sentence: str) -> list[tuple[float, Span]]:
    """The candidates that say something the question does not, best first, with scores."""
    asked, main = frozenset(tokenize(question)), _main_clause(question)
    kind, focus, tokens = question_type(main), _focus(main), _tokens(sentence, asked)
    scored: dict[Range, float] = {}
    for i, j in _candidates(main, kind, sentence, tokens):
        i, j = _trimmed(tokens, i, j)
        if i == j or set(tokenize(_text(sentence, tokens, (i, j)))) <= asked:
            continue
        # Named by the question's noun ("Tower District" for "Which district") beats nearer.
        score = _closeness((i, j), tokens) + _NAMED_BONUS * _named(tokens, (i, j), focus)
        if kind is AnswerType.PLACE:
            score += _PLACE_BONUS * _placed(tokens, i) - _NOT_AGENT * _qualifier(tokens, i, j)
        if kind is AnswerType.ENTITY:
            score += _AGENT_BONUS * _agent(tokens, i, j) - _NOT_AGENT * _qualifier(tokens, i, j)
        scored[i, j] = score
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return [(s, Span(_text(sentence, tokens, r), tokens[r[0]].start, tokens[r[1] - 1].end))
            for r, s in ranked]  # fmt: skip


def find_span(question: str, sentence: str) -> Span | None:
    """The shortest part of `sentence` that answers `question`, or None when unsure."""
    ranked = _ranked(question, sentence)
    if not ranked:
        return None
    # Two names about as near the question's words are a coin toss: no bold answer then.
    margin = _MARGINS.get(question_type(_main_clause(question)), 0.0)
    if len(ranked) > 1 and ranked[1][0] > (1 - margin) * ranked[0][0]:
        return None
    return ranked[0][1]
