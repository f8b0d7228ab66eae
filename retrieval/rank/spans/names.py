"""Names in a sentence: runs of capitalised words, and the places among them.

"Bank of England", "Wijk bij Duurstede", "Alfred the Great", "People's Party" and
"U.S." are each one name; "Börte's marriage" ends its name at the possessive. A place is
a name that is not a date, kept with a following ", Country" ("Graz, Austria").
"""

from __future__ import annotations

import re

from retrieval.rank.spans.text import Range, Token, capitalised, is_term, text_of
from retrieval.text.stop_words import STOP_WORDS
from retrieval.text.synonyms import load_synonyms
from retrieval.text.tokenizer import tokenize

# Words that may stand inside a name ("Bank of England", "Wijk bij Duurstede").
_JOINERS = frozenset("of de du da di del della der den van von la le al bin bij aan upon am "
                     "sur y and".split())  # fmt: skip
_ABBREVIATIONS = frozenset("St Mt Ft Dr Mr Mrs Ms Jr Sr Gen Col Lt Sgt Rev Prof".split())
_OPENERS = frozenset(';:."“(')  # after these a capital says nothing: a sentence opens
# "People's Party": a possessive inside a name, not one before a noun ("Börte's marriage").
_PLURAL_OWNERS = frozenset("people women men children workers".split())
PLACE_WORDS = frozenset("in at near from outside inside to into across throughout toward "
                        "towards through via within around along off beyond between "
                        "for".split())  # fmt: skip
_DEMONYM = re.compile(
    r"[A-Z][a-z]+(?:ian|ean|ese|ish|ic)|American|African|European|Asian|French|Dutch|German|"
    r"Greek|Roman|Mongol|Thai|Swiss|Arab|Afghan|Mongolian|Korean|Mexican"
)
_CALLED = frozenset("called named titled dubbed : — –".split())


def _name_goes_on(tokens: list[Token], j: int, start: int) -> bool:
    """Whether the name begun at token `start` goes on at `j`: a capitalised word, a joiner
    before one, "the" after a first name ("Alfred the Great"), an initial's full stop."""
    before, word = tokens[j - 1].text, tokens[j].text if j < len(tokens) else ""
    if capitalised(tokens, j):
        return not before.endswith(("’s", "'s")) or before[:-2].lower() in _PLURAL_OWNERS
    if word in _JOINERS:
        the = j + 1 < len(tokens) and tokens[j + 1].text == "the"
        return capitalised(tokens, j + 2 if the else j + 1)
    if word == "the" and (before in _JOINERS or j - 1 == start):
        return capitalised(tokens, j + 1)
    initial = (len(before) == 1 and before.isupper()) or before in _ABBREVIATIONS
    return word == "." and initial and capitalised(tokens, j + 1)


def _not_a_word(token: Token) -> bool:
    """Whether a capitalised word is no English word WordNet knows ("Durov", not "Police"):
    a name even where every word is capitalised, at the opening of a sentence."""
    terms = tokenize(token.text, remember=False)
    return len(terms) == 1 and not load_synonyms().of(terms[0]) and terms[0] not in STOP_WORDS


def names(tokens: list[Token]) -> list[Range]:
    """Runs of capitalised words. A sentence's first word counts only when the name goes on
    after it, or it is no English word: every sentence starts with a capital."""
    runs, i = [], 0
    while i < len(tokens):
        opens = i == 0 or tokens[i - 1].text in _OPENERS
        if capitalised(tokens, i) and (
            not opens or _name_goes_on(tokens, i + 1, i) or _not_a_word(tokens[i])
        ):
            j = i + 1
            while j < len(tokens) and _name_goes_on(tokens, j, i):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def placed(tokens: list[Token], i: int) -> bool:
    """Whether a name follows "in", "at", "near" and the like ("the" between)."""
    b = i - 2 if i > 1 and tokens[i - 1].text.lower() == "the" else i - 1
    return b >= 0 and tokens[b].text.lower() in PLACE_WORDS


def places(sentence: str, tokens: list[Token], where: bool, date: re.Pattern[str]) -> list[Range]:
    """Names that are not dates, also with a following ", Country" ("Graz, Austria"). For
    "where" only names after "in", "at", "near" and the like."""
    found = []
    for i, j in names(tokens):
        if date.fullmatch(text_of(sentence, tokens, (i, j))) or (where and not placed(tokens, i)):
            continue
        after = [t.text for t in tokens[j : j + 3]] + ["", "", ""]
        # "Graz, Austria", but "Paris, Lyon, Nice" is a list, not a city and its country.
        country = capitalised(tokens, j + 1) and not capitalised(tokens, j + 2)
        if after[0] == "," and country and after[2] != ",":
            found.append((i, j + 2))
        found.append((i, j))
    return found


def named(tokens: list[Token], span: Range, focus: frozenset[str]) -> bool:
    """Whether the question's noun names the span: it ends it ("Tower District" for "Which
    district"), follows it ("the Saudi monarchy") or comes before it ("a series titled
    Torchwood", "the soap opera Dallas")."""
    i, j = span
    before = i - 2 if i > 1 and tokens[i - 1].text.lower() in _CALLED else i - 1
    return any(is_term(tokens, k, focus) for k in (j - 1, j, before))


def qualifier(tokens: list[Token], i: int, j: int) -> bool:
    """Whether a name only qualifies a word: a possessive ("Börte's marriage"), a people's
    adjective ("British") or a short acronym ("AC motor")."""
    only = tokens[i].text if j - i == 1 else ""
    return (tokens[j - 1].text.endswith(("’s", "'s")) or bool(_DEMONYM.fullmatch(only))
            or (only.isupper() and len(only) <= 2))  # fmt: skip
