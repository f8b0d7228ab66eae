"""Turn text into BM25 terms: normalized, irregular forms made regular, stemmed, without
stop words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from retrieval.text.base_forms import load_base_forms
from retrieval.text.stop_words import STOP_WORDS

# Typographic variants of quotes and dashes fold to one form so that
# "Durov’s" and "Durov's" tokenize alike.
_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)

# Hashtags and handles stay whole; numbers keep their decimal point or
# separators; words keep inner apostrophes so possessives can be cut.
_TOKEN_RE = re.compile(r"[#@]\w+|\d+(?:[.,:/-]\d+)*|[^\W\d_]\w*(?:'\w+)*|\d\w*")

_stemmer = Stemmer.Stemmer("english")
_base_forms = load_base_forms()


def normalize(text: str) -> str:
    """Case-fold and strip accents, so "Liberté" matches "liberte"."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _terms_of(token: str) -> tuple[str, ...]:
    if token[0] in "#@":
        bare = token[1:]
        return (token, *_terms_of(bare)) if bare else ()
    if token[0].isdigit():
        # "950,000" and "950000" are the same number; "3.5" keeps its point.
        return (token.replace(",", ""),)
    if token.endswith("'s"):
        token = token[:-2]
    elif token.endswith("'"):
        token = token[:-1]
    # After the base form: "done" is "do", a stop word.
    token = _base_forms.get(token, token)
    if token in STOP_WORDS or not token:
        return ()
    return (_stemmer.stemWord(token),)


# Articles repeat their words endlessly; remembering each word's terms pays.
_remembered_terms_of = lru_cache(maxsize=500_000)(_terms_of)


def tokenize(text: str, *, remember: bool = True) -> list[str]:
    """Return the BM25 terms of `text`, in order, repeats kept.

    `remember=False` keeps the words out of the cache: for what users ask,
    which the bot does not keep.
    """
    terms_of = _remembered_terms_of if remember else _terms_of
    terms: list[str] = []
    for token in _TOKEN_RE.findall(normalize(text)):
        terms.extend(terms_of(token))
    return terms
