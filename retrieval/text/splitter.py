"""Split text into sentences, returned as character spans of the original text.

A rule-based splitter: a boundary is a run of terminal punctuation (with any
closing quotes or brackets) followed by white space, and it is kept only when
what surrounds it says a sentence really ends there. Line breaks always end a
sentence, since news text puts paragraphs, captions and headings on lines
of their own.
"""

from __future__ import annotations

import re

# Abbreviations that are followed by a name or a number, never by the end of a sentence.
_TITLES = frozenset(
    """mr mrs ms dr prof st sen rep gov gen lt col capt sgt cpl maj adm rev hon pres supt
    insp det mt ft no nos vol vs v cf fig figs approx ca e.g i.e viz al jr sr mme mlle""".split()
)
# Abbreviations that usually stand inside a sentence but can end one; they end
# it only when the next word could not continue the phrase (see `_ends_after`).
_INNER = frozenset(
    """inc ltd co corp bros dept est etc jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun a.m p.m u.s u.k u.n e.u u.s.a d.c""".split()
)
# Words that start a new sentence even after an abbreviation like "Inc." or "U.S.".
_STARTERS = frozenset(
    """the a an he she it they we i but and so this that these those there his her its
    their in on at after before when while however meanwhile yet still then""".split()
)

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"'”’»)\]]*$")


def _ends_after(text: str, start: int, end: int) -> bool:
    """Whether the punctuation at text[start:end] really ends a sentence."""
    following = text[end:].lstrip(" \t")
    if not following or following[0] == "\n":
        return True
    first = following[0]
    if first.islower() or first in ",;:-–—)":
        return False
    mark = text[start:end]
    if mark.startswith(("!", "?", "…")):
        # "‘Liberté! Liberté?’" is one exclamation inside a short quotation;
        # a mark followed by the closing quote ends the quotation, and the sentence.
        return _CLOSE_QUOTE.search(mark) is not None or not _inside_short_quote(text, start)
    word_match = _WORD_BEFORE.search(text, max(0, start - 40), start + 1)
    word = word_match.group(1).lower().rstrip(".") if word_match else ""
    if not word:
        return True
    if word in _TITLES:
        return False
    if len(word) == 1 and word.isalpha() and text[start - 1].isupper():
        # An initial, as in "Pavel V. Durov".
        return False
    if word in _INNER or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        next_word = re.match(r"[\"'“‘]?(\w+)", following)
        return bool(next_word) and next_word.group(1).lower() in _STARTERS
    return True


_OPEN_QUOTE = re.compile(r"“|(?:^|(?<=[\s:(]))‘")
_CLOSE_QUOTE = re.compile(r"”|’(?!\w)")


def _inside_short_quote(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    before = text[line_start:position]
    if len(_OPEN_QUOTE.findall(before)) <= len(_CLOSE_QUOTE.findall(before)):
        return False
    closing = _CLOSE_QUOTE.search(text, position, position + 60)
    return closing is not None and "\n" not in text[position : closing.start()]


def split_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, trimmed of white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group() == "\n" or _ends_after(text, match.start(), match.end()):
            _add_trimmed(text, start, match.end(), spans)
            start = match.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def split(text: str) -> list[str]:
    """Return the sentences of `text` as strings."""
    return [text[s:e] for s, e in split_spans(text)]
