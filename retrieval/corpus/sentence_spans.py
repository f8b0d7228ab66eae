"""From an article's text to the sentences worth answering with.

Each sentence stays an exact span of the article's text, so an answer is
always a true quote. Page furniture is dropped: repeated captions, newsletter
footers, photo credits and fragments such as "Musk tweeted"; attribution lines
("— Pavel Durov (@durov) February 3, 2026", "Durov added:") stay with the
quotation they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.text.splitter import split_spans

# Phrases that belong to the page around an article, never to its story.
_BOILERPLATE = re.compile(
    r"\bour newsletters?\b|\b(?:subscribe|sign up|register) (?:to|for) (?:our|the|my) \w+|"
    r"\ball rights reserved\b|\bclick here\b|\bfollow us (?:on|at)\b|"
    r"\bcookie (?:policy|settings)\b|"
    r"\bshare (?:this|on) (?:article|story|page|facebook|twitter|x)\b|"
    r"^\s*(?:advertisement|sponsored content|read more|related (?:articles?|stories))\s*:?\s*$",
    re.IGNORECASE,
)
# Every match of _BOILERPLATE contains one of these (casefolded); the regex costs
# fifteen times as much as looking for them, and almost no sentence has any.
_BOILERPLATE_WORDS = (
    "newsletter",
    "subscribe",
    "sign up",
    "register",
    "rights reserved",
    "click here",
    "follow us",
    "cookie",
    "share",
    "advertisement",
    "sponsored",
    "read more",
    "related",
)
# A credit at the end of a caption, not part of what the caption says.
_CREDIT = re.compile(
    r"\s*\((?:(?:stock|file|library|archive|handout)\s+)?(?:photo|image|picture|pic|video)s?"
    r"(?:[^()]{0,40})\)\s*$|\s*\((?:getty images|reuters|ap|afp|pa|epa)[^()]{0,30}\)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_ATTRIBUTION_LINE = re.compile(r"^[—–-]\s*\S")
_OPENS_QUOTE = re.compile(r"^[\"'“‘«]")
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_MIN_WORDS = 3
_MIN_WORDS_UNPUNCTUATED = 4
_ATTRIBUTION_MAX_WORDS = 15
_QUOTE_MAX_SENTENCES = 4
_QUOTE_MAX_CHARS = 700
_NEAR_DUPLICATE_TENTHS = 9
_NEAR_DUPLICATE = _NEAR_DUPLICATE_TENTHS / 10


def _lines(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _is_fragment(text: str) -> bool:
    count = len(_words(text))
    if count < _MIN_WORDS:
        return True
    return count < _MIN_WORDS_UNPUNCTUATED and not _TERMINAL.search(text)


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence belongs to the page around an article (footer, sign-up, ad)."""
    folded = sentence.casefold()
    if not any(word in folded for word in _BOILERPLATE_WORDS):
        return False
    return bool(_BOILERPLATE.search(sentence))


def _paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = [(start + s, start + e) for s, e in split_spans(text[start:end])]
    if len(spans) <= 3 and any(is_boilerplate(text[s:e]) for s, e in spans):
        return []
    return spans


def _without_credit(text: str, start: int, end: int) -> tuple[int, int]:
    credit = _CREDIT.search(text, start, end)
    return (start, credit.start()) if credit and credit.start() > start else (start, end)


def _is_attribution(sentence: str) -> bool:
    return bool(_ATTRIBUTION_LINE.match(sentence)) and (
        len(_words(sentence)) <= _ATTRIBUTION_MAX_WORDS
    )


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of an article worth indexing, in reading order."""
    spans: list[tuple[int, int]] = []
    lead_in = False
    paragraph_start = 0  # where the previous paragraph's spans begin in `spans`
    for line_start, line_end in _lines(text):
        line_spans = _paragraph_spans(text, line_start, line_end)
        first_of_line = len(spans)
        for start, end in line_spans:
            start, end = _without_credit(text, start, end)
            sentence = text[start:end]
            if spans and lead_in and _OPENS_QUOTE.match(sentence):
                spans[-1] = (spans[-1][0], end)
            elif spans and _is_attribution(sentence):
                # "— Pavel Durov (@durov) February 3, 2026" signs the post quoted
                # just above it; a short quoted paragraph stays one unit with it.
                quoted = spans[paragraph_start:]
                whole = len(quoted) <= _QUOTE_MAX_SENTENCES and (
                    end - quoted[0][0] <= _QUOTE_MAX_CHARS
                )
                first = paragraph_start if whole else len(spans) - 1
                spans[first:] = [(spans[first][0], end)]
            elif not _is_fragment(sentence) or sentence.rstrip().endswith(":"):
                spans.append((start, end))
            lead_in = sentence.rstrip().endswith(":")
        # A line of fragments only adds nothing: what an attribution signs is still the
        # paragraph before it.
        if len(spans) > first_of_line:
            paragraph_start = first_of_line
    return spans


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return a == b
    # |a & b| / |a | b| is at most min/max of the sizes: most pairs stop here.
    if min(len(a), len(b)) < _NEAR_DUPLICATE * max(len(a), len(b)):
        return False
    return len(a & b) / len(a | b) >= _NEAR_DUPLICATE


def _prefix(words: set[str]) -> list[str]:
    # Prefix filtering: two sets with Jaccard similarity >= t share at least
    # ceil(t * |a|) words, so the first |a| - ceil(t * |a|) + 1 of each in one
    # fixed order must meet. Only sentences that do are compared in full. Longest
    # words first: long words are rare ones, so few sentences share a prefix.
    size = len(words)
    if not size:
        return [""]  # sentences without words repeat each other, and only each other
    must_share = -(-size * _NEAR_DUPLICATE_TENTHS // 10)
    # Longest first, ties alphabetical: two stable sorts with C keys, not a tuple a word.
    return sorted(sorted(words), key=len, reverse=True)[: size - must_share + 1]


def dedupe(texts: list[str]) -> list[int]:
    """Indexes of `texts` (one article's sentences) to keep: exact and near-exact repeats
    of a sentence kept before are dropped, as captions repeat within a page."""
    return _dedupe_words([_words(text) for text in texts])


def _dedupe_words(words: list[list[str]]) -> list[int]:
    kept: list[int] = []
    kept_words: list[set[str]] = []
    sharing: dict[str, list[int]] = {}  # prefix word -> kept sentences whose prefix has it
    for index, sentence_words in enumerate(words):
        word_set = set(sentence_words)
        prefix = _prefix(word_set)
        others = {other for word in prefix for other in sharing.get(word, ())}
        if any(_similar(word_set, kept_words[other]) for other in others):
            continue
        for word in prefix:
            sharing.setdefault(word, []).append(len(kept_words))
        kept.append(index)
        kept_words.append(word_set)
    return kept


def kept_sentences(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Spans of an article's sentences worth indexing, its own repeats dropped, and each
    one's repeat key: what two sentences share when one repeats the other exactly, case
    and punctuation aside (how repeats across articles are found)."""
    spans = sentence_spans(text)
    # Each sentence's words, found once: near-duplicates and repeat keys both use them.
    words = [_words(text[start:end]) for start, end in spans]
    kept = _dedupe_words(words)
    return [spans[i] for i in kept], [" ".join(words[i]) for i in kept]
