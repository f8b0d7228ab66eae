"""The short answer: the part of a sentence that answers a question.

A reader who asks "How many seats did the party win?" wants to read "312 seats" before
the sentence it came from. Extractive readers (DrQA, Chen et al. 2017; the SQuAD
systems, Rajpurkar et al. 2016) return that span; this module finds it with rules, in
the tradition of rule-based answer typing (Moldovan, Harabagiu et al. 2000, LASSO/Falcon;
Hovy et al. 2001, Webclopedia): the question says what kind of answer it wants, the
sentence offers candidates of that kind (names, numbers with their units, dates,
places, a clause after "because"), and the candidate nearest the words the question
shares with the sentence wins, unless it repeats the question's own words. When no
candidate is clearly best there is no span: a wrong bold answer is worse than none.

Fit on SQuAD v1.1 dev questions from articles outside eval/squad/squad-dev-subset.json
(each on its gold sentence) and on eval/news/fit.jsonl; never on the subset, dev_qa or
the news held-out half (``python -m benchmarks.spans`` reports those).
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


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:[’'\-.,&/]\w+)*|[^\w\s]")
_NUMBER_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|"
    r"a third|a quarter|a half"
)
_UNIT = (
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|"
    r"km2?|kilomet(?:re|er)s?|miles?|mi|metres?|meters?|m|cm|mm|feet|foot|ft|inch(?:es)?|"
    r"pounds?|lbs?|kg|kilograms?|grams?|tons?|tonnes?|acres?|hectares?|square \w+|sq \w+|"
    r"degrees?|°[CF]?|volts?|watts?|kW|MW|GW|mph|km/h|dollars?|euros?|francs?|yen|"
    r"times|points?|percentage points?"
)
# "more than 35 percent": the hedge is part of the figure a reader is told.
_APPROXIMATELY = (
    r"(?:more|less|fewer|greater|higher|lower) than|as (?:much|many|little|few) as|up to|"
    r"at least|at most|nearly|almost|over|under"
)
_NUMBER_LEAD = frozenset(
    "more less fewer greater higher lower than as much many little few up to at least most "
    "nearly almost about around over under roughly approximately some an estimated just "
    "close $ € £ ¥".split()
)
_NUMERAL = (
    rf"(?:(?:US|A|C|HK)?[$€£¥]\s?)?(?:\d+(?:[.,]\d+)*|(?:{_NUMBER_WORD})(?:[\s-](?:{_NUMBER_WORD}))*)"
    r"(?:\s(?:hundred|thousand|million|billion|trillion|bn)\b)?(?:\s?%|\s(?:percent|per cent)\b)?"
)
_NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?:{_APPROXIMATELY})\s)?{_NUMERAL}(?:\s?(?:–|-|to|or|and)\s?{_NUMERAL})?(?![\w])"
    rf"(?:\s(?:{_UNIT})\b)?",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"(?:1\d|20)\d\d")
_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_DAY = (
    rf"(?:(?:{_MONTH})\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?(?:{_MONTH})(?:,?\s\d{{4}})?)"
)
_ONE_DATE = (
    rf"(?:{_DAY}|(?:(?:early|mid|late)[\s-])?(?:{_MONTH})(?:,?\s\d{{4}})|"
    r"(?:the\s)?(?:(?:early|mid|late)[\s-])?\d{3,4}s|"
    r"(?:the\s)?\d{1,2}(?:st|nd|rd|th)[\s-]century(?:\s(?:BC|AD|BCE|CE))?|"
    r"\d{3,4}(?:\s?(?:BC|AD|BCE|CE))?|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
)
_DATE = re.compile(
    rf"\b(?:(?:from|between)\s)?{_ONE_DATE}(?:\s?(?:–|-|to|and|until)\s?(?:about\s)?{_ONE_DATE})?\b"
)
_YEAR = re.compile(r"\b\d{3,4}(?:\s?(?:BC|AD|BCE|CE))?\b")
# Function words that may stand inside a name ("Bank of England", "Wijk bij Duurstede").
_NAME_JOINERS = frozenset(
    "of de du da di del della der den van von la le al bin bij aan upon am sur y and".split()
)
_ABBREVIATIONS = frozenset("St Mt Ft Dr Mr Mrs Ms Jr Sr Gen Col Lt Sgt Rev Prof".split())
_OPENERS = frozenset(';:."“(')
# "People's Party", "Women's Hospital": a possessive inside a name, not before a noun.
_PLURAL_OWNERS = frozenset("people women men children workers".split())
_PARTICLE = re.compile(r"(?:al|el|ad|as|bin|ibn|d|l|de|van|von|di)[’'-][A-Z]")
_PLACE_BEFORE = frozenset(
    """in at near from outside inside to into across throughout toward towards through via
    within around along off beyond between for""".split()
)
_CAUSE = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|owing\s+to|as\s+a\s+result\s+of|in\s+order\s+to|"
    r"so\s+that)\s+",
    re.IGNORECASE,
)
_MANNER = re.compile(r"\bby\s+(?=\w+ing\b)", re.IGNORECASE)
_LEAD_CLAUSE = re.compile(
    r"\s*(?:when|where|if|after|before|while|once|since|although)\b"
    r"(?!\s+(?:did|do|does|is|was|were|are|will|would|can|could|has|have|had|should)\b)"
    r"[^,?]*,\s*(.+)",
    re.IGNORECASE,
)
_WH = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?()\"“”]|\s[–—-]\s")
_LOOSE_PUNCTUATION = frozenset(",;:.!?\"'“”‘’(-–—")
# What the question names its answer by: "Which Tennessee kicker...", "What type of
# authority...", "What was the US unemployment rate...".
_FOCUS = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+(?:the|a|an)\s+)?"
    r"(?:(?:name|type|kind|sort|form)s?\s+of\s+(?:the\s+|a\s+|an\s+)?)?"
    r"((?:[\w’'-]+\s*){1,3})",
    re.IGNORECASE,
)
_MODIFIERS_MAX = 3
_NAMED_BONUS = 10.0
_AGENT_BONUS = 1.0
_PLACE_BONUS = 2.0
_MARGINS = {AnswerType.ENTITY: 0.1, AnswerType.PLACE: 0.1}
_CALLED_MAX = 5
_CALLED_ASKED = re.compile(
    r"\b(?:called|known|named|term|termed|word|name|nickname|nicknamed|title|titled|dubbed)\b",
    re.IGNORECASE,
)
_CALLING = re.compile(
    r"\b(?:called|known\s+as|named|termed|dubbed|nicknamed|titled|referred\s+to\s+as|"
    r"or)\s+(?:(?:the|a|an)\s+)?",
    re.IGNORECASE,
)
_SAY_ASKED = re.compile(r"\b(?:say|said|says|tell|told|post|posted|write|wrote|call)\b", re.I)
_QUOTED = re.compile(r"“[^”]{2,120}”|\"[^\"]{2,120}\"|‘[^’]{2,120}’(?!\w)")
_WHERE_STRICT = 1
_NOT_AGENT = 1.0
_APPOSITIVE_MAX = 12
_DEMONYM = re.compile(
    r"[A-Z][a-z]+(?:ian|ean|ese|ish|ic)|American|African|European|Asian|French|Dutch|"
    r"German|Greek|Roman|Mongol|Thai|Swiss|Arab|Afghan|Mongolian|Korean|Mexican"
)
_CALLED = frozenset("called named titled dubbed".split())
_INTRODUCING = frozenset(":—–")
_PHRASE_OPENERS = frozenset(
    "the a an this that these those its their his her our of in on at for with from by as "
    "between among into , ( such".split()
)
_MEASURES = frozenset(
    tokenize(
        "percentage percent percentile share price cost population temperature wavelength "
        "distance speed rate number amount total length height width depth weight area "
        "size age"
    )
)
_WHAT_YEAR = re.compile(r"\b(?:what|which) year\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    asked: bool  # a word of the question's own (the same stemmed term)


def _tokens(sentence: str, asked: frozenset[str]) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(sentence):
        terms = tokenize(m.group())
        tokens.append(
            _Token(m.group(), m.start(), m.end(), bool(terms) and all(t in asked for t in terms))
        )
    return tokens


def _new_words(text: str, asked: frozenset[str]) -> int:
    """How many content words of `text` the question does not hold."""
    return sum(t not in asked for t in tokenize(text))


def _capitalised(tokens: list[_Token], i: int) -> bool:
    """Whether token `i` starts with a capital, or is "al-Turabi" or "d'Estaing"."""
    if not 0 <= i < len(tokens):
        return False
    word = tokens[i].text
    return word[0].isupper() or bool(_PARTICLE.match(word))


def _name_continues(tokens: list[_Token], j: int, start: int) -> bool:
    """Whether the name that begins at token `start` goes on at token `j`: a capitalised
    word, a joiner before one, "the" after a first name ("Alfred the Great"), or the
    full stop of an initial ("John D. Rockefeller")."""
    if _capitalised(tokens, j):
        before = tokens[j - 1].text
        return not before.endswith(("’s", "'s")) or before[:-2].lower() in _PLURAL_OWNERS
    word = tokens[j].text if j < len(tokens) else ""
    if word in _NAME_JOINERS:
        after = j + 2 if j + 1 < len(tokens) and tokens[j + 1].text == "the" else j + 1
        return _capitalised(tokens, after)
    if word == "the" and (tokens[j - 1].text in _NAME_JOINERS or j - 1 == start):
        return _capitalised(tokens, j + 1)
    before = tokens[j - 1].text
    short = (len(before) == 1 and before.isupper()) or before in _ABBREVIATIONS
    return word == "." and short and _capitalised(tokens, j + 1)


def _names(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Runs of capitalised words (token ranges): names. A sentence's first word counts
    only when the name goes on after it, since every sentence starts with a capital."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        opens = i == 0 or tokens[i - 1].text in _OPENERS
        if _capitalised(tokens, i) and (not opens or _name_continues(tokens, i + 1, i)):
            j = i + 1
            while j < len(tokens) and _name_continues(tokens, j, i):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _text(sentence: str, tokens: list[_Token], span: tuple[int, int]) -> str:
    return sentence[tokens[span[0]].start : tokens[span[1] - 1].end]


def _token_range(tokens: list[_Token], start: int, end: int) -> tuple[int, int]:
    first = next(i for i, t in enumerate(tokens) if t.end > start)
    last = max(i for i, t in enumerate(tokens) if t.start < end)
    return first, last + 1


def _matches(
    pattern: re.Pattern[str], sentence: str, tokens: list[_Token]
) -> list[tuple[int, int]]:
    return [_token_range(tokens, *m.span()) for m in pattern.finditer(sentence) if m.group()]


def _numbers(sentence: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Numbers with their units, less years and a lone "one" (mostly a pronoun)."""
    kept = []
    for m in _NUMBER.finditer(sentence):
        if _YEAR_ONLY.fullmatch(m.group()) or m.group().lower() == "one":
            continue
        # "a seven-year low", "a 10-day ceasefire": a compound describes, it is no amount.
        if sentence[m.end() : m.end() + 1] == "-":
            continue
        kept.append(_token_range(tokens, *m.span()))
    return kept


def _places(sentence: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Names that are not dates, each with a following ", Country" ("Graz, Austria")."""
    places = []
    for i, j in _names(tokens):
        if _DATE.fullmatch(_text(sentence, tokens, (i, j))):
            continue
        if (
            j + 1 < len(tokens)
            and tokens[j].text == ","
            and _capitalised(tokens, j + 1)
            and not _capitalised(tokens, j + 2)
            and (j + 2 >= len(tokens) or tokens[j + 2].text != ",")
        ):
            places.append((i, j + 2))
        places.append((i, j))
    return places


def _after_place_word(tokens: list[_Token], i: int) -> bool:
    """Whether a name follows "in", "at", "near" and the like (with "the" between)."""
    b = i - 1
    if b > 0 and tokens[b].text.lower() == "the":
        b -= 1
    return b >= 0 and tokens[b].text.lower() in _PLACE_BEFORE


def _clauses_after(
    sentence: str, tokens: list[_Token], cue: re.Pattern[str]
) -> list[tuple[int, int]]:
    """What follows a cue ("because", "by") up to the end of its clause."""
    spans = []
    for m in cue.finditer(sentence):
        end = _CLAUSE_END.search(sentence, m.end())
        stop = end.start() if end else len(sentence.rstrip())
        if stop > m.end():
            spans.append(_token_range(tokens, m.end(), stop))
    return spans


def _main_clause(question: str) -> str:
    """The part of a question that asks: "what vesicle?" in "When a pathogen has been
    eaten, it is trapped in what vesicle?", whose "When" asks nothing."""
    m = _LEAD_CLAUSE.match(question)
    return m.group(1) if m and _WH.search(m.group(1)) else question


def _candidates(question: str, sentence: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """Token ranges of the sentence that could answer `question`, by the kind of answer
    it asks for."""
    question = _main_clause(question)
    kind = question_type(question)
    folded = question.casefold()
    if kind is AnswerType.NUMBER:
        return _numbers(sentence, tokens)
    if kind is AnswerType.DATE:
        return _matches(_YEAR if _WHAT_YEAR.search(question) else _DATE, sentence, tokens)
    if kind is AnswerType.ENTITY:
        return [n for n in _names(tokens) if not _DATE.fullmatch(_text(sentence, tokens, n))]
    if kind is AnswerType.PLACE:
        places = _places(sentence, tokens)
        if _WHERE_STRICT and re.search(r"\bwhere\b", folded):
            return [p for p in places if _after_place_word(tokens, p[0])]
        return places
    if kind is None and re.search(r"\bwhy\b", folded):
        return _clauses_after(sentence, tokens, _CAUSE)
    if kind is None and re.search(r"\bhow\b", folded):
        return _clauses_after(sentence, tokens, _MANNER)
    focus = _focus(question)
    if kind is None and focus & _MEASURES:
        return _numbers(sentence, tokens)
    found: list[tuple[int, int]] = []
    if kind is None and focus:
        found = [n for n in _names(tokens) if _named(tokens, n, focus)] + _modifiers(tokens, focus)
    if kind in (None, AnswerType.STATEMENT) and not found:
        if _CALLED_ASKED.search(question):
            found = _called(sentence, tokens)
        if not found and (kind is AnswerType.STATEMENT or _SAY_ASKED.search(question)):
            found = _matches(_QUOTED, sentence, tokens)
    return found


def _called(sentence: str, tokens: list[_Token]) -> list[tuple[int, int]]:
    """What a thing is called: a quotation, a name or a few words after "known as",
    "called" and the like ("a vesicle called a phagosome")."""
    spans = []
    for m in _CALLING.finditer(sentence):
        quoted = _QUOTED.match(sentence, m.end())
        if quoted:
            spans.append(_token_range(tokens, *quoted.span()))
            continue
        end = _CLAUSE_END.search(sentence, m.end())
        stop = end.start() if end else len(sentence.rstrip())
        words = _TOKEN.findall(sentence[m.end() : stop])
        if 0 < len(words) <= _CALLED_MAX:
            spans.append(_token_range(tokens, m.end(), stop))
    return spans


def _focus(question: str) -> frozenset[str]:
    """The terms of the noun a "what" question names its answer by: "processes" in
    "What processes...?", "authority" in "What type of authority...?"."""
    m = _FOCUS.search(question)
    if not m:
        return frozenset()
    terms: set[str] = set()
    for word in m.group(1).split():
        found = tokenize(word)
        if not found:
            break
        # "Tennessee" in "Which Tennessee kicker" narrows the noun; it is not the noun.
        if not word[0].isupper():
            terms.update(found)
    return frozenset(terms)


def _is_focus(tokens: list[_Token], j: int, focus: frozenset[str]) -> bool:
    terms = set(tokenize(tokens[j].text)) if 0 <= j < len(tokens) else set()
    return bool(terms) and terms <= focus


def _named(tokens: list[_Token], span: tuple[int, int], focus: frozenset[str]) -> bool:
    """Whether the question's noun names the span: it ends it ("Tower District" for
    "Which district...?"), follows it ("the Saudi monarchy") or comes just before it
    ("the soap opera Dallas", "a series titled Torchwood")."""
    i, j = span
    before = i - 1
    if before > 0 and tokens[before].text.lower() in _CALLED | _INTRODUCING:
        before -= 1
    return any(_is_focus(tokens, k, focus) for k in (j - 1, j, before))


def _modifiers(tokens: list[_Token], focus: frozenset[str]) -> list[tuple[int, int]]:
    """The new words just before the focus noun, which say which one it is: "moist
    tropical" in "with reduced moist tropical vegetation cover" for "What kind of
    vegetation cover...?". They must follow a determiner or a preposition, as a noun
    phrase's modifiers do; a verb ("to enter public schools") does not."""
    spans = []
    for k in range(1, len(tokens)):
        if not _is_focus(tokens, k, focus):
            continue
        i = k
        while (
            i > 0
            and k - i < _MODIFIERS_MAX
            and not tokens[i - 1].asked
            and tokenize(tokens[i - 1].text)
            and tokens[i - 1].text[0].islower()
        ):
            i -= 1
        if i < k and (i == 0 or tokens[i - 1].text.lower() in _PHRASE_OPENERS):
            spans.append((i, k))
    return spans


def _trimmed(tokens: list[_Token], i: int, j: int) -> tuple[int, int]:
    """A range less function words at its start and loose punctuation at its end, and,
    unless it is a name, less the question's words at either end: "312" for "How many
    seats...?". A name stays whole ("Tower District" for "Which district...?", "Ohio
    Company of Virginia"): cutting the asked words out of names lost more than it won."""
    name = _capitalised(tokens, j - 1)
    while i < j and (
        # "the" before a name goes ("the Court of Justice"), before a clause it stays.
        (
            not tokenize(tokens[i].text)
            and tokens[i].text.lower() not in _NUMBER_LEAD
            and (name or i + 1 >= j or not tokens[i + 1].text[0].islower())
        )
        or (tokens[i].asked and not name)
    ):
        i += 1
    while j > i and (
        tokens[j - 1].text in _LOOSE_PUNCTUATION or (tokens[j - 1].asked and not name)
    ):
        j -= 1
    return i, j


def _closeness(span: tuple[int, int], tokens: list[_Token]) -> float:
    """How near a span stands to the question's words in the sentence, in words: the
    answer sits beside the words its question shares with the sentence."""
    i, j = span
    return sum(
        1 / (1 + max(i - k - 1, k - j, 0))
        for k, t in enumerate(tokens)
        if t.asked and not i <= k < j
    )


def _agent(tokens: list[_Token], i: int, j: int) -> bool:
    """Whether a name stands where the doer of one of the question's words does: just
    before it ("Christopher Eccleston recorded", "Jon Pertwee, who had played the Third
    Doctor, recorded") or after it and "by" ("licensed by George Westinghouse")."""
    k = j
    if k < len(tokens) and tokens[k].text == ",":
        close = next((n for n in range(k + 1, len(tokens)) if tokens[n].text == ","), None)
        k = close + 1 if close is not None and close - k <= _APPOSITIVE_MAX else k
    if k < len(tokens) and tokens[k].asked:
        return True
    # Skip what may stand between "by" and the name: "by the BBC", "by a young Roone".
    b = i - 1
    while b > 0 and (
        tokens[b].text.lower() in ("the", "a", "an")
        or (tokens[b].text[0].islower() and tokens[b - 1].text == "by" and not tokens[b].asked)
    ):
        b -= 1
    return b > 0 and tokens[b].text == "by" and any(t.asked for t in tokens[max(b - 3, 0) : b])


def _modifier(tokens: list[_Token], i: int, j: int) -> bool:
    """Whether a name only qualifies another word: a possessive ("Börte's marriage"), a
    people's adjective ("British", "Canadian") or a short acronym ("AC motor")."""
    words = tokens[i:j]
    if words[-1].text.endswith(("’s", "'s")):
        return True
    only = words[0].text if len(words) == 1 else ""
    return bool(_DEMONYM.fullmatch(only)) or (only.isupper() and len(only) <= 2)


def _ranked(question: str, sentence: str) -> list[tuple[float, Span]]:
    """The candidate spans that say something new, best first, with their scores."""
    asked = frozenset(tokenize(question))
    tokens = _tokens(sentence, asked)
    kind = question_type(_main_clause(question))
    focus = _focus(_main_clause(question))
    scored: dict[tuple[int, int], float] = {}
    for i, j in _candidates(question, sentence, tokens):
        i, j = _trimmed(tokens, i, j)
        if i < j and _new_words(sentence[tokens[i].start : tokens[j - 1].end], asked):
            # A candidate named by the question's noun ("Tower District" for "Which
            # district") or naming it ("Saudi" in "the Saudi monarchy") beats any nearer.
            named = _named(tokens, (i, j), focus)
            score = _closeness((i, j), tokens) + _NAMED_BONUS * named
            if kind is AnswerType.PLACE:
                score += _PLACE_BONUS * _after_place_word(tokens, i) - _NOT_AGENT * _modifier(
                    tokens, i, j
                )
            if kind is AnswerType.ENTITY:
                score += _AGENT_BONUS * _agent(tokens, i, j) - _NOT_AGENT * _modifier(tokens, i, j)
            scored[i, j] = score
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    return [
        (
            score,
            Span(sentence[tokens[i].start : tokens[j - 1].end], tokens[i].start, tokens[j - 1].end),
        )
        for (i, j), score in ranked
    ]


def find_span(question: str, sentence: str) -> Span | None:
    """The shortest part of `sentence` that answers `question`, or None if unsure."""
    ranked = _ranked(question, sentence)
    if not ranked:
        return None
    # Two names about as near the question's words: a coin toss, and a wrong bold answer
    # is worse than none.
    kind = question_type(_main_clause(question))
    margin = _MARGINS.get(kind, 0.0)
    if len(ranked) > 1 and ranked[1][0] > (1 - margin) * ranked[0][0]:
        return None
    return ranked[0][1]
